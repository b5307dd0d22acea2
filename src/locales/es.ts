// Spanish strings: a chunk of its own, loaded only on pages in this language.
import type { Strings } from '../strings';

const strings: Strings = {
  start: "Iniciar llamada",
  end: "Colgar",
  mute: "Silenciar",
  unmute: "Activar micrófono",
  open: "Habla con nuestro asistente",
  close: "Cerrar",
  microphone: "Micrófono",
  transcript: "Transcripción",
  you: "Tú",
  agent: "Agente",
  idle: "Listo para hablar",
  "requesting-mic": "Esperando permiso del micrófono…",
  connecting: "Conectando…",
  listening: "Escuchando",
  speaking: "El agente está hablando",
  reconnecting: "Reconectando…",
  ended: "Llamada finalizada",
  "mic-denied": "Micrófono bloqueado",
  "no-mic": "No se encontró micrófono",
  insecure: "El micrófono necesita una página segura (https)",
  error: "Algo salió mal",
  "not-configured": "Widget sin configurar",
  "mic-forbidden": "Micrófono no permitido en esta página",
  "mic-denied-hint": "Permite el acceso al micrófono para este sitio (el icono de la barra de direcciones) y vuelve a iniciar la llamada.",
  "no-mic-hint": "Conecta un micrófono y vuelve a iniciar la llamada.",
  "insecure-hint": "Los navegadores solo permiten el micrófono en páginas https:// (o localhost).",
  "mic-forbidden-hint": "Esta página no permite que el widget use el micrófono. Propietario del sitio: permítelo (allow=\"microphone\" en el iframe, o microphone=(self) en la cabecera Permissions-Policy).",
  "audio-blocked-hint": "Haz clic o toca la página para activar el audio…",
  "audio-paused-hint": "El navegador pausó el audio; reanudando…",
  "reconnecting-hint": "Se perdió la conexión; reconectando (intento {0} de {1})…",
  "audio-stopped-hint": "El navegador detuvo el audio de la llamada (otra aplicación o el sistema lo tomó). Vuelve a iniciar la llamada.",
  "audio-not-allowed-hint": "El navegador no permitió reproducir audio. Inicia la llamada con un clic o un toque.",
};

export default strings;
