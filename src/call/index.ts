// What the element uses of the call.
export { Call, type CallEvents, type CallOptions, type CallStats, type CallTiming } from './call';
export type { Clock } from './clock';
export { DEFAULT_CALL_LIMITS, type CallLimits } from './limits';
export { ACTIVE_STATES, type CallState } from './states';
