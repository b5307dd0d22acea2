// `npm run bench`: every benchmark in one run, printed as a few titled tables (about 2½ min).
//
//   node bench/run.mjs [--only size,browser,transcript,cpu,dsp,listening] [--seconds 20] [--json results.json]
//                      [--engines chromium,firefox,webkit]   browser section per engine (default chromium)
//   node bench/run.mjs --from results.json      re-print a saved run, measuring nothing
//
// Sections: bundle size, client latency and jitter in headless Chromium (ours vs the baseline),
// the host page's main thread under a transcript burst and during a normal call, worklet CPU
// and allocation, JS CPU per second of audio vs the baseline, the DSP core (resampler,
// simulated jitter buffer), and what a listener hears (synthesised speech through a simulated
// network into our playout and a FIFO baseline). A summary against the performance goals comes first.
// Goals, method and meaning of every figure: bench/README.md.
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { buildLibrary } from './build.mjs';
import { downloadsSection, measureSizes, sizeSection } from './size.mjs';
import { runCpuWorker, cpuSections } from './cpu.mjs';
import { runBrowser, browserSections, engineSection, RUN_SECONDS } from './browser.mjs';
import { runTranscriptBench, transcriptSections } from './transcript.mjs';
import { ENGINES } from './engines/index.mjs';
import { jitterRows, resamplerRows } from './dsp.mjs';
import { listeningSections, runListening } from './listening.mjs';
import { printSection } from './table.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const only = option('only')?.split(',') ?? ['size', 'browser', 'transcript', 'cpu', 'dsp', 'listening'];
const seconds = Number(option('seconds') ?? RUN_SECONDS);
const engines = option('engines')?.split(',') ?? ['chromium'];
for (const engine of engines) if (!ENGINES.includes(engine)) throw new Error(`--engines: unknown engine "${engine}" (known: ${ENGINES.join(', ')})`);
const log = (line) => process.stderr.write(`${line}\n`);

if (option('from')) {
  // Re-print a saved run (--json) with the current table code; nothing is measured.
  const { readFileSync } = await import('node:fs');
  const saved = JSON.parse(readFileSync(option('from'), 'utf8'));
  printRun(saved, [
    ...(saved.size ? [sizeSection(saved.size, 'vite build of this checkout'), downloadsSection(saved.size)] : []),
    ...(saved.browser ? browserSections(saved.browser).sections : []),
    ...(saved.engines ? [...saved.engines.slice(1).flatMap((result) => browserSections(result).sections), engineSection(saved.engines)] : []),
    ...(saved.transcript ? transcriptSections(saved.transcript) : []),
    ...(saved.cpu ? cpuSections(saved.cpu) : []),
    ...(saved.dsp ?? []),
    ...(saved.listening ? listeningSections(saved.listening) : []),
  ]);
  process.exit(0);
}

const startedAt = Date.now();
const machine = {
  date: new Date().toISOString(),
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
  node: process.version,
  loadBefore: loadavg().map((value) => value.toFixed(2)).join(' '),
};
const raw = { machine };
const sections = [];

let distDir;
if (only.some((section) => section !== 'dsp' && section !== 'listening')) {
  log('building the library (vite build, private output folder)…');
  distDir = await buildLibrary();
}

if (only.includes('size')) {
  raw.size = await measureSizes(distDir);
  sections.push(sizeSection(raw.size, 'vite build of this checkout'), downloadsSection(raw.size));
}
if (only.includes('browser')) {
  log(`browser runs: ${seconds} s each, in ${engines.join(', ')}…`);
  const results = [];
  for (const engine of engines) results.push(await runBrowser({ distDir, seconds, engine, log }));
  // The summary and the replay tool read the first engine's run (Chromium's, by default).
  raw.browser = results[0];
  machine.chromium = results.map((result) => result.version).join(', ');
  const { sections: browserTables, runs } = browserSections(raw.browser);
  raw.browserAnalysis = runs.map(({ scenario, ours, baseline }) => ({ scenario: scenario.name, ours: summarize(ours), baseline: summarize(baseline) }));
  sections.push(...browserTables);
  for (const result of results.slice(1)) sections.push(...browserSections(result).sections);
  if (results.length > 1) {
    raw.engines = results;
    sections.push(engineSection(results));
  }
}
if (only.includes('transcript')) {
  log('transcript and main thread (headless Chromium)…');
  raw.transcript = await runTranscriptBench({ distDir, log });
  sections.push(...transcriptSections(raw.transcript));
}
if (only.includes('cpu')) {
  log('worklet CPU harness…');
  raw.cpu = await runCpuWorker(distDir);
  sections.push(...cpuSections(raw.cpu));
}
if (only.includes('dsp')) {
  log('DSP core…');
  raw.dsp = [await resamplerRows(), await jitterRows()];
  sections.push(...raw.dsp);
}
if (only.includes('listening')) {
  log('what a listener hears (synthesised speech, simulated network)…');
  raw.listening = await runListening({ log });
  sections.push(...listeningSections(raw.listening));
}
machine.loadAfter = loadavg().map((value) => value.toFixed(2)).join(' ');
machine.seconds = ((Date.now() - startedAt) / 1000).toFixed(0);

