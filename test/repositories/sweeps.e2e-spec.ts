import { DataSource } from 'typeorm';
import { isDuplicateKey, SweepsRepository } from '@patuh/persistence';
import { Seed } from '../support/seed';
import { TestStack } from '../support/stack';

/** SweepsRepository against the real database: sweeps and their batches. */
describe('SweepsRepository (real MySQL)', () => {
  const stack = new TestStack('repo_sweeps');
  let ds: DataSource;
  let sweeps: SweepsRepository;
  let employers: number[];

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    sweeps = new SweepsRepository(ds);
    const seed = new Seed(ds);
    employers = [];
    for (let i = 0; i < 3; i++) employers.push(await seed.employer({}));
    const w = await seed.worker('6401010101900011');
    await seed.contract({
      employerId: employers[1]!,
      workerId: w,
      ref: 'K-1',
      start: '2026-01-01',
      end: null,
    });
    await seed.contract({
      employerId: employers[1]!,
      workerId: w,
      ref: 'K-2',
      start: '2026-02-01',
      end: null,
    });
  });
  afterAll(() => stack.teardown());

  const newSweep = (over: Record<string, unknown> = {}) =>
    sweeps.insert({
      asOf: '2026-11-01',
      trigger: 'manual',
      status: 'queued',
      createdAt: new Date(),
      ...over,
    });

  it('insert stores a sweep; a second one with the same schedule key is a duplicate key', async () => {
    const s = await newSweep({ trigger: 'schedule', scheduleKey: 'tick-1' });
    expect(s.id).toBeGreaterThan(0);
    expect((await sweeps.findById(s.id))!.scheduleKey).toBe('tick-1');
    const err = await newSweep({ trigger: 'schedule', scheduleKey: 'tick-1' }).catch((e: unknown) => e);
    expect(isDuplicateKey(err)).toBe(true);
    expect(await sweeps.findById(999_999)).toBeNull();
  });

  it('listRecent is newest first', async () => {
    const a = await newSweep();
    const b = await newSweep();
    expect((await sweeps.listRecent(2)).map((s) => s.id)).toEqual([b.id, a.id]);
  });

  it('pages employers with their contract counts, by id, within the ids or up to the snapshot', async () => {
    const [e0, e1, e2] = employers as [number, number, number];
    expect(await sweeps.pageEmployersWithContractCounts(0, { ids: null, maxId: null }, 2)).toEqual([
      { id: e0, n: 0 },
      { id: e1, n: 2 },
    ]);
    expect(await sweeps.pageEmployersWithContractCounts(e1, { ids: null, maxId: null }, 10)).toEqual([
      { id: e2, n: 0 },
    ]);
    expect(await sweeps.pageEmployersWithContractCounts(0, { ids: null, maxId: e1 }, 10)).toEqual([
      { id: e0, n: 0 },
      { id: e1, n: 2 },
    ]);
    expect(await sweeps.pageEmployersWithContractCounts(0, { ids: [e2, e1], maxId: null }, 10)).toEqual([
      { id: e1, n: 2 },
      { id: e2, n: 0 },
    ]);
    expect([...(await sweeps.findExistingEmployerIds([e0, 999_999]))]).toEqual([e0]);
    expect([...(await sweeps.findExistingEmployerIds([]))]).toEqual([]);
  });

  it('runs a sweep: markRunning once, batches recorded once each, totals, progress, close once', async () => {
    const s = await newSweep();
    expect(
      await sweeps.markRunning(
        s.id,
        { employersTotal: 5, batchesTotal: 2, maxEmployerId: 9, batchStarts: [1, 6] },
        new Date(),
      ),
    ).toBe(true);
    const running = (await sweeps.findById(s.id))!;
    expect(running.batchStarts).toEqual([1, 6]);
    expect([running.status, running.employersTotal, running.batchesTotal, running.maxEmployerId]).toEqual([
      'running',
      5,
      2,
      9,
    ]);
    expect(running.startedAt).not.toBeNull();
    // Only from queued.
    expect(
      await sweeps.markRunning(
        s.id,
        { employersTotal: 1, batchesTotal: 1, maxEmployerId: null, batchStarts: [1] },
        new Date(),
      ),
    ).toBe(false);
    expect((await sweeps.findById(s.id))!.batchesTotal).toBe(2);
    expect((await sweeps.findById(s.id))!.batchStarts).toEqual([1, 6]);

    expect(await sweeps.findBatchState(s.id, 0)).toEqual({ asOf: '2026-11-01', mode: 'full', done: false });
    expect(await sweeps.findBatchState(999_999, 0)).toBeUndefined();
    const batch = (batchNo: number, failed: number[]) => ({
      sweepId: s.id,
      batchNo,
      employers: 3,
      failedEmployerIds: failed,
      opened: 2,
      resolved: 1,
      reopened: 0,
    });
    await ds.transaction((m) => sweeps.insertBatch(batch(1, [7, 8]), new Date(), m));
    const twin = await ds.transaction((m) => sweeps.insertBatch(batch(1, []), new Date(), m)).catch((e) => e);
    expect(isDuplicateKey(twin)).toBe(true);
    expect(await sweeps.findBatchState(s.id, 1)).toEqual({ asOf: '2026-11-01', mode: 'full', done: true });
    expect(await sweeps.findProgress(s.id)).toEqual({ status: 'running', total: 2, recorded: 1 });

    await ds.transaction((m) => sweeps.insertBatch(batch(0, [3]), new Date(), m));
    const totals = (await sweeps.batchTotals([s.id, 999_999])).get(s.id);
    expect(totals).toEqual({ batches: 2, employers: 6, failed: 3, opened: 4, resolved: 2, reopened: 0 });
    expect((await sweeps.batchTotals([])).size).toBe(0);
    // In batch order.
    expect(await sweeps.failedEmployerIds(s.id)).toEqual([3, 7, 8]);

    const close = { status: 'failed' as const, totals: totals!, failedEmployerIds: [3, 7, 8] };
    expect(await sweeps.close(s.id, close, new Date())).toBe(true);
    expect(await sweeps.close(s.id, close, new Date())).toBe(false);
    const closed = (await sweeps.findById(s.id))!;
    expect([
      closed.status,
      closed.batchesDone,
      closed.employersDone,
      closed.employersFailed,
      closed.casesOpened,
      closed.failedEmployerIds,
    ]).toEqual(['failed', 2, 3, 3, 4, [3, 7, 8]]);
  });

  it('finds the sweeps left queued, and the as-of of the sweep running at an instant', async () => {
    const old = await newSweep({ createdAt: new Date('2026-01-01T00:00:00Z') });
    const queued = await sweeps.findQueuedBefore(new Date('2026-02-01T00:00:00Z'));
    expect(queued).toEqual([old.id]);

    const ran = await newSweep({ asOf: '2026-03-15' });
    await ds.query('UPDATE sweeps SET started_at = ?, finished_at = ? WHERE id = ?', [
      new Date('2026-03-15T02:00:00Z'),
      new Date('2026-03-15T03:00:00Z'),
      ran.id,
    ]);
    expect(await sweeps.findAsOfRunningAt(new Date('2026-03-15T02:30:00Z'))).toBe('2026-03-15');
    expect(await sweeps.findAsOfRunningAt(new Date('2026-03-15T04:00:00Z'))).toBeUndefined();
  });

  it("the reaper's queries: stuck sweeps, one lease per period, guarded rounds, recorded batches, failing a queued one", async () => {
    const t = (iso: string) => new Date(`2020-01-01T${iso}Z`);
    const idle = await newSweep({ createdAt: t('00:00:00') });
    const moving = await newSweep({ createdAt: t('00:00:00') });
    await sweeps.markRunning(
      moving.id,
      { employersTotal: 2, batchesTotal: 2, maxEmployerId: 2, batchStarts: [1, 2] },
      t('00:00:01'),
    );
    await ds.transaction((m) =>
      sweeps.insertBatch(
        {
          sweepId: moving.id,
          batchNo: 1,
          employers: 1,
          failedEmployerIds: [],
          opened: 0,
          resolved: 0,
          reopened: 0,
        },
        t('00:10:00'),
        m,
      ),
    );
    // Idle since 00:05: `moving` recorded a batch at 00:10, so it is not; idle since 00:11: both are.
    expect(await sweeps.findStuckSweeps(t('00:05:00'))).toEqual([idle.id]);
    expect(await sweeps.findStuckSweeps(t('00:11:00'))).toEqual([idle.id, moving.id]);
    expect(await sweeps.recordedBatchNos(moving.id)).toEqual(new Set([1]));

    // The lease: one claimant per period.
    expect(await sweeps.claimForReaper(idle.id, t('00:20:00'), t('00:19:00'))).toBe(true);
    expect(await sweeps.claimForReaper(idle.id, t('00:20:00'), t('00:19:00'))).toBe(false);
    expect(await sweeps.findStuckSweeps(t('00:19:00'))).toEqual([moving.id]); // `idle`: looked at since
    expect(await sweeps.claimForReaper(idle.id, t('00:30:00'), t('00:29:00'))).toBe(true);

    // Rounds move from the value read, once.
    expect(await sweeps.bumpRedrives(idle.id, 0)).toBe(true);
    expect(await sweeps.bumpRedrives(idle.id, 0)).toBe(false);
    expect((await sweeps.findById(idle.id))!.redrives).toBe(1);

    expect(await sweeps.failQueued(idle.id, [4, 5], t('00:31:00'))).toBe(true);
    expect(await sweeps.failQueued(idle.id, [4, 5], t('00:31:00'))).toBe(false);
    const failed = (await sweeps.findById(idle.id))!;
    expect([failed.status, failed.failedEmployerIds, failed.employersFailed]).toEqual(['failed', [4, 5], 2]);
    expect(await sweeps.failQueued(moving.id, null, t('00:31:00'))).toBe(false); // running: not queued
  });
});
