// What the widget remembers for a visitor, per site (localStorage is per origin). Storage can be
// blocked (Safari private mode, sandboxed iframes, storage quotas): then a choice lasts for
// this page only, and nothing throws.

/** The localStorage keys, as documented in the README. */
export const SETTING_KEYS = {
  /** deviceId of the microphone the visitor picked. */
  microphone: 'voice-agent-microphone',
  /** deviceId of the speaker the visitor picked (browsers with AudioContext.setSinkId). */
  speaker: 'voice-agent-speaker',
  /** Agent volume, 0–1. */
  volume: 'voice-agent-volume',
  /** Fingerprint of the terms the visitor accepted. */
  consent: 'voice-agent-consent',
} as const;

export type Setting = keyof typeof SETTING_KEYS;

/** Choices made on this page while storage refused them. */
const unsaved = new Map<Setting, string>();

export function readSetting(setting: Setting): string | null {
  if (unsaved.has(setting)) return unsaved.get(setting)!;
  try {
    return localStorage.getItem(SETTING_KEYS[setting]);
  } catch {
    return null;
  }
}

export function writeSetting(setting: Setting, value: string): void {
  try {
    localStorage.setItem(SETTING_KEYS[setting], value);
    unsaved.delete(setting);
  } catch {
    unsaved.set(setting, value);
  }
}
