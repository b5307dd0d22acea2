// Consumer matrix: the package as an app developer gets it. `npm pack`'s tarball is installed
// with default settings into test/consumers/.work/, each consumer in test/consumers/<name>/ is
// copied there and built with its tool's DEFAULT setup, served under a strict CSP, and makes a
// real call (Lyzr and Anunzi) against the local mock agents in headless Chromium.
//
//   node test/consumers/run.mjs              every consumer
//   node test/consumers/run.mjs vite webpack only these (names below)
//   CONSUMER_PACKAGE_DIR=/some/checkout node test/consumers/run.mjs   pack another checkout
//                                            (e.g. an older commit, to see the matrix fail on it)
//
// Prints `consumer <name>: ok|FAILED (<reason>)` per consumer and a summary; exits 1 on any
// failure. dist/ must be built (npm test builds it; this runs `npm run build` if it is missing).
//
// Consumers:
//   tarball          every file dist/voice-agent.js refers to (chunks, worklets) is in the tarball
//   node-ssr         `import('voice-agent')` in Node: no output on stderr, exit 0
//   react-types      React 19 TSX type-checked against the installed tarball's JSX types entry
//   vite             `vite build`, default config
//   webpack          `webpack --mode production --entry ./main.js`; "Critical dependency" fails it
//   esbuild          `esbuild --bundle --format=esm --splitting` + the documented worklet copy
//   rollup           rollup + @rollup/plugin-node-resolve, format es + the worklet copy
//   lit-app          Vite app that uses Lit itself: Lit must be bundled once
//   iife-cdn         dist/voice-agent.iife.js as a classic script from a CORS "CDN" origin
//   missing-strings  string-table chunks 404 (a Vite app with them deleted, and dist/voice-agent.js
//                    loaded raw via an import map): the page must stay responsive, in English
//   missing-adapter  the vite build without its Lyzr adapter chunk: Start gives one short error
//                    naming the file, remembered (no refetch), mic released; Anunzi still works
//   policy-header    the vite app served with `Permissions-Policy: microphone=()`: mic-forbidden,
//                    no getUserMedia stream, no session
//   iframe-no-allow  the vite app in a cross-origin iframe without allow="microphone":
//                    mic-forbidden; with allow="microphone" the call works
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, chromiumPath } from '../fixtures/chromium.mjs';
import { writeSineWav } from '../fixtures/make-wav.mjs';
import { startLyzrMock } from '../../demo/mock-lyzr.mjs';
import { startAnunziMock } from '../../demo/mock-anunzi.mjs';
import { startTokenBroker } from '../../server/token-broker.mjs';
import { startStaticServer } from '../../demo/static-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The checkout that is packed (this repo unless CONSUMER_PACKAGE_DIR says otherwise). */
const packageRoot = process.env.CONSUMER_PACKAGE_DIR ? normalize(process.env.CONSUMER_PACKAGE_DIR) : root;
const sources = fileURLToPath(new URL('.', import.meta.url));
const work = join(sources, '.work');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const installed = join(work, 'node_modules', 'voice-agent');
const WORKLETS = ['capture-processor.js', 'playback-processor.js'];
/** Texts only a non-English string table holds (es, de, pt, fr "Start call"/"End call"). */
const STRING_TABLE_MARKERS = ['Iniciar llamada', 'Anruf starten', 'Iniciar chamada', 'Raccrocher'];
const ASSISTANT_ID = 'consumer-assistant';
const API_KEY = 'consumer-matrix-anunzi-key';
/** `CONSUMER_VERBOSE=1`: also print what each check measured, indented under its consumer. */
const verbose = Boolean(process.env.CONSUMER_VERBOSE);
const note = (text) => verbose && console.log(`    ${text}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ───────────────────────────── helpers ─────────────────────────────

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
function run(command, args, { cwd = root, timeoutMs = 240_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part) => (stdout += part));
    child.stderr.on('data', (part) => (stderr += part));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => (stderr += String(error)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `killed (${signal})` : code, stdout, stderr });
    });
  });
}

class Failure extends Error {}
const fail = (reason) => {
  throw new Failure(reason);
};
const check = (condition, reason) => condition || fail(reason);

/** The lines of a tool's output that say what went wrong, squeezed into one line. */
function gist(output, max = 400) {
  // Minified code echoed in a stack trace is noise: skip very long lines.
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => line && line.length < 300);
  const thrown = lines.filter((line) => /^\w*Error\b:/.test(line));
  const telling = thrown.length ? thrown : lines.filter((line) => /error|cannot|could not|not found|failed|critical|unresolved/i.test(line));
  const text = (telling.length ? telling.slice(0, 4) : lines.slice(-3)).join(' | ');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

async function build(command, args, cwd) {
  const result = await run(command, args, { cwd });
  if (result.code !== 0) fail(`${basename(command)} exited ${result.code}: ${gist(result.stderr + '\n' + result.stdout)}`);
  return `${result.stdout}\n${result.stderr}`;
}

/** A reason fit for one line: data: URLs elided, long reasons cut. */
function shorten(reason, max = 1200) {
  const text = reason.replace(/\bdata:([\w/+.-]+)[;,][^\s"'`)]{40,}/g, (url, type) => `data:${type}…(${url.length} chars)`);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Rejects with `reason` if `promise` takes longer than `ms` (a hung page never answers CDP). */
