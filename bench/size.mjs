// Bundle size budgets: gzip of the element bundle (lit included) in both formats and of each
// worklet, as shipped by `vite build`.
//
//   node bench/size.mjs            table for dist/ (builds it first if it is missing)
//   node bench/size.mjs --check    same, exit 1 when a budget is exceeded (CI: `npm run size`)
//   node bench/size.mjs --build    measure a fresh private build instead of dist/
//
// 1 KB = 1024 bytes here. Budgets apply to the gzip (level 9) size of the file exactly as it
// is served; "min+gz" re-minifies it with esbuild first, to show what the build leaves on the table.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { ROOT, buildLibrary } from './build.mjs';
import { printSection } from './table.mjs';

export const KB = 1024;
export const FILES = [
  { file: 'voice-agent.js', label: 'element, ES module', budget: 16 * KB },
  { file: 'voice-agent.iife.js', label: 'element, script tag', budget: 16 * KB },
  { file: 'capture-processor.js', label: 'worklet', budget: 4 * KB },
  { file: 'playback-processor.js', label: 'worklet', budget: 4 * KB },
  { file: 'voice-agent-lyzr.js', label: 'Lyzr adapter', budget: 4 * KB },
  { file: 'voice-agent-anunzi.js', label: 'Anunzi adapter', budget: 4 * KB },
];

/** What a page fetches: the element with the page; one adapter and both worklets when a call starts. */
const DOWNLOADS = [
  { moment: 'page load (a visitor who never calls)', files: ['voice-agent.iife.js'] },
  ...['lyzr', 'anunzi'].map((provider) => ({
    moment: `${provider === 'lyzr' ? 'a Lyzr' : 'an Anunzi'} call starts (cumulative)`,
    files: ['voice-agent.iife.js', `voice-agent-${provider}.js`, 'capture-processor.js', 'playback-processor.js'],
  })),
];

const gzip = (buffer) => gzipSync(buffer, { level: 9 }).length;
const brotli = (buffer) => brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

export async function measureSizes(dir) {
  const results = [];
  for (const { file, label, budget } of FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`vite build\` first.`);
    const code = readFileSync(path);
    const format = file.endsWith('.iife.js') ? 'iife' : 'esm';
    const minified = Buffer.from((await transform(code.toString('utf8'), { minify: true, format, target: 'es2022' })).code);
    const gz = gzip(code);
    results.push({ file, label, budget, raw: code.length, gzip: gz, brotli: brotli(code), minGzip: gzip(minified), ok: gz <= budget });
  }
  return results;
}

export function sizeSection(results, dir) {
  return {
    title: `Bundle size: gzip -9 of the files as built (${dir}); 1 KB = 1024 B`,
    columns: ['file', 'what', 'raw', 'gzip', 'budget', 'headroom', 'status', 'brotli', 'min+gz'],
    rows: results.map((r) => [
      r.file,
      r.label,
      `${r.raw} B`,
      `${r.gzip} B`,
      kb(r.budget),
      `${r.budget - r.gzip} B`,
      r.ok ? 'ok' : 'OVER',
      `${r.brotli} B`,
      `${r.minGzip} B`,
    ]),
    notes: [
      'budget: element ≤ 16 KB (16 384 B), each worklet and provider adapter ≤ 4 KB (4 096 B), on the gzip column; lit is bundled in the element',
      'a provider adapter is that provider\'s protocol code (session request, framing, decoding, transcript parsing); the element loads the one it needs when a call starts',
      `with KB = 1000 the element budget would be 16 000 B: ${results
        .filter((r) => r.budget === 16 * KB)
        .map((r) => `${r.file} ${r.gzip <= 16000 ? 'passes' : 'fails'} (${r.gzip} B)`)
        .join(', ')}`,
      'min+gz: the same file re-minified by esbuild, then gzipped — a large gap means the build is not minifying fully',
    ],
  };
}

/** Cumulative gzip bytes a page has fetched at each moment (each file is its own gzipped response). */
export function downloadsSection(results) {
  const gzipOf = (file) => results.find((r) => r.file === file)?.gzip ?? NaN;
  return {
    title: 'What a page downloads (script tag build; gzip per response, summed)',
    columns: ['moment', 'files', 'gzip'],
    rows: DOWNLOADS.map(({ moment, files }) => [moment, files.join(' + '), `${files.reduce((sum, file) => sum + gzipOf(file), 0)} B`]),
    notes: ['the strings file (non-English languages) is fetched only on pages in those languages and is not counted'],
  };
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  let dir = join(ROOT, 'dist');
  if (args.includes('--build') || !existsSync(join(dir, 'voice-agent.js'))) dir = await buildLibrary();
  const results = await measureSizes(dir);
  printSection(sizeSection(results, dir));
  printSection(downloadsSection(results));
  const over = results.filter((r) => !r.ok);
  if (over.length) {
    console.error(`\nSize budget exceeded: ${over.map((r) => `${r.file} ${r.gzip} B > ${r.budget} B`).join('; ')}`);
    if (check) process.exitCode = 1;
  } else if (check) {
    console.log('\nAll size budgets met.');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
