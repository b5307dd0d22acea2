// The pre-call microphone test as the element sees it: running or not, the level, a dead mic,
// or why the mic could not open.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MicError, type MicProblem } from '../audio/mic-error';
import type { StringKey } from '../strings';
import { MicCheck } from './mic-check';

/** What the visitor is told when the mic could not open for the test. */
const PROBLEM_HINTS: Record<MicProblem, StringKey> = {
  insecure: 'insecure-hint',
  forbidden: 'mic-forbidden-hint',
  denied: 'mic-denied-hint',
  'not-found': 'no-mic-hint',
  busy: 'error',
  failed: 'error',
};

export class MicTest implements ReactiveController {
  running = false;
  level = 0;
  /** The mic has sent only digital silence for a while: the visitor cannot be heard. */
  silent = false;
  /** Why the mic did not open, as a string key; undefined when it did. */
  problem?: StringKey;
  #check?: MicCheck;
  readonly #host: ReactiveControllerHost;
  readonly #onOpened: () => void;

  /** `onOpened`: the mic is allowed (device labels are readable now). */
  constructor(host: ReactiveControllerHost, onOpened: () => void) {
    this.#host = host;
    this.#onOpened = onOpened;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    void this.stop();
  }

  /** Starts (from the visitor's click) or moves the test to another mic. */
  async start(deviceId: string | null): Promise<void> {
    this.problem = undefined;
    this.running = true;
    this.silent = false;
    this.#host.requestUpdate();
    let check: MicCheck | undefined;
    try {
      // Inside the try: AudioContext construction can throw (unsupported, blocked by policy).
      check = this.#check ??= new MicCheck({
        onLevel: (level, silent) => {
          if (check !== this.#check) return;
          this.level = level;
          this.silent = silent;
          this.#host.requestUpdate();
        },
      });
      await check.open(deviceId);
      if (check === this.#check) this.#onOpened();
    } catch (error) {
      if (check !== this.#check) return;
      await this.stop();
      this.problem = error instanceof MicError ? PROBLEM_HINTS[error.problem] : 'error';
      this.#host.requestUpdate();
    }
  }

  async stop(): Promise<void> {
    const check = this.#check;
    this.#check = undefined;
    this.running = this.silent = false;
    this.level = 0;
    this.problem = undefined;
    this.#host.requestUpdate();
    await check?.close();
  }
}
