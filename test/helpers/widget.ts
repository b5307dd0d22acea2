// What a visitor and a host page can observe of a <voice-agent>: the visible text in its shadow
// DOM and the DOM events it fires.
import type { VoiceAgentElement } from '../../src/voice-agent';

/** The state line ("Listening", "Microphone blocked", …). */
export function statusOf(element: VoiceAgentElement): string {
  return element.shadowRoot!.querySelector('[part="status"]')!.textContent!.trim();
}

/** The explanation under the state (errors, reconnection attempts); '' when none is shown. */
export function hintOf(element: VoiceAgentElement): string {
  return element.shadowRoot!.querySelector('[part="hint"]')?.textContent?.trim() ?? '';
}

export function buttonOf(element: VoiceAgentElement, part = 'button'): HTMLButtonElement {
  return element.shadowRoot!.querySelector(`[part="${part}"]`) as HTMLButtonElement;
}

/** Transcript turns as shown. */
export function turnsOf(element: VoiceAgentElement): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part="turn"]')];
}

/** Collects the `detail` of every `type` event the element fires from now on. */
export function recordEvents<T = Record<string, unknown>>(element: HTMLElement, type: string): T[] {
  const details: T[] = [];
  element.addEventListener(type, (event) => details.push((event as CustomEvent<T>).detail));
  return details;
}

/** Collects the states the element reports, when, and the visible status and hint at each one. */
export function recordStates(element: VoiceAgentElement) {
  const states: Array<{ state: string; message: string; at: number; status?: string; hint?: string }> = [];
  element.addEventListener('voice-agent-state', (event) => {
    const entry: (typeof states)[number] = { ...(event as CustomEvent).detail, at: performance.now() };
    states.push(entry);
    void element.updateComplete.then(() => {
      entry.status = statusOf(element);
      entry.hint = hintOf(element);
    });
  });
  return states;
}

/** Viewport centre of an element (inside shadow DOM too), for trusted clicks with sendMouse. */
export function centreOf(target: Element): [number, number] {
  const box = target.getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
