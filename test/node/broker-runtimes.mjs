// The runtimes the token broker's shared test suite runs on. Each starts a set of named brokers,
// each configured by environment variables (the way a site owner configures a deployment), on
// loopback, and says how a request presents a given client address to it.
//   node     server/token-broker.mjs (node:http), as behind one reverse proxy (TRUST_PROXY=1)
//   workerd  server/worker.mjs in Cloudflare's workerd (npm `workerd`), one process, one
//            socket per broker; the client address is CF-Connecting-IP, as the edge sets it
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerOptionsFromEnv } from '../../server/broker.mjs';
import { startTokenBroker } from '../../server/token-broker.mjs';

const serverDir = fileURLToPath(new URL('../../server/', import.meta.url));

/**
 * @typedef {object} RunningBrokers
 * @property {Record<string, string>} urls base URL of each broker by name
 * @property {string[]} logs every log line (Node: the log option; workerd: its stdout and stderr)
 * @property {(ip: string) => Record<string, string>} clientHeaders headers that make a request come from `ip`
 * @property {(ip: string, claimedIp: string) => Record<string, string>} spoofedHeaders a request from `ip` that claims `claimedIp` in a header the runtime must not trust
 * @property {() => Promise<void>} close
 */

/** @type {Record<string, (brokers: Record<string, Record<string, string>>) => Promise<RunningBrokers>>} */
export const runtimes = {
  async node(brokers) {
    const logs = [];
    const running = {};
    for (const [name, env] of Object.entries(brokers)) {
      running[name] = await startTokenBroker({
        ...brokerOptionsFromEnv({ ...env, TRUST_PROXY: '1' }),
        log: (line) => logs.push(line),
      });
    }
    return {
      urls: Object.fromEntries(Object.entries(running).map(([name, broker]) => [name, broker.url])),
      logs,
      clientHeaders: (ip) => ({ 'X-Forwarded-For': ip }),
      // The proxy appends the address it saw; whatever the client wrote before it is not trusted.
      spoofedHeaders: (ip, claimedIp) => ({ 'X-Forwarded-For': `${claimedIp}, ${ip}` }),
      close: async () => {
        await Promise.all(Object.values(running).map((broker) => broker.close()));
      },
    };
  },

  async workerd(brokers) {
    const folder = mkdtempSync(join(tmpdir(), 'broker-workerd-'));
    const configFile = join(folder, 'config.capnp');
    writeFileSync(configFile, workerdConfig(brokers, folder));
    // The package's main export is the path of the binary for this platform.
    const binary = createRequire(import.meta.url)('workerd').default;
    // --control-fd: workerd writes one JSON line per socket it listens on, with the port it got.
    const child = spawn(binary, ['serve', configFile, '--control-fd=3'], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const logs = [];
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (text) => logs.push(...text.split('\n').filter(Boolean)));
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const urls = await new Promise((resolve, reject) => {
      const found = {};
      let pending = '';
      child.stdio[3].setEncoding('utf8');
      child.stdio[3].on('data', (text) => {
        pending += text;
        for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
          const event = JSON.parse(pending.slice(0, end));
          pending = pending.slice(end + 1);
          if (event.event === 'listen') found[event.socket] = `http://127.0.0.1:${event.port}`;
        }
        if (Object.keys(found).length === Object.keys(brokers).length) resolve(found);
      });
      exited.then((code) => reject(new Error(`workerd exited (${code}) before listening:\n${logs.join('\n')}`)));
    });
    return {
      urls,
      logs,
      clientHeaders: (ip) => ({ 'CF-Connecting-IP': ip }),
      spoofedHeaders: (ip, claimedIp) => ({ 'CF-Connecting-IP': ip, 'X-Forwarded-For': claimedIp }),
      close: async () => {
        child.kill();
        await exited;
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
};

/** The installed workerd's version line, for the test names and the report. */
export function workerdVersion() {
  return createRequire(import.meta.url)('workerd/package.json').version;
}

/** A workerd config: one worker service and one loopback socket per broker, env as text bindings. */
function workerdConfig(brokers, folder) {
  const module = (name) => `(name = "${name}", esModule = embed ${JSON.stringify(relative(folder, join(serverDir, name)))})`;
  const modules = ['worker.mjs', 'broker.mjs', 'rate-limit.mjs'].map(module).join(', ');
  const text = (value) => JSON.stringify(String(value));
  const services = Object.entries(brokers).map(
    ([name, env]) => `(name = ${text(name)}, worker = (
      modules = [${modules}],
      compatibilityDate = "2025-09-01",
      bindings = [${Object.entries(env).map(([key, value]) => `(name = ${text(key)}, text = ${text(value)})`).join(', ')}],
    ))`,
  );
  const sockets = Object.keys(brokers).map((name) => `(name = ${text(name)}, address = "127.0.0.1:0", http = (), service = ${text(name)})`);
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    ${services.join(',\n    ')},
    # The vendor mocks listen on loopback, which workerd's default network refuses.
    (name = "internet", network = (allow = ["public", "local"])),
  ],
  sockets = [${sockets.join(', ')}],
);
`;
}
