import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { RULE_CODES, ruleDefinition, RuleCode } from '@patuh/rules';
import { OPEN_STATUSES } from './case-workflow.service';

/**
 * Inspection priority (docs/cases.md, "Risk score"). For one employer, over its OPEN cases
 * (open, in_review, confirmed, notice_sent):
 *
 *   severityPoints = Σ weight(severity)             critical 10, high 5, medium 2, low 1
 *   workersFactor  = 1 + log2(1 + workersAffected)   distinct worker NIKs among those cases
 *   riskScore      = severityPoints × workersFactor + rupiahAtStake / 1 000 000
 *
 * rupiahAtStake is the sum of the cases' amount_at_stake (the evidence's estimatedUnpaidContributions).
 */
export const RISK_SEVERITY_WEIGHTS = { critical: 10, high: 5, medium: 2, low: 1 } as const;
export const RISK_RUPIAH_PER_POINT = 1_000_000;

const weightSql = `CASE c.severity WHEN 'critical' THEN ${RISK_SEVERITY_WEIGHTS.critical} WHEN 'high' THEN ${RISK_SEVERITY_WEIGHTS.high} WHEN 'medium' THEN ${RISK_SEVERITY_WEIGHTS.medium} ELSE ${RISK_SEVERITY_WEIGHTS.low} END`;
const scoreSql = `ROUND(SUM(${weightSql}) * (1 + LOG2(1 + COUNT(DISTINCT c.worker_nik))) + SUM(c.amount_at_stake) / ${RISK_RUPIAH_PER_POINT}, 2)`;
const OPEN_IN = OPEN_STATUSES.map((s) => `'${s}'`).join(',');

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

/** Zoned midnight of 1 January `year` in `tz`, as an instant. */
export function startOfYearIn(year: number, tz: string): Date {
  const guess = Date.UTC(year, 0, 1);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(guess));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return new Date(guess - (wall - guess));
}

@Injectable()
export class InspectionService {
  private readonly districts: string[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const ref = config.reference as { regency?: { districts?: string[] } };
    this.districts = ref.regency?.districts ?? [];
  }

