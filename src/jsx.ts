// Framework-neutral typings of the <voice-agent> tag, for JSX and template type checkers.
// Types only: no runtime code. The per-framework declarations (jsx-react.ts, jsx-preact.ts,
// jsx-solid.ts) build on these; each is its own entry so no consumer needs another
// framework's types.
import type { VoiceAgentEventMap } from './events';
import type { ProviderName } from './providers/registry';
import type { StringKey } from './strings';

/** An on/off switch attribute (default `on`). */
export type VoiceAgentSwitch = 'on' | 'off';

/** The attributes of `<voice-agent>` (all optional; values as an HTML author writes them). */
export type VoiceAgentAttributes = {
  /** The hosted agent's platform. */
  provider?: ProviderName;
  /** Lyzr agent id. */
  'agent-id'?: string;
  /** Lyzr: base URL of session/start (self-hosting, proxies, the local mock). */
  'server-url'?: string;
  /** Anunzi: your server route answering `{"sessionURL": …}`. */
  'session-endpoint'?: string;
  /** Mic audio per message, 20–100 ms. */
  'frame-ms'?: number | `${number}`;
  /** Folder holding capture-processor.js and playback-processor.js, when not where the build put them. */
  'worklet-base'?: string;
  /** `inline` (fills its container) or `floating` (a bubble in a corner that opens a panel). */
  variant?: 'inline' | 'floating';
  /** Corner of the floating variant. */
  placement?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
  /** Floating variant: whether the panel is open. */
  open?: boolean;
  /** Language of the built-in strings; defaults to the page's. */
  lang?: string;
  /** Stop the agent's audio when the visitor talks over it. */
  'barge-in'?: VoiceAgentSwitch;
  /** Turn the mic down while echo of the agent is heard and not yet cancelled. */
  'echo-gate'?: VoiceAgentSwitch;
  /** Show live statistics. */
  debug?: boolean;
  /** Talk only while holding the talk button or Space; silence is sent otherwise. */
  'push-to-talk'?: boolean;
  /** Terms the visitor accepts before the first call (remembered per site). */
  terms?: string;
} & {
  // `text-<key>` overrides one visible string, e.g. text-start="Talk to us".
  [K in `text-${StringKey}`]?: string;
};

/**
 * Listener props named `on` + event name (`onvoice-agent-state`), which React 19 and Preact
 * attach as event listeners on custom elements.
 */
export type VoiceAgentEventProps = {
  [K in keyof VoiceAgentEventMap as `on${K}`]?: (event: VoiceAgentEventMap[K]) => void;
};
