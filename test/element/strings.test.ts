// The built-in string tables: every language has every key, and numbered placeholders survive
// translation (a table one entry short would shift every later string).
import { expect } from '@open-wc/testing';
import stringsUrl from '../../src/locales/voice-agent-strings.ts?worker&url';
import { LANGUAGES, loadStrings, STRING_KEYS, stringsFor } from '../../src/strings';

describe('built-in strings', () => {
  before(() => loadStrings(stringsUrl));

  for (const lang of LANGUAGES) {
    it(`${lang}: every key has its own non-empty string, placeholders kept`, () => {
      const strings = stringsFor(lang);
      for (const key of STRING_KEYS) expect(strings[key], `${lang} ${key}`).to.be.a('string').and.not.equal('');
      expect(Object.keys(strings)).to.have.length(STRING_KEYS.length);
      expect(strings['reconnecting-hint'].match(/\{\d\}/g)).to.deep.equal(['{0}', '{1}']);
      if (lang !== 'en') expect(strings.start, `${lang} is not English`).to.not.equal(stringsFor('en').start);
    });
  }
});
