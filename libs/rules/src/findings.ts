/** Building and ordering findings. */
import type { Finding, RuleDefinition, Severity } from './types';
import { RULEBOOK_VERSION } from './version';

export function subjectKeyOf(nik: string | null, chainStart: string | null): string {
  return (nik ?? '') + '|' + (chainStart ?? '');
}

export function makeFinding(
  rule: RuleDefinition,
  employerId: string,
  nik: string | null,
  chainStart: string | null,
  severity: Severity,
  id: string,
  en: string,
  evidence: Record<string, unknown>,
): Finding {
  return {
    rule: rule.code,
    rulebookVersion: RULEBOOK_VERSION,
    employerId,
    nik,
    chainStart,
    subjectKey: subjectKeyOf(nik, chainStart),
    severity,
    summary: { id, en },
    evidence,
    legalBasis: rule.legalBasis,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order: rule code, subjectKey, employer; then the text (only equal subjects of duplicated input reach it). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.rule, b.rule) ||
    cmp(a.subjectKey, b.subjectKey) ||
    cmp(a.employerId, b.employerId) ||
    cmp(a.summary.en, b.summary.en) ||
    cmp(JSON.stringify(a.evidence), JSON.stringify(b.evidence))
  );
}

export function sortFindings(findings: Finding[]): Finding[] {
  if (findings.length > 1) findings.sort(compareFindings);
  return findings;
}
