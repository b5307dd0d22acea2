// Runs the browser suite in Chromium, Firefox and WebKitGTK one after another (two cores do
// not fit two browsers), then repeats each engine's `engine <name>: …` line and its wall time.
// A test file whose browser crashed (a segfault inside the engine, not a failed assertion) is
// run once more on a fresh browser, and the summary names it. Exit code 1 if any engine failed.
// Usage: node test/engines/run-all.mjs [wtr args…]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const runs = [
  ['chromium', (extra) => ['npx', ['wtr', ...args, ...extra]]],
  ['firefox', (extra) => ['npm', ['run', '--silent', 'test:firefox', '--', ...args, ...extra]]],
  ['webkit', (extra) => ['npm', ['run', '--silent', 'test:webkit', '--', ...args, ...extra]]],
];

// The fake mic (PulseAudio and a looping player) is stopped at the end if this run started it,
// so nothing outlives CI.
const pulseWasRunning = spawnSync('pulseaudio', ['--check']).status === 0;
const resultsFolder = mkdtempSync(join(tmpdir(), 'voice-agent-engines-'));

/** One wtr run; resolves with its exit code and the reporter's counts (null if it wrote none). */
async function runOnce(engine, [command, commandArgs]) {
  const resultsFile = join(resultsFolder, `${engine}.json`);
  rmSync(resultsFile, { force: true });
  const code = await new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, WTR_RESULTS_FILE: resultsFile } });
    child.on('close', resolve);
  });
  let results = null;
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {}
  return { code, results };
}

const summaries = [];
let failed = false;
for (const [engine, commandFor] of runs) {
  const started = Date.now();
  let { code, results } = await runOnce(engine, commandFor([]));
  let note = '';
  const crashed = results?.crashed ?? [];
  const crashFailures = crashed.reduce((sum, file) => sum + file.failed, 0);
  if (code !== 0 && crashed.length && crashFailures === results.failed) {
    const files = crashed.map((file) => file.file);
    console.log(`\n${engine} crashed in ${files.join(', ')}: running ${files.length === 1 ? 'it' : 'them'} once more on a fresh browser\n`);
    const rerun = await runOnce(engine, commandFor(['--files', ...files]));
    if (rerun.results) {
      const passedBefore = crashed.reduce((sum, file) => sum + file.passed, 0);
      results = {
        ...results,
        passed: results.passed - passedBefore + rerun.results.passed,
        failed: results.failed - crashFailures + rerun.results.failed,
      };
      code = rerun.code;
      note = `, after the browser crashed in ${files.join(', ')} and ${files.length === 1 ? 'it was' : 'they were'} run again`;
    }
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const counts = results ? `${results.passed} passed, ${results.failed} failed${note}` : `no result (exit ${code})`;
  summaries.push(`engine ${engine}: ${counts} (${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s)`);
  if (code !== 0) failed = true;
}
rmSync(resultsFolder, { recursive: true, force: true });
if (!pulseWasRunning) spawnSync('sh', ['test/engines/pulse-fake-mic.sh', 'stop']);
console.log(`\n${summaries.join('\n')}`);
process.exit(failed ? 1 : 0);
