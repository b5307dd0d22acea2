// Shortens the call's time limits (session, connect, backoff, audio unlock) for one test, so
// fault paths take a second instead of ten. Returns the function that puts them back.
import { callLimits } from '../../src/call';

export type CallLimits = typeof callLimits;

export function shortenCallLimits(limits: Partial<CallLimits>): () => void {
  const saved = { ...callLimits };
  Object.assign(callLimits, limits);
  return () => Object.assign(callLimits, saved);
}
