// What the mock agents say back to a visitor's turn, shared by both mocks. Three behaviours:
//   tone    a three-note melody (the default: tests assert on its exact notes)
//   speech  a few spoken lines (eSpeak NG), with transcripts that are exactly the words spoken
//   parrot  the visitor's own last turn, played back at the agent's rate
import { floatToPcm16, melodyPcm16, parseJsonObject, readBody, sendJson } from './mock-common.mjs';
import { resampleWhole } from './resample.mjs';

export const REPLY_MODES = /** @type {const} */ (['tone', 'speech', 'parrot']);

/** Talking this long over the agent (speech or parrot) makes it stop and listen, like a live agent. */
export const BARGE_IN_MS = 300;

/** True for a name in REPLY_MODES. */
export const isReplyMode = (mode) => REPLY_MODES.includes(mode);

/**
 * The spoken script, one line per reply. After the last line it goes round again from the
 * second, so a newcomer hears the greeting once.
 * @type {((turn: { seconds: string }) => string)[]}
 */
const SCRIPT = [
  () => 'Hello! I am the local mock agent. My voice is made on this computer, with no account and no internet.',
  ({ seconds }) => `You said something for about ${seconds} seconds. I cannot understand words, but I can hear how long you talk.`,
  () => 'Try talking over me while I speak. The widget cuts my voice at once, and I stop and listen.',
  () => 'To hear your own voice come back, choose parrot in the reply menu of this page.',
  ({ seconds }) => `That was about ${seconds} seconds. Your audio reaches me over a plain WebSocket, and my answer streams back in real time.`,
];

/** Seconds of speech as eSpeak should read them: one decimal ("1.2"), at least 0.1. */
const secondsOf = (ms) => Math.max(0.1, ms / 1000).toFixed(1);

/** The line spoken as reply number `replyIndex` (0-based, per call). */
export function scriptLine(replyIndex, speechMs) {
  const line = replyIndex < SCRIPT.length ? SCRIPT[replyIndex] : SCRIPT[1 + ((replyIndex - 1) % (SCRIPT.length - 1))];
  return line({ seconds: secondsOf(speechMs) });
}

/**
 * Synthesises the greeting ahead of the first call, so the first answer starts without delay.
 * Only for `speech`; errors surface when a reply needs the line.
 */
export function warmUp(mode, agentRate) {
  if (mode !== 'speech') return;
  import('./speech.mjs').then(({ synthesize }) => synthesize(scriptLine(0, 0), { sampleRate: agentRate })).catch(() => {});
}

/**
 * One agent reply as PCM16 at `agentRate`, with what it says and what it heard.
 *
 * @param {'tone' | 'speech' | 'parrot'} mode
 * @param {object} turn
 * @param {number} turn.replyIndex replies already sent in this call
 * @param {{ samples: Float32Array, speechMs: number } | null} turn.lastTurn the visitor's turn, at `clientRate`
 * @param {number} turn.clientRate
 * @param {number} turn.agentRate
 * @param {number} turn.melodyMs length of a tone reply
 * @param {number | null} turn.toneHz the frequency the mock heard (tone replies name it)
 * @param {string} turn.toneText the agent's transcript of a tone reply
 * @returns {Promise<{ pcm: Buffer, heard: string, said: string }>}
 */
export async function agentReply(mode, { replyIndex, lastTurn, clientRate, agentRate, melodyMs, toneHz, toneText }) {
  if (mode === 'tone') {
    return { pcm: melodyPcm16(agentRate, melodyMs), heard: `(mock heard ${toneHz ?? '?'} Hz)`, said: toneText };
  }
  const speechMs = lastTurn?.speechMs ?? 0;
  const heard = `(mock heard ${secondsOf(speechMs)} s of speech)`;
  if (mode === 'parrot' && lastTurn?.samples.length) {
    const samples = await resampleWhole(lastTurn.samples, clientRate, agentRate);
    return { pcm: floatToPcm16(samples), heard, said: `(parrot: your last ${secondsOf(speechMs)} seconds, played back)` };
  }
  // Loaded on first use: tests and benchmarks that only want melodies never start eSpeak NG.
  const { synthesize } = await import('./speech.mjs');
  const said = scriptLine(replyIndex, speechMs);
  return { pcm: floatToPcm16(await synthesize(said, { sampleRate: agentRate })), heard, said };
}

/**
 * `GET|POST /__reply` (`{"mode": "parrot"}`): reads or switches how the mock answers, for
 * every call from then on. The demo page's reply menu uses it.
 * @param {{ mode: string, agentRate: number }} reply the mock's current setting (mode changed in place)
 * @returns {Promise<false | void>} false when the path is not this route
 */
export async function answerReplyRoute(req, res, url, reply) {
  if (url.pathname !== '/__reply') return false;
  if (req.method === 'POST') {
    const mode = parseJsonObject(await readBody(req))?.mode;
    if (!isReplyMode(mode)) return sendJson(res, 400, { error: `mode must be one of ${REPLY_MODES.join(', ')}` });
    reply.mode = mode;
    warmUp(mode, reply.agentRate);
  }
  sendJson(res, 200, { mode: reply.mode, modes: REPLY_MODES });
}
