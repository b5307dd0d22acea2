// The site's terms, accepted once per site before the first call. What is remembered is a
// fingerprint of the terms' text: when the site changes its terms, visitors are asked again.
import { readSetting, writeSetting } from './settings';

/** A short, stable fingerprint of the terms' text (FNV-1a, 32 bits, hex). */
export function termsFingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text.replace(/\s+/g, ' ').trim()) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function hasAccepted(terms: string): boolean {
  return readSetting('consent') === termsFingerprint(terms);
}

export function rememberAcceptance(terms: string): void {
  writeSetting('consent', termsFingerprint(terms));
}
