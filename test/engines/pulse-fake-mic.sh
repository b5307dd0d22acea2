#!/bin/sh
# The fake microphone for Firefox and WebKitGTK, which cannot play a WAV as a mic themselves:
# a PulseAudio daemon with two null sinks, `spk` (the default output: without an output device
# the AudioContext never runs) and `mic`, and a source `fakemic` over `mic.monitor` (the default
# source; WebKitGTK skips monitor sources, hence the remap) and a second one, `fakemic2`. The
# test WAV loops into `mic`, and silence plays into `spk` at a low latency: a null sink with no
# stream wakes only every 2 s, so without it each new AudioContext in Firefox or WebKitGTK
# waited about 2 s to start running (measured in Firefox: 1.9–2.1 s, 30–120 ms with it).
# Idempotent:  sh test/engines/pulse-fake-mic.sh start   |   sh test/engines/pulse-fake-mic.sh stop
set -e
cd "$(dirname "$0")/../.."
# The loop plays a copy outside the checkout: it outlives the checkout that started it (a CI
# clone deleted and made again), which a path into the checkout does not.
SOURCE_WAV=test/fixtures/fake-mic-440hz-48k.wav
WAV="${TMPDIR:-/tmp}/voice-agent-fake-mic.wav"
PIDFILE="${TMPDIR:-/tmp}/voice-agent-fake-mic.pid"
OUTPUT_PIDFILE="${TMPDIR:-/tmp}/voice-agent-fake-output.pid"

# Runs `$2…` over and over in the background (a player ends, or PulseAudio restarts), once:
# its loop's pid is kept in the file $1.
loop_once() {
  pidfile=$1
  shift
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return 1; fi
  ( while :; do "$@" || sleep 1; done ) >/dev/null 2>&1 </dev/null &
  echo $! >"$pidfile"
}

stop_loop() {
  [ -f "$1" ] || return 0
  P=$(cat "$1")
  C=$(pgrep -P "$P" || true)
  kill "$P" 2>/dev/null || true
  [ -n "$C" ] && kill $C 2>/dev/null || true
  rm -f "$1"
}
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
  cp "$SOURCE_WAV" "$WAV.new" && mv "$WAV.new" "$WAV"
  # Endless zeros (pacat reads stdin); the file redirect sits inside the loop so it reopens.
  loop_once "$OUTPUT_PIDFILE" sh -c 'exec pacat --playback --device=spk --latency-msec=20 --rate=48000 --channels=1 </dev/zero' || true
  if loop_once "$PIDFILE" paplay --device=mic "$WAV"; then
    echo "fake mic: PulseAudio source fakemic, output spk, looping $WAV (pid $(cat "$PIDFILE"))"
  else
    echo "fake mic: already looping (pid $(cat "$PIDFILE"))"
  fi
  ;;
stop)
  stop_loop "$PIDFILE"
  stop_loop "$OUTPUT_PIDFILE"
  pulseaudio --kill 2>/dev/null || true
  ;;
esac
