import { css } from 'lit';

// Constructable stylesheets (no inline <style>), so strict CSP pages need no style-src
// exception. Logical properties, so right-to-left pages mirror the layout by themselves.
export const styles = css`
  :host {
    --voice-agent-accent: #4f46e5;
    --voice-agent-danger: #c81e1e;
    --voice-agent-bg: #ffffff;
    --voice-agent-fg: #111827;
    --voice-agent-muted: #4b5563;
    --voice-agent-border: #e5e7eb;
    --voice-agent-radius: 12px;
    --voice-agent-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --voice-agent-size: 1rem;
    --voice-agent-width: 380px;
    --voice-agent-z-index: 2147483000;
    display: block;
    font-family: var(--voice-agent-font);
    font-size: var(--voice-agent-size);
    color: var(--voice-agent-fg);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --voice-agent-accent: #818cf8;
      --voice-agent-danger: #f87171;
      --voice-agent-bg: #111827;
      --voice-agent-fg: #f9fafb;
      --voice-agent-muted: #9ca3af;
      --voice-agent-border: #374151;
    }
  }
  [hidden] { display: none !important; }
  .panel {
    box-sizing: border-box;
    background: var(--voice-agent-bg);
    border: 1px solid var(--voice-agent-border);
    border-radius: var(--voice-agent-radius);
    padding: 12px;
    display: grid;
    gap: 10px;
  }
  .status { font-weight: 600; }
  .hint { font-size: 0.85em; color: var(--voice-agent-muted); margin: 0; }
  .problem .status { color: var(--voice-agent-danger); }
  .meters { display: grid; grid-template-columns: auto 1fr; gap: 4px 8px; align-items: center; font-size: 0.75em; color: var(--voice-agent-muted); }
  .meter { height: 6px; border-radius: 3px; background: var(--voice-agent-border); overflow: hidden; }
  .meter span { display: block; height: 100%; background: var(--voice-agent-accent); transform-origin: left; transform: scaleX(var(--level, 0)); transition: transform 60ms linear; }
  :host(:dir(rtl)) .meter span { transform-origin: right; }
  .transcript { list-style: none; margin: 0; padding: 0; max-height: 220px; overflow-y: auto; display: grid; gap: 6px; font-size: 0.9em; }
  .transcript:empty { display: none; }
  .turn { padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; max-width: 85%; }
  .turn.user { background: var(--voice-agent-border); justify-self: end; }
  .turn.agent { background: color-mix(in srgb, var(--voice-agent-accent) 14%, var(--voice-agent-bg)); justify-self: start; }
  .turn.partial { font-style: italic; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
  button, select { font: inherit; }
  button { border: 0; border-radius: 999px; padding: 8px 16px; cursor: pointer; background: var(--voice-agent-accent); color: var(--voice-agent-bg); }
  button.end { background: var(--voice-agent-danger); }
  button.secondary { background: transparent; color: var(--voice-agent-fg); border: 1px solid var(--voice-agent-border); }
  button[aria-pressed='true'] { background: var(--voice-agent-fg); color: var(--voice-agent-bg); }
  button:disabled { opacity: 0.6; cursor: not-allowed; }
  select { max-width: 100%; padding: 6px; border-radius: 8px; border: 1px solid var(--voice-agent-border); background: var(--voice-agent-bg); color: var(--voice-agent-fg); }
  button:focus-visible, select:focus-visible { outline: 3px solid var(--voice-agent-accent); outline-offset: 2px; }
  .stats { display: grid; grid-template-columns: auto auto; gap: 2px 12px; margin: 0; font: 0.75em ui-monospace, monospace; color: var(--voice-agent-muted); }
  .stats dd { margin: 0; text-align: end; }

  /* variant="floating": a launcher bubble in a corner that opens the panel. */
  :host([variant='floating']) { position: fixed; z-index: var(--voice-agent-z-index); inset-block-end: 20px; right: 20px; }
  :host([variant='floating'][placement$='left']) { right: auto; left: 20px; }
  :host([variant='floating'][placement^='top']) { inset-block-end: auto; top: 20px; }
  :host([variant='floating']) .panel { position: absolute; width: min(var(--voice-agent-width), calc(100vw - 40px)); bottom: calc(100% + 12px); right: 0; box-shadow: 0 10px 30px rgb(0 0 0 / 0.2); }
  :host([variant='floating'][placement$='left']) .panel { right: auto; left: 0; }
  :host([variant='floating'][placement^='top']) .panel { bottom: auto; top: calc(100% + 12px); }
  .launcher { width: 56px; height: 56px; padding: 0; display: grid; place-items: center; box-shadow: 0 6px 20px rgb(0 0 0 / 0.25); }
  .launcher svg { width: 26px; height: 26px; fill: currentColor; }
  .launcher.live { background: var(--voice-agent-danger); }

  @media (prefers-reduced-motion: reduce) { .meter span { transition: none; } }
`;
