// Microphones a test can control, in place of getUserMedia. Install them before
// watchResources() so the watch sees the streams the widget gets.

// Insertable streams (Chromium): not in TypeScript's DOM library yet.
declare class MediaStreamTrackGenerator extends MediaStreamTrack {
  constructor(init: { kind: 'audio' | 'video' });
  readonly writable: WritableStream;
}
declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack });
  readonly readable: ReadableStream;
}

/**
 * The fake-device mic, re-emitted through a track generator. unplug() stops the source, so the
 * browser itself ends the widget's track and fires `ended` — as when a USB headset is pulled.
 */
export function unpluggableMicrophone() {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  const sources: MediaStreamTrack[] = [];
  if (typeof MediaStreamTrackGenerator === 'undefined') return unpluggableByEvent(original);
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const [source] = (await original.call(devices, constraints)).getAudioTracks();
    sources.push(source);
    const generator = new MediaStreamTrackGenerator({ kind: 'audio' });
    void new MediaStreamTrackProcessor({ track: source }).readable.pipeTo(generator.writable).catch(() => undefined);
    // Hanging up stops the generated track; the device behind it must stop too.
    const stop = generator.stop.bind(generator);
    generator.stop = () => {
      stop();
      source.stop();
    };
    return new MediaStream([generator]);
  };
  return {
    unplug: () => sources.forEach((source) => source.stop()),
    restore() {
      devices.getUserMedia = original;
      sources.forEach((source) => source.stop());
    },
  };
}

/**
 * Without insertable streams (Firefox, WebKit) nothing can end a real device's track from
 * script the way an unplug does, and Firefox does not deliver a synthetic `ended` to a
 * track's listeners. So the track's `ended` listeners are kept here, and unplug() does what
 * the browser then does: the track stops (readyState 'ended') and they are called.
 */
function unpluggableByEvent(original: MediaDevices['getUserMedia']) {
  const devices = navigator.mediaDevices;
  const tracks: Array<{ track: MediaStreamTrack; onEnded: EventListenerOrEventListenerObject[] }> = [];
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const stream = await original.call(devices, constraints);
    for (const track of stream.getAudioTracks()) {
      const entry = { track, onEnded: [] as EventListenerOrEventListenerObject[] };
      tracks.push(entry);
      const add = track.addEventListener.bind(track);
      track.addEventListener = (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) => {
        if (type === 'ended' && listener) entry.onEnded.push(listener);
        else if (listener) add(type, listener, options);
      };
    }
    return stream;
  };
  return {
    unplug: () =>
      tracks.forEach(({ track, onEnded }) => {
        track.stop();
        const event = new Event('ended');
        onEnded.forEach((listener) => (typeof listener === 'function' ? listener.call(track, event) : listener.handleEvent(event)));
      }),
    restore() {
      devices.getUserMedia = original;
      tracks.forEach(({ track }) => track.stop());
    },
  };
}

/**
 * A mic that plays a rising tone: its pitch tells when a frame was captured
 * (`fromHz + hzPerSecond × seconds since getUserMedia`), so a test can see which audio a
 * congested socket dropped.
 */
export function chirpMicrophone({ fromHz = 300, hzPerSecond = 100 } = {}) {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  const context = new AudioContext();
  let startedAt = NaN;
  devices.getUserMedia = async () => {
    // The ramp runs on this context's clock: it must be running before the time base is taken
    // (Firefox opens the output device lazily, which would shift every capture time).
    await context.resume();
    const oscillator = context.createOscillator();
    const destination = context.createMediaStreamDestination();
    const seconds = 60;
    oscillator.frequency.setValueAtTime(fromHz, context.currentTime);
    oscillator.frequency.linearRampToValueAtTime(fromHz + hzPerSecond * seconds, context.currentTime + seconds);
    const gain = context.createGain();
    gain.gain.value = 0.5;
    oscillator.connect(gain).connect(destination);
    oscillator.start();
    startedAt = performance.now();
    return destination.stream;
  };
  return {
    /** When (performance.now()) the chirp had this pitch. */
    capturedAt: (hz: number) => startedAt + ((hz - fromHz) / hzPerSecond) * 1000,
    async restore() {
      devices.getUserMedia = original;
      await context.close();
    },
  };
}

/** getUserMedia that answers only after `ms` (a permission prompt the visitor is reading). */
export function slowMicrophone(ms: number) {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return original.call(devices, constraints);
  };
  return { restore: () => (devices.getUserMedia = original) };
}

/** The exact device a getUserMedia call asks for; null for the default one. */
function requestedDevice(constraints?: MediaStreamConstraints): string | null {
  const audio = constraints?.audio;
  const wanted = typeof audio === 'object' ? (audio.deviceId as ConstrainDOMStringParameters | undefined)?.exact : undefined;
  return typeof wanted === 'string' ? wanted : null;
}

/** Records which device each getUserMedia call asked for (null: the default one). */
export function recordMicrophoneRequests() {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  const requests: Array<{ deviceId: string | null }> = [];
  devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
    requests.push({ deviceId: requestedDevice(constraints) });
    return original.call(devices, constraints);
  };
  return { requests, restore: () => (devices.getUserMedia = original) };
}

/**
 * A microphone that enumerateDevices lists once plugIn() fires devicechange, as when a USB or
 * Bluetooth headset is connected (opening it gives the fake device's audio).
 */
export function extraMicrophone(deviceId: string) {
  const devices = navigator.mediaDevices;
  const enumerate = devices.enumerateDevices;
  const getUserMedia = devices.getUserMedia;
  let plugged: string[] = [];
  devices.enumerateDevices = async () => [
    ...(await enumerate.call(devices)),
    ...plugged.map((id) => ({ deviceId: id, groupId: id, kind: 'audioinput', label: `Headset ${id}`, toJSON: () => ({}) }) as MediaDeviceInfo),
  ];
  devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
    const wanted = requestedDevice(constraints);
    // A plugged test headset opens as the fake device; any other id behaves as the browser would.
    if (wanted && plugged.includes(wanted)) return getUserMedia.call(devices, { audio: true });
    return getUserMedia.call(devices, constraints);
  };
  return {
    plugIn(id = deviceId) {
      plugged.push(id);
      devices.dispatchEvent(new Event('devicechange'));
    },
    unplug() {
      plugged = [];
      devices.dispatchEvent(new Event('devicechange'));
    },
    restore() {
      devices.enumerateDevices = enumerate;
      devices.getUserMedia = getUserMedia;
    },
  };
}

/**
 * Records every mic frame the audio engine receives from the capture worklet, in order: what
 * the call is handed, before any queue. (Copied: the buffer goes back to the worklet.)
 */
export function recordCaptureFrames() {
  const frames: Int16Array[] = [];
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage')!;
  Object.defineProperty(MessagePort.prototype, 'onmessage', {
    configurable: true,
    enumerable: onmessage.enumerable,
    get(this: MessagePort) {
      return onmessage.get!.call(this);
    },
    set(this: MessagePort, handler: ((event: MessageEvent) => unknown) | null) {
      const recording = (event: MessageEvent) => {
        const message = event.data as { type?: unknown; pcm?: unknown } | null;
        if (message?.type === 'frame' && message.pcm instanceof ArrayBuffer) frames.push(new Int16Array(message.pcm.slice(0)));
        return handler!.call(this, event);
      };
      onmessage.set!.call(this, handler && recording);
    },
  });
  return { frames, restore: () => Object.defineProperty(MessagePort.prototype, 'onmessage', onmessage) };
}
