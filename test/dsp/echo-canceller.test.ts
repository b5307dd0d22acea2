import { expect } from '@open-wc/testing';
import { EchoCanceller } from '../../src/dsp/echo-canceller';
import { Fft } from '../../src/dsp/echo-fft';

const RATE = 48000;
const QUANTUM = 128;
/** Bulk delay of the synthetic echo path: output + input latency of a laptop, 100 ms. */
const DELAY = 4800;

/** Seeded noise: the same signal in every engine and run. */
function noise(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) >>> 0) / 4294967296) * 2 - 1;
}

/** A speech substitute: coloured noise with a syllable-rate envelope. */
function agentSpeech(seconds: number): Float32Array {
  const random = noise(1);
  const out = new Float32Array(RATE * seconds);
  let coloured = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    coloured = 0.5 * coloured + 0.5 * random();
    out[i] = 0.3 * coloured * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t) * Math.sin(2 * Math.PI * 0.7 * t));
  }
  return out;
}

/** Room response after the bulk delay: a direct path and 10 ms of decaying reflections. */
function roomResponse(): Float32Array {
  const random = noise(7);
  const taps = new Float32Array(480);
  for (let i = 0; i < taps.length; i++) taps[i] = 0.3 * Math.exp(-i / 80) * random();
  taps[0] = 0.5;
  return taps;
}

function echoOf(played: Float32Array, delay: number, taps: Float32Array): Float32Array {
  const echo = new Float32Array(played.length);
  for (let i = delay; i < played.length; i++) {
    let sum = 0;
    for (let j = 0; j < taps.length && i - delay - j >= 0; j++) sum += taps[j] * played[i - delay - j];
    echo[i] = sum;
  }
  return echo;
}

function tone(seconds: number, from: number, to: number, amplitude: number): Float32Array {
  const out = new Float32Array(RATE * seconds);
  for (let i = from * RATE; i < to * RATE; i++) out[i] = amplitude * Math.sin((2 * Math.PI * 440 * i) / RATE);
  return out;
}

interface Run {
  /** Echo power in the mic / echo power left in the output, dB, per window. */
  erleDb(fromSeconds: number, toSeconds: number): number;
  /** Gain of the near-end signal through the canceller (projection on it), dB. */
  nearGainDb(fromSeconds: number, toSeconds: number): number;
  canceller: EchoCanceller;
}

/** Runs mic = echo + near through a canceller, quantum by quantum, as the worklet does. */
function cancel(played: Float32Array, echo: Float32Array, near: Float32Array): Run {
  const canceller = new EchoCanceller({ sampleRate: RATE });
  const output = new Float32Array(played.length);
  const mic = new Float32Array(QUANTUM);
  const reference = new Float32Array(QUANTUM);
  const block = new Float32Array(QUANTUM);
  for (let start = 0; start + QUANTUM <= played.length; start += QUANTUM) {
    for (let i = 0; i < QUANTUM; i++) {
      mic[i] = echo[start + i] + near[start + i];
      reference[i] = played[start + i];
    }
    canceller.process(mic, reference, block);
    output.set(block, start);
  }
  return {
    canceller,
    erleDb(from, to) {
      let echoPower = 0;
      let left = 0;
      for (let i = from * RATE; i < to * RATE; i++) {
        echoPower += echo[i] ** 2;
        left += (output[i] - near[i]) ** 2;
      }
      return 10 * Math.log10(echoPower / left);
    },
    nearGainDb(from, to) {
      let nearPower = 0;
      let projection = 0;
      for (let i = from * RATE; i < to * RATE; i++) {
        nearPower += near[i] ** 2;
        projection += output[i] * near[i];
      }
      return 20 * Math.log10(projection / nearPower);
    },
  };
}

