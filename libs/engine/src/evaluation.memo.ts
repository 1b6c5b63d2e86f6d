import { hash } from 'crypto';
import type { EmployerEvaluationInput } from '@patuh/rules';
import type { ExistingCase } from './reconcile.plan';

/**
 * The content digest of one employer's evaluation (issue #19): sha1 of everything `evaluateEmployer`,
 * `nextStandingChange` and `planReconciliation` read — the ruleset key (rulebook version, parameters, reference
 * data), the day judged, the employer's input exactly as the rules receive it, and its cases as reconciliation
 * compares them (in id order). Those functions are pure, so two evaluations with the same digest find the same
 * findings, the same next-change day and the same plan. An evaluation whose plan was empty records its digest; a
 * later one that computes the same digest knows, without running the rules, that it would find the same and write
 * nothing. A plan that wrote something records none: the cases it wrote are not the cases it read.
 */
export function evaluationDigest(
  rulesetKey: string,
  asOf: string,
  input: EmployerEvaluationInput,
  cases: readonly ExistingCase[],
): string {
  const sorted = cases.length > 1 ? [...cases].sort((a, b) => Number(a.id) - Number(b.id)) : cases;
  let c = '';
  for (const x of sorted)
    c += `${x.id}\t${x.rule}\t${x.subjectKey}\t${x.status}\t${x.evidenceHash}\t${x.severity ?? ''}\n`;
  return hash('sha1', `${rulesetKey}\n${asOf}\n${JSON.stringify(input)}\n${c}`);
}
