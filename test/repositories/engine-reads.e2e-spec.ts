import { DataSource } from 'typeorm';
import { EvaluationRepository, StatsRepository, WorkerHistoryRepository } from '@patuh/persistence';
import { Seed } from '../support/seed';
import { TestStack } from '../support/stack';

/** The engine's reads and locks, one worker's history, and the stats aggregates, against the real database. */
describe('EvaluationRepository, WorkerHistoryRepository, StatsRepository (real MySQL)', () => {
  const stack = new TestStack('repo_engine_reads');
  let ds: DataSource;
  let evaluation: EvaluationRepository;
  let history: WorkerHistoryRepository;
  let stats: StatsRepository;
  let principal: number;
  let contractor: number;
  let lone: number;
  const NIK = '6401010101900021';
  const NIK2 = '6401010101900022';

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    evaluation = new EvaluationRepository(ds);
    history = new WorkerHistoryRepository(ds);
    stats = new StatsRepository(ds);
    const seed = new Seed(ds);
    principal = await seed.employer({ name: 'PT Induk', district: 'Bengalon' });
    contractor = await seed.employer({ name: 'PT Sub', principalEmployerId: principal });
    lone = await seed.employer({ name: 'PT Sendiri' });
    const w = await seed.worker(NIK, 'Ani', '1990-01-01');
    const w2 = await seed.worker(NIK2, 'Budi');
    await seed.contract({
      employerId: principal,
      workerId: w,
      ref: 'P-2',
      start: '2026-03-01',
      end: null,
      wage: 6_000_000,
    });
    await seed.contract({
      employerId: principal,
      workerId: w,
      ref: 'P-1',
      start: '2026-01-01',
      end: '2026-02-28',
    });
    await seed.contract({
      employerId: contractor,
      workerId: w2,
      ref: 'S-1',
      start: '2026-01-01',
      end: '2026-06-30',
    });
    await seed.contract({
      employerId: contractor,
      workerId: w2,
      ref: 'S-T',
      type: 'PKWTT',
      start: '2026-07-01',
      end: null,
    });
    await seed.enrolment({ employerId: principal, workerId: w, from: '2026-01-05', programs: 'JKK,JKM' });
    await ds.query(
      `INSERT INTO sponsored_coverage (nik, programs, effective_from, district) VALUES (?, 'JKK,JKM', '2025-03-01', 'Bengalon')`,
      [NIK2],
    );
    await seed.processedReport(principal, new Date('2026-10-01T00:00:00Z'));
  });
  afterAll(() => stack.teardown());

  it('reads employers with their last processed self-report and whether they have contractors', async () => {
    const rows = await evaluation.findEmployers([lone, principal, contractor]);
    expect(rows.map((r) => [r.id, r.name, Number(r.has_contractors)])).toEqual([
      [principal, 'PT Induk', 1],
      [contractor, 'PT Sub', 0],
      [lone, 'PT Sendiri', 0],
    ]);
    expect(new Date(rows[0]!.last_report!).toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(rows[1]!.last_report).toBeNull();
    expect(rows[1]!.principal_employer_id).toBe(principal);
  });

  it('reads contracts, the workers as each employer reported them, and enrolments in (employer, worker, start) order', async () => {
    const contracts = await evaluation.findContracts([contractor, principal]);
    expect(contracts.map((c) => [c[0], c[2], c[4]])).toEqual([
      [principal, 'P-1', '2026-01-01'],
      [principal, 'P-2', '2026-03-01'],
      [contractor, 'S-1', '2026-01-01'],
      [contractor, 'S-T', '2026-07-01'],
    ]);
    expect(contracts[1]!.slice(5, 7)).toEqual([null, 6_000_000]);
    const workers = await evaluation.findEmployerWorkers([contractor, principal]);
    expect(workers.map((w) => [w[0], w[2], w[3]])).toEqual([
      [principal, NIK, 'Ani'],
      [contractor, NIK2, 'Budi'],
    ]);
    expect(workers[0]![4]).toBe('1990-01-01');
    // The sponsored list flag is kept by a trigger.
    expect(workers.map((w) => Number(w[5]))).toEqual([0, 1]);
    expect(await evaluation.findWorkersById([contracts[0]![1]])).toEqual([[contracts[0]![1], NIK, 0]]);
    expect(await evaluation.findWorkersById([])).toEqual([]);
    const enrolments = await evaluation.findEnrolments([principal, contractor]);
    expect(enrolments.map((e) => [e[0], e[3], e[4]])).toEqual([[principal, 'JKK,JKM', '2026-01-05']]);
    expect(await evaluation.findSponsored([NIK2, NIK])).toEqual([
      { nik: NIK2, programs: 'JKK,JKM', effective_from: '2025-03-01', effective_to: null },
    ]);
    expect(await evaluation.findSponsored([])).toEqual([]);
  });

  it("reads a principal's contractors' PKWT contracts only", async () => {
    const rows = await evaluation.findContractorContracts([principal]);
    expect(rows.map((r) => [r.principal_id, r.employer_id, r.ref, r.type])).toEqual([
      [principal, contractor, 'S-1', 'PKWT'],
    ]);
    expect(await evaluation.findContractorContracts([])).toEqual([]);
  });

  it('lockEmployers returns the ids that exist and holds them until the transaction ends', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: (ids: number[]) => void;
    const firstLocked = new Promise<number[]>((r) => (locked = r));
    const first = ds.transaction(async (m) => {
      locked(await evaluation.lockEmployers([lone, 999_999, principal], m));
      await held;
      order.push('first commits');
    });
    expect(await firstLocked).toEqual([principal, lone]);
    const second = ds.transaction(async (m) => {
      await evaluation.lockEmployers([lone], m);
      order.push('second locked');
    });
    await new Promise((r) => setTimeout(r, 300));
    order.push('released');
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['released', 'first commits', 'second locked']);
  });

  it('marks the self-reports processed before an evaluation began as evaluated', async () => {
    await ds.transaction((m) =>
      evaluation.markSelfReportsEvaluated(principal, new Date('2026-09-01T00:00:00Z'), m),
    );
    const [before] = (await ds.query(
      'SELECT evaluation_status AS s FROM self_reports WHERE employer_id = ?',
      [principal],
    )) as { s: string | null }[];
    expect(before!.s).toBeNull();
    await ds.transaction((m) =>
      evaluation.markSelfReportsEvaluated(principal, new Date('2026-10-02T00:00:00Z'), m),
    );
    const [after] = (await ds.query('SELECT evaluation_status AS s FROM self_reports WHERE employer_id = ?', [
      principal,
    ])) as { s: string | null }[];
    expect(after!.s).toBe('completed');
  });

  it("reads one worker's history, scoped to employers when asked, and a principal's contractors", async () => {
    const w = (await history.findWorker(NIK))!;
    expect(w).toEqual(expect.objectContaining({ nik: NIK }));
    // The name and birth date are each employer's report (migration 1764000000920).
    expect(
      (await history.findReportedIdentities(w.id)).map(({ employerId, employerName, name, birthDate }) => ({
        employerId,
        employerName,
        name,
        birthDate,
      })),
    ).toEqual([{ employerId: principal, employerName: 'PT Induk', name: 'Ani', birthDate: '1990-01-01' }]);
    expect(await history.findWorker('6401010101909999')).toBeUndefined();
    const all = await history.findContracts(w.id);
    expect(all.map((c) => [c.ref, c.employerName, c.principalId, Number(c.monthlyWage)])).toEqual([
      ['P-1', 'PT Induk', null, 5_000_000],
      ['P-2', 'PT Induk', null, 6_000_000],
    ]);
    expect(await history.findContracts(w.id, [contractor])).toEqual([]);
    expect(await history.findContracts(w.id, [])).toEqual([]);
    expect((await history.findEnrolments(w.id, [principal])).map((e) => e.programs)).toEqual(['JKK,JKM']);
    expect((await history.findSponsored(NIK2)).map((s) => [s.effectiveFrom, s.district])).toEqual([
      ['2025-03-01', 'Bengalon'],
    ]);
    expect(await history.findContractorIds(principal)).toEqual([contractor]);
  });

  it('ranks employers by risk over open cases, and counts formal workers and sponsored coverage', async () => {
    const at = new Date('2026-10-01T00:00:00Z');
    for (const [employerId, key, severity, rank, status] of [
      [principal, 'a', 'critical', 1, 'open'],
      [principal, 'b', 'low', 4, 'in_review'],
      [lone, 'c', 'high', 2, 'open'],
      [lone, 'd', 'critical', 1, 'resolved'],
    ] as const)
      await ds.query(
        `INSERT INTO cases (rule, employer_id, subject_key, worker_nik, employer_name, district, severity, severity_rank, status,
                            summary, summary_id, evidence, evidence_hash, legal_basis, rulebook_version, amount_at_stake,
                            first_detected_at, last_detected_at, updated_at)
         VALUES ('ENROLMENT_MISSING', ?, ?, NULL, '', 'Bengalon', ?, ?, ?, 's', 's', '{}', ?, 'l', '2.0.0', 2000000, ?, ?, ?)`,
        [employerId, key, severity, rank, status, 'h'.repeat(40), at, at, at],
      );
    const ranked = await stats.rankEmployers({ offset: 0, limit: 10 });
    // principal: (10 + 1) × (1 + log2 1) + 4 = 15; lone: 5 + 2 = 7 (the resolved case does not count).
    expect(ranked.map((r) => [r.employerId, Number(r.score), Number(r.openCases)])).toEqual([
      [principal, 15, 2],
      [lone, 7, 1],
    ]);
    expect(
      (await stats.rankEmployers({ offset: 0, limit: 10, district: 'Bengalon' })).map((r) => r.employerId),
    ).toEqual([principal]);
    expect((await stats.rankEmployers({ offset: 1, limit: 10 })).map((r) => r.employerId)).toEqual([lone]);
    const reasons = await stats.riskReasons([principal]);
    expect(reasons.map((r) => [r.rule, Number(r.n), Number(r.rank), Number(r.points)])).toEqual([
      ['ENROLMENT_MISSING', 2, 1, 11],
    ]);
    const open = await stats.countOpenCases();
    expect(open.reduce((n, r) => n + Number(r.n), 0)).toBe(3);

    const formal = await stats.countFormalWorkers('2026-03-15');
    // Ani (P-2 in force, enrolled since January) and Budi (S-1, not enrolled).
    expect([Number(formal.all!.workers), Number(formal.all!.enrolled)]).toEqual([2, 1]);
    const sponsored = await stats.countSponsored('2026-03-15');
    expect(Number(sponsored.all!.n)).toBe(1);
    expect(sponsored.byDistrict.map((r) => [r.district, Number(r.n)])).toEqual([['Bengalon', 1]]);
  });

  it("orders a principal's contractors' contracts by worker, start, contractor and ref, with the NIK even where no copy holds it", async () => {
    const seed = new Seed(ds);
    const main = await seed.employer({ name: 'PT Induk Dua' });
    const a = await seed.employer({ name: 'PT Sub A', principalEmployerId: main });
    const b = await seed.employer({ name: 'PT Sub B', principalEmployerId: main });
    const x = await seed.worker('6401010101900031', 'Citra');
    const y = await seed.worker('6401010101900032', 'Dedi');
    for (const [employerId, workerId, ref, start] of [
      [b, y, 'B-2', '2025-01-01'],
      [b, x, 'B-1', '2025-06-01'],
      [a, x, 'A-1', '2024-01-01'],
      [a, y, 'A-2', '2025-01-01'],
      [a, y, 'A-0', '2025-01-01'],
    ] as const)
      await seed.contract({ employerId, workerId, ref, start, end: '2025-12-31' });
    // Contractor B's copy of Dedi is gone (a report that never came): his NIK from workers, no name.
    await ds.query('DELETE FROM employer_workers WHERE employer_id = ? AND worker_id = ?', [b, y]);
    // A contract whose worker has no row at all is not read (as the join to workers never read it).
    await ds.query(
      `INSERT INTO contracts (employer_id, worker_id, ref, type, start_date, end_date, monthly_wage, source, created_at, updated_at)
       VALUES (?, 999999999, 'A-X', 'PKWT', '2025-01-01', NULL, 1, 'admin', NOW(), NOW())`,
      [a],
    );
    const rows = await evaluation.findContractorContracts([main]);
    expect(rows.map((r) => [r.employer_id, r.nik, r.name, r.ref, r.start_date])).toEqual([
      [a, '6401010101900031', 'Citra', 'A-1', '2024-01-01'],
      [b, '6401010101900031', 'Citra', 'B-1', '2025-06-01'],
      [a, '6401010101900032', 'Dedi', 'A-0', '2025-01-01'],
      [a, '6401010101900032', 'Dedi', 'A-2', '2025-01-01'],
      [b, '6401010101900032', null, 'B-2', '2025-01-01'],
    ]);
    // The keys in the order the memo's JSON has always hashed them.
    expect(Object.keys(rows[0]!)).toEqual([
      'principal_id',
      'employer_id',
      'nik',
      'name',
      'ref',
      'type',
      'start_date',
      'end_date',
      'monthly_wage',
      'compensation_paid',
      'compensation_paid_on',
    ]);
    expect(rows.every((r) => r.principal_id === main && r.type === 'PKWT')).toBe(true);
  });
});
