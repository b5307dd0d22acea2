// Defensive transcript parsing: vendors put the text, the speaker and the partial/final mark
// under different keys depending on agent configuration. No DOM here.

export type Speaker = 'user' | 'agent';

/** One transcript message, normalised. `append` means `text` is a delta to add to the turn. */
export interface TranscriptUpdate {
  role: Speaker;
  text: string;
  final: boolean;
  append: boolean;
}

export interface TranscriptEntry {
  id: number;
  role: Speaker;
  text: string;
  final: boolean;
}

type Json = Record<string, unknown>;

/**
 * Most characters of one transcript update. A spoken sentence is a few hundred; longer text is
 * cut, so a broken or hostile agent cannot push megabytes into the page's DOM and listeners.
 */
export const MAX_UPDATE_CHARS = 4000;

/** The update itself, or a copy whose text is cut to MAX_UPDATE_CHARS, ending in an ellipsis. */
export function withinTranscriptLimit(update: TranscriptUpdate): TranscriptUpdate {
  if (update.text.length <= MAX_UPDATE_CHARS) return update;
  // Never leave half of a surrogate pair (an emoji) before the ellipsis.
  return { ...update, text: `${update.text.slice(0, MAX_UPDATE_CHARS - 1).replace(/[\uD800-\uDBFF]$/, '')}…` };
}

const USER_NAMES = new Set(['user', 'human', 'caller', 'customer', 'visitor']);
const AGENT_NAMES = new Set(['assistant', 'agent', 'bot', 'ai', 'model']);
const TEXT_KEYS = ['text', 'content', 'transcript', 'delta'] as const;
const NESTED_KEYS = ['message', 'data', 'item', 'payload'] as const;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function speakerOf(message: Json): Speaker | null {
  for (const key of ['role', 'speaker', 'source']) {
    const name = message[key];
    if (typeof name !== 'string') continue;
    const lower = name.toLowerCase();
    if (USER_NAMES.has(lower)) return 'user';
    if (AGENT_NAMES.has(lower)) return 'agent';
  }
  return null;
}

/** Text of a value: a string, or an array of parts like `[{type:'text', text:'…'}]`. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return null;
  const parts = value.map((part) => (typeof part === 'string' ? part : isObject(part) ? textOf(part.text ?? part.transcript) : null));
  return parts.some((part) => part !== null) ? parts.filter((part) => part !== null).join('') : null;
}

function finalFlagOf(message: Json): boolean | null {
  for (const key of ['final', 'isFinal', 'is_final']) {
    if (typeof message[key] === 'boolean') return message[key] as boolean;
  }
  if (typeof message.partial === 'boolean') return !message.partial;
  return null;
}

/** Where the text sits: the message itself or one nested object (`message.content`, …). */
function layersOf(message: Json): Json[] {
  const layers = [message];
  for (const key of NESTED_KEYS) if (isObject(message[key])) layers.push(message[key] as Json);
  return layers;
}

/** A transcript update from one provider message, or null when it carries none. */
export function parseTranscript(message: Json): TranscriptUpdate | null {
  const layers = layersOf(message);
  let role: Speaker | null = null;
  let final: boolean | null = null;
  for (const layer of layers) {
    role ??= speakerOf(layer);
    final ??= finalFlagOf(layer);
  }
  for (const layer of layers) {
    for (const key of TEXT_KEYS) {
      const text = textOf(layer[key]);
      if (text === null || role === null) continue;
      const append = key === 'delta';
      return { role, text, final: final ?? !append, append };
    }
  }
  return null;
}

/**
 * Turns as a visitor reads them: partials are replaced (or extended) until the final. Every
 * update costs the same however many turns are kept: nothing is copied or searched per update.
 */
export class TranscriptLog {
  /** Kept turns, oldest first, from index #first on; the slots before it are dropped turns. */
  #entries: TranscriptEntry[] = [];
  #first = 0;
  /** Each speaker's latest turn: the one an update extends while it is not final. */
  #latest: Partial<Record<Speaker, TranscriptEntry>> = {};
  #nextId = 1;

  constructor(private readonly maxEntries = 200, private readonly maxTurnChars = MAX_UPDATE_CHARS) {}

  /** Kept turns, oldest first (a copy: read it per frame, not per update). */
  get turns(): readonly TranscriptEntry[] {
    return this.#entries.slice(this.#first);
  }

  get size(): number {
    return this.#entries.length - this.#first;
  }

  /** The latest `count` turns, oldest first. */
  latest(count: number): TranscriptEntry[] {
    return this.#entries.slice(Math.max(this.#first, this.#entries.length - count));
  }

  /** The oldest of the latest `count` turns (undefined when none is kept). */
  oldestOfLatest(count: number): TranscriptEntry | undefined {
    return this.#entries[Math.max(this.#first, this.#entries.length - count)];
  }

  /** Applies an update; returns the entry it created or changed. */
  apply(update: TranscriptUpdate): TranscriptEntry {
    const open = this.#openTurnOf(update.role);
    if (open) {
      // A turn built from endless deltas keeps its latest text only: memory stays bounded.
      open.text = (update.append ? open.text + update.text : update.text).slice(-this.maxTurnChars);
      open.final = update.final;
      return open;
    }
    const entry = { id: this.#nextId++, role: update.role, text: update.text.slice(-this.maxTurnChars), final: update.final };
    this.#entries.push(entry);
    this.#latest[update.role] = entry;
    if (this.size > this.maxEntries) this.#dropOldest();
    return entry;
  }

  clear(): void {
    this.#entries = [];
    this.#first = 0;
    this.#latest = {};
  }

  #dropOldest(): void {
    this.#first++;
    // Dropped slots are cut off in bulk once they are as many as the kept turns: O(1) on average.
    if (this.#first >= this.maxEntries) {
      this.#entries = this.#entries.slice(this.#first);
      this.#first = 0;
    }
  }

  /** The speaker's turn still in progress: their latest turn, if it is not final and still kept. */
  #openTurnOf(role: Speaker): TranscriptEntry | undefined {
    const latest = this.#latest[role];
    const oldest = this.#entries[this.#first];
    return latest && !latest.final && oldest && latest.id >= oldest.id ? latest : undefined;
  }
}