function within(ms, promise, reason) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Failure(reason)), ms))),
  ]);
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
const jsFilesUnder = (dir) => filesUnder(dir).filter((file) => /\.m?js$/.test(file));
const count = (text, needle) => text.split(needle).length - 1;
/** A state trail short enough for a reason: the first and last few states. */
const trail = (states) => (states.length > 10 ? `${states.slice(0, 4).join(',')},…(${states.length - 8} more)…,${states.slice(-4).join(',')}` : states.join(',') || 'none');

/** Copies test/consumers/<name>/ to .work/<name>/, where `voice-agent` resolves to the tarball. */
function stage(name) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(sources, name), dir, { recursive: true });
  return dir;
}

/** The documented setup for bundlers that leave `new URL('…', import.meta.url)` alone. */
function copyWorklets(dist) {
  for (const file of WORKLETS) {
    const from = join(installed, 'dist', file);
    check(existsSync(from), `the package has no dist/${file} to copy`);
    cpSync(from, join(dist, file));
  }
}

// ───────────────────────────── package ─────────────────────────────

async function preparePackage() {
  if (!existsSync(join(packageRoot, 'dist', 'voice-agent.js'))) {
    console.log('dist/voice-agent.js is missing: npm run build');
    const built = await run('npm', ['run', 'build'], { cwd: packageRoot, timeoutMs: 600_000 });
    if (built.code !== 0) throw new Error(`npm run build failed: ${gist(built.stderr + built.stdout)}`);
  }
  const packDir = mkdtempSync(join(tmpdir(), 'voice-agent-pack-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: packageRoot });
  if (packed.code !== 0) throw new Error(`npm pack failed: ${gist(packed.stderr)}`);
  const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(join(packDir, basename(filename)), join(work, 'voice-agent.tgz'));
  rmSync(packDir, { recursive: true, force: true });
  writeFileSync(
    join(work, 'package.json'),
    `${JSON.stringify({ name: 'voice-agent-consumers', private: true, type: 'module', dependencies: { 'voice-agent': 'file:voice-agent.tgz' } }, null, 2)}\n`,
  );
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: work });
  if (install.code !== 0) throw new Error(`npm install of the tarball failed: ${gist(install.stderr)}`);

  // Apps in .work/<name>/ must get voice-agent and lit from .work/node_modules, not the repo's.
  const resolved = await run(
    process.execPath,
    ['--input-type=module', '-e', "console.log(import.meta.resolve('voice-agent')); console.log(import.meta.resolve('lit'))"],
    { cwd: work },
  );
  const inWork = (url) => url?.startsWith('file://') && fileURLToPath(url).startsWith(join(work, 'node_modules') + sep);
  const [voiceAgentUrl, litUrl] = resolved.stdout.trim().split('\n');
  if (!inWork(voiceAgentUrl)) throw new Error(`voice-agent does not resolve into .work/node_modules: ${voiceAgentUrl ?? gist(resolved.stderr)}`);
  if (!inWork(litUrl)) throw new Error(`lit does not resolve into .work/node_modules: ${litUrl ?? gist(resolved.stderr)}`);
  if (existsSync(join(installed, 'node_modules', 'lit'))) throw new Error('the tarball got a nested copy of lit');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  return { tarball: basename(filename), files: files.map((file) => file.path), manifest };
}

// ───────────────────────────── servers ─────────────────────────────

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml' };

/**
 * One origin for every app (so the broker's allowed origin and the CSP stay fixed); the app it
 * serves is switched between consumers with `site.use(...)`. `{{NAME}}` in .html is filled from vars;
 * `headers` are added to every response.
 */
