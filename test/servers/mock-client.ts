// Typed access, from browser tests, to the mock servers the test runner starts
// (test/fixtures/mock-servers-plugin.mjs): their URLs, inspection records and fault switches.

/** Base URLs (`http://127.0.0.1:PORT`) of the servers running for this test run. */
export interface MockServers {
  /** Mock Lyzr Voice Service: `POST /session/start`. Use as the widget's Lyzr base URL. */
  lyzr: string;
  /** A second Lyzr mock on another origin that no widget is configured with (redirect targets). */
  elsewhere: string;
  /** Mock Anunzi: `GET /websocket/token/:id` (bearer key). The page should use `broker`. */
  anunzi: string;
  /**
   * Token broker in front of the Anunzi mock: `GET /api/voice-session?assistant=test-assistant`;
   * and of the Lyzr mock as server-url `<broker>/lyzr` for agent-id `test-agent`.
   */
  broker: string;
  /** dist/ served cross-origin with CORS, as a CDN would. */
  cdn: string;
  /** test/fixtures/site/ under a strict CSP. */
  site: string;
}

/** What a mock saw of the connection, common to both. */
export interface InspectedSession {
  connected: boolean;
  closed: boolean;
  closeCode: number | null;
  closeReason: string | null;
  closedBy: 'server' | 'client' | null;
  durationMs: number;
  violations: { rule: string; atMs: number | null; detail?: unknown }[];
  reuseAttempts: number;
  frames: number;
  bytes: number;
  audioMs: number;
  framesPerSecond: number | null;
  bytesPerSecond: number | null;
  voicedFrames: number;
  silentFrames: number;
  /** Median frequency over voiced 50 ms windows of the client's audio. */
  toneHz: number | null;
  turnsDetected: number;
  /** Histogram: samples per frame → number of frames. */
  frameSampleCounts: Record<string, number>;
  repliesSent: number;
  audioChunksSent: number;
}

export interface InspectedLyzrSession extends InspectedSession {
  sessionId: string;
  agentId: string;
  keepaliveZeroFrames: number;
  sampleRates: unknown[];
  transcriptsSent: number;
}

export interface InspectedAnunziSession extends InspectedSession {
  token: string;
  assistantId: string;
  zeroFrames: number;
  pace: {
    expectedBytesPerSecond: number;
    windowMs: number;
    windowBytesPerSecond: number | null;
    ratio: number | null;
    ok: boolean | null;
    windowsMeasured: number;
    windowsOutOfTolerance: number;
  };
  clientReadyAt: number | null;
  duplicateClientReady: number;
  agentReadySent: boolean;
  audioFramesBeforeClientReady: number;
  oddChunksSent: number;
}

/** Junk kinds the Lyzr mock sends right after connect (`junk` fault). */
export type LyzrJunk =
  | 'malformedJson' | 'nonObjectJson' | 'unknownType' | 'missingAudio'
  | 'invalidBase64' | 'oddByteCount' | 'emptyAudio' | 'hugeFrame' | 'oversizedFrame' | 'markupTranscript' | 'longTranscript';
/** Junk kinds the Anunzi mock sends right after connect. */
export type AnunziJunk = 'malformedJson' | 'nonObjectJson' | 'unknownType' | 'missingType' | 'emptyBinary' | 'hugeFrame' | 'oversizedFrame';

/** Fault switches; `{}` resets. Each applies to sessions/sockets started after it is set. */
export interface MockFaults {
  /** The server closes each socket this long after it connects, with closeCode/closeReason. */
  closeAfterMs?: number;
  closeCode?: number;
  closeReason?: string;
  /** The WebSocket handshake hangs this long (an agent that never answers). */
  upgradeDelayMs?: number;
  /** Agent replies: length, random lateness per chunk, one stall, speed-up. */
  replyMs?: number;
  jitterMs?: number;
  stallAtMs?: number;
  stallMs?: number;
  floodFactor?: number;
  junk?: boolean | LyzrJunk | AnunziJunk | Array<LyzrJunk | AnunziJunk>;
  /** Answer every request (but CORS preflights and /__ calls) with this redirect (status default 307). */
  redirect?: { status?: number; location: string };
  // Lyzr session/start
  sessionStatus?: number;
  sessionBody?: string;
  sessionDelayMs?: number;
  /** A usable session answer padded to this many bytes; `sessionChunked`: without Content-Length. */
  sessionBodyBytes?: number;
  sessionChunked?: boolean;
  wsUrlOverride?: string;
  // Anunzi token endpoint and socket
  tokenStatus?: number;
  tokenBody?: string;
  tokenDelayMs?: number;
  sessionUrlOverride?: string;
  /** Never answer status_client_ready with status_agent_ready. */
  noAgentReady?: boolean;
}

/**
 * The key the test run's broker holds (test/fixtures/mock-servers-plugin.mjs). Tests only use it
 * to search for it where it must never appear.
 */
export const MOCK_ANUNZI_API_KEY = 'test-anunzi-key-never-in-browser';

/** The broker route for the test assistant: what a site puts in session-endpoint. */
export function brokerSessionEndpoint(servers: MockServers): string {
  return `${servers.broker}/api/voice-session?assistant=test-assistant`;
}

export async function getMockServers(): Promise<MockServers> {
  const response = await fetch('/__mock-servers.json');
  return (await response.json()) as MockServers;
}

/** The inspection record of one session (`'latest'` = the most recently started). */
export async function inspect<T extends InspectedSession = InspectedSession>(serverUrl: string, id = 'latest'): Promise<T> {
  const response = await fetch(`${serverUrl}/__inspect/${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error(`no inspection record ${id} at ${serverUrl}`);
  return (await response.json()) as T;
}

/**
 * The latest session's record once it has received `frames` mic frames: a count, since a loaded
 * machine may take longer than any fixed wait to deliver the first ones.
 */
export async function inspectAfterFrames<T extends InspectedSession = InspectedSession>(serverUrl: string, frames = 5, timeoutMs = 8000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const record = await inspect<T>(serverUrl);
    const received = Object.values(record.frameSampleCounts).reduce((sum, count) => sum + count, 0);
    if (received >= frames) return record;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${frames} mic frames at the mock (got ${received})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What reached a mock (all but the tests' own /__ calls): a total and the latest 50. */
export interface MockRequests {
  count: number;
  /** `answerBytes` (headers included): what went out before the answer ended or the client hung up; null while open. */
  latest: Array<{ method: string; path: string; origin: string | null; bodyBytes: number; answerBytes: number | null }>;
}

export async function requestsTo(serverUrl: string): Promise<MockRequests> {
  return (await (await fetch(`${serverUrl}/__requests`)).json()) as MockRequests;
}

export async function setFaults(serverUrl: string, faults: MockFaults): Promise<void> {
  await fetch(`${serverUrl}/__faults`, { method: 'POST', body: JSON.stringify(faults) });
}

/** Clears the fault switches of both mock agents. */
export async function resetFaults(servers: MockServers): Promise<void> {
  await Promise.all([setFaults(servers.lyzr, {}), setFaults(servers.anunzi, {})]);
}

/** Polls until `check` returns something truthy. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
