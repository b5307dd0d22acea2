// The messages that cross between the main thread and the two worklets. Shared so both
// sides agree on names and shapes; kept tiny because the worklets import it.
import type { PlayoutStats } from '../dsp/playout-stats';

export const CAPTURE_PROCESSOR = 'voice-agent-capture';
export const PLAYBACK_PROCESSOR = 'voice-agent-playback';

export const RENDER_QUANTUM = 128;

export interface CaptureOptions {
  /** Rate the provider wants, e.g. 24 000 (Lyzr) or 48 000 (Anunzi). */
  targetRate: number;
  /** Frame length in ms (20–100). */
  frameMs: number;
  /**
   * Allow the residual-echo safeguard: while echo of the agent is found in the mic and not yet
   * cancelled, turn the mic down unless the visitor is above the echo expected (see EchoGate).
   */
  echoGate: boolean;
  /**
   * Cancel the agent's echo from the mic using the played signal (capture input 1; see
   * EchoCanceller), after the browser's own canceller. Default true: with the browser's, the
   * best measured option in Chromium and Firefox (docs/architecture.md, "Echo on speakers").
   */
  echoCancel?: boolean;
}

/** Capture worklet → main thread, once per frame; `pcm` is a transferred PCM16 buffer. */
export interface CaptureFrameMessage {
  type: 'frame';
  pcm: ArrayBuffer;
  /** 0..1 meter level and smoothed dBFS of the mic, after muting. */
  level: number;
  db: number;
  /** The visitor is talking over the agent (clearly above the echo expected; see BargeInDetector). */
  bargeIn: boolean;
}

/** Main thread → capture worklet. `agent-level` is the agent's playback level (dBFS) for the echo gate. */
export type CaptureControlMessage =
  | { type: 'recycle'; pcm: ArrayBuffer }
  | { type: 'mute'; muted: boolean }
  | { type: 'agent-level'; db: number };

export interface PlaybackOptions {
  /** Rate of the provider's audio, e.g. 16 000 (Anunzi) or 24 000 (Lyzr). */
  sourceRate: number;
  minTargetMs?: number;
  maxTargetMs?: number;
  maxBufferMs?: number;
}

/** Main thread → playback worklet. `pcm` holds PCM16 samples at the source rate. */
export type PlaybackControlMessage = { type: 'audio'; pcm: ArrayBuffer } | { type: 'flush' };

/**
 * Playback worklet → main thread, at most ~30 times a second, with the playout's stats
 * (depth, target, jitter, underruns, and how much was concealed, accelerated and expanded).
 */
export interface PlaybackStatsMessage extends Omit<PlayoutStats, 'buffering'> {
  type: 'stats';
  level: number;
  db: number;
  /** True while agent audio (not gate/underrun silence) is coming out. */
  playing: boolean;
}
