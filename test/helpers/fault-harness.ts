// Per-test setup of the fault suite: the mock servers' URLs, a resource watch and page-error
// watch installed before each test, shortened call limits, and a teardown that ends any call
// a failed test left running and clears every fault switch.
import { expect } from '@open-wc/testing';
import type { VoiceAgentElement } from '../../src/voice-agent';
import { getMockServers, resetFaults, type MockServers } from '../servers/mock-client';
import { shortenCallLimits, type CallLimits } from './call-limits';
import { watchPageErrors } from './page-errors';
import { watchResources, type ResourceWatch } from './resources';

export interface FaultHarness {
  servers: MockServers;
  watch: ResourceWatch;
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

/** Registers the hooks; `limits` shorten the call's time limits for every test of the suite. */
export function useFaultHarness(limits: Partial<CallLimits> = {}): FaultHarness {
  const harness = { pageErrors: [] as string[] } as FaultHarness;
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
    cleanups = [errors.restore, () => harness.watch.restore(), shortenCallLimits(limits)];
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
