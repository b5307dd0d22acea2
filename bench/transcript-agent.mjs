// A bare Lyzr-shaped agent for the transcript bench: it serves the bench page and the built
// library, answers POST /session/start with a wsUrl on itself, and sends what the bench asks for
// on the open socket (transcript bursts, a speaking agent). It checks nothing of what the widget
// sends (the strict mock in demo/ does that). It runs in a process of its own, so sending 10 000
// messages never delays the bench's key presses:
//   node bench/transcript-agent.mjs <distDir>     IPC: sends {url}; takes the commands below
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { serveBenchFile } from './browser.mjs';

const RATE = 24000;
const CHUNK_MS = 20;

/** Base64 PCM16 of one 20 ms chunk of a 330 Hz tone (the agent "speaking"). */
function toneChunk() {
  const samples = new Int16Array((RATE * CHUNK_MS) / 1000);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 330 * i) / RATE));
  return Buffer.from(samples.buffer).toString('base64');
}

async function serveAgent(distDir) {
  const sockets = new Set();
  const timers = new Set();
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/session/start') {
      req.resume();
      const { port } = server.address();
      const body = JSON.stringify({ sessionId: 'bench', wsUrl: `ws://127.0.0.1:${port}/ws`, audioConfig: { sampleRate: RATE } });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      return void res.end(body);
    }
    serveBenchFile(distDir, req, res);
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const send = (message) => {
    for (const ws of sockets) ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  };
  const every = (ms, action) => {
    const timer = setInterval(action, ms);
    timers.add(timer);
  };
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Sends every message at once, as fast as the socket takes them. */
    burst(messages) {
      for (const message of messages) send(message);
    },
    /**
     * A normal call: the agent speaks 3 s out of every 5 (20 ms chunks, paced) with a word of
     * transcript every 150 ms while it does, and the visitor's final turn every 5 s.
     */
    talk() {
      const chunk = JSON.stringify({ type: 'audio', audio: toneChunk() });
      const startedAt = Date.now();
      let sent = 0;
      every(CHUNK_MS, () => {
        // Catch up on late timers: the agent's audio arrives at real-time rate on average.
        const due = Math.floor((Date.now() - startedAt) / CHUNK_MS);
        for (; sent < due; sent++) if ((sent * CHUNK_MS) % 5000 < 3000) send(chunk);
      });
      let word = 0;
      every(150, () => {
        if ((Date.now() - startedAt) % 5000 >= 3000) return;
        send({ type: 'transcript', role: 'assistant', delta: `word${word++} `, partial: true });
      });
      let turn = 0;
      every(5000, () => {
        send({ type: 'transcript', role: 'assistant', text: `reply ${turn}`, final: true });
        send({ type: 'transcript', role: 'user', text: `question ${turn++}`, final: true });
      });
    },
    quiet() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
    },
    close() {
      this.quiet();
      for (const ws of sockets) ws.terminate();
      wss.close();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** `turns` final turns, alternating visitor and agent: what is on screen before a burst. */
export function finalTurns(turns) {
  return Array.from({ length: turns }, (_, i) => ({ type: 'transcript', role: i % 2 ? 'assistant' : 'user', text: `earlier turn ${i + 1}`, final: true }));
}

/**
 * `turns` turns of `perTurn` messages each: agent turns stream per-token deltas then the final
 * text; visitor turns send a growing partial then the final (both shapes providers use).
 */
export function streamedTurns(turns, perTurn) {
  const messages = [];
  for (let t = 0; t < turns; t++) {
    const agent = t % 2 === 1;
    const words = Array.from({ length: perTurn - 1 }, (_, w) => `w${t}.${w}`);
    for (let w = 0; w < perTurn - 1; w++) {
      messages.push(
        agent
          ? { type: 'transcript', role: 'assistant', delta: `${words[w]} `, partial: true }
          : { type: 'transcript', role: 'user', text: words.slice(0, w + 1).join(' '), final: false },
      );
    }
    messages.push({ type: 'transcript', role: agent ? 'assistant' : 'user', text: words.join(' '), final: true });
  }
  return messages;
}

/**
 * Starts the agent process; resolves { url, burst(messages), talk(), quiet(), close() }. burst()
 * resolves once every message has been handed to the socket.
 */
export function startTranscriptAgent(distDir) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), distDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ask = (command) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(command);
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', ({ url }) =>
      resolve({
        url,
        burst: (messages) => ask({ burst: messages }),
        talk: () => ask({ talk: true }),
        quiet: () => ask({ quiet: true }),
        close: () => (child.kill('SIGTERM'), exited),
      }),
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const agent = await serveAgent(process.argv[2]);
  process.on('message', (command) => {
    if (command.burst) agent.burst(command.burst);
    if (command.talk) agent.talk();
    if (command.quiet) agent.quiet();
    process.send('done');
  });
  process.on('SIGTERM', async () => {
    await agent.close();
    process.exit(0);
  });
  process.send({ url: agent.url });
}
