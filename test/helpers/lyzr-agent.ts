// A Lyzr agent on mock-socket for unit tests: fetch is stubbed to hand out a fresh wsUrl per
// session/start, each served by its own mock-socket Server that records what it receives.
import { useMockSocket, type Server } from './mock-socket-env';
import { jsonResponse, stubFetch } from './stubs';

export type AgentSocket = Parameters<Parameters<Server['on']>[1]>[0];

/** A Lyzr agent on mock-socket: hands out a fresh wsUrl per session/start. */
export function lyzrAgent() {
  const sockets = useMockSocket();
  let session = 0;
  const connections: AgentSocket[] = [];
  const received: string[][] = [];
  const fetches = stubFetch(() => {
    session++;
    const url = `ws://agent.test/ws/${session}`;
    const server = sockets.server(url);
    const messages: string[] = [];
    received.push(messages);
    server.on('connection', (socket) => {
      connections.push(socket);
      socket.on('message', (data) => messages.push(String(data)));
    });
    return jsonResponse({ sessionId: String(session), wsUrl: url, audioConfig: { sampleRate: 24000 } });
  });
  return {
    fetches,
    connections,
    received,
    /** A slow network: every socket reports this many unsent bytes (0 = idle). */
    setBufferedAmount: sockets.setBufferedAmount,
    restore() {
      fetches.restore();
      sockets.restore();
    },
  };
}


/** Base64 of PCM16 samples, as Lyzr's audio messages carry them. */
export function base64Pcm16(pcm: Int16Array): string {
  const bytes = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(binary);
}

/** PCM16 samples of an audio frame the widget sent to a Lyzr agent. */
export function pcm16OfLyzrFrame(text: string): Int16Array {
  const bytes = Uint8Array.from(atob(JSON.parse(text).audio), (char) => char.charCodeAt(0));
  return new Int16Array(bytes.buffer);
}
