// custom-elements.json (`npm run manifest`) lists the public API only: the documented events
// with their detail types, every css part and property of the JSDoc, the public attributes,
// and no private, protected or Lit-internal (`state: true`) member.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
const source = readFileSync(new URL('src/voice-agent.ts', root), 'utf8');
const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'voice-agent');

/** Names given by a JSDoc tag (`@csspart name - …`) in the element's source. */
const tagged = (tag) => [...source.matchAll(new RegExp(`@${tag}\\s+(?:\\{[^}]*\\}\\s+)?(\\S+)`, 'g'))].map((match) => match[1]);

const EVENTS = {
  'voice-agent-state': 'VoiceAgentStateDetail',
  'voice-agent-transcript': 'VoiceAgentTranscriptDetail',
  'voice-agent-error': 'VoiceAgentErrorDetail',
  'voice-agent-interrupted': 'VoiceAgentInterruptedDetail',
  'voice-agent-message': 'VoiceAgentMessageDetail',
  'voice-agent-ignored': 'VoiceAgentIgnoredDetail',
  'voice-agent-consent': 'VoiceAgentConsentDetail',
};
const ATTRIBUTES = [
  'provider', 'agent-id', 'server-url', 'session-endpoint', 'frame-ms', 'worklet-base', 'variant', 'placement',
  'open', 'lang', 'barge-in', 'echo-gate', 'debug', 'text-start',
];
const INTERNAL = ['microphones', 'statusDetail', 'turns', 'micLevel', 'agentLevel', 'call', 'notice', 'startedAt', 'transcript', 'emit', 'styles', 'properties'];

describe('custom-elements.json', () => {
  it('declares the <voice-agent> element', () => {
    assert.ok(element, 'no declaration with tagName voice-agent');
    assert.equal(element.name, 'VoiceAgentElement');
  });

  it('lists exactly the seven events, each typed with its detail', () => {
    const events = element.events ?? [];
    assert.deepEqual(events.map((event) => event.name).sort(), Object.keys(EVENTS).sort());
    for (const event of events) {
      assert.match(event.type?.text ?? '', new RegExp(`\\b${EVENTS[event.name]}\\b`), `${event.name} type`);
      assert.ok(event.description, `${event.name} has a description`);
    }
  });

  it('has no private, protected or internal member or attribute', () => {
    for (const member of element.members ?? []) {
      assert.ok(member.privacy !== 'private' && member.privacy !== 'protected', `${member.name} is ${member.privacy}`);
      assert.ok(!member.name.startsWith('#'), `${member.name} is #private`);
      assert.ok(!INTERNAL.includes(member.name), `${member.name} is internal`);
    }
    for (const attribute of element.attributes ?? []) {
      assert.ok(!INTERNAL.includes(attribute.name) && !INTERNAL.includes(attribute.fieldName), `attribute ${attribute.name} is internal`);
    }
  });

  it('lists every css part and css property of the JSDoc', () => {
    const parts = tagged('csspart');
    const properties = tagged('cssprop');
    assert.ok(parts.length >= 11 && properties.length >= 11, 'JSDoc tags found in the source');
    assert.deepEqual((element.cssParts ?? []).map((part) => part.name).sort(), [...parts].sort());
    assert.deepEqual((element.cssProperties ?? []).map((property) => property.name).sort(), [...properties].sort());
    for (const entry of [...element.cssParts, ...element.cssProperties]) assert.ok(entry.description, `${entry.name} has a description`);
  });

  it('lists the public attributes', () => {
    const names = (element.attributes ?? []).map((attribute) => attribute.name);
    for (const name of ATTRIBUTES) assert.ok(names.includes(name), `attribute ${name}`);
  });
});
