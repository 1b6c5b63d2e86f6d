import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { CaseEventsRepository } from '@patuh/persistence';
import { addDays, parseIsoDate } from '@patuh/rules';

export interface TrendCounts {
  opened: number;
  resolved: number;
  reopened: number;
}

export interface TrendWeek extends TrendCounts {
  /** ISO 8601 week, e.g. 2026-W49. */
  week: string;
  /** Its Monday (a date in BUSINESS_TZ). */
  weekStart: string;
  /** Only rules with a count that week. */
  byRule: Record<string, TrendCounts>;
}

export interface Trend {
  weeks: number;
  timeZone: string;
  /** Monday of the first week and Sunday of the last (the current) week. */
  from: string;
  to: string;
  items: TrendWeek[];
}

/** The instant of midnight at the start of `date` in `tz`. */
export function midnightIn(date: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
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

/** ISO 8601 week label of a Monday. */
export function isoWeekOf(monday: string): string {
  // The ISO year is the year of the week's Thursday; week 1 holds the year's first Thursday.
  const thursday = parseIsoDate(addDays(monday, 3));
  const year = Number(addDays(monday, 3).slice(0, 4));
  const jan1 = parseIsoDate(`${year}-01-01`);
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * GET /stats/trend: per ISO week in BUSINESS_TZ, cases opened (`detected` events), resolved (any event into
 * `resolved`: the system's condition_cleared or an inspector's) and reopened, by rule. One set-based query over
 * case_events (ix_case_events_created range) joined to cases for the rule; each event lands in its week by the
 * week's exact start instant in the zone (INTERVAL over the boundaries), so a zone with summer time is right too.
 */
@Injectable()
export class TrendService {
  constructor(
    private readonly caseEvents: CaseEventsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async trend(weeks: number, now = new Date()): Promise<Trend> {
    const tz = this.config.env.BUSINESS_TZ;
    const today = todayIn(tz, now);
    const weekday = (parseIsoDate(today) + 3) % 7; // day 0 (1970-01-01) was a Thursday → Monday = 0
    const thisMonday = addDays(today, -((weekday + 7) % 7));
    const mondays: string[] = [];
    for (let i = weeks - 1; i >= 0; i--) mondays.push(addDays(thisMonday, -7 * i));
    const start = midnightIn(mondays[0]!, tz);
    const end = midnightIn(addDays(thisMonday, 7), tz);
    // Seconds from `start` to the start of weeks 2..n: INTERVAL(x, b1, …) gives the week's index (0-based).
    const bounds = mondays.slice(1).map((d) => (midnightIn(d, tz).getTime() - start.getTime()) / 1000);
    const rows = await this.caseEvents.countTrend(start, end, bounds);
    const items: TrendWeek[] = mondays.map((d) => ({
      week: isoWeekOf(d),
      weekStart: d,
      opened: 0,
      resolved: 0,
      reopened: 0,
      byRule: {},
    }));
    for (const r of rows) {
      const item = items[Number(r.w)];
      if (!item) continue;
      const counts = { opened: Number(r.opened), resolved: Number(r.resolved), reopened: Number(r.reopened) };
      item.byRule[r.rule] = counts;
      item.opened += counts.opened;
      item.resolved += counts.resolved;
      item.reopened += counts.reopened;
    }
    return { weeks, timeZone: tz, from: mondays[0]!, to: addDays(thisMonday, 6), items };
  }
}
