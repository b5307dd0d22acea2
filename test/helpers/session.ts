import { expect } from '@open-wc/testing';
import type { Provider } from '../../src/providers/provider';
import { stubFetch } from './stubs';

/** Asserts that `provider` refuses a session endpoint answering `response`, with `message`. */
export async function expectSessionRefused(provider: Provider, response: () => Response, message: RegExp): Promise<void> {
  const fetches = stubFetch(response);
  try {
    await provider.openSession(new AbortController().signal).then(
      () => expect.fail('should have been refused'),
      (error: Error) => expect(error.message).to.match(message),
    );
  } finally {
    fetches.restore();
  }
}
