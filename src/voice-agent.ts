import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { ACTIVE_STATES, Call, type CallState, type CallTiming } from './call';
import { adapterOf, providerNamed, providers } from './providers/registry';
import { isRightToLeft, loadStrings, needsStrings, STRING_KEYS, stringsFor, type Notice, type StringKey } from './strings';
import { TranscriptLog, type TranscriptUpdate } from './transcript';
import { styles } from './voice-agent.styles';
import type { VoiceAgentEventMap } from './events';

const HINT_KEYS: Partial<Record<CallState, StringKey>> = {
  'mic-denied': 'mic-denied-hint',
  'mic-forbidden': 'mic-forbidden-hint',
  'no-mic': 'no-mic-hint',
  insecure: 'insecure-hint',
};
const PROBLEM_STATES: ReadonlySet<CallState> = new Set(['mic-denied', 'mic-forbidden', 'no-mic', 'insecure', 'error']);
const TEXT_ATTRIBUTES = STRING_KEYS.map((key) => `text-${key}`);
const MIN_FRAME_MS = 20;
const MAX_FRAME_MS = 100;
const MIC_STORAGE_KEY = 'voice-agent-microphone';
const DOUBLE_CLICK_MS = 500;
const LIVE_STATES: ReadonlySet<CallState> = new Set(['listening', 'speaking']);


const micIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.93V21h2v-3.07A7 7 0 0 0 19 11h-2Z"/></svg>`;

/**
 * A live voice conversation with a hosted AI voice agent, in one tag.
 *
 * @element voice-agent
 *
 * @attr text-start - Override any visible string with `text-<key>`; keys: start, end, mute,
 *   unmute, resume, open, close, microphone, transcript, you, agent, idle, requesting-mic,
 *   connecting, listening, speaking, reconnecting, audio-paused, ended, mic-denied, no-mic,
 *   insecure, error, not-configured, mic-forbidden, mic-denied-hint, no-mic-hint,
 *   insecure-hint, mic-forbidden-hint, audio-blocked-hint, audio-paused-hint,
 *   reconnecting-hint ({0} attempt, {1} of), audio-stopped-hint, audio-not-allowed-hint,
 *   left-page-hint.
 *
 * @fires {CustomEvent<VoiceAgentStateDetail>} voice-agent-state - The call state changed. `detail: {state, message}`.
 * @fires {CustomEvent<VoiceAgentTranscriptDetail>} voice-agent-transcript - A user or agent transcript arrived. `detail: {role, text, final}`.
 * @fires {CustomEvent<VoiceAgentErrorDetail>} voice-agent-error - The call could not start or failed. `detail: {state, message}`.
 * @fires {CustomEvent<VoiceAgentInterruptedDetail>} voice-agent-interrupted - The agent's audio was cut (barge-in). `detail: {source: 'local' | 'provider'}`.
 * @fires {CustomEvent<VoiceAgentMessageDetail>} voice-agent-message - The provider sent a message the widget does not interpret. `detail: {message}`.
 * @fires {CustomEvent<VoiceAgentIgnoredDetail>} voice-agent-ignored - Malformed input was dropped; the call goes on. `detail: {reason}`.
 *
 * @csspart panel - The widget's box.
 * @csspart launcher - The floating variant's round button.
 * @csspart status - The state line.
 * @csspart hint - The explanation under the state (errors, how to allow the mic).
 * @csspart button - The start/end call button.
 * @csspart mute-button - The mute toggle.
 * @csspart resume-button - Brings the audio back after the browser paused it (state `audio-paused`).
 * @csspart device-select - The microphone picker.
 * @csspart meter - Both level meters.
 * @csspart transcript - The transcript list.
 * @csspart turn - One transcript turn.
 * @csspart stats - The live statistics (attribute `debug`).
 *
 * @cssprop --voice-agent-accent - Main color (buttons, meters).
 * @cssprop --voice-agent-danger - End-call and error color.
 * @cssprop --voice-agent-bg - Background.
 * @cssprop --voice-agent-fg - Text color.
 * @cssprop --voice-agent-muted - Secondary text color.
 * @cssprop --voice-agent-border - Borders, user turns, meter tracks.
 * @cssprop --voice-agent-radius - Corner radius.
 * @cssprop --voice-agent-font - Font family.
 * @cssprop --voice-agent-size - Base font size.
 * @cssprop --voice-agent-width - Panel width of the floating variant.
 * @cssprop --voice-agent-z-index - Stacking order of the floating variant.
 */