async function startSite() {
  let current = { root: work, mounts: [], csp: "default-src 'none'", blocked: new Set(), vars: {}, headers: {} };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const mount = current.mounts.find((m) => path.startsWith(m.prefix));
    const dir = mount ? mount.dir : current.root;
    const rel = mount ? path.slice(mount.prefix.length) : path;
    const file = normalize(join(dir, rel.endsWith('/') || rel === '' ? `${rel}/index.html` : rel));
    const headers = { 'Content-Security-Policy': current.csp, 'Cache-Control': 'no-store', ...current.headers };
    if (!file.startsWith(normalize(dir + sep)) || current.blocked.has(file) || !existsSync(file) || statSync(file).isDirectory()) {
      return void res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found');
    }
    let body = readFileSync(file);
    if (extname(file) === '.html') body = body.toString('utf8').replace(/\{\{(\w+)\}\}/g, (m, name) => current.vars[name] ?? m);
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    use: (options) => (current = { mounts: [], blocked: new Set(), vars: {}, headers: {}, ...options }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let env; // servers + browser, started on first use and shared by every browser consumer

async function environment() {
  if (env) return env;
  const { default: puppeteer } = await import('puppeteer-core');
  const site = await startSite();
  // The "CDN" for iife-cdn: the installed package's dist/ on another origin, with CORS.
  const cdn = await startStaticServer({
    root: join(installed, 'dist'),
    headers: { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
  });
  const lyzr = await startLyzrMock({ quiet: true });
  const anunzi = await startAnunziMock({ quiet: true, apiKey: API_KEY });
  const broker = await startTokenBroker({
    quiet: true,
    apiKey: API_KEY,
    vendorBaseUrl: anunzi.url,
    assistantIds: [ASSISTANT_ID],
    allowedOrigins: [site.url],
    // All consumers come from 127.0.0.1, one client to the limiter (tested in test/node/).
    rateLimit: false,
  });
  const wsOrigin = (url) => url.replace(/^http/, 'ws');
  // The sockets' URLs are the ones the mocks announce: ws://<the host we reached them at>.
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${lyzr.url} ${broker.url} ${wsOrigin(lyzr.url)} ${wsOrigin(anunzi.url)}`,
  ].join('; ');
  const vars = { LYZR: lyzr.url, ANUNZI: `${broker.url}/api/voice-session?assistant=${ASSISTANT_ID}` };
  const wav = writeSineWav(join(work, 'fake-mic-440hz-48k.wav'), {
    sampleRate: 48000,
    frequency: 440,
    seconds: 9,
    amplitude: 0.5,
    toneSeconds: 2,
    pauseSeconds: 1,
  });
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs(wav),
    protocolTimeout: 60_000,
  });
  env = {
    site,
    cdn,
    lyzr,
    anunzi,
    broker,
    csp,
    vars,
    browser,
    close: async () => {
      await within(15_000, browser.close(), 'browser close').catch(() => browser.process()?.kill('SIGKILL'));
      await Promise.all([site, cdn, lyzr, anunzi, broker].map((server) => server.close()));
    },
  };
  return env;
}

// ───────────────────────────── the call ─────────────────────────────

/** Runs in the page before any of its scripts: records what the assertions need. */
function instrument() {
  const seen = (window.__consumer = { violations: [], errors: [], errorDetails: [], states: [], tracks: [], getUserMediaCalls: 0 });
  document.addEventListener('securitypolicyviolation', (e) => seen.violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`), true);
  window.addEventListener(
    'voice-agent-error',
    (e) => {
      seen.errors.push(`${e.target.id}: ${JSON.stringify(e.detail)}`);
      seen.errorDetails.push({ id: e.target.id, detail: JSON.parse(JSON.stringify(e.detail ?? null)) });
    },
    true,
  );
  window.addEventListener('voice-agent-state', (e) => seen.states.push(`${e.target.id}:${e.detail?.state}`), true);
  const getUserMedia = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = async function (...args) {
    seen.getUserMediaCalls++;
    const stream = await getUserMedia.apply(this, args);
    seen.tracks.push(...stream.getTracks());
    return stream;
  };
}

async function inspect(mock) {
  const response = await fetch(`${mock.url}/__inspect/latest`);
  return response.ok ? response.json() : null;
}

async function poll(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last?.done) return last.value;
    await sleep(200);
  }
  fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last?.why ? ` (${last.why})` : ''}`);
}

/** What a live call checks at its mock: the session key that changes per call, and protocol extras. */
const CALLS = {
  lyzr: { mock: 'lyzr', key: 'sessionId', extra: (r) => check(r.sampleRates.length === 1 && r.sampleRates[0] === 24000, `Lyzr frames carried sampleRate ${JSON.stringify(r.sampleRates)}, want [24000]`) },
  anunzi: { mock: 'anunzi', key: 'token', extra: (r) => check(r.clientReadyAt !== null, 'Anunzi never got status_client_ready') },
};

/**
 * Opens `url` (default: the site's root) in a fresh browser context with the instruments, and
 * waits for both widgets' Start buttons in the frame `pickFrame(page)` returns (default: the
 * main frame). Every request's URL is kept in `requests`; anything suspicious in `problems`.
 */
async function openApp({ url, pickFrame } = {}) {
  const { site, browser } = await environment();
  const context = await browser.createBrowserContext();
  const close = () => within(10_000, context.close(), 'context close').catch(() => {});
  const problems = [];
  const requests = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${String(error.message ?? error).split('\n')[0]}`));
    page.on('request', (request) => {
      requests.push(request.url());
      if (/^(data|blob):/i.test(request.url())) problems.push(`${request.resourceType()} from a ${request.url().slice(0, 40)}… URL`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url().replace(site.url, '')}`);
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url().replace(site.url, '')} (${request.failure()?.errorText})`));
    await page.evaluateOnNewDocument(instrument);
    await page.goto(url ?? `${site.url}/`, { waitUntil: 'load', timeout: 20_000 });
    const frame = pickFrame ? await pickFrame(page) : page.mainFrame();
    await frame
      .waitForFunction(
        () => customElements.get('voice-agent') && ['lyzr', 'anunzi'].every((id) => document.getElementById(id)?.shadowRoot?.querySelector('button[part=button]')),
        { timeout: 15_000 },
      )
      .catch(() => fail(`<voice-agent> never rendered its Start buttons${problems.length ? `: ${problems.join('; ')}` : ''}`));
    return {
      context,
      page,
      frame,
      problems,
      requests,
      close,
      seen: () => frame.evaluate(() => ({ ...window.__consumer, tracks: window.__consumer.tracks.map((t) => `${t.kind}:${t.readyState}`) })),
      stateOf: (id) => frame.evaluate((id) => document.getElementById(id).getAttribute('state'), id),
      button: (id) => frame.evaluateHandle((id) => document.getElementById(id).shadowRoot.querySelector('button[part=button]'), id),
      /** The trimmed text of the widget's shadow part `part` (null when it is not rendered). */
      partText: (id, part) => frame.evaluate((id, part) => document.getElementById(id).shadowRoot.querySelector(`[part=${part}]`)?.textContent?.trim() ?? null, id, part),
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One call on widget `id` checked end to end: live, audio at the mock, ended, mic released. */
async function liveCall(app, id) {
  const { frame, problems, seen, stateOf, button } = app;
  const { key, extra } = CALLS[id];
  const mock = (await environment())[CALLS[id].mock];
  const before = (await inspect(mock))?.[key];
  await (await button(id)).click();
  await frame
    .waitForFunction(
      (id) => ['listening', 'speaking', 'error', 'mic-denied', 'mic-forbidden', 'no-mic', 'insecure', 'ended'].includes(document.getElementById(id).getAttribute('state')),
      { timeout: 20_000 },
      id,
    )
    .catch(() => {});
  if (!['listening', 'speaking'].includes(await stateOf(id))) {
    const s = await seen();
    fail(`${id} call never went live (state ${await stateOf(id)}; states ${trail(s.states)}; errors ${s.errors.join(' ') || 'none'}${problems.length ? `; ${problems.join('; ')}` : ''})`);
  }
  // Audio reached the mock, in the format the protocol demands and carrying the mic's 440 Hz.
  const record = await poll(
    `${id} mock to receive audio`,
    async () => {
      const r = await inspect(mock);
      if (!r || r[key] === before) return { why: 'no new session at the mock' };
      if (r.violations.length) fail(`${id} mock saw protocol violations: ${JSON.stringify(r.violations)}`);
      // A second of voiced audio first: a median over a few windows is at the mercy of one glitch.
      return r.voicedFrames >= 50 && r.toneHz !== null ? { done: true, value: r } : { why: `${r.frames} frames (${r.voicedFrames} voiced), tone ${r.toneHz}` };
    },
    10_000,
  );
  extra(record);
  note(`${id}: live; mock got ${record.frames} frames (samples per frame ${JSON.stringify(record.frameSampleCounts)}), tone ${record.toneHz} Hz${record.sampleRates ? `, sampleRate ${record.sampleRates}` : ''}`);
  check(Math.abs(record.toneHz - 440) < 30, `${id} mock heard ${record.toneHz} Hz, the fake mic plays 440 Hz (wrong sample rate or format?)`);
  // End the call: the state settles and the microphone is released.
  await (await button(id)).click();
  await frame
    .waitForFunction((id) => ['ended', 'idle'].includes(document.getElementById(id).getAttribute('state')), { timeout: 10_000 }, id)
    .catch(async () => fail(`${id} call did not end (state ${await stateOf(id)})`));
  await poll(`${id} mock socket to close`, async () => ((await inspect(mock))?.closed ? { done: true } : {}), 5_000);
  const { tracks } = await seen();
  const live = tracks.filter((track) => !track.endsWith(':ended'));
  note(`${id}: ended (state ${await stateOf(id)}), mic tracks ${tracks.join(', ')}, mock socket closed`);
  check(live.length === 0, `${id}: microphone not released after the call (${live.join(', ')})`);
}

/** No CSP violations, no voice-agent-error events, no page errors or failed requests. */
async function assertClean(app) {
  const { violations, errors } = await app.seen();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  check(errors.length === 0, `voice-agent-error events: ${errors.join('; ')}`);
  check(app.problems.length === 0, app.problems.join('; '));
}

/** Opens the app in a fresh browser context: one Lyzr and one Anunzi call, each checked end to end. */
async function callTest(dist, { scriptOrigins = [], extraVars = {} } = {}) {
  const { site, csp: baseCsp, vars } = await environment();
  const csp = baseCsp.replace("script-src 'self'", ["script-src 'self'", ...scriptOrigins].join(' '));
  site.use({ root: dist, csp, vars: { ...vars, ...extraVars } });
  const app = await openApp();
  try {
    for (const id of ['lyzr', 'anunzi']) await liveCall(app, id);
    await assertClean(app);
  } finally {
    await app.close();
  }
}

// ───────────────────────── responsiveness ─────────────────────────

/**
 * A page whose string-table chunks 404: it must load, keep painting frames, show English, and
 * leave the CPU idle (the old design re-requested an update forever: a microtask loop).
 */
async function responsivenessTest(label, options) {
  const { site, browser } = await environment();
  site.use(options);
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error.message ?? error).split('\n')[0]));
    let loaded = false;
    page.once('load', () => (loaded = true));
    await within(15_000, page.goto(`${site.url}/`, { waitUntil: 'domcontentloaded', timeout: 15_000 }), `${label}: page did not reach DOMContentLoaded in 15 s`).catch((e) => fail(e.message));
    await sleep(1500); // the strings request has failed by now
    const frame = await within(
      5000,
      page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))),
      `${label}: main thread busy — requestAnimationFrame did not run within 5 s`,
    );
    check(typeof frame === 'number', `${label}: no animation frame`);
    const ready = await within(5000, page.evaluate(() => document.readyState), `${label}: page stopped answering`);
    check(loaded && ready === 'complete', `${label}: load event never fired (readyState ${ready})`);
    const text = await within(
      5000,
      page.evaluate(() => document.querySelector('voice-agent')?.shadowRoot?.querySelector('button[part=button]')?.textContent?.trim() ?? null),
      `${label}: page stopped answering`,
    );
    check(text === 'Start call', `${label}: Start button reads ${JSON.stringify(text)}, want the English "Start call"${errors.length ? ` (errors: ${errors.join('; ')})` : ''}`);
    const before = await within(5000, page.metrics(), `${label}: metrics unavailable (page hung)`);
    await sleep(2000);
    const after = await within(5000, page.metrics(), `${label}: metrics unavailable (page hung)`);
    const busy = after.TaskDuration - before.TaskDuration;
    note(`${label}: load fired, frame at ${Math.round(frame)} ms, button "${text}", ${busy.toFixed(3)} s of tasks in 2 s idle`);
    check(busy < 0.5, `${label}: CPU busy ${busy.toFixed(2)} s of 2 s idle (update loop?)`);
    check(errors.length === 0, `${label}: page errors: ${errors.join('; ')}`);
  } finally {
    // A hung renderer cannot be closed politely; the browser kills its process with the context.
    await within(10_000, context.close(), 'context close').catch(() => {});
  }
}

