// Which engine runs the suite, for tests that assert an engine's documented degraded
// behaviour by name (the product itself detects features, never engines).
const ua = navigator.userAgent;

export type Engine = 'chromium' | 'firefox' | 'webkit';

export const engine: Engine = /Firefox\//.test(ua) ? 'firefox' : /Chrom(e|ium)\//.test(ua) ? 'chromium' : 'webkit';
