// Every supported `provider` attribute value. A new protocol is one folder (its definition and
// its adapter) plus one line here.
import { anunzi } from './anunzi/definition';
import { lyzr } from './lyzr/definition';
import { SessionError, type ProviderDefinition, type ProviderFactory } from './provider';
import { loadFailureReason } from '../load-failure';

export const providers = { lyzr, anunzi } satisfies Record<string, ProviderDefinition>;
export type ProviderName = keyof typeof providers;

/** The definition for a `provider` attribute value; undefined for anything else. */
export function providerNamed(name: string): ProviderDefinition | undefined {
  return Object.hasOwn(providers, name) ? providers[name as ProviderName] : undefined;
}

const adapters = new WeakMap<ProviderDefinition, Promise<ProviderFactory>>();

/**
 * The provider's adapter, imported once per page. A failure is remembered (the visitor gets
 * the same clear error on every start, nothing retries in a loop) and names the file.
 */
export function adapterOf(definition: ProviderDefinition): Promise<ProviderFactory> {
  let adapter = adapters.get(definition);
  if (!adapter) {
    adapter = definition.loadAdapter().catch((error: unknown) => {
      throw new SessionError(
        `The ${definition.label} adapter did not load (${loadFailureReason(error)}): deploy every file of the voice-agent build together, and allow their origin in the CSP's script-src.`,
      );
    });
    adapters.set(definition, adapter);
  }
  return adapter;
}
