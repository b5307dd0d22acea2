// Bundle sizes: gzip of every file `npm run bundle` ships, with a ceiling per file, and what a
// page downloads at each moment for the two ways to load the widget, against the goals.
//
//   node bench/size.mjs            tables for dist/ (builds it first if it is missing)
//   node bench/size.mjs --check    same, exit 1 when a file is over its ceiling (npm test)
//   node bench/size.mjs --build    measure a fresh private build instead of dist/
//
// 1 KB = 1024 bytes here. Sizes are the gzip (level 9) size of the file exactly as served;
// "min+gz" re-minifies it with esbuild first, to show what the build leaves on the table.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';
import { ROOT, buildLibrary } from './build.mjs';
import { printSection } from './table.mjs';

export const KB = 1024;
/** Every shipped file with its ceiling: a regression guard, not the goal (see DOWNLOAD_GOALS). */
export const FILES = [
  // The in-widget controls (+3.2 KB) and the transcript view (+1 KB, a keyed list drawn once
  // per frame): bench/README.md, "Ceilings".
  { file: 'voice-agent.js', label: 'element, ES module (lit not included)', budget: 16.5 * KB },
  { file: 'voice-agent.iife.js', label: 'script tag: element + lit + both adapters + every language', budget: 30 * KB },
  // The echo canceller (adaptive filter, delay search, FFT) is about 2.4 KB of it: bench/README.md.
  { file: 'capture-processor.js', label: 'worklet', budget: 5 * KB },
  // Time-stretching, concealment and the splice smoother: bench/README.md, "Size budget" and "Lost chunks".
  { file: 'playback-processor.js', label: 'worklet', budget: 6 * KB },
  { file: 'chunks/lyzr-adapter.js', label: 'ES chunk: Lyzr adapter', budget: 4 * KB },
  { file: 'chunks/anunzi-adapter.js', label: 'ES chunk: Anunzi adapter', budget: 4 * KB },
  { file: 'chunks/session.js', label: 'ES chunk: shared by the adapters', budget: 4 * KB },
  ...['es', 'fr', 'de', 'pt', 'ar', 'he'].map((lang) => ({ file: `chunks/strings-${lang}.js`, label: `ES chunk: ${lang} strings`, budget: 2 * KB })),
];
/** lit as an app's bundler ships it with the ES build (what the element imports, minified). */
const LIT = { file: 'lit (in the app bundle)', label: 'lit, esbuild-bundled and minified' };
const WORKLETS = ['capture-processor.js', 'playback-processor.js'];
/** The script-tag shape not shipped, measured for comparison (see loaderVariant). */
const LOADER_FILES = { loader: 'loader script (alternative)', module: 'ES module with lit inside (alternative)' };

/** Goals for what a page downloads, gzip: before any call, and by the time a call runs. */
const DOWNLOAD_GOALS = { page: 12 * KB, call: 24 * KB };
const DOWNLOADS = [
  { moment: 'script tag: page load', goal: 'page', files: ['voice-agent.iife.js'] },
  { moment: 'script tag: a call runs', goal: 'call', files: ['voice-agent.iife.js', ...WORKLETS] },
  { moment: 'alternative script tag (loader + module): page load', goal: 'page', files: [LOADER_FILES.loader, LOADER_FILES.module] },
  { moment: 'ES build in an app: page load', goal: 'page', files: [LIT.file, 'voice-agent.js'] },
  { moment: 'ES build: a Lyzr call runs', goal: 'call', files: [LIT.file, 'voice-agent.js', 'chunks/lyzr-adapter.js', 'chunks/session.js', ...WORKLETS] },
  { moment: 'ES build: an Anunzi call runs', goal: 'call', files: [LIT.file, 'voice-agent.js', 'chunks/anunzi-adapter.js', 'chunks/session.js', ...WORKLETS] },
  { moment: 'ES build: page load in Spanish', goal: 'page', files: [LIT.file, 'voice-agent.js', 'chunks/strings-es.js'] },
  { moment: 'ES build: page load in Arabic', goal: 'page', files: [LIT.file, 'voice-agent.js', 'chunks/strings-ar.js'] },
];

const gzip = (buffer) => gzipSync(buffer, { level: 9 }).length;
const brotli = (buffer) => brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

/** The lit exports the ES build imports, bundled as an app would. */
async function litBundle(dir) {
  const imported = [...readFileSync(join(dir, 'voice-agent.js'), 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*"lit"/g)]
    .flatMap((match) => match[1].split(','))
    .map((binding) => binding.trim().split(/\s+as\s+/)[0]);
  const result = await build({
    stdin: { contents: `export { ${[...new Set(imported)].join(', ')} } from 'lit';`, resolveDir: ROOT },
    bundle: true, minify: true, format: 'esm', write: false, target: 'es2022', logLevel: 'silent',
  });
  return Buffer.from(result.outputFiles[0].contents);
}

