// A minimal W3C WebDriver client over fetch (no dependencies), for WebKitGTK's WebKitWebDriver
// (apt: webkit2gtk-driver) driving MiniBrowser under Xvfb. Used by webkit-launcher.mjs (the test
// suite, itself run under xvfb-run) and by the bench (bench/engines/), which starts its own display.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export const MINIBROWSER =
  process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const WEBDRIVER = process.env.WEBKIT_WEBDRIVER_PATH || '/usr/bin/WebKitWebDriver';

/**
 * MiniBrowser flags: the real (PulseAudio) mic by default, or WebKit's mock capture devices
 * with FAKE_MIC=mock (a continuous tone: frames, but no turns for the mock agents to answer).
 */
export function webkitCapabilities({ fakeMic = process.env.FAKE_MIC || 'pulse', extraArgs = [] } = {}) {
  const args = ['--automation', '--enable-media-stream=true', '--enable-webaudio=true', '--autoplay-policy=allow',
    '--enable-write-console-messages-to-stdout=true', ...extraArgs];
  if (fakeMic === 'mock') args.push('--enable-mock-capture-devices=true');
  return {
    capabilities: {
      alwaysMatch: {
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args },
        acceptInsecureCerts: true,
      },
    },
  };
}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/**
 * Starts WebKitWebDriver; resolves { base, stop() } once it answers /status. With `xvfb`, it
 * runs under `xvfb-run -a` (a display of its own) in a process group of its own, so stop() ends
 * xvfb-run, Xvfb, the driver and the browsers it started.
 */
export async function startDriver({ port = 4444 + Math.floor(Math.random() * 2000), quiet = true, env = process.env, xvfb = false } = {}) {
  const [command, args] = xvfb ? ['xvfb-run', ['-a', WEBDRIVER, `--port=${port}`]] : [WEBDRIVER, [`--port=${port}`]];
  const child = spawn(command, args, { env, stdio: quiet ? 'ignore' : 'inherit', detached: xvfb });
  const exited = new Promise((done) => child.once('exit', done));
  const kill = () => {
    try {
      if (xvfb) process.kill(-child.pid, 'SIGTERM');
      else child.kill();
    } catch {}
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/status`).then((r) => r.ok, () => false)) break;
    if (i > 100) {
      kill();
      throw new Error(`${WEBDRIVER} did not answer on port ${port}`);
    }
    await sleep(100);
  }
  return {
    base,
    stop: async () => {
      kill();
      await exited;
    },
  };
}

export class Session {
  /** `timeouts`: W3C session timeouts in ms (e.g. { script, pageLoad }), when the defaults are too short. */
  static async create(base, caps, { timeouts } = {}) {
    const r = await call(base, 'POST', '/session', caps);
    const session = new Session(base, r.sessionId, r.capabilities);
    if (timeouts) await session.cmd('POST', '/timeouts', timeouts);
    return session;
  }
  constructor(base, id, capabilities) {
    Object.assign(this, { base, id, capabilities });
  }
  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }
  navigate(url) {
    return this.cmd('POST', '/url', { url });
  }
  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }
  executeAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }
  /** Clicks the element a script returns (e.g. one inside a shadow root), as WebDriver input. */
  async clickReturned(script) {
    const element = await this.execute(script);
    return this.cmd('POST', `/element/${element[ELEMENT]}/click`, {});
  }
  async waitFor(script, { timeout = 20000, interval = 100 } = {}) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      last = await this.execute(script);
      if (last) return last;
      await sleep(interval);
    }
    throw new Error(`timed out after ${timeout} ms waiting for: ${script}`);
  }
  delete() {
    return call(this.base, 'DELETE', `/session/${this.id}`).catch(() => {});
  }
}

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok || json.value?.error) {
    throw new Error(`WebDriver ${method} ${path}: ${json.value?.error ?? response.status} ${json.value?.message ?? ''}`);
  }
  return json.value;
}
