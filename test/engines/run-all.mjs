// Runs the browser suite in Chromium, Firefox and WebKitGTK one after another (two cores do
// not fit two browsers), then repeats each engine's `engine <name>: …` line and its wall time.
// Exit code 1 if any engine failed. Usage: node test/engines/run-all.mjs [wtr args…]
import { spawn, spawnSync } from 'node:child_process';

// The fake mic (PulseAudio and a looping player) is stopped at the end if this run started it,
// so nothing outlives CI.
const pulseWasRunning = spawnSync('pulseaudio', ['--check']).status === 0;

const args = process.argv.slice(2);
const runs = [
  ['chromium', 'npx', ['wtr', ...args]],
  ['firefox', 'npm', ['run', '--silent', 'test:firefox', '--', ...args]],
  ['webkit', 'npm', ['run', '--silent', 'test:webkit', '--', ...args]],
];

const summaries = [];
let failed = false;
for (const [engine, command, commandArgs] of runs) {
  const started = Date.now();
  const lines = [];
  const code = await new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      lines.push(...String(chunk).split('\n'));
    });
    child.on('close', resolve);
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  const summary = lines.find((line) => line.startsWith(`engine ${engine}:`)) ?? `engine ${engine}: no result (exit ${code})`;
  summaries.push(`${summary} (${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s)`);
  if (code !== 0) failed = true;
}
if (!pulseWasRunning) spawnSync('sh', ['test/engines/pulse-fake-mic.sh', 'stop']);
console.log(`\n${summaries.join('\n')}`);
process.exit(failed ? 1 : 0);
