/**
 * The notice letter's Indonesian labels against the rules: every evidence key, column and breach code the rules
 * write (sampled: libs/rules/test/evidence-samples.ts) has its own label or words in EVIDENCE_LABELS / valueWords,
 * not the humanised fallback. A rule that starts writing a new key fails here until the letter labels it.
 */
import { RULE_CODES } from '@patuh/rules';
import { evidenceSample } from '../../rules/test/evidence-samples';
import {
  EVIDENCE_LABELS,
  evidenceLabel,
  formatEvidenceValue,
  isRupiahKey,
  valueWords,
} from './evidence.labels';

/** What valueWords gives a code it has no words for ('EARLY_RENEWAL' → 'early renewal'). */
const fallbackWords = (s: string) => s.toLowerCase().replace(/_/g, ' ');

describe('notice letter labels: every key, column and breach the rules write', () => {
  const sample = evidenceSample();

  it('samples every rule and the v2 shapes', () => {
    expect([...sample.rules].sort()).toEqual([...RULE_CODES].sort());
    expect(sample.breachCodes.has('EARLY_RENEWAL')).toBe(true);
    for (const k of ['totalShort', 'underageContractDays', 'years', 'jpCapEstimated'])
      expect(sample.keys.has(k)).toBe(true);
  });

  it('labels every evidence key in Indonesian, not by the fallback', () => {
    expect([...sample.keys.keys()].filter((k) => EVIDENCE_LABELS[k] === undefined)).toEqual([]);
  });

  it('labels every column of the rows and every field of a breach', () => {
    expect([...sample.columns].filter((c) => EVIDENCE_LABELS[c] === undefined)).toEqual([]);
  });

  it('has Indonesian words for every breach code', () => {
    expect(
      [...sample.breachCodes].filter((b) => valueWords(b) === b || valueWords(b) === fallbackWords(b)),
    ).toEqual([]);
  });

  it('has Indonesian words for the code-like values: link kinds, payment status, sector', () => {
    const coded = ['kind', 'status', 'sector', 'minimumKind', 'scale', 'birthDateSource'];
    const untranslated: string[] = [];
    for (const k of coded)
      for (const v of sample.strings.get(k) ?? [])
        if (valueWords(v) === v && !/^[A-Z]{2,}$/.test(v)) untranslated.push(`${k}=${v}`);
    expect(untranslated).toEqual([]);
    expect(valueWords('early_renewal')).toBe('pembaruan sebelum masa tenggang');
    expect(valueWords('not_reported')).toBe('belum dilaporkan');
  });

  it('writes the v2 money as rupiah and the v2 counts, days and ages as numbers', () => {
    for (const k of ['totalOwed', 'totalPaid', 'totalShort', 'compensationAtStake', 'owed', 'paid', 'short'])
      expect([k, isRupiahKey(k)]).toEqual([k, true]);
    for (const k of ['minimum', 'lowestWage', 'rupiahShort']) expect([k, isRupiahKey(k)]).toEqual([k, true]);
    for (const k of [
      'contractsNotReported',
      'contractsPaidShort',
      'compensationDueDays',
      'underageContractDays',
      'ageOnFirstContractDay',
      'adultAge',
      'minimumWorkingAge',
      'worstYear',
      'wholeMonths',
      'remainderDays',
      'monthsOfService',
      'daysBelow',
      'monthsBelow',
      'requiredGapDaysMoreThan',
      'paidOn',
    ])
      expect([k, isRupiahKey(k)]).toEqual([k, false]);
    expect(formatEvidenceValue('totalShort', 2250000)).toBe('Rp 2.250.000');
    expect(formatEvidenceValue('contractsPaidShort', 2)).toBe('2');
    expect(formatEvidenceValue('worstYear', 2025)).toBe('2025');
    expect(
      formatEvidenceValue('jpCapEstimated', { from: '2022-12-01', to: '2023-02-28', capUsed: 9559600 }),
    ).toBe('1 Desember 2022 s.d. 28 Februari 2023 (dihitung dengan batas upah Rp 9.559.600)');
    expect(evidenceLabel('totalShort')).toBe('Jumlah kekurangan uang kompensasi');
  });
});