  /** Employers with open cases, highest risk first (ties: lower id first), with the reasons. */
  async ranking(f: RiskFilter): Promise<{ rows: EmployerRisk[]; more: boolean }> {
    const where = [`c.status IN (${OPEN_IN})`];
    const params: unknown[] = [];
    if (f.district) {
      where.push('e.district = ?');
      params.push(f.district);
    }
    if (f.scale) {
      where.push('e.scale = ?');
      params.push(f.scale);
    }
    if (f.q) {
      where.push('(e.name LIKE ? OR e.nib = ? OR e.npp = ?)');
      params.push(`%${f.q}%`, f.q, f.q);
    }
    if (f.employerIds) {
      where.push('c.employer_id IN (?)');
      params.push(f.employerIds.length ? f.employerIds : [0]);
    }
    const join = f.district || f.scale || f.q ? 'JOIN employers e ON e.id = c.employer_id' : '';
    const rows = (await this.db.query(
      `SELECT c.employer_id AS employerId, ${scoreSql} AS score, COUNT(*) AS openCases,
              COUNT(DISTINCT c.worker_nik) AS workers, SUM(c.amount_at_stake) AS rupiah, SUM(${weightSql}) AS points
         FROM cases c ${join}
        WHERE ${where.join(' AND ')}
        GROUP BY c.employer_id
        ORDER BY score DESC, c.employer_id
        LIMIT ?, ?`,
      [...params, f.offset, f.limit + 1],
    )) as {
      employerId: number;
      score: string;
      openCases: string;
      workers: string;
      rupiah: string;
      points: string;
    }[];
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
    const rows = (await this.db.query(
      `SELECT c.employer_id AS employerId, c.rule, COUNT(*) AS n, COUNT(DISTINCT c.worker_nik) AS workers,
              SUM(c.amount_at_stake) AS rupiah, MIN(c.severity_rank) AS rank, SUM(${weightSql}) AS points
         FROM cases c WHERE c.employer_id IN (?) AND c.status IN (${OPEN_IN})
        GROUP BY c.employer_id, c.rule`,
      [employerIds],
    )) as {
      employerId: number;
      rule: string;
      n: string;
      workers: string;
      rupiah: string;
      rank: number;
      points: string;
    }[];
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

  /** CONTRACT §5 GET /stats (definitions in docs/cases.md). */
  async stats() {
    const today = todayIn(this.config.env.BUSINESS_TZ);
    const open = (await this.db.query(
      `SELECT c.rule, c.severity, c.district, COUNT(*) AS n FROM cases c WHERE c.status IN (${OPEN_IN})
        GROUP BY c.rule, c.severity, c.district`,
    )) as { rule: string; severity: string; district: string | null; n: string }[];
    const byRule: Record<string, number> = Object.fromEntries(RULE_CODES.map((r) => [r, 0]));
    const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    const byDistrict: Record<string, number> = Object.fromEntries(this.districts.map((d) => [d, 0]));
    let total = 0;
    for (const r of open) {
      const n = Number(r.n);
      total += n;
      byRule[r.rule] = (byRule[r.rule] ?? 0) + n;
      bySeverity[r.severity] = (bySeverity[r.severity] ?? 0) + n;
      const d = r.district ?? 'unknown';
      byDistrict[d] = (byDistrict[d] ?? 0) + n;
    }

    const inForce = 'c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?)';
    const coveredToday = `EXISTS (SELECT 1 FROM enrolments n WHERE n.employer_id = c.employer_id AND n.worker_id = c.worker_id
                            AND n.effective_from <= ? AND (n.effective_to IS NULL OR n.effective_to >= ?))`;
    const [formal] = (await this.db.query(
      `SELECT COUNT(DISTINCT c.worker_id) AS workers,
              COUNT(DISTINCT CASE WHEN ${coveredToday} THEN c.worker_id END) AS enrolled
         FROM contracts c WHERE ${inForce}`,
      [today, today, today, today],
    )) as { workers: string; enrolled: string }[];
    const formalByDistrict = (await this.db.query(
      `SELECT e.district, COUNT(DISTINCT c.worker_id) AS workers,
              COUNT(DISTINCT CASE WHEN ${coveredToday} THEN c.worker_id END) AS enrolled
         FROM contracts c JOIN employers e ON e.id = c.employer_id WHERE ${inForce} GROUP BY e.district`,
      [today, today, today, today],
    )) as { district: string | null; workers: string; enrolled: string }[];

    const sponsoredWhere = 'effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?)';
    const [sponsored] = (await this.db.query(
      `SELECT COUNT(DISTINCT nik) AS n FROM sponsored_coverage WHERE ${sponsoredWhere}`,
      [today, today],
    )) as { n: string }[];
    const sponsoredByDistrict = (await this.db.query(
      `SELECT district, COUNT(DISTINCT nik) AS n FROM sponsored_coverage WHERE ${sponsoredWhere} GROUP BY district`,
      [today, today],
    )) as { district: string | null; n: string }[];

    const share = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : null);
    const workers = Number(formal?.workers ?? 0);
    const enrolled = Number(formal?.enrolled ?? 0);
    const formalDistricts = new Map(formalByDistrict.map((r) => [r.district ?? 'unknown', r]));
    const sponsoredDistricts = new Map(
      sponsoredByDistrict.map((r) => [r.district ?? 'unknown', Number(r.n)]),
    );
    const districtNames = [
      ...this.districts,
      ...[...new Set([...formalDistricts.keys(), ...sponsoredDistricts.keys()])].filter(
        (d) => !this.districts.includes(d),
      ),
    ];
    const target = this.config.env.SPONSORED_TARGET;
    const targets = this.config.env.SPONSORED_TARGET_BY_DISTRICT ?? {};
    const covered = Number(sponsored?.n ?? 0);
    // What the Pemkab pays a year for the covered pekerja rentan (reference informalCoverage; null = unknown).
    const premium =
      (this.config.reference as { informalCoverage?: { monthlyPremiumRupiah?: number } }).informalCoverage
        ?.monthlyPremiumRupiah ?? null;
    return {
      asOf: today,
      openCases: { total, byRule, bySeverity, byDistrict },
      formalWorkers: {
        total: workers,
        enrolled,
        enrolledShare: share(enrolled, workers),
        byDistrict: districtNames.map((d) => {
          const r = formalDistricts.get(d);
          const w = Number(r?.workers ?? 0);
          const en = Number(r?.enrolled ?? 0);
          return { district: d, workers: w, enrolled: en, enrolledShare: share(en, w) };
        }),
      },
      sponsoredCoverage: {
        covered,
        target,
        share: share(covered, target),
        monthlyPremiumRupiah: premium,
        annualCostRupiah: premium === null ? null : covered * premium * 12,
        byDistrict: districtNames.map((d) => {
          const n = sponsoredDistricts.get(d) ?? 0;
          const t = targets[d] ?? null;
          return { district: d, covered: n, target: t, share: t === null ? null : share(n, t) };
        }),
      },
    };
  }

