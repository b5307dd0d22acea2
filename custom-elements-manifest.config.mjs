// `npm run manifest` → custom-elements.json, read by IDEs and Storybook-like tools.
const INTERNAL_STATE = new Set(['statusDetail', 'turns', 'micLevel', 'agentLevel']);

/** The analyzer lists Lit's internal `state: true` properties as attributes, and the
 * private emit(type) helper as an event named "type"; neither is public API. */
const dropInternals = {
  name: 'drop-internals',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        declaration.attributes = declaration.attributes?.filter((attribute) => !INTERNAL_STATE.has(attribute.name));
        declaration.events = declaration.events?.filter((event) => event.name !== 'type');
        declaration.members = declaration.members?.filter((member) => member.privacy !== 'private' && !INTERNAL_STATE.has(member.name));
      }
    }
  },
};

export default {
  globs: ['src/voice-agent.ts'],
  outdir: '.',
  litelement: true,
  plugins: [dropInternals],
};
