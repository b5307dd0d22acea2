// Portuguese strings: a chunk of its own, loaded only on pages in this language.
import type { Strings } from '../strings';

const strings: Strings = {
  start: "Iniciar chamada",
  end: "Desligar",
  mute: "Silenciar",
  unmute: "Ativar microfone",
  open: "Fale com nosso assistente",
  close: "Fechar",
  microphone: "Microfone",
  transcript: "Transcrição",
  you: "Você",
  agent: "Agente",
  idle: "Pronto para falar",
  "requesting-mic": "Aguardando permissão do microfone…",
  connecting: "Conectando…",
  listening: "Ouvindo",
  speaking: "O agente está falando",
  reconnecting: "Reconectando…",
  ended: "Chamada encerrada",
  "mic-denied": "Microfone bloqueado",
  "no-mic": "Nenhum microfone encontrado",
  insecure: "O microfone exige uma página segura (https)",
  error: "Algo deu errado",
  "not-configured": "Widget não configurado",
  "mic-forbidden": "Microfone não permitido nesta página",
  "mic-denied-hint": "Permita o acesso ao microfone para este site (o ícone na barra de endereços) e inicie a chamada novamente.",
  "no-mic-hint": "Conecte um microfone e inicie a chamada novamente.",
  "insecure-hint": "Os navegadores só permitem o microfone em páginas https:// (ou localhost).",
  "mic-forbidden-hint": "Esta página não permite que o widget use o microfone. Dono do site: permita-o (allow=\"microphone\" no iframe, ou microphone=(self) no cabeçalho Permissions-Policy).",
  "audio-blocked-hint": "Clique ou toque na página para ativar o áudio…",
  "audio-paused-hint": "O navegador pausou o áudio; retomando…",
  "reconnecting-hint": "Conexão perdida; reconectando (tentativa {0} de {1})…",
  "audio-stopped-hint": "O navegador interrompeu o áudio da chamada (outro aplicativo ou o sistema o assumiu). Inicie a chamada novamente.",
  "audio-not-allowed-hint": "O navegador não permitiu reproduzir áudio. Inicie a chamada com um clique ou toque.",
};

export default strings;
