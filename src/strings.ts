// Every visible string, in the built-in languages. A site owner overrides any of them with a
// `text-<key>` attribute (e.g. text-start="Talk to us"); `lang` picks the language.

import { STRINGS_REGISTRY } from './strings-registry';

export const STRING_KEYS = [
  'start', 'end', 'mute', 'unmute', 'open', 'close', 'microphone', 'transcript', 'you', 'agent',
  'idle', 'requesting-mic', 'connecting', 'listening', 'speaking', 'reconnecting', 'ended',
  'mic-denied', 'no-mic', 'insecure', 'error', 'not-configured',
  'mic-denied-hint', 'no-mic-hint', 'insecure-hint',
  'audio-blocked-hint', 'audio-paused-hint', 'reconnecting-hint', 'audio-stopped-hint', 'audio-not-allowed-hint',
] as const;

export type StringKey = (typeof STRING_KEYS)[number];
/** A visible string with numbers for its {0}, {1}… placeholders. */
export interface Notice {
  key: StringKey;
  values?: number[];
}
export type Strings = Record<StringKey, string>;

const ENGLISH = 'Start call|End call|Mute|Unmute|Talk to our assistant|Close|Microphone|Transcript|You|Agent|Ready to talk|Waiting for microphone permission…|Connecting…|Listening|Agent speaking|Reconnecting…|Call ended|Microphone blocked|No microphone found|Microphone needs a secure (https) page|Something went wrong|Widget not configured|Allow microphone access for this site (the icon in the address bar), then start the call again.|Connect a microphone, then start the call again.|Browsers only allow the microphone on https:// pages (or localhost).|Click or tap the page to turn the audio on…|The browser paused the audio — resuming…|Connection lost — reconnecting (attempt {0} of {1})…|The browser stopped the audio of the call (another app or the system took it). Start the call again.|The browser did not allow audio to play. Start the call with a click or tap.';

/** Languages with built-in strings; all but English load on first use (see locales/voice-agent-strings.ts). */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'];

let tables: Record<string, string> = { en: ENGLISH };
let loading: Promise<void> | undefined;
const cache = new Map<string, Strings>();

function languageOf(lang: string | null | undefined): string {
  const primary = (lang ?? '').toLowerCase().split('-')[0];
  return LANGUAGES.includes(primary) ? primary : 'en';
}

/**
 * Built-in strings for a BCP 47 tag ("pt-BR" → pt). English while another language's table
 * is still loading, or when the language is not built in.
 */
export function stringsFor(lang: string | null | undefined): Strings {
  const code = languageOf(lang) in tables ? languageOf(lang) : 'en';
  let strings = cache.get(code);
  if (!strings) {
    const values = tables[code].split('|');
    strings = Object.fromEntries(STRING_KEYS.map((key, i) => [key, values[i]])) as Strings;
    cache.set(code, strings);
  }
  return strings;
}

/** True when `lang`'s strings are ready (English always is). */
export function hasStrings(lang: string | null | undefined): boolean {
  return languageOf(lang) in tables;
}

/** Loads the other languages' tables (one small file next to the script), once. */
export function loadStrings(tablesUrl: string): Promise<void> {
  loading ??= import(/* @vite-ignore */ tablesUrl).then(
    () => void (tables = { ...(globalThis as Record<symbol, Record<string, string>>)[STRINGS_REGISTRY], en: ENGLISH }),
    () => undefined, // unreachable file: English stays
  );
  return loading;
}

/** Right-to-left scripts among common page languages. */
export function isRightToLeft(lang: string | null | undefined): boolean {
  return /^(ar|he|fa|ur|ps|yi|dv|ckb)(-|$)/i.test(lang ?? '');
}
