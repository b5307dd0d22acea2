/** Pure DSP core shared by the worklets, the element and the benchmarks (no DOM, no Node APIs). */
export { Resampler } from './resampler';
export { floatToPcm16, pcm16ToFloat, encodeBase64, decodeBase64, Pcm16ByteCarry } from './pcm16';
export { FrameAccumulator } from './frame-accumulator';
export { Playout } from './playout';
export type { PlayoutOptions, PlayoutStats } from './playout';
export { SampleRing } from './sample-ring';
export { DelayEstimator } from './delay-estimator';
export { PlayoutDecision, Operation } from './playout-decision';
export { TimeStretcher, crossFade } from './time-stretcher';
export { Concealment } from './concealment';
export { SpliceSmoother } from './splice-smoother';
export { LevelMeter } from './level-meter';
export { EchoGate } from './echo-gate';
export type { EchoGateOptions } from './echo-gate';
export { EchoCanceller } from './echo-canceller';
export type { LevelMeterOptions } from './level-meter';
export { estimateFrequency, fitTone, createRandom, makeSpeechLike, simulatedArrivals } from './tone';
export type { SimulatedStall, ToneFit } from './tone';
