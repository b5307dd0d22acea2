// The runtimes the token broker's shared test suite runs on. Each starts a set of named brokers,
// each configured by environment variables (the way a site owner configures a deployment), on
// loopback, and says how a request presents a given client address to it.
//   node     server/token-broker.mjs (startTokenBroker, node:http), as behind one reverse proxy
//            (TRUST_PROXY=1: the test client plays the proxy and sets X-Forwarded-For)
//   workerd  server/worker.mjs in Cloudflare's workerd (npm `workerd`), one process, one
//            socket per broker; the client address is CF-Connecting-IP, as the edge sets it
//   deno     server/deno.mjs, one process per broker, as behind one reverse proxy
//   bun      server/bun.mjs, likewise
// Deno and Bun run where their binaries are found (DENO_BIN / BUN_BIN, PATH, or node_modules
// after `npm i --no-save deno bun`); elsewhere `unavailableRuntimes` says so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerOptionsFromEnv } from '../../server/broker.mjs';
import { startTokenBroker } from '../../server/token-broker.mjs';

const serverDir = fileURLToPath(new URL('../../server/', import.meta.url));
const localBin = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url));

/**
 * @typedef {object} RunningBrokers
 * @property {Record<string, string>} urls base URL of each broker by name
 * @property {string[]} logs every log line (Node: the log option; others: their stdout and stderr)
 * @property {(ip: string) => Record<string, string>} clientHeaders headers that make a request come from `ip`
 * @property {(ip: string, claimedIp: string) => Record<string, string>} spoofedHeaders a request from `ip` that claims `claimedIp` in a header the runtime must not trust
 * @property {() => Promise<void>} close
 */

/** Behind one reverse proxy: the proxy appends the address it saw; what the client wrote before it is not trusted. */
const behindOneProxy = {
  clientHeaders: (ip) => ({ 'X-Forwarded-For': ip }),
  spoofedHeaders: (ip, claimedIp) => ({ 'X-Forwarded-For': `${claimedIp}, ${ip}` }),
};

/** Where a runtime's binary is, or undefined. */
function findBinary(name, override) {
  for (const candidate of [override, join(localBin, name), name].filter(Boolean)) {
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}
const deno = findBinary('deno', process.env.DENO_BIN);
const bun = findBinary('bun', process.env.BUN_BIN);

/** Runtimes this machine cannot run, with the reason (the suite reports them as skipped). */
export const unavailableRuntimes = {
  ...(!deno && { deno: 'no deno binary (set DENO_BIN, or `npm i --no-save deno`)' }),
  ...(!bun && { bun: 'no bun binary (set BUN_BIN, or `npm i --no-save bun`)' }),
};

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
      ...behindOneProxy,
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
  ...(deno && {
    deno: (brokers) => startProcesses(brokers, deno, ['run', '--allow-net', '--allow-env', join(serverDir, 'deno.mjs')]),
  }),
  ...(bun && { bun: (brokers) => startProcesses(brokers, bun, [join(serverDir, 'bun.mjs')]) }),
};

/** One process per broker, PORT=0; each says "listening on <url>" once it is. */
async function startProcesses(brokers, command, args) {
  const logs = [];
  const children = [];
  const urls = {};
  try {
    for (const [name, env] of Object.entries(brokers)) {
      const child = spawn(command, args, {
        env: { PATH: process.env.PATH, ...env, TRUST_PROXY: '1', PORT: '0', HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      children.push({ child, exited });
      urls[name] = await new Promise((resolve, reject) => {
        for (const stream of [child.stdout, child.stderr]) {
          stream.setEncoding('utf8');
          stream.on('data', (text) => {
            for (const line of text.split('\n').filter(Boolean)) {
              logs.push(line);
              const listening = /listening on (http:\/\/\S+)/.exec(line);
              if (listening) resolve(listening[1]);
            }
          });
        }
        exited.then((code) => reject(new Error(`${command} exited (${code}) before listening:\n${logs.join('\n')}`)));
      });
    }
  } catch (error) {
    await stopAll(children);
    throw error;
  }
  return { urls, logs, ...behindOneProxy, close: () => stopAll(children) };
}

async function stopAll(children) {
  for (const { child } of children) child.kill();
  await Promise.all(children.map(({ exited }) => exited));
}

/** Version of a runtime, for the test names and the report. */
export function runtimeLabel(runtime) {
  if (runtime === 'node') return `Node ${process.version}`;
  if (runtime === 'workerd') return `workerd ${workerdVersion()}`;
  const binary = { deno, bun }[runtime];
  // `deno 2.9.6 (stable, …)`, `1.4.5`: the first version-looking word.
  const version = binary ? /\d+\.\d+\.\d+/.exec(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout)?.[0] : undefined;
  return `${runtime} ${version ?? ''}`.trim();
}

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
