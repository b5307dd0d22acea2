// Every visible string, in the built-in languages. A site owner overrides any of them with a
// `text-<key>` attribute (e.g. text-start="Talk to us"); `lang` picks the language. English is
// built in; each other language is a chunk of its own, loaded the first time a page asks for it.

/** Every visible string, in English: the keys are the string keys. */
const ENGLISH = {
  start: "Start call",
  end: "End call",
  mute: "Mute",
  unmute: "Unmute",
  resume: "Resume audio",
  open: "Talk to our assistant",
  close: "Close",
  microphone: "Microphone",
  transcript: "Transcript",
  you: "You",
  agent: "Agent",
  idle: "Ready to talk",
  "requesting-mic": "Waiting for microphone permission…",
  connecting: "Connecting…",
  listening: "Listening",
  speaking: "Agent speaking",
  reconnecting: "Reconnecting…",
  "audio-paused": "Audio paused",
  ended: "Call ended",
  "mic-denied": "Microphone blocked",
  "no-mic": "No microphone found",
  insecure: "Microphone needs a secure (https) page",
  error: "Something went wrong",
  "not-configured": "Widget not configured",
  "mic-forbidden": "Microphone not allowed on this page",
  "mic-denied-hint": "Allow microphone access for this site (the icon in the address bar), then start the call again.",
  "no-mic-hint": "Connect a microphone, then start the call again.",
  "insecure-hint": "Browsers only allow the microphone on https:// pages (or localhost).",
  "mic-forbidden-hint": "This page does not let the widget use the microphone. Site owner: allow it (allow=\"microphone\" on the iframe, or microphone=(self) in the Permissions-Policy header).",
  "audio-blocked-hint": "Click or tap the page to turn the audio on…",
  "audio-paused-hint": "The browser paused the audio (a phone call, another app, or the tab in the background). Tap Resume audio, or anywhere on the page.",
  "reconnecting-hint": "Connection lost — reconnecting (attempt {0} of {1})…",
  "audio-stopped-hint": "The browser stopped the audio of the call (another app or the system took it). Start the call again.",
  "audio-not-allowed-hint": "The browser did not allow audio to play. Start the call with a click or tap.",
  "left-page-hint": "The call ended when you left the page. Start it again when you are ready.",
  "mic-check": "Test microphone",
  "mic-check-stop": "Stop test",
  "mic-check-hint": "Say something: the bar moves when we hear you.",
  "mic-silent-hint": "We can't hear you: this microphone sends only silence. Pick another one, check it is not muted, or reload the page.",
  speaker: "Speaker",
  "speaker-fixed": "Speaker: the system's (this browser cannot switch it here).",
  volume: "Agent volume",
  talk: "Hold to talk",
  accept: "Accept and start",
  decline: "Not now",
  terms: "Terms",
  "show-earlier": "Show earlier messages",
} as const;

export type StringKey = keyof typeof ENGLISH;
export type Strings = Record<StringKey, string>;
export const STRING_KEYS = Object.keys(ENGLISH) as StringKey[];

/** A visible string with numbers for its {0}, {1}… placeholders. */
export interface Notice {
  key: StringKey;
  values?: number[];
}

type Table = () => Promise<{ default: Strings }>;
/** The languages besides English, each a real import() chunk a bundler can see and split. */
const TABLES = {
  es: () => import('./locales/es'),
  fr: () => import('./locales/fr'),
  de: () => import('./locales/de'),
  pt: () => import('./locales/pt'),
  ar: () => import('./locales/ar'),
  he: () => import('./locales/he'),
} satisfies Record<string, Table>;

export type Language = 'en' | keyof typeof TABLES;
export const LANGUAGES = ['en', ...Object.keys(TABLES)] as Language[];

const loaded = new Map<Language, Strings>([['en', ENGLISH]]);
/** One attempt per language: a table that failed to load stays failed (English is shown). */
const attempts = new Map<Language, Promise<boolean>>();

function isLanguage(code: string): code is Language {
  return code === 'en' || Object.hasOwn(TABLES, code);
}

/** The built-in language for a BCP 47 tag ("pt-BR" → pt); English when none matches. */
export function languageOf(lang: string | null | undefined): Language {
  const primary = (lang ?? '').toLowerCase().split('-')[0];
  return isLanguage(primary) ? primary : 'en';
}

/** Built-in strings for a language tag: English while its table loads, or if it failed to. */
export function stringsFor(lang: string | null | undefined): Strings {
  return loaded.get(languageOf(lang)) ?? ENGLISH;
}

/** True when the tag's strings should still be fetched: never tried, and not built in. */
export function needsStrings(lang: string | null | undefined): boolean {
  const language = languageOf(lang);
  return !loaded.has(language) && !attempts.has(language);
}

/**
 * Loads the tag's table once. Resolves true when it arrived, false when it could not load
 * (a missing file, CORS, CSP): that is remembered, so nothing retries in a loop.
 */
export function loadStrings(lang: string | null | undefined): Promise<boolean> {
  const language = languageOf(lang);
  if (loaded.has(language)) return Promise.resolve(true);
  let attempt = attempts.get(language);
  if (!attempt) {
    attempt = TABLES[language as keyof typeof TABLES]().then(
      (table) => (loaded.set(language, table.default), true),
      () => false,
    );
    attempts.set(language, attempt);
  }
  return attempt;
}

/** Right-to-left scripts among common page languages. */
export function isRightToLeft(lang: string | null | undefined): boolean {
  return /^(ar|he|fa|ur|ps|yi|dv|ckb)(-|$)/i.test(lang ?? '');
}
