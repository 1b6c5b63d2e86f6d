import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { cachedFor, MetricsService, withTimeout } from '@patuh/core';
import { MetricsRepository } from '@patuh/persistence';

/** What one scrape of the database yields (one grouped read per aggregate, MetricsRepository). */
interface DbSnapshot {
  at: number;
  sweeps: Awaited<ReturnType<MetricsRepository['findRunningSweeps']>>;
  lastCompletedSweepAt: Date | null;
  cases: Awaited<ReturnType<MetricsRepository['countCasesByStatusAndSeverity']>>;
  deliveries: Awaited<ReturnType<MetricsRepository['countDeliveriesByStatus']>>;
  pendingDeliveries: Awaited<ReturnType<MetricsRepository['findPendingDeliveries']>>;
  selfReports: Awaited<ReturnType<MetricsRepository['countSelfReportsByStatus']>>;
}

const PENDING_REPORT_STATUSES = new Set(['queued', 'processing']);
const secondsSince = (now: number, d: Date | null) => (d ? Math.max(0, (now - d.getTime()) / 1000) : 0);

/**
 * The database-derived gauges of the API's /metrics: sweep progress and stuck sweeps, cases by status and
 * severity, alert deliveries by status, self-reports by status. Computed on scrape, at most once per
 * METRICS_CACHE_MS however many scrapes arrive (every gauge reads the same cached snapshot), with a time limit: a
 * database that is down or slow gives `patuh_db_metrics_up 0` and a prompt scrape, not a hung one. Every API
 * replica reports the same figures; alert rules take max() over instances (docs/alerts.rules.yml).
 */
@Injectable()
export class DbMetrics implements OnModuleInit {
  private readonly snapshot: () => Promise<DbSnapshot>;
  private readonly stuckAfterMs: number;

  constructor(
    private readonly metrics: MetricsService,
    private readonly repo: MetricsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.stuckAfterMs = config.env.METRICS_SWEEP_STUCK_SECONDS * 1000;
    this.snapshot = cachedFor(config.env.METRICS_CACHE_MS, () =>
      withTimeout(this.read(), 3000, 'the database'),
    );
  }

  private async read(): Promise<DbSnapshot> {
    // One after another on one pooled connection at a time: a scrape never takes more than one from the pool.
    const sweeps = await this.repo.findRunningSweeps();
    const lastCompletedSweepAt = await this.repo.findLastCompletedSweepAt();
    const cases = await this.repo.countCasesByStatusAndSeverity();
    const deliveries = await this.repo.countDeliveriesByStatus();
    const pendingDeliveries = await this.repo.findPendingDeliveries();
    const selfReports = await this.repo.countSelfReportsByStatus();
    return {
      at: Date.now(),
      sweeps,
      lastCompletedSweepAt,
      cases,
      deliveries,
      pendingDeliveries,
      selfReports,
    };
  }

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const stuckAfterMs = this.stuckAfterMs;
    const snapshot = async (): Promise<DbSnapshot | null> => {
      try {
        return await this.snapshot();
      } catch {
        return null;
      }
    };
    /** A gauge filled from the snapshot at each scrape (left empty when the database could not be read). */
    const gauge = (
      name: string,
      help: string,
      labelNames: string[],
      fill: (set: (labels: Record<string, string>, v: number) => void, s: DbSnapshot) => void,
    ) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          this.reset();
          const s = await snapshot();
          if (s) fill((labels, v) => this.set(labels, v), s);
        },
      });

    new Gauge({
      name: 'patuh_db_metrics_up',
      help: '1 when the database-derived gauges could be read at this scrape, else 0',
      registers,
      async collect() {
        this.set((await snapshot()) ? 1 : 0);
      },
    });
    gauge('patuh_sweeps_running', 'Sweeps in status running', [], (set, s) => set({}, s.sweeps.length));
    gauge(
      'patuh_sweeps_stuck',
      `Running sweeps with no batch recorded (nor started) for longer than METRICS_SWEEP_STUCK_SECONDS`,
      [],
      (set, s) => set({}, s.sweeps.filter((w) => s.at - w.lastProgressAt.getTime() > stuckAfterMs).length),
    );
    gauge(
      'patuh_sweep_employers',
      'A running sweep: employers planned (state="total") and evaluated in recorded batches (state="done")',
      ['sweep_id', 'state'],
      (set, s) => {
        for (const w of s.sweeps) {
          set({ sweep_id: String(w.id), state: 'total' }, w.employersTotal);
          set({ sweep_id: String(w.id), state: 'done' }, w.employersDone);
        }
      },
    );
    gauge(
      'patuh_sweep_batches',
      'A running sweep: batches planned (state="total") and recorded (state="done")',
      ['sweep_id', 'state'],
      (set, s) => {
        for (const w of s.sweeps) {
          set({ sweep_id: String(w.id), state: 'total' }, w.batchesTotal);
          set({ sweep_id: String(w.id), state: 'done' }, w.batchesDone);
        }
      },
    );
    gauge(
      'patuh_sweep_progress_age_seconds',
      'A running sweep: seconds since its last recorded batch (or its start)',
      ['sweep_id'],
      (set, s) => {
        for (const w of s.sweeps) set({ sweep_id: String(w.id) }, secondsSince(s.at, w.lastProgressAt));
      },
    );
    gauge(
      'patuh_sweep_last_completed_timestamp_seconds',
      'When the latest completed sweep finished (Unix seconds; absent when none ever completed)',
      [],
      (set, s) => {
        if (s.lastCompletedSweepAt) set({}, s.lastCompletedSweepAt.getTime() / 1000);
      },
    );
    gauge('patuh_cases', 'Cases by status and severity', ['status', 'severity'], (set, s) => {
      for (const c of s.cases) set({ status: c.status, severity: c.severity }, c.n);
    });
    gauge(
      'patuh_alert_deliveries',
      'Alert deliveries by status (pending, delivered, failed, undeliverable)',
      ['status'],
      (set, s) => {
        for (const d of s.deliveries) set({ status: d.status }, d.n);
      },
    );
    gauge(
      'patuh_alert_deliveries_retrying',
      'Pending alert deliveries that have had at least one failed attempt',
      [],
      (set, s) => set({}, s.pendingDeliveries.retrying),
    );
    gauge(
      'patuh_alert_deliveries_pending_attempts',
      'Attempts used so far by the pending alert deliveries',
      [],
      (set, s) => set({}, s.pendingDeliveries.attempts),
    );
    gauge(
      'patuh_alert_deliveries_oldest_pending_age_seconds',
      'Age of the oldest pending alert delivery (0 when none is pending)',
      [],
      (set, s) => set({}, secondsSince(s.at, s.pendingDeliveries.oldest)),
    );
    gauge(
      'patuh_self_reports',
      'Self-reports (and sponsored-coverage uploads) by status',
      ['status'],
      (set, s) => {
        for (const r of s.selfReports) set({ status: r.status }, r.n);
      },
    );
    gauge(
      'patuh_self_reports_oldest_pending_age_seconds',
      'Age of the oldest self-report still queued or processing, by status',
      ['status'],
      (set, s) => {
        for (const r of s.selfReports)
          if (PENDING_REPORT_STATUSES.has(r.status)) set({ status: r.status }, secondsSince(s.at, r.oldest));
      },
    );
  }
}

@Module({ providers: [DbMetrics] })
export class DbMetricsModule {}
