// The baseline every bench figure is compared with: the approach of typical vendor samples.
//
// - AudioContext forced to the provider rate (24 kHz): the browser resamples mic and output.
// - Capture: ScriptProcessorNode with 4096-sample buffers on the main thread; each buffer is
//   clamped to PCM16 through a DataView, base64-encoded by string concatenation + btoa, and sent
//   as Lyzr JSON. The mock (like Lyzr) accepts at most 2400 samples per frame, so each 4096
//   buffer goes out as two 2048-sample frames, back to back.
// - Playback: no jitter buffer. Each chunk becomes an AudioBuffer played by an
//   AudioBufferSourceNode at max(end of the previous chunk, now) — the "linear playout" of the
//   samples; a chunk arriving after the previous one ended leaves a gap (an underrun).
//
// The codec functions are plain and DOM-free so bench/cpu-worker.mjs times the same code.

export const BASELINE_RATE = 24000;
export const BASELINE_BUFFER = 4096;
const FRAME = 2048;

export function floatTo16BitPcm(samples) {
  const buffer = new ArrayBuffer(samples.length * 2);
  const view = new DataView(buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return buffer;
}

export function arrayBufferToBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.byteLength; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

export function base64ToFloat32(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const pcm = new Int16Array(bytes.buffer);
  const samples = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) samples[i] = pcm[i] / 32768;
  return samples;
}

/** One ScriptProcessor callback's JS work: the socket messages for a 4096-sample buffer. */
export function encodeBuffer(input) {
  const messages = [];
  for (let start = 0; start < input.length; start += FRAME) {
    const audio = arrayBufferToBase64(floatTo16BitPcm(input.subarray(start, start + FRAME)));
    messages.push(JSON.stringify({ type: 'audio', audio, sampleRate: BASELINE_RATE }));
  }
  return messages;
}

/** The JS work per received chunk (the AudioBuffer copy is native and not included). */
export function decodeMessage(data) {
  const message = JSON.parse(data);
  return message.type === 'audio' ? base64ToFloat32(message.audio) : null;
}

/** Starts a baseline call against a Lyzr-compatible server; returns stop(). */
export async function startBaseline({ serverUrl, agentId }) {
  const bench = window.bench;
  const context = new AudioContext({ sampleRate: BASELINE_RATE });
  bench.watchContext(context);
  await context.audioWorklet.addModule(new URL('probe-worklet.js', import.meta.url).href); // taps only
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
  const response = await fetch(`${serverUrl}/session/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ agentId }),
  });
  const { wsUrl } = await response.json();
  const socket = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });

  const source = context.createMediaStreamSource(stream);
  const processor = context.createScriptProcessor(BASELINE_BUFFER, 1, 1);
  processor.onaudioprocess = (event) => {
    if (socket.readyState !== WebSocket.OPEN) return;
    for (const message of encodeBuffer(event.inputBuffer.getChannelData(0))) socket.send(message);
  };
  source.connect(processor);
  processor.connect(context.destination);
  source.connect(bench.tap(context, 'in'));

  const output = context.createGain();
  output.connect(context.destination);
  output.connect(bench.tap(context, 'out'));
  let nextTime = 0;
  socket.onmessage = (event) => {
    const samples = decodeMessage(event.data);
    if (!samples || samples.length === 0) return;
    const buffer = context.createBuffer(1, samples.length, BASELINE_RATE);
    buffer.copyToChannel(samples, 0);
    const node = context.createBufferSource();
    node.buffer = buffer;
    node.connect(output);
    const now = context.currentTime;
    const late = nextTime < now;
    const startAt = late ? now : nextTime;
    node.start(startAt);
    nextTime = startAt + buffer.duration;
    // Bench bookkeeping, after the audio is scheduled.
    const pcm = new Int16Array(samples.length);
    for (let i = 0; i < samples.length; i++) pcm[i] = samples[i] * 32768;
    const index = bench.noteChunk(event.timeStamp, pcm, BASELINE_RATE);
    bench.plays[index] = startAt;
    bench.chunks[index].underrun = late && !bench.chunks[index].startsReply;
  };

  const depthTimer = setInterval(() => {
    const ahead = nextTime - context.currentTime;
    if (ahead > 0) bench.stats.push({ depthMs: ahead * 1000, playing: true, t: performance.now() });
  }, 100);

  return async () => {
    clearInterval(depthTimer);
    processor.onaudioprocess = null;
    socket.onmessage = null;
    stream.getTracks().forEach((track) => track.stop());
    socket.close(1000, 'bench done');
    await context.close();
  };
}
