// A Web Test Runner launcher for WebKitGTK: one MiniBrowser window driven by WebKitWebDriver,
// each test file navigated in turn. It implements the `webdriver` launcher hooks that
// @web/test-runner-commands calls, so sendMouse clicks are W3C actions: real, trusted input.
import { Session, startDriver, webkitCapabilities } from './webdriver-lite.mjs';

const BUTTONS = { left: 0, middle: 1, right: 2 };

export class WebKitGtkLauncher {
  name = 'WebKitGTK';
  type = 'webdriver';
  concurrency = 1;
  #driver;
  #session;
  #active = new Map();

  async initialize() {}

  async #ensure() {
    if (!this.#session) {
      this.#driver = await startDriver({ quiet: !process.env.VERBOSE });
      this.#session = await Session.create(this.#driver.base, webkitCapabilities());
      this.name = `WebKitGTK ${this.#session.capabilities.browserVersion}`;
    }
    return this.#session;
  }

  async startSession(sessionId, url) {
    this.#active.set(sessionId, url);
    try {
      await (await this.#ensure()).navigate(url);
    } catch {
      // The browser is gone (WebKitGTK crashed in the last file): the next file gets a new one.
      await this.stop().catch(() => {});
      this.#session = undefined;
      await (await this.#ensure()).navigate(url);
    }
  }

  isActive(sessionId) {
    return this.#active.has(sessionId);
  }

  getBrowserUrl(sessionId) {
    return this.#active.get(sessionId);
  }

  async startDebugSession() {
    throw new Error('debug sessions are not supported by this launcher');
  }

  async stopSession(sessionId) {
    this.#active.delete(sessionId);
    await this.#session?.navigate('about:blank').catch(() => {});
    return {};
  }

  #pointer(actions) {
    return this.#session.cmd('POST', '/actions', {
      actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }],
    });
  }

  sendMouseMove(_id, x, y) {
    return this.#pointer([{ type: 'pointerMove', duration: 0, x, y, origin: 'viewport' }]);
  }

  sendMouseClick(_id, x, y, button = 'left') {
    const b = BUTTONS[button];
    return this.#pointer([
      { type: 'pointerMove', duration: 0, x, y, origin: 'viewport' },
      { type: 'pointerDown', button: b },
      { type: 'pointerUp', button: b },
    ]);
  }

  sendMouseDown(_id, button = 'left') {
    return this.#pointer([{ type: 'pointerDown', button: BUTTONS[button] }]);
  }

  sendMouseUp(_id, button = 'left') {
    return this.#pointer([{ type: 'pointerUp', button: BUTTONS[button] }]);
  }

  resetMouse() {
    return this.#session.cmd('DELETE', '/actions');
  }

  async stop() {
    await this.#session?.delete();
    await this.#driver?.stop();
  }
}
