/** Why the microphone could not be opened, in terms the UI can explain to a visitor. */
export type MicProblem = 'insecure' | 'forbidden' | 'denied' | 'not-found' | 'busy' | 'failed';

export class MicError extends Error {
  constructor(readonly problem: MicProblem, message: string) {
    super(message);
    this.name = 'MicError';
  }
}

/** Maps a getUserMedia rejection (a DOMException by name) to a MicProblem. */
export function micErrorFrom(error: unknown): MicError {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MicError('denied', 'Microphone permission was denied.');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MicError('not-found', 'No microphone was found.');
    case 'NotReadableError':
    case 'AbortError':
      return new MicError('busy', 'The microphone is in use by another application or could not be started.');
    default:
      return new MicError('failed', `The microphone could not be opened: ${detail}`);
  }
}

/** The page's permissions policy, where the browser exposes it (Chromium: featurePolicy). */
interface PolicyDocument {
  permissionsPolicy?: { allowsFeature(feature: string): boolean };
  featurePolicy?: { allowsFeature(feature: string): boolean };
}

/**
 * True when the page itself forbids the microphone: a `Permissions-Policy: microphone=()`
 * header, or a cross-origin iframe without `allow="microphone"`. Only the site owner can fix
 * that, so it is told apart from a visitor's "Block". False where the browser cannot say.
 */
export function pageForbidsMicrophone(doc: Document): boolean {
  const policy = (doc as PolicyDocument).permissionsPolicy ?? (doc as PolicyDocument).featurePolicy;
  return policy?.allowsFeature('microphone') === false;
}
