import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { toCaseView } from '@patuh/cases';
import { AlertDeliveriesRepository, CaseRow, SEVERITY_RANK } from '@patuh/persistence';
import { AlertsOutbox, NewDelivery } from './alerts.outbox';
import { caseLink } from './alerts.shared';
import { Digest, DigestCase, DigestSection } from './email.templates';

/** Cases listed per (severity, rule) group in a digest; the counts are always complete. */
export const DIGEST_CASES_PER_GROUP = 20;
const MAX_ROWS = 20000;

function hourIn(timeZone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at));
}

/**
 * digest.daily: once a day (from DIGEST_HOUR in BUSINESS_TZ) one delivery per subscriber, summarising the cases
 * first detected in the last 24 hours and the open/in_review cases past their dueAt, grouped by severity (most
 * severe first) and rule, filtered by the subscription's district and minSeverity. The dedupe key
 * digest-<YYYY-MM-DD> makes it once per subscription per day however many workers (or ticks) run it.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    private readonly deliveries: AlertDeliveriesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: AlertsOutbox,
  ) {}

  /** Writes (and enqueues) today's digests; before DIGEST_HOUR it does nothing unless `force`. Returns how many it made. */
  async sendDigests(now: Date = new Date(), opts: { force?: boolean } = {}): Promise<number> {
    const tz = this.config.env.BUSINESS_TZ;
    if (!opts.force && hourIn(tz, now) < this.config.env.DIGEST_HOUR) return 0;
    const date = todayIn(tz, now);
    const dedupeKey = `digest-${date}`;
    const subs = (await this.outbox.subscriptions()).filter((s) =>
      s.events.split(',').includes('digest.daily'),
    );
    if (!subs.length) return 0;
    const done = await this.deliveries.listSubscriptionIdsWithKey(dedupeKey);
    const cache = new Map<string, Digest>();
    const rows: NewDelivery[] = [];
    for (const sub of subs) {
      if (done.has(sub.id)) continue;
      const scope = `${sub.district ?? ''}|${sub.min_severity}`;
      let digest = cache.get(scope);
      if (!digest) {
        digest = await this.build(now, date, sub.district, sub.min_severity);
        cache.set(scope, digest);
      }
      rows.push({
        subscriptionId: sub.id,
        event: 'digest.daily',
        dedupeKey,
        caseId: null,
        body: { event: 'digest.daily', occurredAt: now.toISOString(), digest },
      });
    }
    const ids = await this.outbox.insert(rows);
    if (ids.length) {
      try {
        await this.outbox.enqueue(ids.map((id) => ({ id, attempt: 1 })));
      } catch (e) {
        this.logger.warn(`digest deliveries not enqueued now (the poller will): ${(e as Error).message}`);
      }
      this.logger.log(`digest ${date}: ${ids.length} deliveries`);
    }
    return ids.length;
  }

  async build(now: Date, date: string, district: string | null, minSeverity: string): Promise<Digest> {
    const rank = SEVERITY_RANK[minSeverity as keyof typeof SEVERITY_RANK] ?? 4;
    const since = new Date(now.getTime() - 86_400_000);
    const filter = { maxRank: rank, district, limit: MAX_ROWS };
    const fresh = await this.deliveries.listNewCases(since, now, filter);
    const overdue = await this.deliveries.listOverdueCases(now, filter);
    return {
      date,
      timeZone: this.config.env.BUSINESS_TZ,
      district,
      minSeverity,
      windowStart: since.toISOString(),
      windowEnd: now.toISOString(),
      newCases: this.section(fresh),
      overdueCases: this.section(overdue),
    };
  }

  private section(rows: CaseRow[]): DigestSection {
    const groups = new Map<string, { severity: string; rule: string; count: number; cases: DigestCase[] }>();
    for (const r of rows) {
      const key = `${r.severity}|${r.rule}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { severity: r.severity, rule: r.rule, count: 0, cases: [] }));
      g.count++;
      if (g.cases.length < DIGEST_CASES_PER_GROUP) {
        const v = toCaseView(r);
        g.cases.push({
          id: v.id,
          rule: v.rule,
          severity: v.severity,
          employerName: v.employerName,
          workerNik: v.workerNik,
          summary: v.summary,
          summaryId: v.summaryId,
          dueAt: v.dueAt,
          link: caseLink(this.config.env, v.id),
        });
      }
    }
    return { total: rows.length, groups: [...groups.values()] };
  }
}
