// Push-to-talk: the mic is open only while the visitor holds the talk button (or Space while
// the widget has focus). Released, the call keeps sending silence frames (the mute path), so
// the provider's keepalive holds.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class PushToTalk implements ReactiveController {
  held = false;
  readonly #host: ReactiveControllerHost;
  readonly #onChange: () => void;

  constructor(host: ReactiveControllerHost, onChange: () => void) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.release();
  }

  press = (event?: PointerEvent): void => {
    if (event) {
      if (event.button !== 0) return;
      // The release comes to the button even when the finger slides off it.
      try {
        (event.currentTarget as Element).setPointerCapture(event.pointerId);
      } catch {
        // Not an active pointer (a synthetic event): nothing to capture.
      }
      event.preventDefault();
    }
    this.#set(true);
  };

  release = (): void => this.#set(false);

  /** Space held on the widget talks; true when the key was taken. */
  onKey(event: KeyboardEvent): boolean {
    if (event.key !== ' ' || isOtherControl(event.composedPath()[0])) return false;
    event.preventDefault();
    if (event.type === 'keydown') this.#set(true);
    else if (event.type === 'keyup') this.#set(false);
    return true;
  }

  #set(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    // A key or pointer held while the window loses focus never sends its "up".
    if (held) window.addEventListener('blur', this.release);
    else window.removeEventListener('blur', this.release);
    this.#onChange();
    this.#host.requestUpdate();
  }
}

/** Controls where Space means something else (a button presses, a select opens, a slider moves). */
function isOtherControl(target: EventTarget | undefined): boolean {
  if (!(target instanceof Element)) return false;
  const control = target.closest('button, select, input, textarea, a[href]');
  return control !== null && control.getAttribute('part') !== 'talk-button';
}
