import { expect } from '@open-wc/testing';
import { EchoGate } from '../../src/dsp/echo-gate';

const RATE = 48000;
const QUANTUM = 128;

function constantBlock(value = 0.5): Float32Array {
  return new Float32Array(QUANTUM).fill(value);
}

/** Runs `ms` of quanta through the gate; returns the last block. */
function run(gate: EchoGate, ms: number, micDb: number, agentDb: number): Float32Array {
  let block = constantBlock();
  for (let done = 0; done < (ms * RATE) / 1000; done += QUANTUM) {
    gate.agentDb = agentDb;
    block = constantBlock();
    gate.micDb = micDb;
    gate.process(block, QUANTUM);
  }
  return block;
}

describe('EchoGate', () => {
  it('passes the mic untouched while the agent is silent', () => {
    const gate = new EchoGate({ sampleRate: RATE });
    const block = run(gate, 100, -35, -100);
    expect(Array.from(block).every((sample) => sample === 0.5)).to.equal(true);
    expect(gate.agentSpeaking).to.equal(false);
  });

  it('turns echo down by the attenuation while the agent speaks', () => {
    const gate = new EchoGate({ sampleRate: RATE, attenuationDb: 30 });
    const block = run(gate, 100, -35, -20);
    expect(20 * Math.log10(block[QUANTUM - 1] / 0.5)).to.be.closeTo(-30, 0.1);
    expect(gate.agentSpeaking).to.equal(true);
  });

  it('lets a visitor who is clearly louder through', () => {
    const gate = new EchoGate({ sampleRate: RATE });
    run(gate, 100, -35, -20);
    const block = run(gate, 60, -10, -20);
    expect(block[QUANTUM - 1]).to.equal(0.5);
  });

  it('holds the gate through the echo tail, then opens', () => {
    const gate = new EchoGate({ sampleRate: RATE, holdMs: 200 });
    run(gate, 100, -35, -20);
    expect(run(gate, 150, -35, -100)[0]).to.be.below(0.05);
    expect(run(gate, 100, -35, -100)[QUANTUM - 1]).to.equal(0.5);
  });

  it('ramps the gain without clicks', () => {
    const gate = new EchoGate({ sampleRate: RATE, rampMs: 10 });
    gate.agentDb = -20;
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      const block = constantBlock(1);
      gate.micDb = -40;
      gate.process(block, QUANTUM);
      samples.push(...block);
    }
    const largestStep = Math.max(...samples.slice(1).map((sample, i) => Math.abs(sample - samples[i])));
    expect(largestStep).to.be.at.most(1 / ((10 * RATE) / 1000) + 1e-6);
  });

  it('does nothing when disabled', () => {
    const gate = new EchoGate({ sampleRate: RATE });
    gate.enabled = false;
    expect(run(gate, 100, -35, -20)[QUANTUM - 1]).to.equal(0.5);
  });
});

describe('EchoGate after an echo canceller', () => {
  it('opens for a visitor above the expected residual echo, though far below the agent', () => {
    const gate = new EchoGate({ sampleRate: RATE, residualMarginDb: 10 });
    gate.echoKnown = true;
    gate.echoDb = -60;
    // Residual echo only (-58 dBFS, within the margin): gated, no barge-in.
    let block = run(gate, 200, -58, -20);
    expect(20 * Math.log10(block[QUANTUM - 1] / 0.5)).to.be.closeTo(-30, 0.1);
    // The visitor at -40 dBFS: 20 dB under the agent, 20 dB over the residual.
    block = run(gate, 70, -40, -20);
    expect(block[QUANTUM - 1]).to.equal(0.5);
  });

  it('falls back to the agent level while the canceller has no estimate', () => {
    const gate = new EchoGate({ sampleRate: RATE });
    gate.echoKnown = false;
    gate.echoDb = -60;
    const block = run(gate, 200, -40, -20);
    expect(20 * Math.log10(block[QUANTUM - 1] / 0.5)).to.be.closeTo(-30, 0.1);
  });
});