let viteBuilt;
/** The vite consumer's build, built once per run and shared (read-only) by the consumers below. */
function viteApp() {
  viteBuilt ??= (async () => {
    const dir = stage('vite');
    await build(bin('vite'), ['build'], dir);
    return join(dir, 'dist');
  })();
  return viteBuilt;
}

/**
 * Start on the Lyzr widget in a page whose permissions policy forbids the microphone: the
 * widget must say so (its own state, the site owner's fix in the hint), fire one error event,
 * and neither open the mic nor start a session.
 */
async function expectMicForbidden(app, label) {
  const { lyzr, anunzi } = await environment();
  const before = { lyzr: (await inspect(lyzr))?.sessionId, anunzi: (await inspect(anunzi))?.token };
  const policy = await app.frame.evaluate(() => {
    const p = document.permissionsPolicy ?? document.featurePolicy;
    return p ? String(p.allowsFeature('microphone')) : 'not exposed';
  });
  await (await app.button('lyzr')).click();
  await app.frame
    .waitForFunction(() => document.getElementById('lyzr').getAttribute('state') === 'mic-forbidden', { timeout: 10_000 })
    .catch(async () => {
      const s = await app.seen();
      fail(`${label}: state ${await app.stateOf('lyzr')}, want mic-forbidden (policy allowsFeature('microphone') ${policy}; states ${trail(s.states)}; errors ${s.errors.join(' ') || 'none'})`);
    });
  const status = await app.partText('lyzr', 'status');
  const hint = await app.partText('lyzr', 'hint');
  check(status === 'Microphone not allowed on this page', `${label}: status reads ${JSON.stringify(status)}, want "Microphone not allowed on this page"`);
  check(hint?.includes('allow="microphone"') && hint.includes('Permissions-Policy'), `${label}: hint does not name allow="microphone" and Permissions-Policy: ${JSON.stringify(hint)}`);
  await sleep(300); // a stray request or event would show by now
  const s = await app.seen();
  const events = s.errorDetails.map((e) => `${e.id}:${e.detail?.state}`);
  check(events.length === 1 && events[0] === 'lyzr:mic-forbidden', `${label}: voice-agent-error events ${JSON.stringify(events)}, want exactly one with detail.state "mic-forbidden"`);
  check(s.tracks.length === 0, `${label}: getUserMedia returned a stream (${s.tracks.join(', ')}) although the page forbids the microphone`);
  const sessions = app.requests.filter((url) => /\/session\/start|\/api\/voice-session/.test(url));
  check(sessions.length === 0, `${label}: session requests were sent: ${sessions.join(', ')}`);
  const after = { lyzr: (await inspect(lyzr))?.sessionId, anunzi: (await inspect(anunzi))?.token };
  check(after.lyzr === before.lyzr && after.anunzi === before.anunzi, `${label}: a session reached the mocks (Lyzr ${before.lyzr} → ${after.lyzr}, Anunzi ${before.anunzi} → ${after.anunzi})`);
  check(s.violations.length === 0, `${label}: CSP violations: ${s.violations.join('; ')}`);
  check(app.problems.length === 0, `${label}: ${app.problems.join('; ')}`);
  note(`${label}: allowsFeature('microphone') ${policy}; state mic-forbidden, status "${status}", hint "${hint}"; events ${events.join(',')}; getUserMedia called ${s.getUserMediaCalls}×, 0 streams; no session request`);
}

