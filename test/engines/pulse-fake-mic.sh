#!/bin/sh
# The fake microphone for Firefox and WebKitGTK, which cannot play a WAV as a mic themselves:
# a PulseAudio daemon with two null sinks, `spk` (the default output: without an output device
# the AudioContext never runs) and `mic`, and a source `fakemic` over `mic.monitor` (the default
# source; WebKitGTK skips monitor sources, hence the remap) and a second one, `fakemic2`. The
# test WAV loops into `mic`.
# Idempotent:  sh test/engines/pulse-fake-mic.sh start   |   sh test/engines/pulse-fake-mic.sh stop
set -e
cd "$(dirname "$0")/../.."
WAV=test/fixtures/fake-mic-440hz-48k.wav
PIDFILE="${TMPDIR:-/tmp}/voice-agent-fake-mic.pid"
case "${1:-start}" in
start)
  pulseaudio --check 2>/dev/null ||
    pulseaudio --daemonize=yes --exit-idle-time=-1 --disallow-exit --log-target=stderr 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do pactl info >/dev/null 2>&1 && break; sleep 0.5; done
  pactl list short sinks | grep -q '\bspk\b' || pactl load-module module-null-sink sink_name=spk rate=48000 >/dev/null
  pactl list short sinks | grep -q '\bmic\b' || pactl load-module module-null-sink sink_name=mic rate=48000 >/dev/null
  pactl set-default-sink spk
  pactl list short sources | grep -q '\bfakemic\b' ||
    pactl load-module module-remap-source master=mic.monitor source_name=fakemic source_properties=device.description=FakeMic >/dev/null
  # A second microphone over the same signal, for the microphone-switching test.
  pactl list short sources | grep -q '\bfakemic2\b' ||
    pactl load-module module-remap-source master=mic.monitor source_name=fakemic2 source_properties=device.description=FakeMic2 >/dev/null
  pactl set-default-source fakemic
  node -e "import('./test/fixtures/wtr-common.mjs').then((m) => m.writeFakeMicWav())"
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    echo "fake mic: already looping (pid $(cat "$PIDFILE"))"
    exit 0
  fi
  ( while :; do paplay --device=mic "$WAV" || sleep 1; done ) >/dev/null 2>&1 &
  echo $! >"$PIDFILE"
  echo "fake mic: PulseAudio source fakemic, output spk, looping $WAV (pid $!)"
  ;;
stop)
  if [ -f "$PIDFILE" ]; then
    P=$(cat "$PIDFILE")
    C=$(pgrep -P "$P" || true)
    kill "$P" 2>/dev/null || true
    [ -n "$C" ] && kill $C 2>/dev/null || true
    rm -f "$PIDFILE"
  fi
  pulseaudio --kill 2>/dev/null || true
  ;;
esac
