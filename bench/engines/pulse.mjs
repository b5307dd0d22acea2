// A private PulseAudio server for the Firefox and WebKitGTK bench runs: those engines have no
// "play this WAV as the microphone" flag, and without an audio output device their AudioContext
// never runs (Firefox leaves it suspended). The server is our own child process on a socket in a
// temporary folder, so another PulseAudio on the machine (and whatever it plays) is untouched:
//
// - null sink `spk`: the default output; the agent's audio goes there and nowhere else;
// - null sink `mic`: the bench's microphone WAV is looped into it (paplay);
// - remap source `fakemic` over `mic.monitor`: the default source, i.e. the microphone.
//   WebKitGTK's GStreamer device monitor skips monitor sources (getUserMedia then fails with
//   NotFoundError), hence the remap; Firefox takes either.
//
// Browsers and tools reach it through PULSE_SERVER (see `env`).
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const run = promisify(execFile);
export const PULSEAUDIO = process.env.PULSEAUDIO_PATH || '/usr/bin/pulseaudio';

/**
 * A PulseAudio server of our own, loading only `modules` (`-L` arguments) besides its socket;
 * resolves { env, pactl(...args), stop() } once it answers.
 */
export async function startPulseServer(modules, folderPrefix) {
  const dir = mkdtempSync(join(tmpdir(), folderPrefix));
  const socket = join(dir, 'native');
  const env = { ...process.env, PULSE_RUNTIME_PATH: dir, PULSE_STATE_PATH: dir, PULSE_SERVER: `unix:${socket}` };
  const server = spawn(
    PULSEAUDIO,
    [
      '-n', // no default.pa: only the modules below
      '--daemonize=no',
      '--use-pid-file=no',
      '--exit-idle-time=-1',
      '--disallow-exit',
      '-L', `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      ...modules.flatMap((module) => ['-L', module]),
    ],
    { env, stdio: 'ignore' },
  );
  const exited = new Promise((done) => server.once('exit', done));
  const pactl = (...args) => run('pactl', args, { env });
  let ready = false;
  for (let i = 0; i < 50 && !ready; i++) {
    ready = await pactl('info').then(() => true, () => false);
    if (!ready) await sleep(100);
  }
  if (!ready) {
    server.kill();
    throw new Error(`PulseAudio (${PULSEAUDIO}) did not start`);
  }
  return {
    env,
    pactl,
    stop: async () => {
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts the server and the microphone loop; resolves { env, close() }. */
export async function startPulse({ wav }) {
  const { env, pactl, stop } = await startPulseServer(
    [
      'module-null-sink sink_name=spk rate=48000',
      'module-null-sink sink_name=mic rate=48000',
      'module-remap-source master=mic.monitor source_name=fakemic source_properties=device.description=BenchMic',
    ],
    'voice-agent-bench-pulse-',
  );
  await pactl('set-default-sink', 'spk');
  await pactl('set-default-source', 'fakemic');
  // The WAV holds whole cycles; paplay restarts between loops (a few ms of extra silence, which
  // both onset streams of mouth-to-wire see alike, so pairing is unaffected).
  let looping = true;
  let player;
  const loop = async () => {
    while (looping) {
      player = spawn('paplay', ['--device=mic', wav], { env, stdio: 'ignore' });
      await new Promise((done) => player.once('exit', done));
      if (looping) await sleep(5);
    }
  };
  const looped = loop();
  return {
    env,
    close: async () => {
      looping = false;
      player?.kill();
      await looped;
      await stop();
    },
  };
}
