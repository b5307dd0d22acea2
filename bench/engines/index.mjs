// The three engines the browser bench can run in, behind one small interface:
//
//   const engine = await launchEngine(name, { wav });   // 'chromium' | 'firefox' | 'webkit'
//   engine.version                                       // e.g. "chrome/150…", "firefox/153…"
//   const page = await engine.openPage(url);             // a fresh, isolated page
//   await page.call('benchStart', 3000);                 // awaits window.benchStart(3000)
//   await page.close();  await engine.close();
//
// - chromium: puppeteer-core over CDP, headless; the fake microphone is Chromium's own
//   (--use-file-for-fake-audio-capture=<wav>). Each page gets its own browser context.
// - firefox: puppeteer-core over WebDriver BiDi (`browser: 'firefox'`), headless, with a private
//   PulseAudio server (engines/pulse.mjs) looping the same WAV into its default source; prefs
//   turn off the permission prompt and the autoplay block. Each page gets its own browser context.
//   `engine.outputClockOff` says why the page must not read outputLatency / getOutputTimestamp()
//   there (see FIREFOX_OUTPUT_CLOCK_HANGS); the bench page then leaves them alone.
// - webkit: WebKitGTK's MiniBrowser driven by WebKitWebDriver under xvfb-run, over plain
//   W3C WebDriver (test/engines/webdriver-lite.mjs), with the same private PulseAudio; one driver,
//   display and MiniBrowser per page.
//
// The bench page installs its own hooks from a script tag (page/hooks.js), so nothing
// engine-specific (evaluateOnNewDocument and the like) is needed to observe a call.
import puppeteer from 'puppeteer-core';
import { existsSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../../test/fixtures/chromium.mjs';
import { startPulse } from './pulse.mjs';
import { MINIBROWSER, Session, WEBDRIVER, startDriver, webkitCapabilities } from '../../test/engines/webdriver-lite.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
/** A bench call runs for minutes inside one script: WebDriver's default 30 s would cut it off. */
const BENCH_TIMEOUTS = { script: 600000, pageLoad: 60000 };

const FIREFOX_PREFS = {
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.block-webaudio': false,
  'media.autoplay.blocking_policy': 0,
};

/**
 * Firefox answers AudioContext.outputLatency (and getOutputTimestamp(), built on it) with a
 * synchronous request to its audio server. With the bench's two calls at once reading them every
 * 100 ms, the audio server deadlocked within seconds: its PulseAudio mainloop thread, holding the
 * mainloop lock, waited in the output callback for the page's audio, while the server's request
 * thread waited for that lock; the page's main thread never came back (no timer, no evaluate).
 * Reading them only once the context ran, and outputLatency only until non-zero, still hung once.
 */
const FIREFOX_OUTPUT_CLOCK_HANGS =
  'Firefox\'s outputLatency and getOutputTimestamp() are not read: reading them during a call deadlocked its audio server (PulseAudio) and froze the page';

const need = (path, what) => {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}`);
};

/** A page driven by puppeteer (Chromium over CDP, Firefox over BiDi). */
async function puppeteerPage(browser, url) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(url);
  await page.waitForFunction(() => typeof window.benchStart === 'function', { timeout: 30000 });
  return {
    errors,
    call: (name, ...args) => page.evaluate((n, a) => window[n](...a), name, args),
    close: () => context.close(),
  };
}

/**
 * A page in its own MiniBrowser, driven over W3C WebDriver. WebKitWebDriver holds one session at
 * a time (a second one invalidates the first), so each page gets a driver (and display) of its own.
 */
async function webdriverPage(env, url) {
  const driver = await startDriver({ env, xvfb: true });
  const session = await Session.create(driver.base, webkitCapabilities({ fakeMic: 'pulse' }), { timeouts: BENCH_TIMEOUTS }).catch(async (error) => {
    await driver.stop();
    throw error;
  });
  await session.navigate(url);
  await session.waitFor('return typeof window.benchStart === "function"', { timeout: 30000 });
  return {
    errors: [],
    call: async (name, ...args) => {
      const result = await session.executeAsync(
        `const done = arguments[arguments.length - 1];
         Promise.resolve().then(() => window[arguments[0]](...arguments[1]))
           .then((value) => done({ value: value === undefined ? null : value }), (error) => done({ error: String(error) }));`,
        [name, args],
      );
      if (result?.error) throw new Error(`${name}: ${result.error}`);
      return result?.value ?? undefined;
    },
    close: async () => {
      await session.delete();
      await driver.stop();
    },
  };
}

/** Launches `name` with `wav` as its microphone; see the file comment. */
export async function launchEngine(name, { wav }) {
  if (name === 'chromium') {
    need(chromiumPath, 'Chromium (set CHROMIUM_PATH)');
    const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs(wav) });
    return {
      name,
      version: await browser.version(),
      openPage: (url) => puppeteerPage(browser, url),
      close: () => browser.close(),
    };
  }
  if (name === 'firefox') {
    need(FIREFOX, 'Firefox (set FIREFOX_PATH)');
    const pulse = await startPulse({ wav });
    try {
      const browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath: FIREFOX,
        headless: true,
        extraPrefsFirefox: FIREFOX_PREFS,
        env: pulse.env,
      });
      return {
        name,
        version: await browser.version(),
        outputClockOff: FIREFOX_OUTPUT_CLOCK_HANGS,
        openPage: (url) => puppeteerPage(browser, url),
        close: async () => {
          await browser.close().catch(() => {});
          await pulse.close();
        },
      };
    } catch (error) {
      await pulse.close();
      throw error;
    }
  }
  if (name === 'webkit') {
    need(WEBDRIVER, 'WebKitWebDriver (set WEBKIT_WEBDRIVER_PATH)');
    need(MINIBROWSER, 'MiniBrowser (set MINIBROWSER_PATH)');
    const pulse = await startPulse({ wav });
    try {
      // The version from a throwaway session (each page opens its own).
      const driver = await startDriver({ env: pulse.env, xvfb: true });
      const probe = await Session.create(driver.base, webkitCapabilities({ fakeMic: 'pulse' }), { timeouts: BENCH_TIMEOUTS });
      const version = `${probe.capabilities.browserName} ${probe.capabilities.browserVersion}`;
      await probe.delete();
      await driver.stop();
      return {
        name,
        version,
        openPage: (url) => webdriverPage(pulse.env, url),
        close: () => pulse.close(),
      };
    } catch (error) {
      await pulse.close();
      throw error;
    }
  }
  throw new Error(`unknown engine "${name}" (known: ${ENGINES.join(', ')})`);
}
