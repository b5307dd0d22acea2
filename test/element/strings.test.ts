// The built-in string tables: every language has every key, numbered placeholders survive
// translation.
import { expect } from '@open-wc/testing';
import { LANGUAGES, loadStrings, STRING_KEYS, stringsFor } from '../../src/strings';

describe('built-in strings', () => {
  before(() => Promise.all(LANGUAGES.map((lang) => loadStrings(lang))));

  for (const lang of LANGUAGES) {
    it(`${lang}: every key has its own non-empty string, placeholders kept`, () => {
      const strings = stringsFor(lang);
      for (const key of STRING_KEYS) expect(strings[key], `${lang} ${key}`).to.be.a('string').and.not.equal('');
      expect(Object.keys(strings)).to.have.length(STRING_KEYS.length);
      expect(strings['reconnecting-hint'].match(/\{\d\}/g)).to.deep.equal(['{0}', '{1}']);
      if (lang !== 'en') expect(strings.start, `${lang} is not English`).to.not.equal(stringsFor('en').start);
    });
  }

  it('a regional tag uses its language; an unknown one English', () => {
    expect(stringsFor('pt-BR').start).to.equal(stringsFor('pt').start);
    expect(stringsFor('tlh').start).to.equal('Start call');
  });
});
