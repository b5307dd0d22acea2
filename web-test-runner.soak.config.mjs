// The soak: one long call in Chromium (npm run test:soak; not part of npm test or CI). Its
// length is a parameter: SOAK_MINUTES=30 npm run test:soak (default 1). The page asks this
// side for the browser's own figures (DevTools protocol: JS heap after a full collection,
// event listeners, DOM nodes), so the soak can compare start and end.
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './test/fixtures/chromium.mjs';
import { commonConfig, writeFakeMicWav } from './test/fixtures/wtr-common.mjs';

const minutes = Number(process.env.SOAK_MINUTES ?? 1);
if (!(minutes > 0)) throw new Error(`SOAK_MINUTES must be a positive number of minutes (got ${process.env.SOAK_MINUTES})`);
const common = commonConfig('chromium');

/**
 * The page's server commands (executeServerCommand): `soak-settings` → the length asked for;
 * `page-metrics` → Chromium's figures for the page, after a full garbage collection.
 */
const soakPlugin = {
  name: 'soak',
  async executeCommand({ command, session }) {
    if (command === 'soak-settings') return { minutes };
    if (command !== 'page-metrics') return undefined;
    const page = session.browser.getPage(session.id);
    const devtools = await page.createCDPSession();
    try {
      await devtools.send('HeapProfiler.collectGarbage');
      await devtools.send('HeapProfiler.collectGarbage');
    } finally {
      await devtools.detach();
    }
    const metrics = await page.metrics();
    return { heapBytes: metrics.JSHeapUsedSize, eventListeners: metrics.JSEventListeners, nodes: metrics.Nodes };
  },
};

export default {
  ...common,
  files: ['test/faults/soak.test.ts'],
  testsFinishTimeout: (minutes * 60 + 600) * 1000,
  testFramework: { config: { timeout: (minutes * 60 + 300) * 1000 } },
  plugins: [...common.plugins, soakPlugin],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs(writeFakeMicWav()),
      },
    }),
  ],
};
