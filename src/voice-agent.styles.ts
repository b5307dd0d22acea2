import { css } from 'lit';

// Constructable stylesheets (no inline <style>), so strict CSP pages need no style-src exception.
export const styles = css`
  :host {
    --voice-agent-accent: #4f46e5;
    --voice-agent-danger: #dc2626;
    --voice-agent-bg: #ffffff;
    --voice-agent-fg: #111827;
    --voice-agent-muted: #6b7280;
    --voice-agent-border: #e5e7eb;
    --voice-agent-radius: 12px;
    --voice-agent-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    display: block;
    font-family: var(--voice-agent-font);
    color: var(--voice-agent-fg);
    max-width: 420px;
  }
  .panel {
    background: var(--voice-agent-bg);
    border: 1px solid var(--voice-agent-border);
    border-radius: var(--voice-agent-radius);
    padding: 12px;
    display: grid;
    gap: 10px;
  }
  .status { font-size: 0.95rem; font-weight: 600; }
  .hint { font-size: 0.85rem; color: var(--voice-agent-muted); margin: 0; }
  .problem .status { color: var(--voice-agent-danger); }
  .meters { display: grid; grid-template-columns: auto 1fr; gap: 4px 8px; align-items: center; font-size: 0.75rem; color: var(--voice-agent-muted); }
  .meter { height: 6px; border-radius: 3px; background: var(--voice-agent-border); overflow: hidden; }
  .meter span { display: block; height: 100%; width: 100%; background: var(--voice-agent-accent); transform-origin: left; transform: scaleX(var(--level, 0)); transition: transform 60ms linear; }
  .transcript { list-style: none; margin: 0; padding: 0; max-height: 220px; overflow-y: auto; display: grid; gap: 6px; font-size: 0.9rem; }
  .transcript:empty { display: none; }
  .turn { padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
  .turn.user { background: var(--voice-agent-border); justify-self: end; }
  .turn.agent { background: color-mix(in srgb, var(--voice-agent-accent) 12%, transparent); justify-self: start; }
  .turn.partial { opacity: 0.7; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .controls { display: flex; gap: 8px; }
  button { font: inherit; border: 0; border-radius: 999px; padding: 8px 16px; cursor: pointer; background: var(--voice-agent-accent); color: #fff; }
  button.end { background: var(--voice-agent-danger); }
  button.secondary { background: transparent; color: var(--voice-agent-fg); border: 1px solid var(--voice-agent-border); }
  button[aria-pressed='true'] { background: var(--voice-agent-fg); color: var(--voice-agent-bg); }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button:focus-visible { outline: 3px solid var(--voice-agent-accent); outline-offset: 2px; }
  @media (prefers-reduced-motion: reduce) { .meter span { transition: none; } }
`;
