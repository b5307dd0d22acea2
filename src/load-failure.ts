// What to tell a site owner when a file of ours did not load: the file, in a few characters.

const MAX_URL_LENGTH = 60;
const URL_IN_TEXT = /\b(?:https?|file|data|blob):[^\s'"]+/;

/** A URL short enough for a hint: no query, the middle elided; never the body of a data: URL. */
export function shortUrl(url: string): string {
  if (/^data:/i.test(url)) return 'an inline data: URL';
  if (/^blob:/i.test(url)) return 'a blob: URL';
  const plain = url.replace(/[?#].*$/, '');
  if (plain.length <= MAX_URL_LENGTH) return plain;
  const file = plain.slice(plain.lastIndexOf('/') + 1).slice(-MAX_URL_LENGTH / 2);
  return `${plain.slice(0, MAX_URL_LENGTH - file.length - 2)}…/${file}`;
}

/** Why an import() or addModule() failed, for a hint: the file when the browser names it. */
export function loadFailureReason(error: unknown): string {
  const url = (error instanceof Error ? error.message : String(error)).match(URL_IN_TEXT)?.[0];
  return url ? `could not fetch ${shortUrl(url)}` : 'the browser could not fetch the file';
}
