/**
 * The portal tells a clerk, for every rule of the rulebook in force (GET /api/v1/rules lists RULE_CODES), what it
 * means, what to do and which data would show it cleared, in both languages. A new rule fails here until it has
 * its three texts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULE_CODES } from '../../../../libs/rules/src';

const read = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '../locales', lang, 'portal.json'), 'utf8')) as {
    rules: Record<string, Record<string, string>>;
  };

describe('portal catalogue: every rule explained to the employer', () => {
  it.each(['id', 'en'])('%s: meaning, what to do and the clearing data for every rule code', (lang) => {
    const rules = read(lang).rules;
    const missing = RULE_CODES.flatMap((code) =>
      ['meaning', 'todo', 'clears']
        .filter((k) => !(rules[code]?.[k] ?? '').trim())
        .map((k) => `${lang}:${code}.${k}`),
    );
    expect(missing).toEqual([]);
  });

  it('the Indonesian texts are not the English ones', () => {
    const id = read('id').rules;
    const en = read('en').rules;
    expect(RULE_CODES.filter((c) => id[c]?.meaning === en[c]?.meaning)).toEqual([]);
  });
});
