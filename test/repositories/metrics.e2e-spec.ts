import { DataSource } from 'typeorm';
import { CASE_COLUMNS, MetricsRepository, SEVERITY_RANK } from '@patuh/persistence';
import { Seed } from '../support/seed';
import { TestStack } from '../support/stack';

/** MetricsRepository against the real database: each aggregate, and that the big tables are read from an index. */
describe('MetricsRepository (real MySQL)', () => {
  const stack = new TestStack('repo_metrics');
  let ds: DataSource;
  let repo: MetricsRepository;
  let employerId: number;

  const insertCase = async (subjectKey: string, severity: keyof typeof SEVERITY_RANK, status: string) => {
    const at = new Date('2026-11-01T00:00:00Z');
    const row: Record<(typeof CASE_COLUMNS)[number], unknown> = {
      rule: 'ENROLMENT_MISSING',
      employer_id: employerId,
      subject_key: subjectKey,
      worker_nik: null,
      employer_name: '',
      worker_name: null,
      chain_start: null,
      district: 'Sangatta Utara',
      severity,
      severity_rank: SEVERITY_RANK[severity],
      status,
      summary: 'summary',
      summary_id: 'ringkasan',
      evidence: '{}',
      evidence_hash: 'h'.repeat(40),
      legal_basis: 'PP 44/2015',
      rulebook_version: '2.0.0',
      amount_at_stake: 0,
      first_detected_at: at,
      last_detected_at: at,
      due_at: null,
      updated_at: at,
    };
    await ds.query(
      `INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})`,
      CASE_COLUMNS.map((k) => row[k]),
    );
  };
  const explainExtra = async (sql: string) =>
    ((await ds.query(`EXPLAIN ${sql}`)) as { Extra: string | null; key: string | null }[])[0]!;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    repo = new MetricsRepository(ds);
    employerId = await new Seed(ds).employer({});
  });
  afterAll(() => stack.teardown());

  it('counts cases by status and severity, from an index alone', async () => {
    await insertCase('a', 'high', 'open');
    await insertCase('b', 'high', 'open');
    await insertCase('c', 'critical', 'in_review');
    await insertCase('d', 'low', 'dismissed');
    const rows = await repo.countCasesByStatusAndSeverity();
    expect(rows.sort((x, y) => x.status.localeCompare(y.status))).toEqual(
      [
        { status: 'open', severity: 'high', n: 2 },
        { status: 'in_review', severity: 'critical', n: 1 },
        { status: 'dismissed', severity: 'low', n: 1 },
      ].sort((x, y) => x.status.localeCompare(y.status)),
    );
    const plan = await explainExtra(
      'SELECT status, severity_rank AS rank, COUNT(*) AS n FROM cases GROUP BY status, severity_rank',
    );
    expect(plan.Extra).toMatch(/Using index/);
  });

  it('lists running sweeps with their recorded batches and when they last moved; the last completed one', async () => {
    expect(await repo.findLastCompletedSweepAt()).toBeNull();
    const t0 = new Date('2026-11-01T01:00:00.000Z');
    const insert = async (status: string, startedAt: Date | null, finishedAt: Date | null = null) =>
      Number(
        (
          (await ds.query(
            `INSERT INTO sweeps (status, as_of, employers_total, batches_total, created_at, started_at, finished_at)
             VALUES (?, '2026-11-01', 500, 3, ?, ?, ?)`,
            [status, t0, startedAt, finishedAt],
          )) as { insertId: number }
        ).insertId,
      );
    const idle = await insert('running', t0);
    const moving = await insert('running', t0);
    await insert('queued', null);
    await insert('completed', t0, new Date('2026-11-01T02:00:00.000Z'));
    await insert('completed', t0, new Date('2026-11-01T03:00:00.000Z'));
    await ds.query(
      `INSERT INTO sweep_batches (sweep_id, batch_no, employers, finished_at) VALUES (?, 0, 200, ?), (?, 1, 150, ?)`,
      [moving, new Date('2026-11-01T01:10:00.000Z'), moving, new Date('2026-11-01T01:20:00.000Z')],
    );
    const rows = (await repo.findRunningSweeps()).sort((a, b) => a.id - b.id);
    expect(rows).toEqual([
      {
        id: idle,
        employersTotal: 500,
        batchesTotal: 3,
        batchesDone: 0,
        employersDone: 0,
        lastProgressAt: t0,
      },
      {
        id: moving,
        employersTotal: 500,
        batchesTotal: 3,
        batchesDone: 2,
        employersDone: 350,
        lastProgressAt: new Date('2026-11-01T01:20:00.000Z'),
      },
    ]);
    expect(await repo.findLastCompletedSweepAt()).toEqual(new Date('2026-11-01T03:00:00.000Z'));
  });

  it('counts deliveries by status, and the pending ones with their attempts and the oldest', async () => {
    const sub = (await ds.query(
      `INSERT INTO alert_subscriptions (channel, target, events) VALUES ('email', 'a@b.co', 'case.opened')`,
    )) as { insertId: number };
    const rows: [string, number, string][] = [
      ['pending', 2, '2026-11-01T05:00:00.000Z'],
      ['pending', 0, '2026-11-01T04:00:00.000Z'],
      ['delivered', 1, '2026-11-01T01:00:00.000Z'],
      ['failed', 15, '2026-11-01T00:00:00.000Z'],
    ];
    for (const [i, [status, attempts, at]] of rows.entries())
      await ds.query(
        `INSERT INTO alert_deliveries (uuid, subscription_id, event, dedupe_key, payload, status, attempts, created_at)
         VALUES (UUID(), ?, 'case.opened', ?, '{}', ?, ?, ?)`,
        [sub.insertId, `k${i}`, status, attempts, new Date(at)],
      );
    expect(Object.fromEntries((await repo.countDeliveriesByStatus()).map((r) => [r.status, r.n]))).toEqual({
      pending: 2,
      delivered: 1,
      failed: 1,
    });
    expect(await repo.findPendingDeliveries()).toEqual({
      retrying: 1,
      attempts: 2,
      oldest: new Date('2026-11-01T04:00:00.000Z'),
    });
    expect(
      (await explainExtra('SELECT status, COUNT(*) AS n FROM alert_deliveries GROUP BY status')).Extra,
    ).toMatch(/Using index/);
  });

  it('counts self-reports by status with the oldest received of each, from ix_self_reports_status_received', async () => {
    const put = (status: string, at: string) =>
      ds.query(
        `INSERT INTO self_reports (employer_id, body_hash, format, status, received_at) VALUES (?, ?, 'json', ?, ?)`,
        [employerId, at.replace(/\D/g, '').padEnd(64, '0'), status, new Date(at)],
      );
    await put('queued', '2026-11-01T06:00:00.000Z');
    await put('queued', '2026-11-01T05:00:00.000Z');
    await put('processed', '2026-11-01T01:00:00.000Z');
    const rows = Object.fromEntries((await repo.countSelfReportsByStatus()).map((r) => [r.status, r]));
    expect(rows).toEqual({
      queued: { status: 'queued', n: 2, oldest: new Date('2026-11-01T05:00:00.000Z') },
      processed: { status: 'processed', n: 1, oldest: new Date('2026-11-01T01:00:00.000Z') },
    });
    const plan = await explainExtra(
      'SELECT status, COUNT(*) AS n, MIN(received_at) AS oldest FROM self_reports GROUP BY status',
    );
    expect(plan.key).toBe('ix_self_reports_status_received');
    expect(plan.Extra).toMatch(/Using index/);
  });
});
