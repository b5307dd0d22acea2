// The echo bench page: the product's AudioEngine alone (mic, worklets, echo handling), wired
// like the call wires it, talking to bench/echo.mjs over a WebSocket: agent audio down, mic
// frames up (a 1-byte header: 1 = the barge-in cue was set). No provider protocol: what is
// measured is the audio path. Bundled by bench/echo.mjs.
import { AudioEngine } from '../../src/audio/audio-engine.ts';

let engine;
let socket;

/** Bench-only: the mic without the browser's own processing (to measure ours alone). */
function withoutBrowserProcessing() {
  const devices = navigator.mediaDevices;
  const open = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) =>
    open({ ...constraints, audio: { ...constraints.audio, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
}

/**
 * Bench-only: the agent played through an <audio> element instead of the context's output
 * (Chromium's echo canceller only takes media elements and WebRTC as its reference).
 */
function playThroughMediaElement() {
  const connect = AudioNode.prototype.connect;
  AudioNode.prototype.connect = function (target, ...rest) {
    if (target instanceof AudioDestinationNode && this instanceof AudioWorkletNode) {
      const stream = this.context.createMediaStreamDestination();
      connect.call(this, stream);
      const element = new Audio();
      element.srcObject = stream.stream;
      element.play().catch(() => undefined);
      return target;
    }
    return connect.call(this, target, ...rest);
  };
}

let hooked = false;

window.runEcho = async (config) => {
  if (!hooked) {
    hooked = true;
    if (!config.browserProcessing) withoutBrowserProcessing();
    if (config.playbackRoute === 'media-element') playThroughMediaElement();
  }
  const done = new Promise((resolve) => (window.finishEcho = resolve));
  socket = new WebSocket(`ws://${location.host}/ws`);
  socket.binaryType = 'arraybuffer';
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error('bench socket failed'));
  });
  let dropAgent = false;
  let agentPlaying = false;
  engine = new AudioEngine({
    onCaptureFrame(pcm, _level, bargeIn) {
      const message = new Uint8Array(1 + pcm.byteLength);
      message[0] = bargeIn ? 1 : 0;
      message.set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength), 1);
      socket.send(message);
      // As the call does: the visitor talking over audible agent audio cuts it at once.
      if (config.bargeIn && bargeIn && agentPlaying && !dropAgent) {
        dropAgent = true;
        engine.flushPlayback();
        socket.send(JSON.stringify({ type: 'barged' }));
      }
    },
    onPlaybackStats(stats) {
      agentPlaying = stats.playing;
      engine.setAgentLevel(stats.playing ? stats.db : -100);
    },
  });
  await engine.start({
    capture: { targetRate: 48000, frameMs: 20, echoGate: config.echoGate, echoCancel: config.echoCancel },
    playback: { sourceRate: 24000 },
    workletBase: '/dist/',
  });
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') {
      if (JSON.parse(event.data).type === 'end') window.finishEcho();
    } else if (!dropAgent) {
      engine.play(new Int16Array(event.data));
    }
  };
  socket.send(JSON.stringify({ type: 'ready', sampleRate: engine.sampleRate, baseLatency: engine.context.baseLatency, outputLatency: engine.context.outputLatency ?? null }));
  await done;
  await engine.close();
  socket.close();
  return 'done';
};
