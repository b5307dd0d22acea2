// The mock Lyzr agent for the browser bench, in its own process so its paced sends do not
// share an event loop with puppeteer. Sends {url} over IPC once listening; answers 'lag' with
// its event-loop delay since the last ask (how late its paced sends could be: the machine's
// share of the agent jitter); stops on SIGTERM.
//   node bench/mock-agent.mjs <chunkMs> <melodyMs>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CHUNK_MS_CYCLE } from '../demo/mock-common.mjs';
import { startLyzrMock } from '../demo/mock-lyzr.mjs';

const [chunkMs = '20', melodyMs = '3600'] = process.argv.slice(2);
// The mock has no chunk-length option: its shared cycle is set for this process only.
CHUNK_MS_CYCLE.splice(0, CHUNK_MS_CYCLE.length, Number(chunkMs));
const mock = await startLyzrMock({ port: 0, quiet: true, melodyMs: Number(melodyMs) });
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
process.on('message', (message) => {
  if (message !== 'lag') return;
  process.send({ lag: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 } });
  lag.reset();
});
process.on('SIGTERM', async () => {
  await mock.close();
  process.exit(0);
});
process.send({ url: mock.url });
