// The microphones and speakers the visitor can pick from, kept current as devices come and go.
// Labels are only readable once the mic is allowed, so the lists are first read after that.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class DeviceLists implements ReactiveController {
  microphones: MediaDeviceInfo[] = [];
  speakers: MediaDeviceInfo[] = [];
  /** Set once the mic was allowed: only then are lists (and their labels) worth reading. */
  #listing = false;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#listing) navigator.mediaDevices?.addEventListener?.('devicechange', this.#onChange);
  }

  hostDisconnected(): void {
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.#onChange);
  }

  /** Reads both lists now (call it once the mic is allowed), and on every devicechange after. */
  async refresh(): Promise<void> {
    if (!this.#listing) navigator.mediaDevices?.addEventListener?.('devicechange', this.#onChange);
    this.#listing = true;
    const devices = (await navigator.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
    const usable = devices.filter((device) => device.deviceId);
    this.microphones = usable.filter((device) => device.kind === 'audioinput');
    this.speakers = usable.filter((device) => device.kind === 'audiooutput');
    this.#host.requestUpdate();
  }

  #onChange = (): void => void this.refresh();
}
