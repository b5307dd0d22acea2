// The transcript list on screen. A chatty agent (or per-token deltas) may send hundreds of
// messages a second: each one only goes into the log (O(1)), and the list is drawn at most once
// per animation frame, touching only the turns that changed, added or dropped. The list's
// <li> children are this view's own; the element's template renders the empty <ol>.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TranscriptLog, type TranscriptEntry, type TranscriptUpdate } from './transcript';

/** Turns drawn at first, and added by each "show earlier" (the log keeps 200). */
export const TURNS_PER_PAGE = 50;
/** Within this many pixels of the end, the visitor is reading the latest turn: follow it. */
const AT_BOTTOM_PX = 4;

/** What a screen reader hears before each turn. */
export interface TurnLabels {
  you: string;
  agent: string;
}

interface Host extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class TranscriptView implements ReactiveController {
  readonly #log = new TranscriptLog();
  /** Drawn turns, oldest first (Map order), keyed by their entry. */
  #items = new Map<TranscriptEntry, HTMLLIElement>();
  /** Turns changed or added since the last draw. */
  readonly #changed = new Set<TranscriptEntry>();
  #redrawAll = false;
  #shown = TURNS_PER_PAGE;
  #list?: HTMLElement;
  #frame = 0;
  /** The visitor is at the end of the list (or it does not scroll): new turns scroll into view. */
  #atBottom = true;
  /** Set from `labels` before the first draw (hostUpdated), and whenever they change. */
  #labels: TurnLabels = { you: '', agent: '' };
  #renderedEarlier = false;

  constructor(private readonly host: Host, private readonly labels: () => TurnLabels) {
    host.addController(this);
  }

  /** Earlier turns are kept but not drawn (the "show earlier" button is offered). */
  get hasEarlier(): boolean {
    return this.#log.size > this.#shown;
  }

  add(update: TranscriptUpdate): void {
    this.#changed.add(this.#log.apply(update));
    // Unbounded only while no frame comes (a hidden tab): then draw everything once instead.
    if (this.#changed.size > TURNS_PER_PAGE * 4) {
      this.#changed.clear();
      this.#redrawAll = true;
    }
    this.#frame ||= requestAnimationFrame(() => this.draw());
  }

  clear(): void {
    this.#log.clear();
    this.#shown = TURNS_PER_PAGE;
    this.#atBottom = true;
    this.#redrawAll = true;
    this.draw();
  }

  /** Draws TURNS_PER_PAGE more of the kept turns above the ones shown; the visitor's view stays put. */
  showEarlier(): void {
    const list = this.#list;
    if (!list) return;
    this.draw();
    const fromBottom = list.scrollHeight - list.scrollTop;
    this.#shown += TURNS_PER_PAGE;
    const earlier = new Map<TranscriptEntry, HTMLLIElement>();
    for (const entry of this.#log.latest(this.#shown)) {
      if (this.#items.has(entry)) break;
      earlier.set(entry, this.#filled(entry));
    }
    list.prepend(...earlier.values());
    this.#items = new Map([...earlier, ...this.#items]);
    list.scrollTop = list.scrollHeight - fromBottom;
    this.#offerEarlier();
    if (!this.hasEarlier) list.focus();
  }

  /** Draws what changed now, instead of at the next frame (also when a frame is pending). */
  draw(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    const list = this.#list;
    if (!list || (!this.#redrawAll && !this.#changed.size)) return;
    if (this.#redrawAll) this.#drawAll(list);
    else this.#drawChanges(list);
    if (this.#atBottom) list.scrollTop = list.scrollHeight;
    this.#offerEarlier();
  }

  hostUpdate(): void {
    this.#renderedEarlier = this.hasEarlier;
  }

  hostUpdated(): void {
    const list = this.host.renderRoot.querySelector<HTMLElement>('.transcript') ?? undefined;
    const labels = this.labels();
    const relabel = labels.you !== this.#labels.you || labels.agent !== this.#labels.agent;
    this.#labels = labels;
    if (list === this.#list && !relabel) return;
    if (list !== this.#list) {
      this.#list?.removeEventListener('scroll', this.#onScroll);
      list?.addEventListener('scroll', this.#onScroll, { passive: true });
      this.#list = list;
      this.#items.clear();
    }
    this.#redrawAll = true;
    this.draw();
  }

  /** The element renders the "show earlier" button: only when whether to show it changed. */
  #offerEarlier(): void {
    if (this.hasEarlier !== this.#renderedEarlier) this.host.requestUpdate();
  }

  #onScroll = (): void => {
    const list = this.#list!;
    this.#atBottom = list.scrollHeight - list.scrollTop - list.clientHeight <= AT_BOTTOM_PX;
  };

  /** Drops turns that left the window (the oldest), updates changed ones, appends new ones. */
  #drawChanges(list: HTMLElement): void {
    const oldestId = this.#log.oldestOfLatest(this.#shown)?.id ?? Infinity;
    for (const [entry, item] of this.#items) {
      if (entry.id >= oldestId) break;
      item.remove();
      this.#items.delete(entry);
    }
    // New turns are in the set in the order they were created: appended in order.
    for (const entry of this.#changed) {
      if (entry.id < oldestId) continue;
      const item = this.#items.get(entry);
      if (item) this.#fill(item, entry);
      else {
        const added = this.#filled(entry);
        this.#items.set(entry, added);
        list.append(added);
      }
    }
    this.#changed.clear();
  }

  /** Every shown turn checked; items stay in the DOM where they already are in order. */
  #drawAll(list: HTMLElement): void {
    const drawn = new Map<TranscriptEntry, HTMLLIElement>();
    for (const entry of this.#log.latest(this.#shown)) {
      const item = this.#items.get(entry);
      if (item) this.#fill(item, entry);
      drawn.set(entry, item ?? this.#filled(entry));
    }
    this.#items = drawn;
    const items = [...drawn.values()];
    if (items.length !== list.children.length || items.some((item, i) => list.children[i] !== item)) list.replaceChildren(...items);
    this.#changed.clear();
    this.#redrawAll = false;
  }

  #filled(entry: TranscriptEntry): HTMLLIElement {
    const item = newItem();
    this.#fill(item, entry);
    return item;
  }

  #fill(item: HTMLLIElement, entry: TranscriptEntry): void {
    const className = `turn ${entry.role}${entry.final ? '' : ' partial'}`;
    if (item.className !== className) item.className = className;
    const speaker = item.firstChild as HTMLElement;
    const label = `${entry.role === 'user' ? this.#labels.you : this.#labels.agent}: `;
    if (speaker.textContent !== label) speaker.textContent = label;
    const text = item.lastChild as Text;
    if (text.data !== entry.text) text.data = entry.text;
  }
}

/** An empty turn: the speaker for screen readers, then the text. Untrusted text only ever goes into text nodes. */
function newItem(): HTMLLIElement {
  const item = document.createElement('li');
  item.setAttribute('part', 'turn');
  const speaker = document.createElement('span');
  speaker.className = 'visually-hidden';
  item.append(speaker, '');
  return item;
}