if (option('json')) writeFileSync(option('json'), JSON.stringify(raw, null, 1));
printRun(raw, sections);

function printRun(results, tables) {
  const m = results.machine;
  console.log(
    `voice-agent bench — ${m.date} — ${m.cpu} — Node ${m.node}` +
      `${m.chromium ? ` — ${m.chromium}` : ''} — load average ${m.loadBefore} → ${m.loadAfter} — ${m.seconds} s`,
  );
  printSection(summarySection(results));
  for (const table of tables) printSection(table);
}

function summarize(run) {
  const { wireToEar, delay, mouthToWire, onsetChecks, replyStartWireToEar, ...rest } = run;
  return { ...rest, mouthToWire, wireToEar, delay };
}

/** One row per performance goal (bench/README.md, Goals), with the baseline where there is one. */
function summarySection(results) {
  const rows = [];
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const fmt = (value, unit = 'ms') => (Number.isFinite(value) ? `${value.toFixed(1)} ${unit}` : '—');
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : '');
  const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : 'MISSED');
  for (const r of results.size ?? []) {
    rows.push([`gzip ${r.file}`, `≤ ${r.budget / 1024} KB`, `${r.gzip} B`, '', '', verdict(r.ok)]);
  }
  if (results.browserAnalysis) {
    const runs = results.browserAnalysis;
    const calm = runs.find((run) => run.scenario === 'no jitter') ?? runs[0];
    const jitter40 = runs.find((run) => run.scenario.includes('40'));
    const m2w = (mode) => mean(runs.flatMap((run) => run[mode].mouthToWire));
    rows.push(['mouth-to-wire, mean', '≤ 25 ms', fmt(m2w('ours')), fmt(m2w('baseline')), ratio(m2w('ours'), m2w('baseline')), verdict(m2w('ours') <= 25)]);
    const w2e = (run, mode) => mean(run[mode].wireToEar);
    rows.push(['wire-to-ear, mean, no jitter', '≤ 55 ms', fmt(w2e(calm, 'ours')), fmt(w2e(calm, 'baseline')), ratio(w2e(calm, 'ours'), w2e(calm, 'baseline')), verdict(w2e(calm, 'ours') <= 55)]);
    if (jitter40) {
      const u = (mode) => jitter40[mode].underrunsPerMinute;
      rows.push(['underruns/min, 0–40 ms jitter', '0', u('ours').toFixed(1), u('baseline').toFixed(1), '', verdict(u('ours') === 0)]);
      const d = (mode) => mean(jitter40[mode].delay);
      rows.push(['playout delay, 0–40 ms jitter', '≤ 120 ms', fmt(d('ours')), fmt(d('baseline')), ratio(d('ours'), d('baseline')), verdict(d('ours') <= 120)]);
    }
  }
  if (results.cpu) {
    for (const c of [...results.cpu.capture, ...results.cpu.playback]) {
      if (c.agentSpeaking && !c.echoCancel) continue;
      const canceller = c.echoCancel ? `, canceller ${c.echo.delayBlocks >= 0 ? 'cancelling' : 'passing through'}` : '';
      const label = c.worklet === 'capture' ? `${c.rate / 1000}k → ${c.otherRate / 1000}k${canceller}` : `${c.otherRate / 1000}k → ${c.rate / 1000}k`;
      rows.push([`allocation per process(), ${c.worklet} ${label}`, '0 B', `${Math.max(0, c.bytesPerCall).toFixed(0)} B`, '', '', verdict(c.bytesPerCall < 2)]);
    }
  }
  return {
    title: 'Summary against the performance goals (details in the tables below)',
    columns: ['goal', 'target', 'ours', 'baseline', 'ours/baseline', 'verdict'],
    rows,
    notes: ['allocation: "met" below 2 B per call (the method\'s floor is about 1 B)'],
  };
}