/**
 * The other shape a script tag could take, measured rather than guessed: a tiny classic loader
 * that import()s an ES module with lit inside (its chunks split as in the ES build).
 */
const LOADER = `(()=>{const s=document.currentScript;import(new URL("voice-agent.module.js",s&&s.src||document.baseURI).href)})();`;
async function loaderVariant(dir) {
  const outdir = join(dir, 'alternative');
  const result = await build({
    entryPoints: { 'voice-agent.module': join(dir, 'voice-agent.js') },
    bundle: true, splitting: true, minify: true, format: 'esm', write: false, metafile: true, outdir, absWorkingDir: ROOT, target: 'es2022', logLevel: 'silent',
    // The build may sit in a temporary folder (npm run bench): lit comes from this checkout.
    nodePaths: [join(ROOT, 'node_modules')],
  });
  // What the page fetches before a call: the entry and every chunk it imports statically.
  const byPath = new Map(result.outputFiles.map((file) => [relative(ROOT, file.path), file]));
  const fetched = new Set();
  const visit = (path) => {
    if (fetched.has(path)) return;
    fetched.add(path);
    for (const { path: imported, kind } of result.metafile.outputs[path].imports) if (kind === 'import-statement') visit(imported);
  };
  visit([...byPath.keys()].find((path) => path.endsWith('voice-agent.module.js')));
  return { loader: Buffer.from(LOADER), module: Buffer.concat([...fetched].map((path) => Buffer.from(byPath.get(path).contents))) };
}

export async function measureSizes(dir) {
  const results = [];
  for (const { file, label, budget } of FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run bundle\` first.`);
    const code = readFileSync(path);
    const format = file.endsWith('.iife.js') ? 'iife' : 'esm';
    const minified = Buffer.from((await transform(code.toString('utf8'), { minify: true, format, target: 'es2022' })).code);
    const gz = gzip(code);
    results.push({ file, label, budget, raw: code.length, gzip: gz, brotli: brotli(code), minGzip: gzip(minified), ok: gz <= budget });
  }
  const unbudgeted = (file, label, code) => ({ file, label, budget: Infinity, raw: code.length, gzip: gzip(code), brotli: brotli(code), minGzip: gzip(code), ok: true });
  results.push(unbudgeted(LIT.file, LIT.label, await litBundle(dir)));
  const alternative = await loaderVariant(dir);
  results.push(unbudgeted(LOADER_FILES.loader, 'a classic script that imports the module', alternative.loader));
  results.push(unbudgeted(LOADER_FILES.module, 'the ES build bundled with lit (esbuild), what loads before a call', alternative.module));
  return results;
}

export function sizeSection(results, dir) {
  return {
    title: `Bundle size: gzip -9 of the files as built (${dir}); 1 KB = 1024 B`,
    columns: ['file', 'what', 'raw', 'gzip', 'ceiling', 'headroom', 'status', 'brotli', 'min+gz'],
    rows: results.map((r) => [
      r.file,
      r.label,
      `${r.raw} B`,
      `${r.gzip} B`,
      Number.isFinite(r.budget) ? kb(r.budget) : '–',
      Number.isFinite(r.budget) ? `${r.budget - r.gzip} B` : '–',
      r.ok ? 'ok' : 'OVER',
      `${r.brotli} B`,
      `${r.minGzip} B`,
    ]),
    notes: [
      'ceilings guard against regressions (npm test fails above them); the goals are in the next table',
      'the ES build leaves lit to the app (one copy with the app\'s own); its adapters and string tables are import() chunks the app\'s bundler splits',
      'the script tag build is one self-contained file: lit, both adapters and every language inside; only the worklets are separate',
      'min+gz: the same file re-minified by esbuild, then gzipped — a large gap means the build is not minifying fully',
    ],
  };
}

/** Cumulative gzip bytes a page has fetched at each moment (each file is its own gzipped response). */
export function downloadsSection(results) {
  const gzipOf = (file) => results.find((r) => r.file === file)?.gzip ?? NaN;
  return {
    title: 'What a page downloads (gzip per response, summed) against the goals',
    columns: ['moment', 'files', 'gzip', 'goal', 'status'],
    rows: DOWNLOADS.map(({ moment, goal, files }) => {
      const total = files.reduce((sum, file) => sum + gzipOf(file), 0);
      return [moment, files.join(' + '), `${total} B`, kb(DOWNLOAD_GOALS[goal]), total <= DOWNLOAD_GOALS[goal] ? 'met' : `missed by ${total - DOWNLOAD_GOALS[goal]} B`];
    }),
    notes: [
      'an app bundler may merge the ES chunks into its own files: then its totals differ, but the element never costs more than these',
      'the alternative script tag (a loader plus module chunks, not shipped) saves the adapters and languages at page load but needs CORS on every file and cannot show anything when the module fails to load; the shipped one is self-contained',
    ],
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
