// The controls' markup, apart from the element's own: meters, device pickers and volume, the
// push-to-talk button and the terms step. Plain functions of what they show.
import { html, nothing } from 'lit';
import type { StringKey } from '../strings';
import { canChooseSpeaker } from './agent-output';

type Text = (key: StringKey) => string;

export function meter(label: string, level: number) {
  return html`
    <span aria-hidden="true">${label}</span>
    <div part="meter" class="meter" role="meter" aria-label=${label} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(level * 100)}>
      <span data-level=${level.toFixed(3)}></span>
    </div>
  `;
}

export interface DeviceControls {
  text: Text;
  microphones: MediaDeviceInfo[];
  microphone: string | null;
  onMicrophone(deviceId: string): void;
  speakers: MediaDeviceInfo[];
  speaker: string;
  onSpeaker(deviceId: string): void;
  /** 0–1. */
  volume: number;
  onVolume(volume: number): void;
}

function picker(part: string, label: string, devices: MediaDeviceInfo[], chosen: string | null, onChange: (deviceId: string) => void) {
  return html`<label class="field"><span>${label}</span><select part=${part} @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value)}>
    ${devices.map(
      (device, i) => html`<option value=${device.deviceId} ?selected=${device.deviceId === chosen}>${device.label || `${label} ${i + 1}`}</option>`,
    )}
  </select></label>`;
}

/** Microphone and speaker pickers and the agent's volume; a note where the speaker is fixed. */
export function deviceControls(controls: DeviceControls) {
  const { text } = controls;
  const speakerChoice = canChooseSpeaker();
  return html`<div part="devices" class="devices">
    ${controls.microphones.length > 1
      ? picker('device-select', text('microphone'), controls.microphones, controls.microphone, controls.onMicrophone)
      : nothing}
    ${speakerChoice && controls.speakers.length > 1
      ? picker('speaker-select', text('speaker'), controls.speakers, controls.speaker, controls.onSpeaker)
      : nothing}
    <label class="field"><span>${text('volume')}</span><input
      part="volume"
      type="range"
      min="0"
      max="100"
      .value=${String(Math.round(controls.volume * 100))}
      @input=${(event: Event) => controls.onVolume(Number((event.target as HTMLInputElement).value) / 100)}
    /></label>
    ${speakerChoice ? nothing : html`<p part="speaker-note" class="hint">${text('speaker-fixed')}</p>`}
  </div>`;
}

export interface TalkButton {
  text: Text;
  held: boolean;
  press(event: PointerEvent): void;
  release(): void;
}

export function talkButton({ text, held, press, release }: TalkButton) {
  return html`<button
    part="talk-button"
    class="secondary talk"
    aria-pressed=${held ? 'true' : 'false'}
    @pointerdown=${press}
    @pointerup=${release}
    @pointercancel=${release}
    @lostpointercapture=${release}
    @contextmenu=${(event: Event) => event.preventDefault()}
  >${text('talk')}</button>`;
}

export interface TermsStep {
  text: Text;
  /** The `terms` attribute, shown when no `terms` slot is filled. */
  terms: string;
  accept(): void;
  decline(): void;
}

export function termsStep({ text, terms, accept, decline }: TermsStep) {
  return html`<div part="terms" class="terms" role="group" aria-label=${text('terms')}>
    <div class="terms-text"><slot name="terms">${terms}</slot></div>
    <div class="controls">
      <button part="accept-button" @click=${accept}>${text('accept')}</button>
      <button part="decline-button" class="secondary" @click=${decline}>${text('decline')}</button>
    </div>
  </div>`;
}
