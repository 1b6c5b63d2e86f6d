import {
  RULE_CODES,
  RULEBOOK,
  RULEBOOK_VERSION,
  evaluateEmployer,
  evaluateWorker,
  ruleDefinition,
} from '../src';
import { contract, ctxAt, employer, enrolment, loadReference, rules, worker } from './helpers';

describe('RULEBOOK', () => {
  it('lists every rule of CONTRACT §6 once, in order, with a version', () => {
    expect(RULEBOOK.version).toBe(RULEBOOK_VERSION);
    expect(RULEBOOK.rules.map((r) => r.code)).toEqual([...RULE_CODES]);
    expect(RULE_CODES).toHaveLength(16);
    expect(RULEBOOK_VERSION).toBe('2.1.0');
    // §9's BPJS-record rules (issue #17): in the rulebook since 2.1.0, raised only where a BPJS load covers the NPP.
    expect(RULE_CODES).toContain('ENROLMENT_UNVERIFIED');
    expect(RULE_CODES).toContain('CONTRIBUTION_ARREARS');
  });

  it('gives each rule a title in both languages, a legal basis, a level, parameters and a severity ladder', () => {
    for (const r of RULEBOOK.rules) {
      expect(r.title.id.length).toBeGreaterThan(5);
      expect(r.title.en.length).toBeGreaterThan(5);
      expect(r.legalBasis).toMatch(/(UU|PP|Perpres|PWBD|PDS|policy)/);
      expect(['worker', 'chain', 'employer', 'principal']).toContain(r.level);
      expect(r.severityLadder.length).toBeGreaterThan(5);
      expect(typeof r.evaluate).toBe('function');
      expect(ruleDefinition(r.code)).toBe(r);
    }
    expect(ruleDefinition('PKWT_LEGACY_BREACH').legalBasis).toContain('UU 13/2003 Art 59');
    expect(ruleDefinition('CONTRACTOR_HOPPING').level).toBe('principal');
    expect(ruleDefinition('ENROLMENT_MISSING').defaultParameters).toEqual({ enrolmentGraceDays: 0 });
    expect(ruleDefinition('PKWT_DURATION_EXCEEDED').defaultParameters).toEqual({
      pkwtMaxTotalMonths: 60,
      pkwtChainGapDays: 30,
    });
  });

  it('keeps the rule defaults in line with the full default parameters', () => {
    const p = ctxAt('2025-01-01').params as unknown as Record<string, unknown>;
    for (const r of RULEBOOK.rules)
      for (const [k, v] of Object.entries(r.defaultParameters)) expect(p[k]).toEqual(v);
    expect(loadReference().pkwt.maxTotalMonths).toBe(60);
  });

  it('stamps findings with the rulebook version and legal basis, sorted by rule and subject', () => {
    const w = worker([contract('2019-01-01', '2025-06-30')]);
    const fs = evaluateWorker(employer(), w, ctxAt('2025-06-30'));
    expect(rules(fs)).toEqual([...rules(fs)].sort());
    for (const f of fs) {
      expect(f.rulebookVersion).toBe(RULEBOOK.version);
      expect(f.legalBasis).toBe(ruleDefinition(f.rule).legalBasis);
      expect(f.employerId).toBe('E1');
    }
  });

  it('returns nothing for a worker without contracts or an employer without workers', () => {
    expect(
      evaluateWorker(employer(), worker([], [enrolment('2024-01-01', null)]), ctxAt('2025-06-30')),
    ).toEqual([]);
    expect(evaluateEmployer({ employer: employer({ npp: null }), workers: [] }, ctxAt('2025-06-30'))).toEqual(
      [],
    );
  });

  it('ignores a contract that ends before it starts and an enrolment that ends before it starts', () => {
    const w = worker([contract('2024-05-01', '2024-04-01')], [enrolment('2024-05-01', '2024-04-01')]);
    expect(evaluateWorker(employer(), w, ctxAt('2025-06-30'))).toEqual([]);
  });

  it('throws on a malformed date instead of guessing', () => {
    expect(() =>
      evaluateWorker(employer(), worker([contract('2024-02-30', null)]), ctxAt('2025-06-30')),
    ).toThrow(RangeError);
  });
});
