// `npm run manifest` → custom-elements.json, read by IDEs and Storybook-like tools.

/**
 * Only public API goes in the manifest. The analyzer lists Lit's internal `state: true`
 * properties as members and attributes, and private/protected members too; this drops
 * them, reading which properties are internal from the class's own `static properties`
 * (no hand-kept list), and drops events nobody documented (the `@fires` tags are the
 * documentation; a dispatchEvent found in a helper is not an event of its own).
 */
function dropInternals() {
  /** `module path#class name` → names of its `state: true` / `attribute: false` properties. */
  const internalProperties = new Map();
  const isHidden = (member) => member.privacy === 'private' || member.privacy === 'protected' || member.name?.startsWith('#');
  return {
    name: 'drop-internals',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const names = new Set();
      for (const member of node.members) {
        const isStatic = ts.getModifiers?.(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
        if (!isStatic || member.name?.getText() !== 'properties') continue;
        // `static properties = {…}` or `static get properties() { return {…}; }`
        let object = ts.isPropertyDeclaration(member) ? member.initializer : undefined;
        if (ts.isGetAccessorDeclaration(member)) {
          const returned = member.body?.statements.find(ts.isReturnStatement);
          object = returned?.expression;
        }
        while (object && (ts.isAsExpression(object) || ts.isSatisfiesExpression?.(object) || ts.isParenthesizedExpression(object))) object = object.expression;
        if (!object || !ts.isObjectLiteralExpression(object)) continue;
        for (const property of object.properties) {
          if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) continue;
          const internal = property.initializer.properties.some(
            (option) =>
              ts.isPropertyAssignment(option) &&
              ((option.name.getText() === 'state' && option.initializer.kind === ts.SyntaxKind.TrueKeyword) ||
                (option.name.getText() === 'attribute' && option.initializer.kind === ts.SyntaxKind.FalseKeyword)),
          );
          if (internal) names.add(property.name.getText().replace(/^['"]|['"]$/g, ''));
        }
      }
      internalProperties.set(`${moduleDoc.path}#${node.name.getText()}`, names);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind !== 'class') continue;
          const internal = new Set(internalProperties.get(`${module.path}#${declaration.name}`));
          for (const member of declaration.members ?? []) if (isHidden(member)) internal.add(member.name);
          if (declaration.members) declaration.members = declaration.members.filter((member) => !internal.has(member.name));
          if (declaration.attributes) {
            declaration.attributes = declaration.attributes.filter((attribute) => !internal.has(attribute.fieldName ?? attribute.name));
          }
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name && event.description);
        }
      }
    },
  };
}

export default {
  globs: ['src/voice-agent.ts'],
  outdir: '.',
  litelement: true,
  plugins: [dropInternals()],
};
