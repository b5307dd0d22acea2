// The AudioWorkletGlobalScope members our processors use (TypeScript ships no lib for it).
declare const sampleRate: number;
declare const currentTime: number;
declare const currentFrame: number;
declare abstract class AudioWorkletProcessor {
  constructor(options?: AudioWorkletNodeOptions);
  readonly port: MessagePort;
  abstract process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
}
declare function registerProcessor(name: string, processorCtor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor): void;
