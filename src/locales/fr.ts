// French strings: a chunk of its own, loaded only on pages in this language.
import type { Strings } from '../strings';

const strings: Strings = {
  start: "Démarrer l'appel",
  end: "Raccrocher",
  mute: "Couper le micro",
  unmute: "Réactiver le micro",
  open: "Parler à notre assistant",
  close: "Fermer",
  microphone: "Microphone",
  transcript: "Transcription",
  you: "Vous",
  agent: "Agent",
  idle: "Prêt à parler",
  "requesting-mic": "En attente de l'autorisation du micro…",
  connecting: "Connexion…",
  listening: "À l'écoute",
  speaking: "L'agent parle",
  reconnecting: "Reconnexion…",
  ended: "Appel terminé",
  "mic-denied": "Micro bloqué",
  "no-mic": "Aucun micro trouvé",
  insecure: "Le micro exige une page sécurisée (https)",
  error: "Un problème est survenu",
  "not-configured": "Widget non configuré",
  "mic-forbidden": "Micro non autorisé sur cette page",
  "mic-denied-hint": "Autorisez le micro pour ce site (l'icône dans la barre d'adresse), puis relancez l'appel.",
  "no-mic-hint": "Branchez un micro, puis relancez l'appel.",
  "insecure-hint": "Les navigateurs n'autorisent le micro que sur les pages https:// (ou localhost).",
  "mic-forbidden-hint": "Cette page n'autorise pas le widget à utiliser le micro. Propriétaire du site : autorisez-le (allow=\"microphone\" sur l'iframe, ou microphone=(self) dans l'en-tête Permissions-Policy).",
  "audio-blocked-hint": "Cliquez ou touchez la page pour activer le son…",
  "audio-paused-hint": "Le navigateur a mis le son en pause ; reprise…",
  "reconnecting-hint": "Connexion perdue ; reconnexion (essai {0} sur {1})…",
  "audio-stopped-hint": "Le navigateur a arrêté le son de l'appel (une autre application ou le système l'a pris). Relancez l'appel.",
  "audio-not-allowed-hint": "Le navigateur n'a pas autorisé le son. Lancez l'appel d'un clic ou d'un toucher.",
};

export default strings;
