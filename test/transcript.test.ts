import { expect } from '@open-wc/testing';
import { MAX_UPDATE_CHARS, parseTranscript, TranscriptLog, withinTranscriptLimit } from '../src/transcript';

describe('parseTranscript', () => {
  const shapes: Array<[string, Record<string, unknown>, { role: string; text: string; final: boolean; append: boolean }]> = [
    ['text + role + final', { type: 'transcript', role: 'user', text: 'hello', final: true }, { role: 'user', text: 'hello', final: true, append: false }],
    ['content + speaker + isFinal', { type: 'transcript', speaker: 'agent', content: 'hi there', isFinal: false }, { role: 'agent', text: 'hi there', final: false, append: false }],
    ['transcript + source + is_final', { type: 'transcript', source: 'assistant', transcript: 'ok', is_final: true }, { role: 'agent', text: 'ok', final: true, append: false }],
    ['delta + partial', { type: 'transcript_delta', role: 'assistant', delta: 'wor', partial: true }, { role: 'agent', text: 'wor', final: false, append: true }],
    ['nested message.content', { type: 'conversation.item', message: { role: 'assistant', content: 'nested' } }, { role: 'agent', text: 'nested', final: true, append: false }],
    ['content parts array', { item: { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] } }, { role: 'user', text: 'ab', final: true, append: false }],
    ['upper-case role', { role: 'USER', text: 'caps' }, { role: 'user', text: 'caps', final: true, append: false }],
  ];
  for (const [name, message, expected] of shapes) {
    it(`reads ${name}`, () => {
      expect(parseTranscript(message)).to.deep.equal(expected);
    });
  }

  const junk: Array<[string, Record<string, unknown>]> = [
    ['no text', { type: 'transcript', role: 'user' }],
    ['no speaker', { type: 'transcript', text: 'who said this' }],
    ['unknown speaker', { role: 'narrator', text: 'x' }],
    ['text that is a number', { role: 'user', text: 42 }],
    ['metrics', { type: 'metrics', latencyMs: 120 }],
    ['null nested', { message: null, role: 'user' }],
  ];
  for (const [name, message] of junk) {
    it(`returns null for ${name}`, () => {
      expect(parseTranscript(message)).to.equal(null);
    });
  }
});

describe('TranscriptLog', () => {
  it('replaces partials with the final and keeps speakers apart', () => {
    const log = new TranscriptLog();
    log.apply({ role: 'user', text: 'hel', final: false, append: false });
    log.apply({ role: 'user', text: 'hello', final: true, append: false });
    log.apply({ role: 'agent', text: 'Hi', final: false, append: true });
    log.apply({ role: 'agent', text: ' there', final: false, append: true });
    log.apply({ role: 'user', text: 'again', final: true, append: false });
    log.apply({ role: 'agent', text: 'Hi there!', final: true, append: false });
    expect(log.turns.map(({ role, text, final }) => ({ role, text, final }))).to.deep.equal([
      { role: 'user', text: 'hello', final: true },
      { role: 'agent', text: 'Hi there!', final: true },
      { role: 'user', text: 'again', final: true },
    ]);
  });

  it('keeps memory bounded', () => {
    const log = new TranscriptLog(10);
    for (let i = 0; i < 50; i++) log.apply({ role: 'user', text: String(i), final: true, append: false });
    expect(log.turns).to.have.length(10);
    expect(log.turns[9].text).to.equal('49');
  });
});

describe('TranscriptLog window', () => {
  const final = (text: string, role: 'user' | 'agent' = 'user') => ({ role, text, final: true, append: false });

  it('gives the latest turns, oldest first, and the oldest of them', () => {
    const log = new TranscriptLog(10);
    for (let i = 1; i <= 25; i++) log.apply(final(String(i)));
    expect(log.size).to.equal(10);
    expect(log.latest(3).map((turn) => turn.text)).to.deep.equal(['23', '24', '25']);
    expect(log.latest(50).map((turn) => turn.text)).to.deep.equal(['16', '17', '18', '19', '20', '21', '22', '23', '24', '25']);
    expect(log.oldestOfLatest(3)!.text).to.equal('23');
    expect(log.oldestOfLatest(50)!.text, 'no more than are kept').to.equal('16');
    log.clear();
    expect(log.size).to.equal(0);
    expect(log.oldestOfLatest(3)).to.equal(undefined);
    expect(log.latest(3)).to.deep.equal([]);
  });

  it('does not extend a turn in progress once it has been dropped: a new turn starts', () => {
    const log = new TranscriptLog(3);
    log.apply({ role: 'user', text: 'still talking', final: false, append: false });
    for (let i = 0; i < 3; i++) log.apply(final(`agent ${i}`, 'agent'));
    const turn = log.apply({ role: 'user', text: ' more', final: false, append: true });
    expect(turn.text).to.equal(' more');
    expect(log.turns.map((entry) => entry.text)).to.deep.equal(['agent 1', 'agent 2', ' more']);
  });

  it('extends each speaker\'s own turn in progress, however many turns came between', () => {
    const log = new TranscriptLog(300);
    log.apply({ role: 'user', text: 'I', final: false, append: true });
    for (let i = 0; i < 250; i++) log.apply(final(`agent ${i}`, 'agent'));
    log.apply({ role: 'user', text: ' see', final: true, append: true });
    expect(log.size).to.equal(251);
    expect(log.turns[0]).to.include({ role: 'user', text: 'I see', final: true });
  });

  it('turns is a copy: changing it does not change the log', () => {
    const log = new TranscriptLog();
    log.apply(final('a'));
    (log.turns as unknown[]).length = 0;
    expect(log.size).to.equal(1);
  });
});

describe('TranscriptLog turn length', () => {
  it('keeps a turn built from endless deltas bounded, with its latest text', () => {
    const log = new TranscriptLog(200, 100);
    for (let i = 0; i < 1000; i++) log.apply({ role: 'agent', text: `${i % 10}`, final: false, append: true });
    expect(log.turns[0].text).to.have.length(100);
    expect(log.turns[0].text.endsWith('6789')).to.equal(true);
  });
});

describe('withinTranscriptLimit', () => {
  const update = (text: string) => ({ role: 'agent' as const, text, final: true, append: false });

  it('passes an update at the limit through as is', () => {
    const atLimit = update('x'.repeat(MAX_UPDATE_CHARS));
    expect(withinTranscriptLimit(atLimit)).to.equal(atLimit);
  });

  it('cuts longer text to the limit, ending in an ellipsis, and keeps the rest of the update', () => {
    const cut = withinTranscriptLimit({ ...update('abc'.repeat(5000)), final: false, append: true });
    expect(cut.text).to.have.length(MAX_UPDATE_CHARS);
    expect(cut.text.endsWith('…')).to.equal(true);
    expect(cut.text.startsWith('abcabc')).to.equal(true);
    expect(cut).to.include({ role: 'agent', final: false, append: true });
  });

  it('never splits an emoji (a surrogate pair) at the cut', () => {
    // Two UTF-16 units each: the cut after 3 999 units falls between the halves of one.
    const text = '😀'.repeat(MAX_UPDATE_CHARS);
    const cut = withinTranscriptLimit(update(text)).text;
    expect(cut.endsWith('😀…'), 'a whole emoji before the ellipsis').to.equal(true);
    expect(cut).to.have.length(MAX_UPDATE_CHARS - 1);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut), 'no lone high surrogate').to.equal(false);
  });
});
