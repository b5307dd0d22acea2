// Node cannot import TypeScript: bundle src/dsp once per run with esbuild and import the result.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let loaded;

/** Returns the src/dsp module (the same code the worklets run), bundled for Node. */
export function loadDsp() {
  loaded ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'voice-agent-bench-')), 'dsp.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('../src/dsp/index.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      outfile,
      logLevel: 'error',
    });
    return import(pathToFileURL(outfile).href);
  })();
  return loaded;
}
