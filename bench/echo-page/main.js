// The echo bench page: the product's AudioEngine alone (mic, worklets, echo handling), wired
// like the call wires it, talking to bench/echo.mjs over a WebSocket: agent audio down, mic
// frames up (a 1-byte header: 1 = the barge-in cue was set). No provider protocol: what is
// measured is the audio path. Bundled by bench/echo.mjs.
import { AudioEngine } from '../../src/audio/audio-engine.ts';

let engine;
let socket;

window.runEcho = async (config) => {
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
    browserProcessing: config.browserProcessing,
    playbackRoute: config.playbackRoute,
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
