// The echo rig: a private PulseAudio server (our own child process, its own socket: any other
// PulseAudio on the machine is untouched) where the browser hears itself, like a laptop on
// speakers.
//
//   browser output → null sink `spk` ─ spk.monitor → module-loopback (latency, attenuation) ─┐
//   visitor WAV (paplay) ─────────────────────────────────────────────────────────────────────┴→ null sink `room`
//   room.monitor → remap source `roommic` (the default source: WebKitGTK skips monitor sources)
//
// The loopback's latency and volume are the echo path's delay and attenuation. module-loopback
// also adapts its rate to keep that latency, a small clock drift like a real device pair's.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const run = promisify(execFile);
const PULSEAUDIO = process.env.PULSEAUDIO_PATH || '/usr/bin/pulseaudio';

/** Starts the rig; resolves { env, playVisitor(wav), close() }. */
export async function startEchoRig({ latencyMs = 60, attenuationDb = 6 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'voice-agent-echo-rig-'));
  const socket = join(dir, 'native');
  const env = { ...process.env, PULSE_RUNTIME_PATH: dir, PULSE_STATE_PATH: dir, PULSE_SERVER: `unix:${socket}` };
  const server = spawn(
    PULSEAUDIO,
    [
      '-n',
      '--daemonize=no',
      '--use-pid-file=no',
      '--exit-idle-time=-1',
      '--disallow-exit',
      '-L', `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      '-L', 'module-null-sink sink_name=spk rate=48000 channels=1',
      '-L', 'module-null-sink sink_name=room rate=48000 channels=1',
      '-L', 'module-remap-source master=room.monitor source_name=roommic channels=1 source_properties=device.description=EchoRigMic',
      '-L', `module-loopback source=spk.monitor sink=room latency_msec=${latencyMs} adjust_time=0 source_dont_move=true sink_dont_move=true sink_input_properties=media.name=echo-path`,
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
  await pactl('set-default-sink', 'spk');
  await pactl('set-default-source', 'roommic');
  // The loopback's sink input carries the echo: its volume is the echo path's attenuation.
  const { stdout } = await pactl('list', 'short', 'sink-inputs');
  const loopback = stdout.trim().split('\n').find(Boolean)?.split('\t')[0];
  if (loopback) await pactl('set-sink-input-volume', loopback, `${-attenuationDb}dB`);
  const players = new Set();
  return {
    env,
    /** Plays a WAV into the room (the visitor speaking); resolves when it ends. */
    playVisitor(wav) {
      const player = spawn('paplay', ['--device=room', wav], { env, stdio: 'ignore' });
      players.add(player);
      return new Promise((done) => player.once('exit', () => (players.delete(player), done())));
    },
    async close() {
      for (const player of players) player.kill();
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
