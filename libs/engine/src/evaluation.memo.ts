import { createHash } from 'crypto';
import type { ExistingCaseTuple } from '@patuh/persistence';

/**
 * The content digest of one employer's evaluation (issue #19): sha1 of everything `evaluateEmployer`,
 * `nextStandingChange` and `planReconciliation` read — the ruleset key (rulebook version, parameters, reference
 * data), the day judged, the rows the employer's input is built from (EmployerRead.content) and its cases as
 * reconciliation compares them, as read (their covering index's order, which depends on their content alone).
 * Those functions are pure, so two evaluations with the same digest find the same findings, the same next-change
 * day and the same plan. An evaluation whose plan was empty records its digest; a later one that computes the same
 * digest knows, without running the rules, that it would find the same and write nothing. A plan that wrote
 * something records none: the cases it wrote are not the cases it read.
 */
export function evaluationDigest(
  rulesetKey: string,
  asOf: string,
  content: string,
  cases: readonly ExistingCaseTuple[],
): string {
  // Piece by piece: the content (tens of kB for a large employer) is hashed as it is, never copied into one text.
  return createHash('sha1')
    .update(`${rulesetKey}\n${asOf}\n`)
    .update(content)
    .update('\n')
    .update(JSON.stringify(cases))
    .digest('hex');
}