/** Files among `files` that hold a non-English string table. */
const stringTableFiles = (files) => files.filter((file) => STRING_TABLE_MARKERS.some((marker) => readFileSync(file, 'utf8').includes(marker)));

// ───────────────────────────── consumers ─────────────────────────────

const consumers = {
  async tarball({ files }) {
    const packed = new Set(files);
    const missing = [];
    let references = 0;
    // Relative imports, import() calls and new URL('…', import.meta.url) of every packed dist module.
    const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*|new URL\(\s*)["'`](\.{1,2}\/[^"'`]+|[\w.-]+\.js)["'`]/g;
    for (const file of files.filter((f) => /^dist\/.*\.js$/.test(f))) {
      const text = readFileSync(join(installed, file), 'utf8');
      for (const [, spec] of text.matchAll(pattern)) {
        references++;
        const target = normalize(join(file, '..', spec)).split(sep).join('/');
        if (!packed.has(target) && !missing.includes(target)) missing.push(target);
      }
    }
    note(`${references} relative references in ${files.filter((f) => /^dist\/.*\.js$/.test(f)).length} packed dist modules`);
    check(missing.length === 0, `files referenced by the packed dist are not in the tarball (check "files" in package.json): ${missing.join(', ')}`);
    for (const file of ['dist/voice-agent.js', 'dist/voice-agent.iife.js', ...WORKLETS.map((w) => `dist/${w}`)]) {
      check(packed.has(file), `${file} is not in the tarball`);
    }
  },

  async 'node-ssr'() {
    const result = await run(process.execPath, ['--input-type=module', '-e', "await import('voice-agent'); console.log(typeof globalThis.customElements)"], { cwd: work });
    check(result.code === 0 && !result.stderr.trim(), `import in Node: exit ${result.code}: ${gist(result.stderr, 300) || '(stderr empty)'}`);
    // (stdout is "object" when lit's Node build installs its SSR DOM shim; either is fine.)
  },

  async 'react-types'({ manifest }) {
    const entries = Object.keys(manifest.exports ?? {}).filter((key) => /jsx|react/i.test(key));
    const hasTestTypes = existsSync(join(root, 'test', 'types'));
    check(
      entries.length > 0,
      `the package exposes no JSX types: no "exports" entry matching jsx/react (exports: ${Object.keys(manifest.exports ?? {}).join(' ')})${hasTestTypes ? '' : '; test/types/ does not exist yet'}`,
    );
    const entry = `voice-agent/${entries.find((key) => /react/i.test(key)).replace(/^\.\//, '')}`;
    const dir = stage('react-types');
    const app = join(dir, 'app.tsx');
    writeFileSync(app, `import type {} from '${entry}';\nimport 'voice-agent';\n${readFileSync(app, 'utf8')}`);
    const result = await run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: dir });
    check(result.code === 0, `tsc against ${entry}: ${gist(result.stdout + result.stderr, 600)}`);
  },

  async vite() {
    await callTest(await viteApp());
  },

  async webpack() {
    const dir = stage('webpack');
    const output = await build(bin('webpack'), ['--mode', 'production', '--entry', './main.js', '--output-path', 'dist'], dir);
    const critical = output.split('\n').filter((line) => /Critical dependency/i.test(line));
    check(critical.length === 0, `webpack warned: ${critical.map((line) => line.trim()).join(' | ')}`);
    cpSync(join(dir, 'index.html'), join(dir, 'dist', 'index.html'));
    await callTest(join(dir, 'dist'));
  },

  async esbuild() {
    const dir = stage('esbuild');
    await build(bin('esbuild'), ['main.js', '--bundle', '--format=esm', '--splitting', '--outdir=dist', '--log-level=warning'], dir);
    copyWorklets(join(dir, 'dist'));
    cpSync(join(dir, 'index.html'), join(dir, 'dist', 'index.html'));
    await callTest(join(dir, 'dist'));
  },

  async rollup() {
    const dir = stage('rollup');
    await build(bin('rollup'), ['-c'], dir);
    copyWorklets(join(dir, 'dist'));
    cpSync(join(dir, 'index.html'), join(dir, 'dist', 'index.html'));
    await callTest(join(dir, 'dist'));
  },

  async 'lit-app'() {
    const dir = stage('lit-app');
    await build(bin('vite'), ['build'], dir);
    const js = jsFilesUnder(join(dir, 'dist')).map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const marker of ['litHtmlVersions', 'reactiveElementVersions', 'litElementVersions']) {
      const n = count(js, marker);
      note(`${marker}: ${n}×`);
      check(n === 1, `Lit bundled ${n} times (${marker} appears ${n}×, want 1): the package carries its own copy of Lit`);
    }
    await callTest(join(dir, 'dist'));
  },

  async 'iife-cdn'() {
    // The one-tag embed: the classic script from a CORS "CDN" origin, nothing built.
    const dir = stage('iife-cdn');
    const { cdn } = await environment();
    check(existsSync(join(installed, 'dist', 'voice-agent.iife.js')), 'the package has no dist/voice-agent.iife.js');
    await callTest(dir, { scriptOrigins: [cdn.url], extraVars: { CDN: cdn.url } });
  },

  async 'missing-strings'() {
    // Both variants always run; the consumer fails with the reasons of each that failed.
    const reasons = [];
    const variant = async (fn) => {
      try {
        await fn();
      } catch (error) {
        if (!(error instanceof Failure)) throw error;
        reasons.push(error.message);
      }
    };

    // (1) A Vite app whose string-table chunks were not uploaded.
    await variant(async () => {
      const dir = stage('missing-strings');
      await build(bin('vite'), ['build'], dir);
      const dist = join(dir, 'dist');
      const html = readFileSync(join(dist, 'index.html'), 'utf8');
      const entries = [...html.matchAll(/src="\/?([^"]+\.js)"/g)].map((m) => join(dist, m[1]));
      const tables = stringTableFiles(jsFilesUnder(dist).filter((file) => !entries.includes(file)));
      check(tables.length > 0, `Vite app: the build emitted no separate string-table chunk (tables inlined in ${entries.map((f) => relative(dist, f)).join(', ')} or absent)`);
      for (const file of tables) unlinkSync(file);
      note(`deleted ${tables.map((f) => relative(dist, f)).join(', ')}`);
      await responsivenessTest(`Vite app without ${tables.map((f) => basename(f)).join(', ')}`, { root: dist, csp: "default-src 'self'" });
    });

    // (2) dist/voice-agent.js straight from the package, lit through an import map, tables 404.
    await variant(async () => {
      const raw = join(work, 'missing-strings-raw');
      mkdirSync(raw, { recursive: true });
      const importMap = JSON.stringify({
        imports: {
          lit: '/node_modules/lit/index.js',
          'lit/': '/node_modules/lit/',
          'lit-html': '/node_modules/lit-html/lit-html.js',
          'lit-html/': '/node_modules/lit-html/',
          'lit-element': '/node_modules/lit-element/index.js',
          'lit-element/': '/node_modules/lit-element/',
          '@lit/reactive-element': '/node_modules/@lit/reactive-element/reactive-element.js',
          '@lit/reactive-element/': '/node_modules/@lit/reactive-element/',
        },
      });
      const hash = createHash('sha256').update(importMap).digest('base64');
      writeFileSync(
        join(raw, 'index.html'),
        `<!doctype html>\n<html lang="es">\n<head><meta charset="utf-8"><title>raw ES build, tables 404</title>\n<script type="importmap">${importMap}</script>\n` +
          `<script type="module" src="/node_modules/voice-agent/dist/voice-agent.js"></script></head>\n` +
          `<body><voice-agent provider="lyzr" agent-id="raw" server-url="http://127.0.0.1:9"></voice-agent></body>\n</html>\n`,
      );
      const packageDist = join(installed, 'dist');
      const packageTables = stringTableFiles(
        jsFilesUnder(packageDist).filter((file) => !['voice-agent.js', 'voice-agent.iife.js'].includes(basename(file))),
      );
      // Nothing to block means every table is missing from the tarball: the test still stands.
      await responsivenessTest(
        `raw dist/voice-agent.js with ${packageTables.length ? `${packageTables.map((f) => relative(packageDist, f)).join(', ')} 404` : 'no string tables in the tarball'}`,
        {
          root: raw,
          mounts: [{ prefix: '/node_modules/', dir: join(work, 'node_modules') }],
          blocked: new Set(packageTables),
          csp: `default-src 'self'; script-src 'self' 'sha256-${hash}'`,
        },
      );
    });
    check(reasons.length === 0, reasons.join(' || '));
  },
};

