/**
 * The console's catalogues against the rules: (a) Indonesian and English hold the same keys in every namespace;
 * (b) every rule code has a name and a legal basis; (c) every evidence key, column and breach code the rules write
 * (sampled: libs/rules/test/evidence-samples.ts) has a kind (evidence.kinds.ts) and a label in both languages, and
 * every value of an enum kind its words. A rule that starts writing a new key fails here until it is labelled.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULE_CODES, ruleDefinition } from '../../../../libs/rules/src';
import { evidenceSample } from '../../../../libs/rules/test/evidence-samples';
import { loadReference } from '../../../../libs/rules/test/helpers';
import { COLUMN_KIND, EVIDENCE_KINDS, FIRST } from '../components/evidence.kinds';

type Tree = { [k: string]: string | Tree };
const LANGS = ['id', 'en'] as const;
const dir = (lang: string) => path.join(__dirname, lang);
const read = (lang: string, ns: string): Tree =>
  JSON.parse(fs.readFileSync(path.join(dir(lang), `${ns}.json`), 'utf8')) as Tree;

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every leaf's dotted path, i18next plural suffixes folded into the base key. */
function leaves(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? [p.replace(PLURAL, '')] : leaves(v, p);
  });
}

function lookup(t: Tree, dotted: string): string | undefined {
  let cur: string | Tree | undefined = t;
  for (const part of dotted.split('.')) {
    if (cur === undefined || typeof cur === 'string') return undefined;
    cur = cur[part];
  }
  return typeof cur === 'string' && cur.trim() !== '' ? cur : undefined;
}

/** Labels of `paths` missing in either language, as 'lang:path'. */
function missing(ns: string, paths: Iterable<string>): string[] {
  const out: string[] = [];
  for (const lang of LANGS) {
    const t = read(lang, ns);
    for (const p of paths) if (lookup(t, p) === undefined) out.push(`${lang}:${p}`);
  }
  return out;
}

describe('console catalogues', () => {
  const namespaces = fs
    .readdirSync(dir('id'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

  it('has the same namespace files in Indonesian and English', () => {
    const en = fs
      .readdirSync(dir('en'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(en).toEqual(namespaces);
    expect(namespaces).toEqual(expect.arrayContaining(['evidence', 'rules']));
  });

  it.each(namespaces)('%s: Indonesian and English have exactly the same keys', (ns) => {
    const id = [...new Set(leaves(read('id', ns)))].sort();
    const en = [...new Set(leaves(read('en', ns)))].sort();
    expect(id.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !id.includes(k))).toEqual([]);
  });

  it.each(namespaces)('%s: every plural key has its _other form in both languages', (ns) => {
    for (const lang of LANGS) {
      const raw: string[] = [];
      const walk = (t: Tree, prefix: string) =>
        Object.entries(t).forEach(([k, v]) =>
          typeof v === 'string' ? raw.push(prefix + k) : walk(v, `${prefix}${k}.`),
        );
      walk(read(lang, ns), '');
      const bases = new Set(raw.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      expect([...bases].filter((b) => !raw.includes(`${b}_other`)).map((b) => `${lang}:${b}`)).toEqual([]);
    }
  });

  it('names every rule and gives its legal basis, in both languages', () => {
    expect(RULE_CODES).toEqual(expect.arrayContaining(['PKWT_COMPENSATION_UNPAID', 'UNDERAGE_WORKER']));
    expect(
      missing(
        'rules',
        RULE_CODES.flatMap((c) => [`${c}.name`, `${c}.legalBasis`]),
      ),
    ).toEqual([]);
  });

  it('states the legal basis the rulebook judges by: the English catalogue begins with the rule module’s own', () => {
    const en = read('en', 'rules');
    const stale = RULE_CODES.filter(
      (c) => !String(lookup(en, `${c}.legalBasis`)).startsWith(ruleDefinition(c).legalBasis),
    );
    expect(stale).toEqual([]);
  });
});

describe('console evidence: every key, column and breach the rules write', () => {
  const sample = evidenceSample();

  it('samples every rule, and the v2 shapes (a sanity check of the sampler)', () => {
    expect([...sample.rules].sort()).toEqual([...RULE_CODES].sort());
    for (const k of ['totalShort', 'underageContractDays', 'years', 'worstYear', 'jpCapEstimated'])
      expect(sample.keys.has(k)).toBe(true);
    for (const c of ['owed', 'status', 'monthsBelow', 'requiredGapDaysMoreThan'])
      expect(sample.columns.has(c)).toBe(true);
    expect(sample.breachCodes.has('EARLY_RENEWAL')).toBe(true);
  });

  it('gives every evidence key a kind', () => {
    expect([...sample.keys.keys()].filter((k) => EVIDENCE_KINDS[k] === undefined)).toEqual([]);
  });

  it('labels every evidence key in both languages', () => {
    expect(
      missing(
        'evidence',
        [...sample.keys.keys()].map((k) => `keys.${k}`),
      ),
    ).toEqual([]);
  });

  it('gives every column of the rows a kind and a label in both languages', () => {
    expect([...sample.columns].filter((c) => COLUMN_KIND[c] === undefined)).toEqual([]);
    expect(
      missing(
        'evidence',
        [...sample.columns].map((c) => `columns.${c}`),
      ),
    ).toEqual([]);
  });

  it('has a text for every breach code, in both languages', () => {
    expect(
      missing(
        'evidence',
        [...sample.breachCodes].map((b) => `breach.${b}`),
      ),
    ).toEqual([]);
  });

  it('has words for every value of an enum key or column, and for every sector of the reference data', () => {
    const wanted = new Set<string>();
    for (const [k, vs] of sample.strings) {
      const isEnum = (sample.keys.has(k) ? EVIDENCE_KINDS[k] : COLUMN_KIND[k]) === 'enum';
      if (isEnum) for (const v of vs) wanted.add(`enum.${k}.${v}`);
    }
    for (const s of Object.keys(loadReference().minimumWage.sectorKbli ?? {})) wanted.add(`enum.sector.${s}`);
    expect(wanted.size).toBeGreaterThan(10);
    expect(missing('evidence', wanted)).toEqual([]);
  });

  it('labels every kind it lists (no stale entries without words), and reads first only known keys', () => {
    const listed = Object.keys(EVIDENCE_KINDS).map((k) => `keys.${k}`);
    expect(missing('evidence', listed)).toEqual([]);
    expect(
      missing(
        'evidence',
        Object.keys(COLUMN_KIND).map((c) => `columns.${c}`),
      ),
    ).toEqual([]);
    expect(FIRST.filter((k) => EVIDENCE_KINDS[k] === undefined)).toEqual([]);
  });
});
