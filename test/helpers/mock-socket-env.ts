// Swaps the page's WebSocket for mock-socket's during a unit test.
import { Server, WebSocket as MockWebSocket } from 'mock-socket/dist/mock-socket.es.mjs';

// mock-socket has no bufferedAmount; a real socket reports 0 when nothing is queued.
if (!('bufferedAmount' in MockWebSocket.prototype)) {
  Object.defineProperty(MockWebSocket.prototype, 'bufferedAmount', { get: () => 0 });
}

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
    restore() {
      servers.forEach((server) => server.stop());
      window.WebSocket = original;
    },
  };
}

export type { Server };
