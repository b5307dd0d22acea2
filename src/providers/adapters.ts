// A provider's protocol code (its adapter) ships as a file of its own beside the script, built
// like the worklets (self-contained, no exports), and hands its factory over through this
// registry when it runs. A site downloads only the protocol it uses, and only for a call.
import { SessionError, type ProviderFactory } from './provider';

const ADAPTERS = Symbol.for('voice-agent.adapters');
type Registry = Record<string, ProviderFactory | undefined>;

/** Shared by every copy of the element on the page (script tag and npm import alike). */
function registry(): Registry {
  return ((globalThis as Record<symbol, Registry>)[ADAPTERS] ??= {});
}

/** Run by an adapter file when it loads. */
export function registerAdapter(name: string, factory: ProviderFactory): void {
  registry()[name] = factory;
}

/** The named adapter, importing its file once; rejects with a SessionError naming the URL. */
export async function loadAdapter(name: string, url: string): Promise<ProviderFactory> {
  if (!registry()[name]) await import(/* @vite-ignore */ url).catch(() => undefined);
  const factory = registry()[name];
  if (!factory) throw new SessionError(`The ${name} adapter did not load from ${url} (check worklet-base, CORS and the CSP's script-src).`);
  return factory;
}
