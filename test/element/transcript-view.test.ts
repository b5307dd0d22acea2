// The transcript list under a chatty agent: drawn at most once per animation frame, only what
// changed, at most TURNS_PER_PAGE turns until the visitor asks for earlier ones, and it follows
// new turns only while the visitor is at the end. Counts draws, DOM mutations and turns, never
// milliseconds. Real fake-mic call, mock-socket Lyzr agent.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { TURNS_PER_PAGE } from '../../src/transcript-view';
import { lyzrAgent } from '../helpers/lyzr-agent';
import { waitFor } from '../helpers/stubs';
import { recordEvents, turnsOf } from '../helpers/widget';

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const listOf = (element: VoiceAgentElement) => element.shadowRoot!.querySelector<HTMLElement>('[part="transcript"]')!;
const showEarlierOf = (element: VoiceAgentElement) => element.shadowRoot!.querySelector<HTMLButtonElement>('[part="show-earlier"]');
const atBottom = (list: HTMLElement) => list.scrollHeight - list.scrollTop - list.clientHeight <= 4;

/** A macrotask of its own for what follows, like a socket message (a message port: no timer clamping). */
const taskChannel = new MessageChannel();
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    taskChannel.port1.onmessage = () => resolve();
    taskChannel.port2.postMessage(null);
  });
}

/** Counts animation frames until stopped. */
function countFrames() {
  let frames = 0;
  let handle = requestAnimationFrame(function count() {
    frames++;
    handle = requestAnimationFrame(count);
  });
  return () => (cancelAnimationFrame(handle), frames);
}

const finalTurn = (i: number) => JSON.stringify({ type: 'transcript', role: i % 2 ? 'assistant' : 'user', text: `turn ${i}`, final: true });

