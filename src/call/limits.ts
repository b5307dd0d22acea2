// The time limits of a call, with their defaults in this one place. A call takes any of them
// as an option (tests shorten them); a site rarely has a reason to change them.
import type { ReconnectLimits } from './reconnect-policy';

export interface CallLimits extends ReconnectLimits {
  /** The session endpoint must answer within this. */
  sessionTimeoutMs: number;
  /** The socket must open, and the agent be ready where the provider waits for that, within this. */
  connectTimeoutMs: number;
  /**
   * A connection must stay up this long before the attempt count starts again: a server that
   * accepts and drops at once still reaches the final error instead of looping forever.
   */
  stableConnectionMs: number;
  /** Audio blocked by an autoplay policy (start() outside a click): wait this long for a gesture. */
  audioUnlockTimeoutMs: number;
  /** Audio interrupted mid-call (Safari 'interrupted', a suspended context): try resuming this long. */
  audioResumeTimeoutMs: number;
}

export const DEFAULT_CALL_LIMITS: Readonly<CallLimits> = {
  sessionTimeoutMs: 10000,
  connectTimeoutMs: 10000,
  maxReconnects: 4,
  reconnectDelayMs: 500,
  maxReconnectDelayMs: 8000,
  stableConnectionMs: 5000,
  audioUnlockTimeoutMs: 15000,
  audioResumeTimeoutMs: 20000,
};
