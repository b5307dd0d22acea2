// Node cannot import TypeScript: bundle src/dsp once per run with esbuild and import the result.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let loaded;

/** Returns the src/dsp module (the same code the worklets run), bundled for Node. */
export function loadDsp() {
  loaded ??= (async () => {
    const folder = mkdtempSync(join(tmpdir(), 'voice-agent-bench-'));
    const outfile = join(folder, 'dsp.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('../src/dsp/index.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      outfile,
      logLevel: 'error',
    });
    const module = await import(pathToFileURL(outfile).href);
    rmSync(folder, { recursive: true, force: true });
    return module;
  })();
  return loaded;
}