Object.assign(consumers, {
  async 'missing-adapter'() {
    // The Vite app deployed without its Lyzr adapter chunk.
    const dist = join(work, 'missing-adapter', 'dist');
    rmSync(join(work, 'missing-adapter'), { recursive: true, force: true });
    cpSync(await viteApp(), dist, { recursive: true });
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const entries = [...html.matchAll(/src="\/?([^"]+\.js)"/g)].map((m) => join(dist, m[1]));
    check(entries.length > 0, 'the Vite app\'s index.html names no entry script');
    const marker = '/session/start'; // the Lyzr adapter's endpoint: only its code holds it
    for (const entry of entries) {
      check(!readFileSync(entry, 'utf8').includes(marker), `the main bundle ${relative(dist, entry)} holds the Lyzr adapter's code (${marker}): no separate chunk to delete`);
    }
    const chunks = jsFilesUnder(dist).filter((file) => !entries.includes(file) && readFileSync(file, 'utf8').includes(marker));
    check(chunks.length === 1, `want exactly one chunk holding ${marker}, found ${chunks.map((f) => relative(dist, f)).join(', ') || 'none'}`);
    const name = basename(chunks[0]);
    unlinkSync(chunks[0]);
    note(`deleted ${relative(dist, chunks[0])} (main bundle ${entries.map((f) => relative(dist, f)).join(', ')} intact)`);

    const { site, csp, vars } = await environment();
    site.use({ root: dist, csp, vars });
    const app = await openApp();
    try {
      const fetches = () => app.requests.filter((url) => new URL(url).pathname.endsWith(`/${name}`)).length;
      /** Clicks Start and waits for the attempt to end in `error` (a new error state or event). */
      const start = async (n) => {
        const { states, errorDetails } = await app.seen();
        await (await app.button('lyzr')).click();
        await app.frame
          .waitForFunction(
            (statesBefore, errorsBefore) =>
              document.getElementById('lyzr').getAttribute('state') === 'error' &&
              (window.__consumer.states.slice(statesBefore).includes('lyzr:error') || window.__consumer.errorDetails.length > errorsBefore),
            { timeout: 20_000 },
            states.length,
            errorDetails.length,
          )
          .catch(async () => {
            const s = await app.seen();
            fail(`start ${n}: state ${await app.stateOf('lyzr')} after 20 s, want error (states ${trail(s.states)}; errors ${s.errors.join(' ') || 'none'})`);
          });
        await sleep(300); // let a duplicate event or a retry request show
        return app.partText('lyzr', 'hint');
      };

      const hint = await start(1);
      check(hint?.includes('Lyzr adapter did not load'), `hint does not say "Lyzr adapter did not load": ${JSON.stringify(hint)}`);
      check(hint.includes(name), `hint does not name the missing file ${name}: ${JSON.stringify(hint)}`);
      check(hint.length < 300, `hint is ${hint.length} characters, want < 300: ${JSON.stringify(hint)}`);
      check(!hint.includes('data:'), `hint contains a data: URL: ${JSON.stringify(hint)}`);
      let s = await app.seen();
      check(s.errorDetails.length === 1, `${s.errorDetails.length} voice-agent-error events after one failed start, want 1: ${s.errors.join(' ')}`);
      const live = s.tracks.filter((track) => !track.endsWith(':ended'));
      check(live.length === 0, `microphone not released after the failed start (${live.join(', ')})`);
      const tracksAfterFirst = s.tracks.length;

      const again = await start(2);
      check(again === hint, `the second start gave another hint: ${JSON.stringify(again)} (first: ${JSON.stringify(hint)})`);
      check(fetches() === 1, `${name} was requested ${fetches()}× across two starts, want 1 (the failure is not remembered)`);
      const rafMs = await within(
        2000,
        app.frame.evaluate(() => new Promise((resolve) => { const t0 = performance.now(); requestAnimationFrame(() => resolve(performance.now() - t0)); })),
        'page froze after the second start: requestAnimationFrame did not run within 2 s',
      );
      s = await app.seen();
      const live2 = s.tracks.filter((track) => !track.endsWith(':ended'));
      check(live2.length === 0, `microphone not released after the second failed start (${live2.join(', ')})`);
      const others = s.errorDetails.filter((e) => e.id !== 'lyzr');
      check(others.length === 0, `voice-agent-error events from other widgets: ${JSON.stringify(others)}`);
      note(`hint (${hint.length} chars): "${hint}"; ${name} requested ${fetches()}× over 2 starts; error events ${s.errorDetails.length} (after start 1: 1); mic tracks ${tracksAfterFirst} after start 1, ${s.tracks.length} after start 2, all ended; rAF ${rafMs.toFixed(0)} ms`);

      // The Anunzi widget on the same page: its chunk is there, its call must work.
      await liveCall(app, 'anunzi');
      const { violations, errorDetails } = await app.seen();
      check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
      check(errorDetails.every((e) => e.id === 'lyzr'), `voice-agent-error events from the Anunzi call: ${JSON.stringify(errorDetails.filter((e) => e.id !== 'lyzr'))}`);
      const problems = app.problems.filter((problem) => !problem.includes(name));
      check(problems.length === 0, problems.join('; '));
    } finally {
      await app.close();
    }
  },

  async 'policy-header'() {
    // The Vite app's page served with `Permissions-Policy: microphone=()`.
    const dist = await viteApp();
    const { site, csp, vars } = await environment();
    site.use({ root: dist, csp, vars, headers: { 'Permissions-Policy': 'microphone=()' } });
    const app = await openApp();
    try {
      await expectMicForbidden(app, 'Permissions-Policy: microphone=()');
    } finally {
      await app.close();
    }
  },

  async 'iframe-no-allow'() {
    // Origin A's page frames the Vite app from origin B (the site: the broker and CSP know it).
    const dir = stage('iframe-no-allow');
    const { site, csp, vars } = await environment();
    site.use({ root: await viteApp(), csp, vars });
    const outer = await startStaticServer({
      root: dir,
      headers: { 'Content-Security-Policy': `default-src 'none'; frame-src ${site.url}` },
      vars: { APP: `${site.url}/` },
    });
    check(new URL(outer.url).origin !== new URL(site.url).origin, 'the outer page and the app share an origin');
    const pickFrame = async (page) => {
      const frame = await (await page.waitForSelector('iframe#app', { timeout: 10_000 })).contentFrame();
      return frame ?? fail('the iframe has no content frame');
    };
    try {
      const denied = await openApp({ url: `${outer.url}/index.html`, pickFrame });
      try {
        await expectMicForbidden(denied, 'cross-origin iframe without allow="microphone"');
      } finally {
        await denied.close();
      }
      // The positive control: the same page with allow="microphone" makes the call.
      const allowed = await openApp({ url: `${outer.url}/allowed.html`, pickFrame });
      try {
        await liveCall(allowed, 'lyzr').catch((error) => fail(`iframe with allow="microphone": ${error.message}`));
        await assertClean(allowed);
      } finally {
        await allowed.close();
      }
    } finally {
      await outer.close();
    }
  },
});

