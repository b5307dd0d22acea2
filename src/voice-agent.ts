import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { ACTIVE_STATES, Call, type CallState, type CallTiming } from './call';
import { adapterOf, providerNamed, providers } from './providers/registry';
import { isRightToLeft, loadStrings, needsStrings, STRING_KEYS, stringsFor, type Notice, type StringKey } from './strings';
import type { TranscriptUpdate } from './transcript';
import { TranscriptView } from './transcript-view';
import { styles } from './voice-agent.styles';
import type { VoiceAgentEventMap } from './events';
import { AgentOutput } from './controls/agent-output';
import { hasAccepted, rememberAcceptance } from './controls/consent';
import { DeviceLists } from './controls/devices';
import { micCheckLimits } from './controls/mic-check';
import { MicTest } from './controls/mic-test';
import { DeadMicWatch } from './controls/silence-watch';
import { PushToTalk } from './controls/push-to-talk';
import { readSetting, writeSetting } from './controls/settings';
import { deviceControls, meter, talkButton, termsStep } from './controls/templates';

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
 *   left-page-hint, mic-check, mic-check-stop, mic-check-hint, mic-silent-hint, speaker,
 *   speaker-fixed, volume, talk, accept, decline, terms, show-earlier.
 * @attr push-to-talk - The mic is open only while the visitor holds the talk button (or Space
 *   with the widget focused); otherwise the call sends silence, so it stays open.
 * @attr terms - Terms the visitor accepts before the first call (remembered per site, in
 *   localStorage `voice-agent-consent`). A `terms` slot takes precedence (for links).
 *
 * @slot terms - Rich terms (links allowed) shown before the first call; see `terms`.
 *
 * @fires {CustomEvent<VoiceAgentStateDetail>} voice-agent-state - The call state changed. `detail: {state, message}`.
 * @fires {CustomEvent<VoiceAgentTranscriptDetail>} voice-agent-transcript - A user or agent transcript arrived; fires for every message (the list on screen is redrawn at most once per frame). `detail: {role, text, final}`.
 * @fires {CustomEvent<VoiceAgentErrorDetail>} voice-agent-error - The call could not start or failed. `detail: {state, message}`.
 * @fires {CustomEvent<VoiceAgentInterruptedDetail>} voice-agent-interrupted - The agent's audio was cut (barge-in). `detail: {source: 'local' | 'provider'}`.
 * @fires {CustomEvent<VoiceAgentMessageDetail>} voice-agent-message - The provider sent a message the widget does not interpret. `detail: {message}`.
 * @fires {CustomEvent<VoiceAgentIgnoredDetail>} voice-agent-ignored - Malformed input was dropped; the call goes on. `detail: {reason}`.
 * @fires {CustomEvent<VoiceAgentConsentDetail>} voice-agent-consent - The visitor accepted or declined the terms. `detail: {accepted}`.
 *
 * @csspart panel - The widget's box.
 * @csspart launcher - The floating variant's round button.
 * @csspart status - The state line.
 * @csspart hint - The explanation under the state (errors, how to allow the mic).
 * @csspart button - The start/end call button.
 * @csspart mute-button - The mute toggle.
 * @csspart resume-button - Brings the audio back after the browser paused it (state `audio-paused`).
 * @csspart mic-check-button - Tests the microphone before a call.
 * @csspart mic-notice - "We can't hear you" (the mic sends only digital silence) or why it did not open.
 * @csspart devices - The row of device pickers and the volume.
 * @csspart device-select - The microphone picker.
 * @csspart speaker-select - The speaker picker (browsers with AudioContext.setSinkId).
 * @csspart speaker-note - Says the speaker is the system's (browsers without AudioContext.setSinkId).
 * @csspart volume - The agent's volume slider.
 * @csspart talk-button - Hold to talk (attribute `push-to-talk`).
 * @csspart terms - The terms step before the first call.
 * @csspart accept-button - Accepts the terms and starts the call.
 * @csspart decline-button - Declines the terms.
 * @csspart meter - Both level meters.
 * @csspart transcript - The transcript list.
 * @csspart turn - One transcript turn.
 * @csspart show-earlier - Shows earlier transcript turns (the latest 50 are shown at first).
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
 * @cssprop --voice-agent-z-index - Stacking order of the floating variant (default 1000: above page
 *   content and sticky headers up to 999, below modal and consent layers).
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
    pushToTalk: { attribute: 'push-to-talk', type: Boolean },
    terms: {},
    statusDetail: { state: true },
    micLevel: { state: true },
    agentLevel: { state: true },
    askingConsent: { state: true },
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
  /** `on` (default) or `off`: turn the mic down while echo of the agent is heard and not yet cancelled. */
  declare echoGate: string;
  /** Show live statistics (jitter buffer, frames, socket buffer, response time). */
  declare debug: boolean;
  /** The call state (read only; reflected so pages can style on it). */
  declare state: CallState;
  /** Whether the mic is muted (silence keeps flowing so the call stays open). */
  declare muted: boolean;
  /** Talk only while holding the talk button or Space (noisy rooms); silence flows otherwise. */
  declare pushToTalk: boolean;
  /** Terms to accept before the first call (plain text; the `terms` slot for links). */
  declare terms: string | null;

  declare private statusDetail: string;
  declare private micLevel: number;
  declare private agentLevel: number;
  /** The visitor pressed Start and the terms wait for an answer. */
  declare private askingConsent: boolean;
  /** @internal Time limits and clock of the calls started from now on (tests shorten and drive them). */
  callTiming?: CallTiming;
  private call?: Call;
  /** What the visitor is told about the current state, in the page's language. */
  private notice?: Notice;
  private startedAt = -Infinity;
  private readonly transcript = new TranscriptView(this, () => ({ you: this.text('you'), agent: this.text('agent') }));
  private readonly devices = new DeviceLists(this);
  private readonly micTest = new MicTest(this, () => void this.devices.refresh());
  private readonly talk = new PushToTalk(this, () => this.applyMute());
  private readonly output = new AgentOutput((reason) => this.emit('voice-agent-ignored', { reason }));
  /** The current call's mic, watched for a dead track (only digital silence). */
  private deadMic?: DeadMicWatch;

  constructor() {
    super();
    this.provider = '';
    this.agentId = this.serverUrl = this.sessionEndpoint = this.workletBase = this.language = null;
    this.frameMs = MIN_FRAME_MS;
    this.variant = 'inline';
    this.placement = 'bottom-right';
    this.open = this.debug = this.muted = this.pushToTalk = this.askingConsent = false;
    this.terms = null;
    this.bargeIn = this.echoGate = 'on';
    this.state = 'idle';
    this.statusDetail = '';
    this.micLevel = this.agentLevel = 0;
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
    const terms = this.termsText();
    if (terms && !hasAccepted(terms)) {
      this.askingConsent = this.open = true;
      return;
    }
    void this.micTest.stop();
    this.transcript.clear();
    this.muted = false;
    this.open = true;
    const definition = providerNamed(this.provider)!;
    const { captureRate, playbackRate } = definition;
    // Read once: attribute changes during a call (even across reconnects) apply to the next call.
    const config = { agentId: this.agentId, serverUrl: this.serverUrl, sessionEndpoint: this.sessionEndpoint };
    const deadMic = (this.deadMic = new DeadMicWatch(micCheckLimits.silentMs, this.frameMs));
    const call = new Call(
      {
        provider: adapterOf(definition).then((create) => create(config)),
        captureRate,
        playbackRate,
        frameMs: this.frameMs,
        workletBase: this.workletBase,
        deviceId: readSetting('microphone'),
        output: this.output,
        onMicFrame: (pcm, level) => {
          if (call === this.call && deadMic.frame(pcm, level, this.micClosed)) this.requestUpdate();
        },
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
        onDevicesChanged: () => call === this.call && void this.devices.refresh(),
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
    if (changed.has('muted') || changed.has('pushToTalk')) this.applyMute();
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
    // The capture path exists from 'connecting' on, before any frame is sent.
    if (state === 'connecting') this.applyMute();
    if (state === 'listening') void this.devices.refresh();
  }

  /** Muted, or push-to-talk and not held: the mic sends silence frames (the call stays open). */
  private applyMute(): void {
    this.call?.setMuted(this.micClosed);
  }

  private get micClosed(): boolean {
    return this.muted || (this.pushToTalk && !this.talk.held);
  }

  /** The terms to accept: the `terms` slot's text, else the attribute; '' when there are none. */
  private termsText(): string {
    const slotted = [...this.children].filter((child) => child.slot === 'terms');
    return slotted.map((child) => child.textContent ?? '').join(' ').trim() || (this.terms ?? '').trim();
  }

  private answerTerms(accepted: boolean): void {
    this.askingConsent = false;
    if (accepted) rememberAcceptance(this.termsText());
    this.emit('voice-agent-consent', { accepted });
    // Still inside the visitor's click: the call's audio may start.
    if (accepted) void this.start();
  }

  private toggleMicTest(): void {
    if (this.micTest.running) void this.micTest.stop();
    else void this.micTest.start(readSetting('microphone'));
  }

  /** Whoever awaits `updateComplete` wants the DOM current: turns waiting for their frame are drawn now. */
  protected override getUpdateComplete(): Promise<boolean> {
    this.transcript.draw();
    return super.getUpdateComplete();
  }

  private onTranscript(update: TranscriptUpdate): void {
    this.transcript.add(update);
    this.emit('voice-agent-transcript', { role: update.role, text: update.text, final: update.final });
  }

  private emit<K extends keyof VoiceAgentEventMap>(type: K, detail: VoiceAgentEventMap[K]['detail']): void {
    /** @ignore The events are documented with `@fires` above the class. */
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private chooseMicrophone(deviceId: string): void {
    writeSetting('microphone', deviceId);
    if (this.active) void this.call?.switchMicrophone(deviceId);
    else if (this.micTest.running) void this.micTest.start(deviceId);
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

  private onKey(event: KeyboardEvent): void {
    if (this.pushToTalk && this.active && this.talk.onKey(event)) return;
    if (event.type === 'keydown' && event.key === 'Escape' && this.variant === 'floating' && this.open) {
      this.open = false;
      this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus();
    }
  }

  override render() {
    const floating = this.variant === 'floating';
    const dir = isRightToLeft(this.effectiveLang()) ? 'rtl' : nothing;
    return html`<div dir=${dir} @keydown=${this.onKey} @keyup=${this.onKey} @pointerenter=${this.prefetchAdapter} @focusin=${this.prefetchAdapter}>
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
    const text = (key: StringKey) => this.text(key);
    return html`
      <div part="panel" id="panel" class="panel ${problem ? 'problem' : ''}" ?hidden=${hidden}>
        <div part="status" class="status" role="status">${status}</div>
        ${hint ? html`<p part="hint" class="hint">${hint}</p>` : nothing}
        ${this.active ? this.renderMeters() : this.renderMicTest()}
        ${this.transcript.hasEarlier
          ? html`<button part="show-earlier" class="secondary show-earlier" @click=${() => this.transcript.showEarlier()}>${this.text('show-earlier')}</button>`
          : nothing}
        <ol part="transcript" class="transcript" tabindex="0" aria-live="polite" aria-label=${this.text('transcript')}></ol>
        ${this.askingConsent && !this.active
          ? termsStep({ text, terms: this.terms ?? '', accept: () => this.answerTerms(true), decline: () => this.answerTerms(false) })
          : this.renderControls(configProblem !== null)}
        ${this.active || this.micTest.running ? this.renderDevices() : nothing}
        ${this.debug ? this.renderStats() : nothing}
      </div>
    `;
  }

  private renderControls(misconfigured: boolean) {
    const talking = this.pushToTalk && this.active;
    return html`<div class="controls">
      <button part="button" class=${this.active ? 'end' : ''} ?disabled=${misconfigured && !this.active} @click=${this.toggleCall}>
        ${this.text(this.active ? 'end' : 'start')}
      </button>
      ${talking
        ? talkButton({ text: (key) => this.text(key), held: this.talk.held, press: this.talk.press, release: this.talk.release })
        : nothing}
      ${this.active && !talking
        ? html`<button part="mute-button" class="secondary" aria-pressed=${this.muted ? 'true' : 'false'} @click=${() => (this.muted = !this.muted)}>
            ${this.text(this.muted ? 'unmute' : 'mute')}
          </button>`
        : nothing}
      ${this.state === 'audio-paused'
        ? html`<button part="resume-button" class="secondary" @click=${() => this.call?.resumeAudio()}>${this.text('resume')}</button>`
        : nothing}
      ${this.active || misconfigured
        ? nothing
        : html`<button part="mic-check-button" class="secondary" aria-pressed=${this.micTest.running ? 'true' : 'false'} @click=${this.toggleMicTest}>
            ${this.text(this.micTest.running ? 'mic-check-stop' : 'mic-check')}
          </button>`}
    </div>`;
  }

  private renderMeters() {
    return html`<div class="meters">${meter(this.text('you'), this.micLevel)}${meter(this.text('agent'), this.agentLevel)}</div>
      ${this.deadMic?.silent ? html`<p part="mic-notice" class="notice" role="alert">${this.text('mic-silent-hint')}</p>` : nothing}`;
  }

  /** The microphone test: its meter, and why the visitor may not be heard. */
  private renderMicTest() {
    const test = this.micTest;
    const problem = test.problem ?? (test.silent ? 'mic-silent-hint' : undefined);
    return html`${test.running ? html`<div class="meters">${meter(this.text('you'), test.level)}</div>` : nothing}
      ${problem
        ? html`<p part="mic-notice" class="notice" role="alert">${this.text(problem)}</p>`
        : test.running
          ? html`<p class="hint">${this.text('mic-check-hint')}</p>`
          : nothing}`;
  }

  private renderDevices() {
    return deviceControls({
      text: (key) => this.text(key),
      microphones: this.devices.microphones,
      microphone: readSetting('microphone'),
      onMicrophone: (deviceId) => this.chooseMicrophone(deviceId),
      speakers: this.devices.speakers,
      speaker: this.output.speaker,
      onSpeaker: (deviceId) => {
        void this.output.chooseSpeaker(deviceId);
        this.requestUpdate();
      },
      volume: this.output.volume,
      onVolume: (volume) => {
        this.output.volume = volume;
        this.requestUpdate();
      },
    });
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
