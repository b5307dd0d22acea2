/** Where the lazily loaded string tables file leaves its tables for the element to pick up. */
export const STRINGS_REGISTRY = Symbol.for('voice-agent.strings');
