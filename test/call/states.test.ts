import { expect } from '@open-wc/testing';
import { ACTIVE_STATES, CallStateMachine, TRANSITIONS, type CallState } from '../../src/call/states';

const ALL_STATES = Object.keys(TRANSITIONS) as CallState[];
const ENDINGS: CallState[] = ['ended', 'error', 'mic-denied', 'mic-forbidden', 'no-mic', 'insecure'];

/** A machine walked along `path` from idle, and what it reported. */
function walk(path: CallState[]) {
  const reported: string[] = [];
  const machine = new CallStateMachine((state, detail) => reported.push(`${state}: ${detail}`));
  for (const state of path) machine.moveTo(state, `${state} detail`);
  return { machine, reported };
}

describe('CallStateMachine', () => {
  it('starts idle and inactive', () => {
    const { machine } = walk([]);
    expect(machine.state).to.equal('idle');
    expect(machine.active).to.equal(false);
  });

  it('walks a whole call, reporting each state once', () => {
    const path: CallState[] = ['requesting-mic', 'connecting', 'listening', 'speaking', 'listening', 'reconnecting', 'audio-paused', 'listening', 'ended'];
    const { machine, reported } = walk(path);
    expect(reported).to.deep.equal(path.map((state) => `${state}: ${state} detail`));
    expect(machine.state).to.equal('ended');
    expect(machine.active).to.equal(false);
  });

  it('reports a new detail of the same active state, but not the same detail twice', () => {
    const { machine, reported } = walk(['requesting-mic', 'connecting', 'listening', 'reconnecting']);
    machine.moveTo('reconnecting', 'attempt 2');
    machine.moveTo('reconnecting', 'attempt 2');
    expect(reported.slice(-2)).to.deep.equal(['reconnecting: reconnecting detail', 'reconnecting: attempt 2']);
  });

  it('throws on a move the table does not allow, and stays where it was', () => {
    const { machine } = walk(['requesting-mic', 'connecting']);
    expect(() => machine.moveTo('speaking', 'agent speaking')).to.throw("voice-agent bug: the call moved from 'connecting' to 'speaking'");
    expect(machine.state).to.equal('connecting');
  });

  it('lets every active state end (hung up, failed, mic unplugged), and no ending state go anywhere', () => {
    for (const state of ACTIVE_STATES) {
      for (const ending of ['ended', 'error', 'no-mic'] as CallState[]) expect(TRANSITIONS[state], `${state} → ${ending}`).to.include(ending);
    }
    for (const ending of ENDINGS) {
      expect(TRANSITIONS[ending], ending).to.deep.equal([]);
      const { machine } = walk(['requesting-mic', ending]);
      for (const state of ALL_STATES) expect(() => machine.moveTo(state, 'later'), `${ending} → ${state}`).to.throw(/voice-agent bug/);
    }
  });

  it('never leaves idle except to ask for the mic', () => {
    for (const state of ALL_STATES.filter((s) => s !== 'requesting-mic')) {
      expect(() => walk([state]), `idle → ${state}`).to.throw(/voice-agent bug/);
    }
  });

  it("keeps the browser's audio pause apart from a lost connection", () => {
    // A live call pauses and resumes without passing through 'reconnecting'…
    const { reported } = walk(['requesting-mic', 'connecting', 'listening', 'audio-paused', 'listening']);
    expect(reported.map((line) => line.split(':')[0])).to.deep.equal(['requesting-mic', 'connecting', 'listening', 'audio-paused', 'listening']);
    // …and a connection lost while the audio is paused is a reconnection like any other.
    expect(walk(['requesting-mic', 'connecting', 'listening', 'audio-paused', 'reconnecting', 'audio-paused']).machine.state).to.equal('audio-paused');
  });
});
