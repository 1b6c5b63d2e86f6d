import { readFileSync } from 'fs';
import { join } from 'path';
import { loadConfig } from './config';
import { Districts } from './districts';
import { ConfigError } from './env';
import { findRepoRoot, loadReferenceJson } from './reference';
import { parseReference } from './reference.schema';

describe('reference data, parsed once', () => {
  const root = findRepoRoot(__dirname);
  const raw = JSON.parse(readFileSync(join(root, 'reference/kutim.json'), 'utf8')) as Record<string, unknown>;

  it('parses the shipped file into typed values, keeping the keys it does not read', () => {
    const ref = parseReference(raw, 'kutim.json');
    expect(ref.regency.districts).toHaveLength(18);
    expect(ref.pkwt.maxTotalMonths).toBe(60);
    expect((ref as Record<string, unknown>).about).toBe(raw.about);
  });

  it('names REFERENCE_PATH and the field at fault', () => {
    const bad = { ...raw, pkwt: { ...(raw.pkwt as object), maxTotalMonths: 'sixty' } };
    expect(() => parseReference(bad, 'x.json')).toThrow(ConfigError);
    expect(() => parseReference(bad, 'x.json')).toThrow(/REFERENCE_PATH x\.json: pkwt\.maxTotalMonths/);
  });

  it('merges RULE_PARAMETERS over the defaults once, at load, and names the variable when wrong', () => {
    const cfg = loadConfig({ RULE_PARAMETERS: JSON.stringify({ enrolmentGraceDays: 3 }) });
    expect(cfg.ruleParameters.enrolmentGraceDays).toBe(3);
    expect(cfg.ruleParameters.pkwtMaxTotalMonths).toBe(60);
    expect(Object.isFrozen(cfg.ruleParameters)).toBe(true);
    expect(() => loadConfig({ RULE_PARAMETERS: JSON.stringify({ notARule: 1 }) })).toThrow(
      /RULE_PARAMETERS .*notARule/,
    );
  });

  it('keeps the loaded file at hand (REFERENCE_PATH or the default candidates)', () => {
    expect(loadReferenceJson().path).toMatch(/kutim\.json$/);
  });
});

describe('Districts: the one canonicaliser', () => {
  const d = new Districts(['Bengalon', 'Sangatta Utara']);
  it('gives the reference spelling of any case with blanks around, undefined for unknown names', () => {
    expect(d.canonical('  sangatta UTARA ')).toBe('Sangatta Utara');
    expect(d.canonical('Jakarta')).toBeUndefined();
    expect(d.isCanonical('Bengalon')).toBe(true);
    expect(d.isCanonical('bengalon')).toBe(false);
    expect(d.names).toEqual(['Bengalon', 'Sangatta Utara']);
  });
});
