import { anunzi } from './anunzi';
import { lyzr } from './lyzr';
import type { ProviderDefinition } from './provider';

/** Every supported `provider` attribute value. A new protocol is one file plus one line here. */
export const providers: Record<string, ProviderDefinition> = { lyzr, anunzi };