export class VoiceAgentElement extends LitElement {
  static override styles = styles;

  static override properties = {
    provider: {},
    agentId: { attribute: 'agent-id' },
    serverUrl: { attribute: 'server-url' },
    sessionEndpoint: { attribute: 'session-endpoint' },
    frameMs: { attribute: 'frame-ms', type: Number },
    workletBase: { attribute: 'worklet-base' },
    variant: { reflect: true },
    placement: { reflect: true },
    open: { type: Boolean, reflect: true },
    language: { attribute: 'lang' },
    bargeIn: { attribute: 'barge-in' },
    echoGate: { attribute: 'echo-gate' },
    debug: { type: Boolean },
    state: { reflect: true },
    muted: { type: Boolean, reflect: true },
    statusDetail: { state: true },
    turns: { state: true },
    micLevel: { state: true },
    agentLevel: { state: true },
    microphones: { state: true },
  };

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...TEXT_ATTRIBUTES];
  }

  // Reactive properties are declared, then set in the constructor: class-field initialisers
  // would shadow Lit's accessors under standard class-field semantics.
  /** `lyzr` or `anunzi`. */
  declare provider: string;
  /** Lyzr agent id. */
  declare agentId: string | null;
  /** Lyzr: base URL of session/start (self-hosting, proxies, the local mock). */
  declare serverUrl: string | null;
  /** Anunzi: your server route answering `{"sessionURL": …}`. The API key stays there. */
  declare sessionEndpoint: string | null;
  /** Mic audio per message, 20–100 ms. */
  declare frameMs: number;
  /** Folder holding capture-processor.js and playback-processor.js, when not where the build put them. */
  declare workletBase: string | null;
  /** `inline` (fills its container) or `floating` (a bubble in a corner that opens a panel). */
  declare variant: 'inline' | 'floating';
  /** Corner of the floating variant: `bottom-right`, `bottom-left`, `top-right`, `top-left`. */
  declare placement: string;
  /** Floating variant: whether the panel is open. */
  declare open: boolean;
  /** Language of the built-in strings (`lang` attribute; en, es, fr, de, pt); defaults to the page's. */
  declare language: string | null;
  /** `on` (default) or `off`: stop the agent's audio when the visitor talks over it. */
  declare bargeIn: string;
  /** `on` (default) or `off`: turn the mic down while the agent speaks (speakers, no headphones). */
  declare echoGate: string;
  /** Show live statistics (jitter buffer, frames, socket buffer, response time). */
  declare debug: boolean;
  /** The call state (read only; reflected so pages can style on it). */
  declare state: CallState;
  /** Whether the mic is muted (silence keeps flowing so the call stays open). */
  declare muted: boolean;

  declare private statusDetail: string;
  declare private turns: TranscriptLog['turns'];
  declare private micLevel: number;
  declare private agentLevel: number;
  declare private microphones: MediaDeviceInfo[];
  /** @internal Time limits and clock of the calls started from now on (tests shorten and drive them). */
  callTiming?: CallTiming;
  private call?: Call;
  /** What the visitor is told about the current state, in the page's language. */
  private notice?: Notice;
  private startedAt = -Infinity;
  private readonly transcript = new TranscriptLog();

  constructor() {
    super();
    this.provider = '';
    this.agentId = this.serverUrl = this.sessionEndpoint = this.workletBase = this.language = null;
    this.frameMs = MIN_FRAME_MS;
    this.variant = 'inline';
    this.placement = 'bottom-right';
    this.open = this.debug = this.muted = false;
    this.bargeIn = this.echoGate = 'on';
    this.state = 'idle';
    this.statusDetail = '';
    this.turns = [];
    this.micLevel = this.agentLevel = 0;
    this.microphones = [];
  }

  /** Why the current attributes cannot work, or null. */
  get configurationError(): string | null {
    const definition = providerNamed(this.provider);
    if (!definition) return `Set provider to one of: ${Object.keys(providers).join(', ')}.`;
    if (!(this.frameMs >= MIN_FRAME_MS && this.frameMs <= MAX_FRAME_MS)) return `frame-ms must be between ${MIN_FRAME_MS} and ${MAX_FRAME_MS}.`;
    return definition.configError(this);
  }

  /** True while a call holds (or is acquiring) the mic and a connection. */
  get active(): boolean {
    return ACTIVE_STATES.has(this.state);
  }

  /** Starts a call. Call it from a user gesture (click) so audio may play. */
  async start(): Promise<void> {
    if (this.call && this.active) return;
    const problem = this.configurationError;
    if (problem) {
      this.emit('voice-agent-error', { state: 'error', message: problem });
      return;
    }
    this.transcript.clear();
    this.turns = this.transcript.turns;
    this.muted = false;
    this.open = true;
    const definition = providerNamed(this.provider)!;
    const { captureRate, playbackRate } = definition;
    // Read once: attribute changes during a call (even across reconnects) apply to the next call.
    const config = { agentId: this.agentId, serverUrl: this.serverUrl, sessionEndpoint: this.sessionEndpoint };
    const call = new Call(
      {
        provider: adapterOf(definition).then((create) => create(config)),
        captureRate,
        playbackRate,
        frameMs: this.frameMs,
        workletBase: this.workletBase,
        deviceId: storedMicrophone(),
        echoGate: this.echoGate !== 'off',
        bargeIn: this.bargeIn !== 'off',
        ...this.callTiming,
      },
      {
        onState: (state, detail, notice) => call === this.call && this.onCallState(state, detail, notice),
        onTranscript: (update) => call === this.call && this.onTranscript(update),
        onLevels: (mic, agent) => {
          if (call !== this.call) return;
          this.micLevel = mic;
          this.agentLevel = agent;
        },
        onInterrupted: (source) => this.emit('voice-agent-interrupted', { source }),
        onUnknownMessage: (message) => this.emit('voice-agent-message', { message }),
        onIgnored: (reason) => this.emit('voice-agent-ignored', { reason }),
        onDevicesChanged: () => call === this.call && void this.listMicrophones(),
      },
    );
    this.call = call;
    await call.start();
  }

  /** The visitor reaches for the widget: fetch the provider's adapter chunk now, not after the click. */
  private prefetchAdapter(): void {
    if (!this.configurationError) adapterOf(providerNamed(this.provider)!).catch(() => undefined);
  }

  /** Ends the call, releasing the microphone, the connection and the audio context. */
  async stop(): Promise<void> {
    await this.call?.stop();
  }

  /** Live call statistics (frames sent/dropped, socket buffer, jitter buffer, response time). */
  get stats() {
    return this.call?.stats;
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name.startsWith('text-')) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.stop();
  }

  protected override updated(changed: PropertyValues): void {
    // Levels go through the CSSOM, not a style attribute, which strict CSP pages block.
    for (const bar of this.renderRoot.querySelectorAll<HTMLElement>('[data-level]')) {
      bar.style.setProperty('--level', bar.dataset.level!);
    }
    if (changed.has('muted')) this.call?.setMuted(this.muted);
    if (changed.has('turns')) {
      const list = this.renderRoot.querySelector('.transcript');
      if (list) list.scrollTop = list.scrollHeight;
    }
  }

  /** A visible string: the `text-<key>` attribute if set, else the language's built-in one. */
  private text(key: StringKey): string {
    return this.getAttribute(`text-${key}`) ?? stringsFor(this.effectiveLang())[key];
  }

  protected override willUpdate(): void {
    // Once per language: a table that cannot load leaves English, and no update loop.
    const lang = this.effectiveLang();
    if (needsStrings(lang)) void loadStrings(lang).then((loaded) => loaded && this.requestUpdate());
  }

  private effectiveLang(): string {
    return this.language || this.closest('[lang]')?.getAttribute('lang') || navigator.language;
  }

  private onCallState(state: CallState, detail: string, notice?: Notice): void {
    this.notice = notice;
    this.state = state;
    this.statusDetail = detail;
    this.emit('voice-agent-state', { state, message: detail });
    if (PROBLEM_STATES.has(state)) this.emit('voice-agent-error', { state, message: detail });
    if (state === 'listening') void this.listMicrophones();
  }

  private onTranscript(update: TranscriptUpdate): void {
    this.transcript.apply(update);
    this.turns = this.transcript.turns;
    this.emit('voice-agent-transcript', { role: update.role, text: update.text, final: update.final });
  }

  private emit<K extends keyof VoiceAgentEventMap>(type: K, detail: VoiceAgentEventMap[K]['detail']): void {
    /** @ignore The events are documented with `@fires` above the class. */
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** Device labels are only readable once the mic is allowed, so this runs when a call is live. */
  private async listMicrophones(): Promise<void> {
    const devices = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []);
    this.microphones = (devices ?? []).filter((device) => device.kind === 'audioinput' && device.deviceId);
  }

  private chooseMicrophone(event: Event): void {
    const deviceId = (event.target as HTMLSelectElement).value;
    try {
      localStorage.setItem(MIC_STORAGE_KEY, deviceId);
    } catch {
      // Storage may be blocked (private mode, sandboxed iframe): the choice still applies now.
    }
    void this.call?.switchMicrophone(deviceId);
  }

  private toggleCall(): void {
    if (!this.active) {
      this.startedAt = performance.now();
      void this.start();
      return;
    }
    // A double click on Start must not cancel the call it just started.
    const doubleClick = performance.now() - this.startedAt < DOUBLE_CLICK_MS && !LIVE_STATES.has(this.state);
    if (!doubleClick) void this.stop();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.variant === 'floating' && this.open) {
      this.open = false;
      this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus();
    }
  }

  override render() {
    const floating = this.variant === 'floating';
    const dir = isRightToLeft(this.effectiveLang()) ? 'rtl' : nothing;
    return html`<div dir=${dir} @keydown=${this.onKeydown} @pointerenter=${this.prefetchAdapter} @focusin=${this.prefetchAdapter}>
      ${floating
        ? html`<button
            part="launcher"
            class="launcher ${this.active ? 'live' : ''}"
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="panel"
            aria-label=${this.open ? this.text('close') : this.text('open')}
            @click=${() => (this.open = !this.open)}
          >${micIcon}</button>`
        : nothing}
      ${this.renderPanel(floating && !this.open)}
    </div>`;
  }

  private renderPanel(hidden: boolean) {
    const configProblem = this.configurationError;
    const problem = configProblem !== null || PROBLEM_STATES.has(this.state);
    const status = this.text(configProblem ? 'not-configured' : this.state);
    const hintKey = HINT_KEYS[this.state];
    // Details explain problems and reconnection attempts (notices cover a waiting microphone).
    const explained = PROBLEM_STATES.has(this.state) || this.state === 'reconnecting';
    const notice = this.notice;
    const hint =
      configProblem ??
      (hintKey
        ? this.text(hintKey)
        : notice
          ? this.text(notice.key).replace(/\{(\d)\}/g, (_, index: string) => String(notice.values?.[+index]))
          : explained
            ? this.statusDetail
            : '');
    return html`
      <div part="panel" id="panel" class="panel ${problem ? 'problem' : ''}" ?hidden=${hidden}>
        <div part="status" class="status" role="status">${status}</div>
        ${hint ? html`<p part="hint" class="hint">${hint}</p>` : nothing}
        ${this.active ? this.renderMeters() : nothing}
        <ol part="transcript" class="transcript" aria-live="polite" aria-label=${this.text('transcript')}>${this.turns.map(
          (turn) =>
            html`<li part="turn" class="turn ${turn.role} ${turn.final ? '' : 'partial'}"><span class="visually-hidden">${this.text(turn.role === 'user' ? 'you' : 'agent')}: </span>${turn.text}</li>`,
        )}</ol>
        <div class="controls">
          <button part="button" class=${this.active ? 'end' : ''} ?disabled=${configProblem !== null && !this.active} @click=${this.toggleCall}>
            ${this.text(this.active ? 'end' : 'start')}
          </button>
          ${this.active
            ? html`<button part="mute-button" class="secondary" aria-pressed=${this.muted ? 'true' : 'false'} @click=${() => (this.muted = !this.muted)}>
                ${this.text(this.muted ? 'unmute' : 'mute')}
              </button>`
            : nothing}
          ${this.state === 'audio-paused'
            ? html`<button part="resume-button" class="secondary" @click=${() => this.call?.resumeAudio()}>${this.text('resume')}</button>`
            : nothing}
          ${this.active && this.microphones.length > 1 ? this.renderMicrophones() : nothing}
        </div>
        ${this.debug ? this.renderStats() : nothing}
      </div>
    `;
  }

  private renderMeters() {
    const meter = (label: string, level: number) => html`
      <span aria-hidden="true">${label}</span>
      <div part="meter" class="meter" role="meter" aria-label=${label} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(level * 100)}>
        <span data-level=${level.toFixed(3)}></span>
      </div>
    `;
    return html`<div class="meters">${meter(this.text('you'), this.micLevel)}${meter(this.text('agent'), this.agentLevel)}</div>`;
  }

  private renderMicrophones() {
    const chosen = storedMicrophone();
    return html`<select part="device-select" aria-label=${this.text('microphone')} @change=${this.chooseMicrophone}>
      ${this.microphones.map(
        (device, i) => html`<option value=${device.deviceId} ?selected=${device.deviceId === chosen}>${device.label || `${this.text('microphone')} ${i + 1}`}</option>`,
      )}
    </select>`;
  }

  private renderStats() {
    const stats = this.call?.stats;
    const playback = stats?.playback;
    const rows: Array<[string, string]> = [
      ['buffer', playback ? `${Math.round(playback.depthMs)} / ${Math.round(playback.targetMs)} ms` : '–'],
      ['jitter', playback ? `${Math.round(playback.jitterMs)} ms` : '–'],
      ['underruns', String(playback?.underruns ?? 0)],
      ['dropped', `${Math.round(playback?.droppedMs ?? 0)} ms`],
      ['frames sent', String(stats?.framesSent ?? 0)],
      ['frames dropped', String(stats?.framesDropped ?? 0)],
      ['socket buffer', `${stats?.bufferedBytes ?? 0} B`],
      ['reconnects', String(stats?.reconnects ?? 0)],
      ['response', stats?.responseMs === undefined ? '–' : `${stats.responseMs} ms`],
    ];
    return html`<dl part="stats" class="stats">${rows.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>`;
  }
}

// Typed listeners (declaration merging: no runtime code). `this` is the element.
export interface VoiceAgentElement {
  addEventListener<K extends keyof VoiceAgentEventMap>(type: K, listener: (this: VoiceAgentElement, ev: VoiceAgentEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: VoiceAgentElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof VoiceAgentEventMap>(type: K, listener: (this: VoiceAgentElement, ev: VoiceAgentEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: VoiceAgentElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

function storedMicrophone(): string | null {
  try {
    return localStorage.getItem(MIC_STORAGE_KEY);
  } catch {
    return null;
  }
}
