// Swaps the page's WebSocket for mock-socket's during a unit test.
import { Server, WebSocket as MockWebSocket } from 'mock-socket/dist/mock-socket.es.mjs';

/** What every mock socket reports as bufferedAmount: 0 (idle) unless a test congests it. */
let bufferedAmount = 0;
// mock-socket has no bufferedAmount; a real socket reports 0 when nothing is queued.
Object.defineProperty(MockWebSocket.prototype, 'bufferedAmount', { configurable: true, get: () => bufferedAmount });

export function useMockSocket() {
  const original = window.WebSocket;
  window.WebSocket = MockWebSocket as unknown as typeof WebSocket;
  const servers: Server[] = [];
  return {
    server(url: string) {
      const server = new Server(url);
      servers.push(server);
      return server;
    },
    /** A slow network: sockets report this many unsent bytes until set back to 0. */
    setBufferedAmount(bytes: number) {
      bufferedAmount = bytes;
    },
    restore() {
      bufferedAmount = 0;
      servers.forEach((server) => server.stop());
      window.WebSocket = original;
    },
  };
}

export type { Server };
