import type { Finding } from '@patuh/rules';
import {
  appendPlan,
  ExistingCase,
  findingHash,
  planReconciliation,
  ReconcilePlan,
  resolutionOf,
} from './reconcile.plan';

const finding = (rule: string, nik: string | null, extra: Partial<Finding> = {}): Finding =>
  ({
    rule,
    rulebookVersion: '1',
    employerId: '7',
    nik,
    chainStart: null,
    subjectKey: `${nik ?? ''}|`,
    severity: 'high',
    summary: { id: 'ringkas', en: 'summary' },
    evidence: { days: 3 },
    legalBasis: 'UU 24/2011',
    ...extra,
  }) as Finding;

const existing = (id: number, f: Finding, status: string, hash = findingHash(f)): ExistingCase => ({
  id,
  rule: f.rule,
  employerId: Number(f.employerId),
  subjectKey: f.subjectKey,
  status,
  evidenceHash: hash,
});

describe('planReconciliation', () => {
  const a = finding('ENROLMENT_MISSING', '6408010101900001');
  const b = finding('PKWT_SERIAL_RENEWAL', '6408010101900001', { subjectKey: '6408010101900001|2022-07-01' });

  it('opens new findings', () => {
    const plan = planReconciliation([], [a, b]);
    expect(plan.open.map((p) => p.finding.rule)).toEqual(['ENROLMENT_MISSING', 'PKWT_SERIAL_RENEWAL']);
    expect(plan.update.length + plan.reopen.length + plan.resolve.length).toBe(0);
  });

  it('changes nothing when the same findings meet their cases unchanged, in any status that needs work', () => {
    for (const status of ['open', 'in_review', 'confirmed', 'notice_sent']) {
      const plan = planReconciliation([existing(1, a, status)], [a]);
      expect(plan).toEqual({ open: [], update: [], reopen: [], resolve: [] });
    }
  });

  it('updates only when the figures changed, carrying the previous severity', () => {
    const changed = finding('ENROLMENT_MISSING', '6408010101900001', {
      evidence: { days: 4 },
      severity: 'critical',
    });
    const plan = planReconciliation([{ ...existing(1, a, 'in_review'), severity: 'high' }], [changed]);
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0]).toMatchObject({ caseId: 1, previousSeverity: 'high' });
  });

  it('resolves active cases whose finding is gone, never resolved or dismissed ones', () => {
    const plan = planReconciliation(
      [existing(1, a, 'open'), existing(2, b, 'dismissed'), existing(3, finding('X', null), 'resolved')],
      [],
    );
    expect(plan.resolve.map((c) => c.id)).toEqual([1]);
  });

  it('reopens resolved cases that come back and leaves dismissed ones alone', () => {
    const plan = planReconciliation([existing(1, a, 'resolved'), existing(2, b, 'dismissed')], [a, b]);
    expect(plan.reopen.map((p) => p.caseId)).toEqual([1]);
    expect(plan.open).toEqual([]);
    expect(plan.update).toEqual([]);
  });

  it('keeps one case per identity even if a finding repeats', () => {
    expect(planReconciliation([], [a, a]).open).toHaveLength(1);
  });

  it('hashes what the case shows: severity and evidence change the hash, object identity does not', () => {
    expect(findingHash(a)).toBe(findingHash({ ...a, evidence: { days: 3 } }));
    expect(findingHash(a)).not.toBe(findingHash({ ...a, severity: 'critical' }));
  });

  it('hashes the rulebook version, so a new rulebook restamps each case it finds again', () => {
    expect(findingHash(a)).not.toBe(findingHash({ ...a, rulebookVersion: '2.0.0' }));
    const plan = planReconciliation([existing(1, a, 'open')], [{ ...a, rulebookVersion: '2.0.0' }]);
    expect(plan.update.map((p) => p.caseId)).toEqual([1]);
  });
});

describe('resolutionOf', () => {
  it('resolves as rule_changed only a case last detected under another rulebook version', () => {
    expect(resolutionOf('1.0.0', '2.0.0')).toBe('rule_changed');
    expect(resolutionOf('2.0.0', '2.0.0')).toBe('condition_cleared');
    expect(resolutionOf(null, '2.0.0')).toBe('condition_cleared');
  });

  it('resolves as condition_cleared a case last detected under an earlier minor version of the same major', () => {
    expect(resolutionOf('2.0.0', '2.1.0')).toBe('condition_cleared');
    expect(resolutionOf('2.1.0', '3.0.0')).toBe('rule_changed');
  });
});

describe('appendPlan', () => {
  it('planning employer by employer and appending gives the plan of the whole batch', () => {
    const of = (employerId: string, rule: string, nik: string, days: number) =>
      finding(rule, nik, { employerId, evidence: { days } });
    const e7 = [
      of('7', 'ENROLMENT_MISSING', '6408010101900001', 3),
      of('7', 'ENROLMENT_LATE', '6408010101900002', 1),
    ];
    const e8 = [of('8', 'ENROLMENT_MISSING', '6408010101900003', 5)];
    const cases = [
      existing(1, e7[0]!, 'open'), // unchanged
      existing(2, of('7', 'ENROLMENT_LATE', '6408010101900002', 9), 'open'), // figures changed
      existing(3, of('7', 'WAGE_BELOW_MINIMUM', '6408010101900009', 1), 'in_review'), // gone
      existing(4, e8[0]!, 'resolved'), // back
    ];
    const whole = planReconciliation(cases, [...e7, ...e8]);
    const parts = { open: [], update: [], reopen: [], resolve: [] } as ReconcilePlan;
    appendPlan(
      parts,
      planReconciliation(
        cases.filter((c) => c.employerId === 7),
        e7,
      ),
    );
    appendPlan(
      parts,
      planReconciliation(
        cases.filter((c) => c.employerId === 8),
        e8,
      ),
    );
    expect(parts).toEqual(whole);
    expect([parts.open.length, parts.update.length, parts.reopen.length, parts.resolve.length]).toEqual([
      0, 1, 1, 1,
    ]);
  });
});
