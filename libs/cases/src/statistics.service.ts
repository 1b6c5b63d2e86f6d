import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { BpjsCoverageRepository, StatsRepository } from '@patuh/persistence';
import { RULE_CODES } from '@patuh/rules';

/** CONTRACT §5 GET /stats: open cases, formal workers enrolled, sponsored coverage against its target. */
@Injectable()
export class StatisticsService {
  private readonly districts: string[];

  constructor(
    private readonly repo: StatsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bpjs: BpjsCoverageRepository,
  ) {
    this.districts = [...config.districts.names];
  }

  /** CONTRACT §5 GET /stats (definitions in docs/cases.md). */
  async stats() {
    const today = todayIn(this.config.env.BUSINESS_TZ);
    const open = await this.repo.countOpenCases();
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

    const { all: formal, byDistrict: formalByDistrict } = await this.repo.countFormalWorkers(today);
    const { all: sponsored, byDistrict: sponsoredByDistrict } = await this.repo.countSponsored(today);
    const { all: verified, byDistrict: verifiedByDistrict } = await this.bpjs.countVerifiedWorkers(today);
    const verifiedDistricts = new Map(verifiedByDistrict.map((r) => [r.district ?? 'unknown', r.verified]));

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
    const premium = this.config.reference.informalCoverage?.monthlyPremiumRupiah ?? null;
    return {
      asOf: today,
      openCases: { total, byRule, bySeverity, byDistrict },
      formalWorkers: {
        total: workers,
        enrolled,
        enrolledShare: share(enrolled, workers),
        bpjsVerified: verified,
        bpjsVerifiedShare: share(verified, workers),
        byDistrict: districtNames.map((d) => {
          const r = formalDistricts.get(d);
          const w = Number(r?.workers ?? 0);
          const en = Number(r?.enrolled ?? 0);
          const v = verifiedDistricts.get(d) ?? 0;
          return {
            district: d,
            workers: w,
            enrolled: en,
            enrolledShare: share(en, w),
            bpjsVerified: v,
            bpjsVerifiedShare: share(v, w),
          };
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
}