// ───────────────────────────── main ─────────────────────────────

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in consumers));
if (unknown.length) {
  console.error(`unknown consumer(s): ${unknown.join(', ')}; known: ${Object.keys(consumers).join(', ')}`);
  process.exit(2);
}
const started = Date.now();
const results = [];
let exitCode = 0;
try {
  const pkg = await preparePackage();
  console.log(`installed ${pkg.tarball} (${pkg.files.length} files) into ${relative(root, work)}/`);
  for (const [name, test] of Object.entries(consumers)) {
    if (wanted.length && !wanted.includes(name)) continue;
    const t0 = Date.now();
    let line;
    try {
      await test(pkg);
      line = `consumer ${name}: ok`;
      results.push(true);
    } catch (error) {
      const reason = shorten(error instanceof Failure ? error.message : `harness error: ${error?.stack ?? error}`);
      line = `consumer ${name}: FAILED (${reason.replace(/\s*\n\s*/g, ' ')})`;
      results.push(false);
    }
    console.log(`${line}  [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
  }
} catch (error) {
  console.error(`consumer matrix could not start: ${error.message}`);
  exitCode = 1;
} finally {
  await env?.close();
}
const failed = results.filter((ok) => !ok).length;
console.log(`consumers: ${results.length - failed} ok, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exit(failed || exitCode ? 1 : 0);
