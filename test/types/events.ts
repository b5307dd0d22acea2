// Type test (tsc only, never run): the element's events are typed wherever a page listens.
import type {} from '../../src/index';
import type { CallState } from '../../src/call';
import type { VoiceAgentEventMap, VoiceAgentStateDetail } from '../../src/events';
import type { VoiceAgentElement } from '../../src/voice-agent';

declare const widget: VoiceAgentElement;

widget.addEventListener('voice-agent-state', function (e) {
  const state: CallState = e.detail.state;
  const message: string = e.detail.message;
  const self: VoiceAgentElement = this;
  console.log(state, message, self);
});
widget.addEventListener('voice-agent-transcript', (e) => {
  const role: 'user' | 'agent' = e.detail.role;
  const final: boolean = e.detail.final;
  console.log(role, e.detail.text, final);
});
widget.addEventListener('voice-agent-interrupted', (e) => {
  // @ts-expect-error the source is 'local' | 'provider' only
  const wrong: 'remote' = e.detail.source;
  console.log(wrong);
});
widget.addEventListener('voice-agent-message', (e) => {
  // @ts-expect-error the message is unknown: narrow before use
  console.log(e.detail.message.type);
});
widget.addEventListener('voice-agent-ignored', (e) => console.log(e.detail.reason.length));
widget.addEventListener('voice-agent-error', (e) => console.log(e.detail.state, e.detail.message));
// Built-in and unknown events still work.
widget.addEventListener('click', (e) => console.log(e.clientX));
widget.addEventListener('some-other-event', (e) => console.log(e.type));
// @ts-expect-error the detail of voice-agent-state has no `text`
widget.addEventListener('voice-agent-state', (e) => console.log(e.detail.text));
const listener = (e: VoiceAgentEventMap['voice-agent-state']) => console.log(e.detail.state);
widget.addEventListener('voice-agent-state', listener);
widget.removeEventListener('voice-agent-state', listener);

// They bubble and are composed: typed on document, window and any element too.
document.addEventListener('voice-agent-state', (e) => {
  const detail: VoiceAgentStateDetail = e.detail;
  console.log(detail.state);
});
window.addEventListener('voice-agent-transcript', (e) => console.log(e.detail.text));
document.body.addEventListener('voice-agent-error', (e) => console.log(e.detail.message));
document.querySelector('voice-agent')?.addEventListener('voice-agent-state', (e) => console.log(e.detail.state));