describe('EchoCanceller', () => {
  it('finds the bulk delay and converges to at least 30 dB ERLE on a delay + FIR echo path', () => {
    const played = agentSpeech(8);
    const echo = echoOf(played, DELAY, roomResponse());
    const run = cancel(played, echo, new Float32Array(played.length));
    expect(Math.abs(run.canceller.delay.delayBlocks * QUANTUM - DELAY), 'delay estimate, samples').to.be.at.most(QUANTUM);
    expect(run.erleDb(6, 8)).to.be.at.least(30);
    expect(run.canceller.converged).to.equal(true);
  });

  it('keeps the visitor within 6 dB during double talk, and does not diverge', () => {
    const seconds = 10;
    const played = agentSpeech(seconds);
    const echo = echoOf(played, DELAY, roomResponse());
    // The visitor's 440 Hz tone, about as loud as the echo, from 6 s to 8 s.
    const near = tone(seconds, 6, 8, 0.05);
    const run = cancel(played, echo, near);
    expect(Math.abs(run.nearGainDb(6, 8)), 'visitor loss, dB').to.be.at.most(6);
    expect(run.erleDb(6, 8), 'ERLE during double talk').to.be.at.least(20);
    expect(run.erleDb(8.5, 10), 'ERLE after double talk').to.be.at.least(25);
  });

  it('says double talk while the visitor speaks over the agent, and not on echo alone', () => {
    const seconds = 8;
    const played = agentSpeech(seconds);
    const echo = echoOf(played, DELAY, roomResponse());
    const near = tone(seconds, 6, 8, 0.1);
    const canceller = new EchoCanceller({ sampleRate: RATE });
    const mic = new Float32Array(QUANTUM);
    const out = new Float32Array(QUANTUM);
    let echoOnly = 0;
    let echoOnlyBlocks = 0;
    let talking = 0;
    let talkingBlocks = 0;
    for (let start = 0; start + QUANTUM <= played.length; start += QUANTUM) {
      for (let i = 0; i < QUANTUM; i++) mic[i] = echo[start + i] + near[start + i];
      canceller.process(mic, played.subarray(start, start + QUANTUM), out);
      if (start >= 4 * RATE && start < 6 * RATE) {
        echoOnlyBlocks++;
        if (canceller.doubleTalk) echoOnly++;
      } else if (start >= 6.1 * RATE) {
        talkingBlocks++;
        if (canceller.doubleTalk) talking++;
      }
    }
    // Only an adaptation pause: false alarms at quiet moments (where the filter's misfit of
    // older, louder input dominates) cost little. Barge-in judges levels (see EchoGate).
    expect(echoOnly / echoOnlyBlocks, 'echo alone taken for the visitor').to.be.below(0.2);
    expect(talking / talkingBlocks, 'visitor noticed').to.be.above(0.9);
  });

  it('passes the mic through untouched while the delay is unknown', () => {
    const canceller = new EchoCanceller({ sampleRate: RATE });
    const mic = new Float32Array(QUANTUM).fill(0.25);
    const out = new Float32Array(QUANTUM);
    canceller.process(mic, new Float32Array(QUANTUM), out);
    expect(Array.from(out).every((sample) => sample === 0.25)).to.equal(true);
  });

  it('transforms like a DFT and inverts exactly', () => {
    const fft = new Fft(8);
    const input = [1, 2, 3, 4, 0, -1, 0.5, 0];
    const re = Float32Array.from(input);
    const im = new Float32Array(8);
    fft.forward(re, im);
    for (let k = 0; k < 8; k++) {
      let sumRe = 0;
      let sumIm = 0;
      input.forEach((x, n) => {
        sumRe += x * Math.cos((2 * Math.PI * k * n) / 8);
        sumIm -= x * Math.sin((2 * Math.PI * k * n) / 8);
      });
      expect(re[k]).to.be.closeTo(sumRe, 1e-5);
      expect(im[k]).to.be.closeTo(sumIm, 1e-5);
    }
    fft.inverse(re, im);
    input.forEach((x, n) => expect(re[n]).to.be.closeTo(x, 1e-6));
  });
});
