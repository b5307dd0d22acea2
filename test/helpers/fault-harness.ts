// Per-test setup of the fault suite: the mock servers' URLs, a resource watch and page-error
// watch installed before each test, the call timing its widgets get (shortened limits, and a
// clock the test moves itself where asked), and a teardown that ends any call a failed test left
// running and clears every fault switch.
import { expect } from '@open-wc/testing';
import type { CallLimits, CallTiming } from '../../src/call';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { getMockServers, inspect, resetFaults, waitFor as waitUntil, type InspectedLyzrSession, type MockServers } from '../servers/mock-client';
import { ManualClock } from './manual-clock';
import { watchPageErrors } from './page-errors';
import { watchResources, type ResourceWatch } from './resources';

export interface FaultHarnessOptions {
  /** Limits for the suite's calls; the rest keep their defaults. */
  limits?: Partial<CallLimits>;
  /** Calls run on a ManualClock (harness.clock), new for each test: nothing times out until the test moves it. */
  manualClock?: boolean;
}

export interface FaultHarness {
  servers: MockServers;
  watch: ResourceWatch;
  /** Give it to each widget of the test: `<voice-agent .callTiming=${harness.timing}>`. */
  readonly timing: CallTiming;
  /** The test's clock (with `manualClock`). */
  readonly clock: ManualClock;
  /** Uncaught errors and unhandled rejections so far in this test. */
  pageErrors: string[];
  /** Everything released, nothing thrown into the page. */
  expectClean(timeoutMs?: number): Promise<void>;
  /** Exactly `calls` live calls' worth of resources: one mic track, socket and context each. */
  expectHeldBy(calls: number): void;
  /**
   * Installs a test double of a browser API (a microphone, say) under the watch, so the watch
   * sees what the widget gets from it; it is restored after the test.
   */
  use<T extends { restore(): unknown }>(install: () => T): T;
}

/** Registers the hooks of a fault suite. */
export function useFaultHarness({ limits = {}, manualClock = false }: FaultHarnessOptions = {}): FaultHarness {
  let clock: ManualClock | undefined;
  const harness = {
    pageErrors: [] as string[],
    get timing(): CallTiming {
      return { limits, clock };
    },
    get clock(): ManualClock {
      if (!clock) throw new Error('This suite runs on the browser clock: useFaultHarness({ manualClock: true }) for a ManualClock.');
      return clock;
    },
  } as FaultHarness;
  let cleanups: Array<() => void> = [];

  before(async () => {
    harness.servers = await getMockServers();
    // A file before this one may have lost its browser mid-test, faults still switched on.
    await resetFaults(harness.servers);
  });

  beforeEach(() => {
    const errors = watchPageErrors();
    harness.pageErrors = errors.errors;
    harness.watch = watchResources();
    clock = manualClock ? new ManualClock() : undefined;
    cleanups = [errors.restore, () => harness.watch.restore()];
  });

  afterEach(async () => {
    await Promise.all([...document.querySelectorAll<VoiceAgentElement>('voice-agent')].map((element) => element.stop()));
    await resetFaults(harness.servers);
    cleanups.splice(0).reverse().forEach((cleanup) => cleanup());
  });

  harness.use = (install) => {
    harness.watch.restore();
    const double = install();
    harness.watch = watchResources();
    cleanups.unshift(() => void double.restore());
    return double;
  };
  harness.expectClean = async (timeoutMs?: number) => {
    await harness.watch.allReleased(timeoutMs);
    expect(harness.pageErrors, 'nothing thrown into the page').to.deep.equal([]);
  };
  harness.expectHeldBy = (calls) => {
    expect(harness.watch.liveTracks(), 'live mic tracks').to.have.length(calls);
    expect(harness.watch.openSockets(), 'open sockets').to.have.length(calls);
    expect(harness.watch.openContexts(), 'open AudioContexts').to.have.length(calls);
  };
  return harness;
}

/** The Lyzr mock's record of a session once it has seen the socket close (the close may still be on its way). */
export function closedLyzrSession(server: string, sessionId: string): Promise<InspectedLyzrSession> {
  return waitUntil(async () => {
    const session = await inspect<InspectedLyzrSession>(server, sessionId);
    return session.closed ? session : undefined;
  }, 5000, `session ${sessionId} to be closed at the mock`);
}