  /**
   * The counts of an annual labour inspection report (ILO Convention 81, Arts 20-21) for one calendar year in
   * BUSINESS_TZ. Definitions in docs/cases.md.
   */
  async annual(year: number) {
    const tz = this.config.env.BUSINESS_TZ;
    const from = startOfYearIn(year, tz);
    const to = startOfYearIn(year + 1, tz);
    const yearStart = `${String(year).padStart(4, '0')}-01-01`;
    const yearEnd = `${String(year).padStart(4, '0')}-12-31`;
    const overlap = 'c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?)';
    const [liable] = (await this.db.query(
      `SELECT COUNT(DISTINCT c.employer_id) AS employers, COUNT(DISTINCT c.worker_id) AS workers
         FROM contracts c WHERE ${overlap}`,
      [yearEnd, yearStart],
    )) as { employers: string; workers: string }[];
    const [registered] = (await this.db.query('SELECT COUNT(*) AS n FROM employers WHERE created_at < ?', [
      to,
    ])) as { n: string }[];
    const detected = (await this.db.query(
      `SELECT rule, COUNT(*) AS n, COUNT(DISTINCT employer_id) AS employers FROM cases
        WHERE first_detected_at >= ? AND first_detected_at < ? GROUP BY rule`,
      [from, to],
    )) as { rule: string; n: string; employers: string }[];
    const [withCases] = (await this.db.query(
      `SELECT COUNT(DISTINCT c.employer_id) AS n FROM case_events ev JOIN cases c ON c.id = ev.case_id
        WHERE ev.type IN ('detected', 'reopened') AND ev.created_at >= ? AND ev.created_at < ?`,
      [from, to],
    )) as { n: string }[];
    const [inspected] = (await this.db.query(
      `SELECT COUNT(DISTINCT c.employer_id) AS employers, COUNT(DISTINCT c.id) AS cases
         FROM case_events ev JOIN cases c ON c.id = ev.case_id
        WHERE ev.type = 'transition' AND ev.actor_user_id IS NOT NULL AND ev.created_at >= ? AND ev.created_at < ?`,
      [from, to],
    )) as { employers: string; cases: string }[];
    const [notices] = (await this.db.query(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT c.employer_id) AS employers
         FROM case_events ev JOIN cases c ON c.id = ev.case_id
        WHERE ev.type = 'transition' AND ev.to_status = 'notice_sent' AND ev.created_at >= ? AND ev.created_at < ?`,
      [from, to],
    )) as { n: string; employers: string }[];
    const [closed] = (await this.db.query(
      `SELECT COUNT(DISTINCT CASE WHEN ev.to_status = 'resolved' THEN ev.case_id END) AS resolved,
              COUNT(DISTINCT CASE WHEN ev.to_status = 'resolved' AND ev.actor_user_id IS NOT NULL THEN ev.case_id END) AS byInspector,
              COUNT(DISTINCT CASE WHEN ev.type = 'resolved' AND ev.actor_user_id IS NULL THEN ev.case_id END) AS conditionCleared,
              COUNT(DISTINCT CASE WHEN ev.to_status = 'dismissed' THEN ev.case_id END) AS dismissed
         FROM case_events ev
        WHERE ev.type IN ('resolved', 'transition') AND ev.to_status IN ('resolved', 'dismissed')
          AND ev.created_at >= ? AND ev.created_at < ?`,
      [from, to],
    )) as { resolved: string; byInspector: string; conditionCleared: string; dismissed: string }[];
    const byRule: Record<string, number> = Object.fromEntries(RULE_CODES.map((r) => [r, 0]));
    let violations = 0;
    for (const r of detected) {
      byRule[r.rule] = Number(r.n);
      violations += Number(r.n);
    }
    return {
      year,
      timeZone: tz,
      period: { from: from.toISOString(), to: to.toISOString() },
      workplaces: {
        registered: Number(registered?.n ?? 0),
        liable: Number(liable?.employers ?? 0),
        withCases: Number(withCases?.n ?? 0),
        inspected: Number(inspected?.employers ?? 0),
        noticed: Number(notices?.employers ?? 0),
      },
      workersCovered: Number(liable?.workers ?? 0),
      violations: { total: violations, byRule },
      noticesIssued: Number(notices?.n ?? 0),
      casesActedOn: Number(inspected?.cases ?? 0),
      casesResolved: {
        total: Number(closed?.resolved ?? 0),
        byInspector: Number(closed?.byInspector ?? 0),
        conditionCleared: Number(closed?.conditionCleared ?? 0),
      },
      casesDismissed: Number(closed?.dismissed ?? 0),
    };
  }
}
