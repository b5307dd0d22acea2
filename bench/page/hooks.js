// Bench instrumentation, loaded as a classic script before anything else on the bench page.
// It records timestamps and never changes what the page sends or plays:
//
// - every WebSocket.send: wall clock (Date.now()) right before the frame is handed to the socket,
//   and the onsets found in the outgoing PCM (Lyzr JSON/base64 frames);
// - every WebSocket message: its event.timeStamp (when the browser queued it: "on the wire");
// - agent chunks handed to the element's playback worklet: arrival time, length, reply onsets;
// - AudioContext.getOutputTimestamp() every 100 ms, to map context time → performance time of
//   the moment a sample is audible (includes baseLatency and outputLatency); not with
//   `?outputClock=off` (bench/engines turns it off where reading it hangs the engine);
// - onset taps (bench/page/probe-worklet.js) on the microphone source and on the agent output.
//
// The element's worklets are the shipped files; the probe module is added to the same context
// first so it can observe them.
(() => {
  const PROBE_URL = new URL('probe-worklet.js', document.currentScript.src).href;
  const THRESHOLD = 0.05 * 32768;
  const QUIET_LEVEL = 0.01 * 32768;
  const RISE_MS = 10;
  /** A reply starts with the first agent chunk after this long without one. */
  const REPLY_GAP_MS = 500;

  /** Everything measured during one call; reset after the warm-up call. */
  const fresh = () => ({
    /** Outgoing mic onsets: wall clock of the send, position in the sent sample stream. */
    wireOnsets: [],
    sentSamples: 0,
    /** Onsets seen by the taps. */
    inOnsets: [],
    outOnsets: [],
    /** Agent chunks: { arrival (performance ms), samples, mediaMs, onset (index or -1 at a reply start) }. */
    chunks: [],
    /** chunk index → context time its first sample leaves the processor (ours) or is scheduled (baseline). */
    plays: {},
    /** Chunks a barge-in flushed before they played (ours), and interruptions seen. */
    flushedChunks: 0,
    interruptions: 0,
    /** getOutputTimestamp()'s [contextTime, performanceTime], with performance.now() and currentTime when sampled. */
    stamps: [],
    /** performance.now() − event.timeStamp of socket messages as their handler runs (clock check). */
    wsLag: [],
    latencies: null,
    contextRate: null,
    stats: [],
    lastChunkArrival: -Infinity,
    replyMediaMs: 0,
    context: null,
  });
  const bench = { ...fresh(), sendRate: 24000, lastWsTimeStamp: 0, errors: [] };
  /** What this engine offers the measurements (some engines lack some of it). */
  bench.features = {
    userAgent: navigator.userAgent,
    getOutputTimestamp: typeof AudioContext.prototype.getOutputTimestamp === 'function',
    /** false: the page was asked not to read outputLatency and getOutputTimestamp() (?outputClock=off). */
    outputClockRead: new URLSearchParams(location.search).get('outputClock') !== 'off',
    outputLatency: 'outputLatency' in AudioContext.prototype,
    baseLatency: 'baseLatency' in AudioContext.prototype,
    audioWorklet: typeof AudioWorkletNode === 'function',
  };
  /** Forgets everything measured so far (after the warm-up call; its context is closed by then). */
  bench.reset = () => Object.assign(bench, fresh());
  window.bench = bench;
  window.addEventListener('error', (event) => bench.errors.push(String(event.message)));
  window.addEventListener('unhandledrejection', (event) => bench.errors.push(String(event.reason)));

  /**
   * Streaming onset detector over PCM16: the first |x| ≥ THRESHOLD within RISE_MS after a run of
   * at least minQuietMs below QUIET_LEVEL (the same rule as the worklet tap).
   */
  function onsetDetector(rate, minQuietMs) {
    const minQuiet = Math.round((rate * minQuietMs) / 1000);
    const rise = Math.round((rate * RISE_MS) / 1000);
    let quiet = 0;
    let armed = -1; // samples since a long enough quiet run ended, or -1
    return (pcm, found) => {
      for (let i = 0; i < pcm.length; i++) {
        const level = Math.abs(pcm[i]);
        if (level < QUIET_LEVEL) {
          quiet++;
          continue;
        }
        if (quiet >= minQuiet) armed = 0;
        quiet = 0;
        if (armed < 0) continue;
        if (level >= THRESHOLD) {
          found(i);
          armed = -1;
        } else if (++armed > rise) armed = -1;
      }
    };
  }
  bench.onsetDetector = onsetDetector;

  function base64ToInt16(text) {
    const binary = atob(text);
    const pcm = new Int16Array(binary.length >> 1);
    for (let i = 0; i < pcm.length; i++) pcm[i] = binary.charCodeAt(2 * i) | (binary.charCodeAt(2 * i + 1) << 8);
    return pcm;
  }
  bench.base64ToInt16 = base64ToInt16;

  // ── socket ──
  const outgoing = onsetDetector(bench.sendRate, 30);
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const wall = Date.now();
    send.call(this, data);
    if (typeof data !== 'string' || !data.includes('"audio"')) return;
    const message = JSON.parse(data);
    if (message.type !== 'audio') return;
    const pcm = base64ToInt16(message.audio);
    outgoing(pcm, (index) => bench.wireOnsets.push({ wall, stream: bench.sentSamples + index }));
    bench.sentSamples += pcm.length;
  };
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    enumerable: true,
    get() {
      return onmessage.get.call(this);
    },
    set(handler) {
      const wrapped =
        typeof handler === 'function'
          ? function (event) {
              bench.lastWsTimeStamp = event.timeStamp;
              if (bench.wsLag.length < 2000) bench.wsLag.push(performance.now() - event.timeStamp);
              return handler.call(this, event);
            }
          : handler;
      onmessage.set.call(this, wrapped);
    },
  });

  /** Records one agent chunk as it is handed to the player; returns its index. */
  bench.noteChunk = (arrival, pcm, rate) => {
    const startsReply = arrival - bench.lastChunkArrival >= REPLY_GAP_MS;
    bench.lastChunkArrival = arrival;
    if (startsReply) bench.replyMediaMs = 0;
    let onset = -1;
    if (startsReply) {
      for (let i = 0; i < pcm.length; i++) {
        if (Math.abs(pcm[i]) >= THRESHOLD) {
          onset = i;
          break;
        }
      }
    }
    bench.chunks.push({ arrival, samples: pcm.length, rate, mediaMs: bench.replyMediaMs, startsReply, onset });
    bench.replyMediaMs += (pcm.length / rate) * 1000;
    return bench.chunks.length - 1;
  };

  // ── audio context ──
  bench.watchContext = (context) => {
    if (bench.context) return;
    bench.context = context;
    bench.contextRate = context.sampleRate;
    const { outputClockRead } = bench.features;
    const sample = () => {
      if (context.state === 'closed') return clearInterval(timer);
      // currentTime with performance.now() is kept even without getOutputTimestamp(): it maps
      // context time to the moment the graph renders it (not when it is audible).
      const stamp = outputClockRead && bench.features.getOutputTimestamp ? context.getOutputTimestamp() : {};
      const { contextTime = null, performanceTime = null } = stamp;
      if (context.state === 'running' && context.currentTime > 0) {
        bench.stamps.push([contextTime, performanceTime, performance.now(), context.currentTime]);
      }
      bench.latencies = { base: context.baseLatency ?? null, output: outputClockRead ? context.outputLatency ?? null : null };
      bench.contextState = context.state;
    };
    const timer = setInterval(sample, 100);
  };

  const addModule = AudioWorklet.prototype.addModule;
  const probes = new WeakMap();
  AudioWorklet.prototype.addModule = function (url, options) {
    if (!probes.has(this)) probes.set(this, addModule.call(this, PROBE_URL));
    const probe = probes.get(this);
    return url === PROBE_URL ? probe : probe.then(() => addModule.call(this, url, options));
  };

  const NativeWorkletNode = window.AudioWorkletNode;
  bench.tap = (context, kind) => {
    const tap = new NativeWorkletNode(context, 'bench-tap', {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
      processorOptions: { minQuietMs: kind === 'in' ? 30 : 200 },
    });
    tap.benchIsTap = true;
    tap.port.onmessage = (event) => bench[`${kind}Onsets`].push(event.data);
    return tap;
  };

  window.AudioWorkletNode = class extends NativeWorkletNode {
    constructor(context, name, options) {
      super(context, name, options);
      if (name !== 'voice-agent-playback') return;
      bench.watchContext(context);
      this.benchPlayback = true;
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        const plays = event.data;
        for (let i = 0; i < plays.length; i += 2) {
          if (plays[i + 1] >= 0) bench.plays[plays[i]] = plays[i + 1];
          else bench.flushedChunks++;
        }
      };
      this.port.postMessage({ type: 'bench-port', port: channel.port2 }, [channel.port2]);
      const port = this.port;
      const post = port.postMessage;
      port.postMessage = function (message, transfer) {
        if (message?.type === 'audio') bench.noteChunk(bench.lastWsTimeStamp, new Int16Array(message.pcm), options.processorOptions.sourceRate);
        return post.call(this, message, transfer);
      };
    }
  };

  const connect = AudioNode.prototype.connect;
  AudioNode.prototype.connect = function (destination, ...rest) {
    const result = connect.call(this, destination, ...rest);
    if (this instanceof MediaStreamAudioSourceNode && destination instanceof NativeWorkletNode && !destination.benchIsTap && !this.benchTapped) {
      this.benchTapped = true;
      connect.call(this, bench.tap(this.context, 'in'));
    }
    if (this.benchPlayback && destination instanceof AudioDestinationNode) connect.call(this, bench.tap(this.context, 'out'));
    return result;
  };
})();
