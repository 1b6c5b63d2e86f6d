import { DataSource } from 'typeorm';
import { isDuplicateKey, ReportedRowsRepository, SelfReportsRepository } from '@patuh/persistence';
import { Seed } from '../support/seed';
import { TestStack } from '../support/stack';

describe('SelfReportsRepository and ReportedRowsRepository (real MySQL)', () => {
  const stack = new TestStack('repo_self_reports');
  let ds: DataSource;
  let reports: SelfReportsRepository;
  let rows: ReportedRowsRepository;
  let seed: Seed;
  let employerId: number;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    reports = new SelfReportsRepository(ds);
    rows = new ReportedRowsRepository(ds);
    seed = new Seed(ds);
    employerId = await seed.employer({});
  });
  afterAll(() => stack.teardown());

  const newReport = (key: string | null, receivedAt = new Date()) =>
    reports.insert({
      kind: 'employer',
      employerId,
      idempotencyKey: key,
      bodyHash: 'a'.repeat(64),
      format: 'json',
      receivedAt,
      submittedByUserId: null,
    });

  it('inserts a queued report, refuses a reused Idempotency-Key, and finds it by key', async () => {
    const id = await newReport('k-1');
    const r = await reports.getById(id);
    expect(r).toMatchObject({ id, status: 'queued', employerId, idempotencyKey: 'k-1' });
    const dup = await newReport('k-1').catch((e: unknown) => e);
    expect(isDuplicateKey(dup)).toBe(true);
    expect((await reports.findByIdempotencyKey(employerId, 'k-1'))?.id).toBe(id);
    expect(await reports.findByIdempotencyKey(employerId + 1, 'k-1')).toBeNull();
  });

  it('stores parts in chunks and reads them back: counts, head, chunk by seq', async () => {
    const id = await newReport(null);
    await reports.insertPartChunk(id, 'json', 0, Buffer.from('{\n"workers":['));
    await reports.insertPartChunk(id, 'json', 1, Buffer.from(']\n}'));
    await reports.insertPartChunk(id, 'workers.csv', 0, Buffer.from('nik,name'));
    expect([...(await reports.countPartChunks(id)).entries()].sort()).toEqual([
      ['json', 2],
      ['workers.csv', 1],
    ]);
    expect(await reports.readPartHead(id, 'json')).toBe('{\n');
    expect(await reports.readPartHead(id, 'contracts.csv')).toBe('');
    expect((await reports.readPartChunk(id, 'json', 1))?.toString()).toBe(']\n}');
    expect(await reports.readPartChunk(id, 'json', 2)).toBeUndefined();
  });

  it('moves status queued → processing → processed, and fails only unfinished reports', async () => {
    const id = await newReport(null);
    await reports.markProcessing(id);
    expect((await reports.getById(id)).status).toBe('processing');
    await reports.markProcessed(id, {
      processedAt: new Date(),
      counts: { workers: { accepted: 2, rejected: 1 } },
      errors: [{ entity: 'workers', index: 1, field: 'nik', message: 'bad' }],
      errorCount: 1,
      evaluationStatus: 'queued',
    });
    const done = await reports.getById(id);
    expect(done).toMatchObject({ status: 'processed', errorCount: 1, evaluationStatus: 'queued' });
    expect(done.counts).toEqual({ workers: { accepted: 2, rejected: 1 } });
    await reports.markFailed(id, 'too late');
    expect((await reports.getById(id)).status).toBe('processed');
    const other = await newReport(null);
    await reports.markFailed(other, 'gave up');
    expect(await reports.getById(other)).toMatchObject({ status: 'failed', failureReason: 'gave up' });
  });

  it('lockStatus holds the row: a second locker waits until the first commits', async () => {
    const id = await newReport(null);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = ds.transaction(async (m) => {
      expect(await reports.lockStatus(id, m)).toBe('queued');
      order.push('first locked');
      await held;
      await reports.markProcessing(id, m);
      order.push('first commits');
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = ds.transaction(async (m) => {
      const status = await reports.lockStatus(id, m);
      order.push(`second sees ${status}`);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(order).toEqual(['first locked']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first locked', 'first commits', 'second sees processing']);
    expect(await ds.transaction((m) => reports.lockStatus(999999, m))).toBeNull();
  });

  it('lists newest first with filters and a keyset, and finds queued reports older than a time', async () => {
    const old = await newReport(null, new Date(Date.now() - 120_000));
    const all = await reports.list({ employerId }, 100);
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => b - a));
    expect(all.every((r) => r.errors === undefined || r.errors === null)).toBe(true);
    const page = await reports.list({ employerId, beforeId: all[1]!.id }, 100);
    expect(page[0]!.id).toBe(all[2]!.id);
    expect((await reports.list({ status: 'failed' }, 100)).every((r) => r.status === 'failed')).toBe(true);
    expect(await reports.listQueuedBefore(new Date(Date.now() - 60_000))).toEqual([old]);
  });

  it('upserts self-reported rows in place by id, and maps keys to ids', async () => {
    const reportId = await newReport(null);
    await ds.transaction((m) => rows.ensureWorkers(['6408010101900001', '6408010101900002'], m));
    const ids = await rows.workerIdsByNik(['6408010101900001', '6408010101900002', '6408010101900009']);
    expect([...ids.keys()].sort()).toEqual(['6408010101900001', '6408010101900002']);
    const [w1, w2] = [ids.get('6408010101900001')!, ids.get('6408010101900002')!];
    await ds.transaction((m) =>
      rows.upsertEmployerWorkers(
        [
          [employerId, w1, 'Satu', '1990-01-01', reportId],
          [employerId, w2, 'Dua', null, reportId],
        ],
        m,
      ),
    );
    // Again: the NIK changes nothing, the name is corrected, a birth date left out keeps the one sent before.
    await ds.transaction(async (m) => {
      await rows.ensureWorkers(['6408010101900001'], m);
      await rows.upsertEmployerWorkers([[employerId, w1, 'Satu Baru', null, reportId]], m);
    });
    // Another employer's report of the same worker is its own row.
    const other = await seed.employer({});
    await ds.transaction((m) => rows.upsertEmployerWorkers([[other, w1, 'Lain', null, reportId]], m));
    const names = (await ds.query(
      'SELECT employer_id AS e, name, birth_date AS d FROM employer_workers WHERE worker_id = ? ORDER BY employer_id',
      [w1],
    )) as { e: number; name: string; d: string | null }[];
    expect(names).toEqual([
      { e: employerId, name: 'Satu Baru', d: '1990-01-01' },
      { e: other, name: 'Lain', d: null },
    ]);
    expect(Number((await ds.query('SELECT COUNT(*) AS n FROM workers'))[0].n)).toBe(2);
    // Contracts and enrolments may name only the employer's own reported workers.
    expect(
      [
        ...(await rows.reportedWorkerIdsByNik(employerId, ['6408010101900001', '6408010101900002'])).keys(),
      ].sort(),
    ).toEqual(['6408010101900001', '6408010101900002']);
    expect([
      ...(await rows.reportedWorkerIdsByNik(other, ['6408010101900001', '6408010101900002'])).keys(),
    ]).toEqual(['6408010101900001']);

    const workerId = ids.get('6408010101900001')!;
    await ds.transaction((m) =>
      rows.upsertContracts(
        [
          [
            employerId,
            workerId,
            '2025-01-01',
            null,
            'K-1',
            'PKWT',
            '2025-12-31',
            4000000,
            null,
            null,
            null,
            'self_report',
            null,
          ],
        ],
        m,
      ),
    );
    const refs = await rows.contractIdsByRef(employerId, ['K-1', 'K-2']);
    expect([...refs.keys()]).toEqual(['K-1']);
    expect(await rows.contractIdsByRef(employerId + 1, ['K-1'])).toEqual(new Map());

    await ds.transaction((m) =>
      rows.upsertSponsored([[null, '6408010101900003', 'JKK,JKM', '2025-01-01', null, 'Bengalon']], m),
    );
    expect([...(await rows.sponsoredIdsByNik(['6408010101900003'])).keys()]).toEqual([
      '6408010101900003 2025-01-01',
    ]);
  });
});
