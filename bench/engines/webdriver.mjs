// A minimal W3C WebDriver client over fetch (no dependencies) for WebKitGTK: WebKitWebDriver
// (apt: webkit2gtk-driver) driving MiniBrowser (libwebkit2gtk-4.1-0). MiniBrowser has no
// headless mode, so the driver runs under `xvfb-run -a`, which gives it a display of its own.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export const MINIBROWSER = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const WEBKIT_WEBDRIVER = process.env.WEBKIT_WEBDRIVER_PATH || '/usr/bin/WebKitWebDriver';

/** MiniBrowser capabilities: real (PulseAudio) capture, Web Audio on, autoplay allowed. */
export function minibrowserCapabilities() {
  const args = ['--automation', '--enable-media-stream=true', '--enable-webaudio=true', '--autoplay-policy=allow'];
  return {
    capabilities: {
      alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args }, acceptInsecureCerts: true },
    },
  };
}

/** Starts WebKitWebDriver under xvfb-run with `env`; resolves { base, stop() } once it answers /status. */
export async function startWebKitDriver({ env = process.env } = {}) {
  const port = 4444 + Math.floor(Math.random() * 2000);
  // A process group of its own, so stop() ends xvfb-run, Xvfb, the driver and the browsers it started.
  const child = spawn('xvfb-run', ['-a', WEBKIT_WEBDRIVER, `--port=${port}`], { env, stdio: 'ignore', detached: true });
  const exited = new Promise((done) => child.once('exit', done));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/status`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 100) {
      process.kill(-child.pid, 'SIGTERM');
      throw new Error(`${WEBKIT_WEBDRIVER} did not answer on port ${port}`);
    }
    await sleep(100);
  }
  return {
    base,
    stop: async () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      await exited;
    },
  };
}

export class Session {
  static async create(base, caps) {
    const r = await call(base, 'POST', '/session', caps);
    const session = new Session(base, r.sessionId, r.capabilities);
    await session.cmd('POST', '/timeouts', { script: 600000, pageLoad: 60000 });
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
  async waitFor(script, { timeout = 20000, interval = 100 } = {}) {
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      const value = await this.execute(script);
      if (value) return value;
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
