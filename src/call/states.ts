// The states of one call and the only moves between them. A move the table does not allow is
// a bug in the call, not bad input: it throws wherever the source runs unbuilt (the tests), so
// the tests catch it. The production build leaves the table and the check out (size budget).
import type { Notice } from '../strings';

export type CallState =
  | 'idle'
  | 'requesting-mic'
  | 'connecting'
  | 'listening'
  | 'speaking'
  | 'reconnecting'
  | 'audio-paused'
  | 'ended'
  | 'mic-denied'
  | 'mic-forbidden'
  | 'no-mic'
  | 'insecure'
  | 'error';

/** States in which the call holds the mic and a socket (or is about to). */
export const ACTIVE_STATES: ReadonlySet<CallState> = new Set([
  'requesting-mic',
  'connecting',
  'listening',
  'speaking',
  'reconnecting',
  'audio-paused',
]);

/**
 * The allowed moves. Every active state may end: hung up ('ended'), failed ('error') or the mic
 * unplugged ('no-mic'). A state may also repeat itself with a new detail (the next reconnection
 * attempt, the audio-blocked hint while the mic is asked for). The ending states lead nowhere:
 * the element starts a new call.
 */
export const TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  idle: ['requesting-mic'],
  'requesting-mic': ['connecting', 'ended', 'error', 'no-mic', 'mic-denied', 'mic-forbidden', 'insecure'],
  connecting: ['listening', 'audio-paused', 'ended', 'error', 'no-mic'],
  listening: ['speaking', 'reconnecting', 'audio-paused', 'ended', 'error', 'no-mic'],
  speaking: ['listening', 'reconnecting', 'audio-paused', 'ended', 'error', 'no-mic'],
  reconnecting: ['listening', 'audio-paused', 'ended', 'error', 'no-mic'],
  'audio-paused': ['listening', 'reconnecting', 'ended', 'error', 'no-mic'],
  ended: [],
  error: [],
  'mic-denied': [],
  'mic-forbidden': [],
  'no-mic': [],
  insecure: [],
};

export type StateListener = (state: CallState, detail: string, notice?: Notice) => void;

export class CallStateMachine {
  #state: CallState = 'idle';
  #detail = '';
  readonly #onChange: StateListener;

  constructor(onChange: StateListener) {
    this.#onChange = onChange;
  }

  get state(): CallState {
    return this.#state;
  }

  /** Holding (or acquiring) the mic and a connection. */
  get active(): boolean {
    return ACTIVE_STATES.has(this.#state);
  }

  /**
   * Moves to `state`, or reports a new detail of the current active state; the same state with
   * the same detail is not reported again.
   */
  moveTo(state: CallState, detail: string, notice?: Notice): void {
    if (state === this.#state && detail === this.#detail) return;
    if (!import.meta.env?.PROD) this.#check(state);
    this.#state = state;
    this.#detail = detail;
    this.#onChange(state, detail, notice);
  }

  #check(state: CallState): void {
    const allowed = state === this.#state ? this.active : TRANSITIONS[this.#state].includes(state);
    if (!allowed) throw new Error(`voice-agent bug: the call moved from '${this.#state}' to '${state}'`);
  }
}
