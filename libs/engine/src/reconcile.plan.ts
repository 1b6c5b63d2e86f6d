import { hash } from 'crypto';
import { type ExistingCase, OPEN_STATUSES } from '@patuh/persistence';
import type { Finding } from '@patuh/rules';

/** Statuses in which a case still needs work: the system may update or resolve them. */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(OPEN_STATUSES);

export type { ExistingCase };

export interface PlannedFinding {
  finding: Finding;
  employerId: number;
  key: string;
  hash: string;
  /** JSON.stringify(finding.evidence), serialised once for the hash and reused for the write. */
  evidenceJson: string;
}

export interface ReconcilePlan {
  /** New findings: open a case (event `detected`). */
  open: PlannedFinding[];
  /**
   * Still present, figures changed: refresh evidence and lastDetectedAt. An `updated` event is written only when
   * the severity moved (figures that grow with asOf change nightly; the history records changes of standing).
   */
  update: (PlannedFinding & { caseId: number; previousSeverity: string | null })[];
  /** Back after the system or an inspector resolved it: reopen (event `reopened`). */
  reopen: (PlannedFinding & { caseId: number })[];
  /**
   * Active case the rulebook no longer raises: resolve (event `resolved`) with `condition_cleared`, or with
   * `rule_changed` when it was last detected under an older rulebook version (the writer reads which).
   */
  resolve: ExistingCase[];
}

export const caseKey = (rule: string, employerId: number, subjectKey: string) =>
  `${rule}|${employerId}|${subjectKey}`;

/**
 * What a case shows, hashed: an unchanged finding hashes the same, so a steady sweep writes nothing. The rulebook
 * version is part of it, so the first sweep under a new version stamps every case it finds again with that version
 * (a case's rulebook_version then says under which rulebook it was last detected: see `resolutionOf`).
 */
export function findingHash(f: Finding, evidenceJson: string = JSON.stringify(f.evidence)): string {
  // One-shot hash (Node ≥ 20.12): no Hash object per finding on the steady sweep's hot path.
  return hash(
    'sha1',
    `${f.severity}\n${f.summary.en}\n${f.summary.id}\n${f.legalBasis}\n${f.rulebookVersion}\n${evidenceJson}`,
  );
}

const majorOf = (v: string): string => v.split('.')[0] ?? v;

/**
 * How the system resolves an active case that the rulebook no longer raises (CONTRACT §5): `rule_changed` when it
 * was last detected under another major rulebook version (the law as the system reads it changed, not the
 * employer's data), otherwise `condition_cleared`. A minor version (libs/rules/src/version.ts) changes no rule's
 * definition, so a case it no longer raises cleared on the data (2.0.0 → 2.1.0: a BPJS load, for instance).
 */
export function resolutionOf(
  caseRulebookVersion: string | null | undefined,
  currentVersion: string,
): 'rule_changed' | 'condition_cleared' {
  return caseRulebookVersion && majorOf(caseRulebookVersion) !== majorOf(currentVersion)
    ? 'rule_changed'
    : 'condition_cleared';
}

/**
 * Reconciliation as a pure function: the cases that exist for a set of employers, the findings of evaluating
 * those same employers, and what must change. A dismissed case stays dismissed when found again.
 */
export function planReconciliation(
  existing: readonly ExistingCase[],
  findings: readonly Finding[],
): ReconcilePlan {
  const byKey = new Map<string, ExistingCase>();
  for (const c of existing) byKey.set(caseKey(c.rule, c.employerId, c.subjectKey), c);
  const plan: ReconcilePlan = { open: [], update: [], reopen: [], resolve: [] };
  const seen = new Set<string>();
  for (const finding of findings) {
    const employerId = Number(finding.employerId);
    const key = caseKey(finding.rule, employerId, finding.subjectKey);
    if (seen.has(key)) continue; // one case per identity, whatever the rules emit
    seen.add(key);
    const evidenceJson = JSON.stringify(finding.evidence);
    const p: PlannedFinding = {
      finding,
      employerId,
      key,
      hash: findingHash(finding, evidenceJson),
      evidenceJson,
    };
    const c = byKey.get(key);
    if (!c) plan.open.push(p);
    else if (c.status === 'dismissed') continue;
    else if (ACTIVE_STATUSES.has(c.status)) {
      if (c.evidenceHash !== p.hash)
        plan.update.push({ ...p, caseId: c.id, previousSeverity: c.severity ?? null });
    } else plan.reopen.push({ ...p, caseId: c.id }); // resolved
  }
  // The keys built above, not built again (the identity index makes them one per case).
  for (const [key, c] of byKey) if (ACTIVE_STATUSES.has(c.status) && !seen.has(key)) plan.resolve.push(c);
  return plan;
}

/** Adds one employer's plan to a batch's (plans of different employers never share a case). */
export function appendPlan(into: ReconcilePlan, part: ReconcilePlan): void {
  for (const p of part.open) into.open.push(p);
  for (const p of part.update) into.update.push(p);
  for (const p of part.reopen) into.reopen.push(p);
  for (const c of part.resolve) into.resolve.push(c);
}
