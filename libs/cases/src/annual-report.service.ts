import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { StatsRepository } from '@patuh/persistence';
import { RULE_CODES } from '@patuh/rules';

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

/** The annual labour inspection report (ILO C81 Arts 20-21). */
@Injectable()
export class AnnualReportService {
  constructor(
    private readonly repo: StatsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
    const { liable, registered, detected, withCases, inspected, notices, closed } =
      await this.repo.annualReport({
        yearStart,
        yearEnd,
        from,
        to,
      });
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
