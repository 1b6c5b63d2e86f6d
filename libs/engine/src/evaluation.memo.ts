import { createHash } from 'crypto';

/**
 * The content digest of one employer's evaluation (issue #19): sha1 of everything `evaluateEmployer`,
 * `nextStandingChange` and `planReconciliation` read. That is the ruleset key (rulebook version, parameters,
 * reference data), the day judged, the server's digest of the employer's contracts, workers as it reported them,
 * enrolments and cases (EvaluationRepository.findRowsDigests: every column the reader reads of them, hashed where
 * they are, none of them sent), and the side content (EmployerSide: its employer row, BPJS load and records,
 * sponsored coverage, contractors' contracts, the business zone). Those functions are pure, so two evaluations with
 * the same digest find the same findings, the same next-change day and the same plan. An evaluation whose plan was
 * empty records its digest; a later one that computes the same digest knows, without reading the rows or running
 * the rules, that it would find the same and write nothing. A plan that wrote something records none: the cases it
 * wrote are not the cases it read.
 */
export function evaluationDigest(rulesetKey: string, asOf: string, side: string, rows: string): string {
  return createHash('sha1').update(`${rulesetKey}\n${asOf}\n${rows}\n`).update(side).digest('hex');
}
