import { Injectable } from '@nestjs/common';
import { RISK_RUPIAH_PER_POINT, StatsRepository } from '@patuh/persistence';
import { ruleDefinition, RuleCode } from '@patuh/rules';

export { RISK_RUPIAH_PER_POINT, RISK_SEVERITY_WEIGHTS } from '@patuh/persistence';

/**
 * Inspection priority (docs/cases.md, "Risk score"). For one employer, over its OPEN cases
 * (open, in_review, confirmed, notice_sent):
 *
 *   severityPoints = Σ weight(severity)             critical 10, high 5, medium 2, low 1
 *   workersFactor  = 1 + log2(1 + workersAffected)   distinct worker NIKs among those cases
 *   riskScore      = severityPoints × workersFactor + rupiahAtStake / 1 000 000
 *
 * rupiahAtStake is the sum of the cases' amount_at_stake (the evidence's estimatedUnpaidContributions).
 * The SQL of it is StatsRepository's.
 */
/** The same formula in TypeScript (docs and tests). */
export function riskScore(severityPoints: number, workersAffected: number, rupiahAtStake: number): number {
  return (
    Math.round(
      (severityPoints * (1 + Math.log2(1 + workersAffected)) + rupiahAtStake / RISK_RUPIAH_PER_POINT) * 100,
    ) / 100
  );
}

export interface RiskReason {
  rule: string;
  title: string;
  cases: number;
  workers: number;
  rupiahAtStake: number;
  /** The most severe of these cases. */
  severity: string;
  severityPoints: number;
  text: string;
}

export interface EmployerRisk {
  employerId: number;
  riskScore: number;
  openCases: number;
  workersAffected: number;
  rupiahAtStake: number;
  severityPoints: number;
  /** The top rules behind the score (at most 3), most points first. */
  reasons: RiskReason[];
}

export interface RiskFilter {
  district?: string;
  scale?: string;
  q?: string;
  employerIds?: number[];
  offset: number;
  limit: number;
}

const SEVERITY_OF_RANK = ['', 'critical', 'high', 'medium', 'low'];
const rupiah = (n: number) => 'Rp ' + Math.round(n).toLocaleString('id-ID');

/** Inspection priority: employers ranked by risk score, with the reasons. */
@Injectable()
export class RiskService {
  constructor(private readonly stats: StatsRepository) {}

  /** Employers with open cases, highest risk first (ties: lower id first), with the reasons. */
  async ranking(f: RiskFilter): Promise<{ rows: EmployerRisk[]; more: boolean }> {
    const rows = await this.stats.rankEmployers({ ...f, limit: f.limit + 1 });
    const page = rows.slice(0, f.limit);
    const reasons = await this.reasons(page.map((r) => r.employerId));
    return {
      more: rows.length > f.limit,
      rows: page.map((r) => ({
        employerId: r.employerId,
        riskScore: Number(r.score),
        openCases: Number(r.openCases),
        workersAffected: Number(r.workers),
        rupiahAtStake: Number(r.rupiah),
        severityPoints: Number(r.points),
        reasons: reasons.get(r.employerId) ?? [],
      })),
    };
  }

  /** One employer's risk (zeros when it has no open case). */
  async employerRisk(employerId: number): Promise<EmployerRisk> {
    const { rows } = await this.ranking({ employerIds: [employerId], offset: 0, limit: 1 });
    return (
      rows[0] ?? {
        employerId,
        riskScore: 0,
        openCases: 0,
        workersAffected: 0,
        rupiahAtStake: 0,
        severityPoints: 0,
        reasons: [],
      }
    );
  }

  private async reasons(employerIds: number[]): Promise<Map<number, RiskReason[]>> {
    const out = new Map<number, RiskReason[]>();
    if (!employerIds.length) return out;
    const rows = await this.stats.riskReasons(employerIds);
    for (const r of rows) {
      const list = out.get(r.employerId) ?? [];
      const cases = Number(r.n);
      const workers = Number(r.workers);
      const amount = Number(r.rupiah);
      let title = r.rule;
      try {
        title = ruleDefinition(r.rule as RuleCode).title.en;
      } catch {
        /* a rule of another rulebook version */
      }
      list.push({
        rule: r.rule,
        title,
        cases,
        workers,
        rupiahAtStake: amount,
        severity: SEVERITY_OF_RANK[Number(r.rank)] ?? 'low',
        severityPoints: Number(r.points),
        text:
          `${cases} × ${title}` +
          (workers ? ` (${workers} worker${workers === 1 ? '' : 's'}` : ' (') +
          (amount
            ? `${workers ? ', ' : ''}${rupiah(amount)} unpaid contributions)`
            : workers
              ? ')'
              : 'employer)'),
      });
      out.set(r.employerId, list);
    }
    for (const [k, list] of out)
      out.set(
        k,
        list
          .sort(
            (a, b) =>
              b.severityPoints - a.severityPoints ||
              b.rupiahAtStake - a.rupiahAtStake ||
              a.rule.localeCompare(b.rule),
          )
          .slice(0, 3),
      );
    return out;
  }
}

/** The former name of RiskService (one release): use RiskService. */
