// Builds the library (vite.config.ts, unchanged) into a private folder, so the bench never reads
// a dist/ that a concurrent `npm test` is rewriting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

let built;

/** Returns the folder holding voice-agent.js and its chunks/, voice-agent.iife.js and the two worklets. */
export function buildLibrary() {
  built ??= (async () => {
    const { build } = await import('vite');
    const folder = mkdtempSync(join(tmpdir(), 'voice-agent-bench-dist-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    const outDir = join(folder, 'dist');
    // Both builds of `npm run bundle`: the ES module with its chunks, then the classic script.
    for (const mode of ['production', 'script-tag']) {
      await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode, logLevel: 'warn', build: { outDir, emptyOutDir: mode === 'production' } });
    }
    return outDir;
  })();
  return built;
}
