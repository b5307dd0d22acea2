// Transcript bench page: one built <voice-agent> (script-tag build) in a call with
// bench/transcript-agent.mjs, and probes of how well the page answers while it works.
// bench/transcript.mjs drives it through the functions on `window`.
import { loadScriptTagBuild } from './script-tag-build.js';
let element;
let received = 0;
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

window.benchReady = true;

/** Loads the element, starts a call and resolves once it is live. */
window.setUpCall = async ({ debug = false } = {}) => {
  await loadScriptTagBuild();
  element = document.createElement('voice-agent');
  element.setAttribute('provider', 'lyzr');
  element.setAttribute('agent-id', 'bench');
  element.setAttribute('server-url', location.origin);
  // The fake mic talks while the agent does: without barge-in, the agent is not cut short.
  element.setAttribute('barge-in', 'off');
  if (debug) element.setAttribute('debug', '');
  element.addEventListener('voice-agent-transcript', () => received++);
  document.body.append(element);
  await element.start();
  while (element.state !== 'listening' && element.state !== 'speaking') {
    if (element.state === 'error' || element.state === 'ended') throw new Error(`call ${element.state}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  document.getElementById('probe').focus();
};

const list = () => element.shadowRoot.querySelector('[part="transcript"]');
const turnsShown = () => element.shadowRoot.querySelectorAll('[part="turn"]').length;

/** Resolves once `count` transcript events have arrived in all, and the list has been drawn. */
window.waitForTranscripts = async (count) => {
  while (received < count) await new Promise((resolve) => setTimeout(resolve, 10));
  await nextFrame();
  await nextFrame();
  return { received, turnsShown: turnsShown() };
};

/** Every kept turn on screen: "show earlier" pressed until it is gone (no such button: all are shown). */
window.showAllTurns = async () => {
  for (let presses = 0; presses < 100; presses++) {
    const button = element.shadowRoot.querySelector('[part="show-earlier"]');
    if (!button) break;
    button.click();
    await nextFrame();
    await nextFrame();
  }
  return turnsShown();
};

let probe;

/**
 * Starts watching the page: long tasks, input delay of real (trusted) key presses from Event
 * Timing, the lag of a 10 ms timer, and how often the transcript list's DOM changed.
 */
window.startProbes = () => {
  probe = { longTasks: [], inputDelays: [], inputToPaint: [], keydowns: 0, timerLagMax: 0, listMutations: 0, listRenders: 0, frames: 0, startedAt: performance.now() };
  const p = probe;
  const onLongTasks = (entries) => p.longTasks.push(...entries.map((entry) => entry.duration));
  const onEvents = (entries) => {
    for (const entry of entries) {
      if (entry.name !== 'keydown') continue;
      p.inputDelays.push(entry.processingStart - entry.startTime);
      p.inputToPaint.push(entry.duration);
    }
  };
  p.observers = [new PerformanceObserver((list) => onLongTasks(list.getEntries())), new PerformanceObserver((list) => onEvents(list.getEntries()))];
  p.drain = () => {
    onLongTasks(p.observers[0].takeRecords());
    onEvents(p.observers[1].takeRecords());
  };
  p.observers[0].observe({ type: 'longtask' });
  // 16 ms is the lowest threshold: a key press not reported waited less than that.
  p.observers[1].observe({ type: 'event', durationThreshold: 16 });
  p.onKey = () => p.keydowns++;
  document.addEventListener('keydown', p.onKey);
  let last = performance.now();
  p.timer = setInterval(() => {
    const now = performance.now();
    p.timerLagMax = Math.max(p.timerLagMax, now - last - 10);
    last = now;
  }, 10);
  const mutations = new MutationObserver((records) => {
    p.listRenders++;
    p.listMutations += records.length;
  });
  mutations.observe(list(), { childList: true, subtree: true, characterData: true, attributes: true });
  p.observers.push(mutations);
  const countFrames = () => {
    p.frames++;
    p.frame = requestAnimationFrame(countFrames);
  };
  p.frame = requestAnimationFrame(countFrames);
};

window.stopProbes = async () => {
  const p = probe;
  // Event Timing reports an entry after its frame: give it two.
  await nextFrame();
  await nextFrame();
  p.drain();
  p.observers.forEach((observer) => observer.disconnect());
  clearInterval(p.timer);
  cancelAnimationFrame(p.frame);
  document.removeEventListener('keydown', p.onKey);
  const { observers, timer, frame, onKey, drain, ...result } = p;
  return { ...result, seconds: (performance.now() - p.startedAt) / 1000, received, turnsShown: turnsShown(), state: element.state };
};

window.stopCall = () => element.stop();
