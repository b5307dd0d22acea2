// German strings: a chunk of its own, loaded only on pages in this language.
import type { Strings } from '../strings';

const strings: Strings = {
  start: "Anruf starten",
  end: "Auflegen",
  mute: "Stumm",
  unmute: "Ton an",
  open: "Mit unserem Assistenten sprechen",
  close: "Schließen",
  microphone: "Mikrofon",
  transcript: "Transkript",
  you: "Sie",
  agent: "Agent",
  idle: "Bereit",
  "requesting-mic": "Warte auf Mikrofonfreigabe…",
  connecting: "Verbinde…",
  listening: "Hört zu",
  speaking: "Agent spricht",
  reconnecting: "Verbinde neu…",
  ended: "Anruf beendet",
  "mic-denied": "Mikrofon blockiert",
  "no-mic": "Kein Mikrofon gefunden",
  insecure: "Das Mikrofon braucht eine sichere (https-)Seite",
  error: "Etwas ist schiefgelaufen",
  "not-configured": "Widget nicht konfiguriert",
  "mic-forbidden": "Mikrofon auf dieser Seite nicht erlaubt",
  "mic-denied-hint": "Erlauben Sie den Mikrofonzugriff für diese Seite (Symbol in der Adressleiste) und starten Sie den Anruf erneut.",
  "no-mic-hint": "Schließen Sie ein Mikrofon an und starten Sie den Anruf erneut.",
  "insecure-hint": "Browser erlauben das Mikrofon nur auf https://-Seiten (oder localhost).",
  "mic-forbidden-hint": "Diese Seite erlaubt dem Widget das Mikrofon nicht. Website-Betreiber: erlauben Sie es (allow=\"microphone\" am iframe oder microphone=(self) im Permissions-Policy-Header).",
  "audio-blocked-hint": "Klicken oder tippen Sie auf die Seite, um den Ton einzuschalten…",
  "audio-paused-hint": "Der Browser hat den Ton angehalten – wird fortgesetzt…",
  "reconnecting-hint": "Verbindung verloren – neuer Versuch ({0} von {1})…",
  "audio-stopped-hint": "Der Browser hat den Ton des Anrufs beendet (eine andere App oder das System hat ihn übernommen). Starten Sie den Anruf erneut.",
  "audio-not-allowed-hint": "Der Browser hat keine Tonwiedergabe erlaubt. Starten Sie den Anruf mit einem Klick oder Tippen.",
};

export default strings;
