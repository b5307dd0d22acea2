// The events <voice-agent> fires, typed. All bubble and are composed (they cross shadow roots),
// so a page may listen on the element, on document or on window. Types only: no runtime code.
import type { CallState } from './call';

/** `voice-agent-state`: the call state changed. */
export interface VoiceAgentStateDetail {
  state: CallState;
  /** The state explained in English, for the page's code (the visitor sees translated strings). */
  message: string;
}

/**
 * `voice-agent-transcript`: a user or agent transcript arrived (partials until `final`). One
 * event per message, deltas included (the list on screen is redrawn at most once per frame).
 */
export interface VoiceAgentTranscriptDetail {
  role: 'user' | 'agent';
  text: string;
  final: boolean;
}

/** `voice-agent-error`: the call could not start or failed (also a configuration problem, with state `error`). */
export interface VoiceAgentErrorDetail {
  state: CallState;
  message: string;
}

/** `voice-agent-interrupted`: the agent's audio was cut, by the visitor talking over it (`local`) or by the provider. */
export interface VoiceAgentInterruptedDetail {
  source: 'local' | 'provider';
}

/** `voice-agent-message`: a well-formed provider message the widget does not interpret. */
export interface VoiceAgentMessageDetail {
  message: unknown;
}

/** `voice-agent-ignored`: malformed input was dropped; the call goes on. */
export interface VoiceAgentIgnoredDetail {
  reason: string;
}

/** `voice-agent-consent`: the visitor answered the terms (attribute `terms` or slot `terms`). */
export interface VoiceAgentConsentDetail {
  accepted: boolean;
}

/** Event name → event, for `addEventListener` and framework typings. */
export interface VoiceAgentEventMap {
  'voice-agent-state': CustomEvent<VoiceAgentStateDetail>;
  'voice-agent-transcript': CustomEvent<VoiceAgentTranscriptDetail>;
  'voice-agent-error': CustomEvent<VoiceAgentErrorDetail>;
  'voice-agent-interrupted': CustomEvent<VoiceAgentInterruptedDetail>;
  'voice-agent-message': CustomEvent<VoiceAgentMessageDetail>;
  'voice-agent-ignored': CustomEvent<VoiceAgentIgnoredDetail>;
  'voice-agent-consent': CustomEvent<VoiceAgentConsentDetail>;
}

declare global {
  // The events bubble to document and window too.
  interface HTMLElementEventMap extends VoiceAgentEventMap {}
  interface DocumentEventMap extends VoiceAgentEventMap {}
  interface WindowEventMap extends VoiceAgentEventMap {}
}
