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
import { spawn } from 'node:child_process';
import { startPulseServer } from './engines/pulse.mjs';

/** Starts the rig; resolves { env, playVisitor(wav), close() }. */
export async function startEchoRig({ latencyMs = 60, attenuationDb = 6 } = {}) {
  const { env, pactl, stop } = await startPulseServer(
    [
      'module-null-sink sink_name=spk rate=48000 channels=1',
      'module-null-sink sink_name=room rate=48000 channels=1',
      'module-remap-source master=room.monitor source_name=roommic channels=1 source_properties=device.description=EchoRigMic',
      `module-loopback source=spk.monitor sink=room latency_msec=${latencyMs} adjust_time=0 source_dont_move=true sink_dont_move=true sink_input_properties=media.name=echo-path`,
    ],
    'voice-agent-echo-rig-',
  );
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
      await stop();
    },
  };
}
