// Runs the fault suite several times in a row (three by default) and names every test that
// failed in any run, with the runs it failed in: a test that fails once in three is a flake
// to fix, not noise. A check for timing assumptions on a loaded machine; not part of npm test.
// Usage: node test/engines/faults-thrice.mjs [--runs N] [--engine chromium|firefox|webkit] [wtr args…]
//        npm run test:faults-thrice
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args.splice(at, 2)[1];
};
const runs = Number(option('--runs', '3'));
const engine = option('--engine', 'chromium');
// The soak is a long run of its own (npm run test:soak), not part of the fault suite's check.
const files = readdirSync('test/faults')
  .filter((name) => name.endsWith('.test.ts') && name !== 'soak.test.ts')
  .map((name) => `test/faults/${name}`);
const command = {
  chromium: ['npx', ['wtr']],
  firefox: ['npm', ['run', '--silent', 'test:firefox', '--']],
  webkit: ['npm', ['run', '--silent', 'test:webkit', '--']],
}[engine];
if (!command || !(runs >= 1)) {
  console.error('usage: node test/engines/faults-thrice.mjs [--runs N] [--engine chromium|firefox|webkit] [wtr args…]');
  process.exit(2);
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const resultsFolder = mkdtempSync(join(tmpdir(), 'voice-agent-faults-'));

/** One run of the suite: its counts (from the engine reporter) and the titles of failed tests. */
async function runOnce(run) {
  const resultsFile = join(resultsFolder, `run-${run}.json`);
  const failedTitles = new Set();
  const started = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(command[0], [...command[1], '--files', ...files, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, WTR_RESULTS_FILE: resultsFile },
    });
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        // The default reporter marks each failed test with ❌ and its suite > title path.
        const failed = line.replace(ANSI, '').match(/❌\s+(.*\S)/);
        if (failed) failedTitles.add(failed[1]);
      }
    });
    child.on('close', resolve);
  });
  let counts = null;
  try {
    counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {}
  return { run, code, counts, failedTitles, seconds: (Date.now() - started) / 1000 };
}

const results = [];
for (let run = 1; run <= runs; run++) {
  console.log(`\n— fault suite, run ${run} of ${runs} (${engine}) —\n`);
  results.push(await runOnce(run));
}
rmSync(resultsFolder, { recursive: true, force: true });

console.log(`\nFault suite × ${runs} in ${engine} (${files.length} files):`);
for (const { run, code, counts, failedTitles, seconds } of results) {
  const tally = counts ? `${counts.passed} passed, ${counts.failed} failed` : `no counts (exit code ${code})`;
  console.log(`  run ${run}: ${tally} in ${seconds.toFixed(0)} s${failedTitles.size ? ` — failed: ${[...failedTitles].join('; ')}` : ''}`);
}
const failedIn = new Map();
for (const { run, failedTitles } of results) for (const title of failedTitles) failedIn.set(title, [...(failedIn.get(title) ?? []), run]);
const brokenRuns = results.filter((result) => result.code !== 0 && result.failedTitles.size === 0);
for (const [title, inRuns] of failedIn) {
  const kind = inRuns.length === runs ? 'failed every run' : `flaky: failed in run ${inRuns.join(', ')} of ${runs}`;
  console.log(`  ${kind}: ${title}`);
}
for (const { run, code } of brokenRuns) console.log(`  run ${run} ended with exit code ${code} and no failed test named (a crash or a load error)`);
const clean = failedIn.size === 0 && brokenRuns.length === 0;
console.log(clean ? `  no failures in ${runs} runs` : `  ${failedIn.size} test(s) failed in at least one run`);
process.exit(clean ? 0 : 1);
