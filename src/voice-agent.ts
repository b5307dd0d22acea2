import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ACTIVE_STATES, Call, type CallState } from './call';
import { providers } from './providers/registry';
import { TranscriptLog, type TranscriptUpdate } from './transcript';
import { styles } from './voice-agent.styles';

const STATUS_TEXT: Record<CallState, string> = {
  idle: 'Ready to talk',
  'requesting-mic': 'Waiting for microphone permission…',
  connecting: 'Connecting…',
  listening: 'Listening',
  speaking: 'Agent speaking',
  reconnecting: 'Reconnecting…',
  ended: 'Call ended',
  'mic-denied': 'Microphone blocked',
  'no-mic': 'No microphone found',
  insecure: 'Microphone needs a secure (https) page',
  error: 'Something went wrong',
};

const HINTS: Partial<Record<CallState, string>> = {
  'mic-denied': 'Allow microphone access for this site (the icon in the address bar), then start the call again.',
  'no-mic': 'Connect a microphone, then start the call again.',
  insecure: 'Browsers only allow the microphone on https:// pages (or localhost).',
};

const PROBLEM_STATES: ReadonlySet<CallState> = new Set(['mic-denied', 'no-mic', 'insecure', 'error']);
const MIN_FRAME_MS = 20;
const MAX_FRAME_MS = 100;

/**
 * A live voice conversation with a hosted AI voice agent, in one tag.
 *
 * @element voice-agent
 *
 * @fires voice-agent-state - The call state changed. `detail: {state, message}`.
 * @fires voice-agent-transcript - A user or agent transcript arrived. `detail: {role, text, final}`.
 * @fires voice-agent-error - The call could not start or failed. `detail: {state, message}`.
 * @fires voice-agent-message - The provider sent a message the widget does not interpret. `detail: {message}`.
 * @fires voice-agent-ignored - Malformed input was dropped; the call goes on. `detail: {reason}`.
 *
 * @csspart panel - The widget's box.
 * @csspart status - The state line.
 * @csspart button - The start/end call button.
 * @csspart mute-button - The mute toggle.
 * @csspart meter - Both level meters.
 * @csspart transcript - The transcript list.
 *
 * @cssprop --voice-agent-accent - Main color (buttons, meters).
 * @cssprop --voice-agent-danger - End-call and error color.
 * @cssprop --voice-agent-bg - Background.
 * @cssprop --voice-agent-fg - Text color.
 * @cssprop --voice-agent-radius - Corner radius.
 * @cssprop --voice-agent-font - Font family.
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
    state: { reflect: true },
    muted: { type: Boolean, reflect: true },
    statusDetail: { state: true },
    turns: { state: true },
    micLevel: { state: true },
    agentLevel: { state: true },
  };

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
  /** Folder holding capture-processor.js and playback-processor.js, when not beside the script. */
  declare workletBase: string | null;
  /** The call state (read only; reflected so pages can style on it). */
  declare state: CallState;
  /** Whether the mic is muted (silence keeps flowing so the call stays open). */
  declare muted: boolean;

  declare private statusDetail: string;
  declare private turns: TranscriptLog['turns'];
  declare private micLevel: number;
  declare private agentLevel: number;
  private call?: Call;
  private readonly transcript = new TranscriptLog();

  constructor() {
    super();
    this.provider = '';
    this.agentId = this.serverUrl = this.sessionEndpoint = this.workletBase = null;
    this.frameMs = MIN_FRAME_MS;
    this.state = 'idle';
    this.muted = false;
    this.statusDetail = '';
    this.turns = [];
    this.micLevel = this.agentLevel = 0;
  }

  /** Why the current attributes cannot work, or null. */
  get configurationError(): string | null {
    const definition = providers[this.provider];
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
    const call = new Call(
      { provider: providers[this.provider].create(this), frameMs: this.frameMs, workletBase: this.workletBase },
      {
        onState: (state, detail) => call === this.call && this.onCallState(state, detail),
        onTranscript: (update) => call === this.call && this.onTranscript(update),
        onLevels: (mic, agent) => {
          if (call !== this.call) return;
          this.micLevel = mic;
          this.agentLevel = agent;
        },
        onUnknownMessage: (message) => this.emit('voice-agent-message', { message }),
        onIgnored: (reason) => this.emit('voice-agent-ignored', { reason }),
      },
    );
    this.call = call;
    await call.start();
  }

  /** Ends the call, releasing the microphone, the connection and the audio context. */
  async stop(): Promise<void> {
    await this.call?.stop();
  }

  /** Live call statistics (frames sent/dropped, socket buffer, jitter buffer). */
  get stats() {
    return this.call?.stats;
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

  private onCallState(state: CallState, detail: string): void {
    this.state = state;
    this.statusDetail = detail;
    this.emit('voice-agent-state', { state, message: detail });
    if (PROBLEM_STATES.has(state)) this.emit('voice-agent-error', { state, message: detail });
  }

  private onTranscript(update: TranscriptUpdate): void {
    this.transcript.apply(update);
    this.turns = this.transcript.turns;
    this.emit('voice-agent-transcript', { role: update.role, text: update.text, final: update.final });
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private toggleCall(): void {
    if (this.active) void this.stop();
    else void this.start();
  }

  override render() {
    const configProblem = this.configurationError;
    const problem = configProblem !== null || PROBLEM_STATES.has(this.state);
    const status = configProblem ? 'Widget not configured' : STATUS_TEXT[this.state];
    const hint = configProblem ?? HINTS[this.state] ?? (PROBLEM_STATES.has(this.state) || this.state === 'reconnecting' ? this.statusDetail : '');
    return html`
      <div part="panel" class="panel ${problem ? 'problem' : ''}">
        <div part="status" class="status" role="status">${status}</div>
        ${hint ? html`<p class="hint">${hint}</p>` : nothing}
        ${this.active ? this.renderMeters() : nothing}
        <ol part="transcript" class="transcript" aria-live="polite" aria-label="Transcript">${repeat(
          this.turns,
          (turn) => turn.id,
          (turn) => html`<li class="turn ${turn.role} ${turn.final ? '' : 'partial'}"><span class="visually-hidden">${turn.role === 'user' ? 'You: ' : 'Agent: '}</span>${turn.text}</li>`,
        )}</ol>
        <div class="controls">
          <button part="button" class=${this.active ? 'end' : ''} ?disabled=${configProblem !== null} @click=${this.toggleCall}>
            ${this.active ? 'End call' : 'Start call'}
          </button>
          ${this.active
            ? html`<button part="mute-button" class="secondary" aria-pressed=${this.muted ? 'true' : 'false'} @click=${() => (this.muted = !this.muted)}>
                ${this.muted ? 'Unmute' : 'Mute'}
              </button>`
            : nothing}
        </div>
      </div>
    `;
  }

  private renderMeters() {
    const meter = (label: string, level: number) => html`
      <span>${label}</span>
      <div part="meter" class="meter" role="meter" aria-label="${label} level" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(level * 100)}>
        <span data-level=${level.toFixed(3)}></span>
      </div>
    `;
    return html`<div class="meters">${meter('You', this.micLevel)}${meter('Agent', this.agentLevel)}</div>`;
  }
}