describe('transcript view', () => {
  let agent: ReturnType<typeof lyzrAgent>;
  beforeEach(() => (agent = lyzrAgent()));
  afterEach(() => agent.restore());

  async function liveCall(template = html`<voice-agent provider="lyzr" agent-id="a"></voice-agent>`) {
    const element = await fixture<VoiceAgentElement>(template);
    const transcripts = recordEvents(element, 'voice-agent-transcript');
    await element.start();
    await waitFor(() => element.state === 'listening', 'the call to go live');
    const send = (message: string) => agent.connections[0].send(message);
    return { element, transcripts, send, list: listOf(element) };
  }

  /** Sends final turns from..to (inclusive), then waits until they are drawn. */
  async function sendTurns(call: Awaited<ReturnType<typeof liveCall>>, from: number, to: number) {
    for (let i = from; i <= to; i++) call.send(finalTurn(i));
    await call.element.updateComplete;
  }

  it('10 000 messages, ten to a task: one draw per animation frame at most, the latest turns shown, every message an event', async function () {
    this.timeout(60000);
    const call = await liveCall();
    let draws = 0;
    const mutations = new MutationObserver(() => draws++);
    mutations.observe(call.list, { childList: true, subtree: true, characterData: true, attributes: true });
    const stopCounting = countFrames();
    // 400 turns of 25 messages: agent turns are per-token deltas, visitor turns growing partials.
    for (let turn = 0, sent = 0; turn < 400; turn++) {
      const agentTurn = turn % 2 === 1;
      for (let word = 1; word <= 25; word++, sent++) {
        const final = word === 25;
        const message = agentTurn && !final
          ? { type: 'transcript', role: 'assistant', delta: `w${word} `, partial: true }
          : { type: 'transcript', role: agentTurn ? 'assistant' : 'user', text: `turn ${turn} ${final ? 'done' : `w${word}`}`, final };
        call.send(JSON.stringify(message));
        if (sent % 10 === 9) await nextTask();
      }
    }
    await waitFor(() => call.transcripts.length === 10000, 'every message as an event');
    await nextFrame();
    await nextFrame();
    const frames = stopCounting();
    mutations.disconnect();
    // On the wall clock the burst spans some frames; each draw is one of them (never one per message or task).
    expect(draws, `list draws in ${frames} frames`).to.be.at.most(frames);
    expect(draws).to.be.at.least(1);
    const turns = turnsOf(call.element);
    expect(turns).to.have.length(TURNS_PER_PAGE);
    expect(turns.at(-1)!.textContent).to.equal('Agent: turn 399 done');
    expect(turns[0].textContent).to.equal(`You: turn ${400 - TURNS_PER_PAGE} done`);
    expect(showEarlierOf(call.element), 'earlier turns are offered').to.not.equal(null);
    await call.element.stop();
  });

  it('a new turn in a full list adds one item and drops the oldest; the other turns are not touched', async () => {
    const call = await liveCall();
    await sendTurns(call, 1, TURNS_PER_PAGE);
    const before = turnsOf(call.element);
    const records: MutationRecord[] = [];
    const mutations = new MutationObserver((batch) => records.push(...batch));
    mutations.observe(call.list, { childList: true, subtree: true, characterData: true, attributes: true });
    call.send(JSON.stringify({ type: 'transcript', role: 'user', text: 'new', final: false }));
    await call.element.updateComplete;
    call.send(JSON.stringify({ type: 'transcript', role: 'user', text: 'new turn', final: true }));
    await call.element.updateComplete;
    records.push(...mutations.takeRecords());
    mutations.disconnect();
    const after = turnsOf(call.element);
    expect(after).to.have.length(TURNS_PER_PAGE);
    expect(after.slice(0, -1), 'the same items, one place up').to.deep.equal(before.slice(1));
    expect(after.at(-1)!.textContent).to.equal('You: new turn');
    const newItem = after.at(-1)!;
    const untouched = records.filter((record) => record.target !== call.list && !newItem.contains(record.target));
    expect(untouched, 'no mutation inside the turns that did not change').to.deep.equal([]);
    const listChanges = records.filter((record) => record.target === call.list);
    expect(listChanges.flatMap((record) => [...record.removedNodes])).to.deep.equal([before[0]]);
    expect(listChanges.flatMap((record) => [...record.addedNodes])).to.deep.equal([newItem]);
    await call.element.stop();
  });

  it('"show earlier" draws earlier turns above, keeps the visitor\'s view in place, then moves focus to the list', async () => {
    const total = 2 * TURNS_PER_PAGE + 20;
    const call = await liveCall();
    await sendTurns(call, 1, total);
    expect(turnsOf(call.element)).to.have.length(TURNS_PER_PAGE);
    expect(turnsOf(call.element)[0].textContent).to.contain(`turn ${total - TURNS_PER_PAGE + 1}`);
    await expect(call.element).to.be.accessible();

    let button = showEarlierOf(call.element)!;
    expect(button.textContent!.trim()).to.equal('Show earlier messages');
    const seen = turnsOf(call.element).at(-3)!;
    const topBefore = seen.getBoundingClientRect().top;
    button.click();
    await call.element.updateComplete;
    expect(turnsOf(call.element)).to.have.length(2 * TURNS_PER_PAGE);
    expect(turnsOf(call.element)[0].textContent).to.contain(`turn ${total - 2 * TURNS_PER_PAGE + 1}`);
    expect(seen.getBoundingClientRect().top, 'the turn the visitor saw stays where it was').to.be.closeTo(topBefore, 1);

    button = showEarlierOf(call.element)!;
    button.focus();
    button.click();
    await call.element.updateComplete;
    expect(turnsOf(call.element)).to.have.length(total);
    expect(turnsOf(call.element)[0].textContent).to.contain('turn 1');
    expect(showEarlierOf(call.element), 'nothing earlier is left').to.equal(null);
    expect(call.element.shadowRoot!.activeElement, 'focus goes to the list, not to the page').to.equal(call.list);
    await expect(call.element).to.be.accessible();

    // Turns once shown stay shown as the conversation goes on (until the log drops them).
    await sendTurns(call, total + 1, total + 5);
    expect(turnsOf(call.element)).to.have.length(total + 5);
    await call.element.stop();
  });

  it('"show earlier" is a string of the page\'s language, and text-show-earlier overrides it', async () => {
    const call = await liveCall(html`<voice-agent provider="lyzr" agent-id="a" lang="de"></voice-agent>`);
    await sendTurns(call, 1, TURNS_PER_PAGE + 1);
    await waitFor(() => showEarlierOf(call.element)?.textContent?.trim() === 'Frühere Nachrichten anzeigen', 'the German label');
    expect(turnsOf(call.element)[0].textContent, 'turns are labelled in German too').to.match(/^(Sie|Agent): /);
    call.element.setAttribute('text-show-earlier', 'Ältere Beiträge');
    await call.element.updateComplete;
    expect(showEarlierOf(call.element)!.textContent!.trim()).to.equal('Ältere Beiträge');
    await call.element.stop();
  });

  it('follows new turns while the visitor is at the end, and stays put once they scroll up', async () => {
    const call = await liveCall();
    await sendTurns(call, 1, 30);
    expect(call.list.scrollHeight, 'the list scrolls').to.be.greaterThan(call.list.clientHeight);
    expect(atBottom(call.list), 'at the end after new turns').to.equal(true);

    call.list.scrollTop = 0;
    await nextFrame(); // the scroll event
    await nextFrame();
    call.send(JSON.stringify({ type: 'transcript', role: 'assistant', delta: 'streaming ', partial: true }));
    await sendTurns(call, 31, 35);
    expect(call.list.scrollTop, 'the visitor reading earlier turns is not moved').to.equal(0);

    call.list.scrollTop = call.list.scrollHeight;
    await nextFrame();
    await nextFrame();
    await sendTurns(call, 36, 40);
    expect(atBottom(call.list), 'back at the end: following again').to.equal(true);
    await call.element.stop();
  });
});
