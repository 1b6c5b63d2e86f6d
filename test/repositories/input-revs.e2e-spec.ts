import { DataSource } from 'typeorm';
import { Seed } from '../support/seed';
import { TestStack } from '../support/stack';

/**
 * The input revisions (issue #19, migration 1764000001000): every write to a row an employer's evaluation reads
 * raises that employer's revision, whatever wrote it, and nothing else does. An incremental sweep skips an employer
 * only while its revision equals the one its last evaluation read, so a write the triggers missed would hide a case:
 * each input table is written here the ways the product writes it, and the revisions are read back.
 */
describe('employer input revisions (real MySQL triggers)', () => {
  const stack = new TestStack('repo_input_revs');
  let ds: DataSource;
  let seed: Seed;
  let A: number;
  let B: number;
  let P: number;
  let C: number;
  let wA: number;
  let wShared: number;

  /** Each employer's revisions: its own, its contractors' (migration 1300), and the two summed. */
  const allRevs = async () => {
    const rows = (await ds.query('SELECT employer_id, rev, contractor_rev FROM employer_input_revs')) as {
      employer_id: number;
      rev: string | number;
      contractor_rev: string | number;
    }[];
    return new Map(
      rows.map((r) => [Number(r.employer_id), { own: Number(r.rev), contractors: Number(r.contractor_rev) }]),
    );
  };
  const revs = async (): Promise<Record<number, number>> =>
    Object.fromEntries([...(await allRevs())].map(([id, r]) => [id, r.own + r.contractors]));
  /** Which of these employers' revisions (own or contractors') `write` raised. */
  const raisedBy = async (write: () => Promise<unknown>, of: number[] = [A, B, P, C]) => {
    const before = await revs();
    await write();
    const after = await revs();
    return of.filter((id) => (after[id] ?? 0) > (before[id] ?? 0));
  };

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    A = await seed.employer({ npp: '24100001' });
    B = await seed.employer({ npp: '24100002' });
    P = await seed.employer({ npp: '24100003', scale: 'large' });
    C = await seed.employer({ npp: '24100004', principalEmployerId: P });
    wA = await seed.worker('6408010101900101');
    wShared = await seed.worker('6408010101900102');
  });
  afterAll(() => stack.teardown());

  it('contracts: insert, update and delete raise their employer, and a contractor’s raise its principal', async () => {
    expect(
      await raisedBy(() =>
        seed.contract({ employerId: A, workerId: wA, ref: 'A-1', start: '2026-01-01', end: null }),
      ),
    ).toEqual([A]);
    expect(
      await raisedBy(() => ds.query("UPDATE contracts SET monthly_wage = 4000000 WHERE ref = 'A-1'")),
    ).toEqual([A]);
    expect(
      await raisedBy(() =>
        seed.contract({
          employerId: C,
          workerId: wShared,
          ref: 'C-1',
          start: '2026-01-01',
          end: '2026-12-31',
        }),
      ),
    ).toEqual([P, C]);
    // The principal's contractor revision, not its own: an incremental sweep then judges its contractors' part
    // alone (EvaluationService.evaluateContractorsOnly).
    const before = (await allRevs()).get(P)!;
    expect(await raisedBy(() => ds.query("DELETE FROM contracts WHERE ref = 'C-1'"))).toEqual([P, C]);
    expect((await allRevs()).get(P)).toEqual({ own: before.own, contractors: before.contractors + 1 });
    // A write that changes nothing an evaluation reads still raises (cheap and safe): only a skip needs proof.
    expect(
      await raisedBy(() => ds.query("UPDATE contracts SET position = 'Operator' WHERE ref = 'A-1'")),
    ).toEqual([A]);
  });

  it('a statement raises an employer once, however many of its rows it writes (no hot row in a big upsert)', async () => {
    const before = await revs();
    await ds.query(
      `INSERT INTO contracts (employer_id, worker_id, ref, type, start_date, end_date, monthly_wage, source)
       VALUES (?, ?, 'A-M1', 'PKWT', '2026-01-01', NULL, 5000000, 'admin'), (?, ?, 'A-M2', 'PKWT', '2026-02-01', NULL, 5000000, 'admin'),
              (?, ?, 'A-M3', 'PKWT', '2026-03-01', NULL, 5000000, 'admin')`,
      [A, wA, A, wA, A, wA],
    );
    expect((await revs())[A]).toBe((before[A] ?? 0) + 1);
    await ds.query(
      "UPDATE contracts SET monthly_wage = monthly_wage + 1 WHERE ref IN ('A-M1', 'A-M2', 'A-M3')",
    );
    expect((await revs())[A]).toBe((before[A] ?? 0) + 2);
    await ds.query("DELETE FROM contracts WHERE ref IN ('A-M1', 'A-M2', 'A-M3')");
    expect((await revs())[A]).toBe((before[A] ?? 0) + 3);
  });

  it('enrolments and the employer’s reports of its workers raise that employer only', async () => {
    expect(await raisedBy(() => seed.enrolment({ employerId: A, workerId: wA, from: '2026-01-01' }))).toEqual(
      [A],
    );
    expect(
      await raisedBy(() =>
        ds.query('UPDATE enrolments SET effective_to = ? WHERE employer_id = ?', ['2026-06-30', A]),
      ),
    ).toEqual([A]);
    expect(await raisedBy(() => ds.query('DELETE FROM enrolments WHERE employer_id = ?', [A]))).toEqual([A]);
    expect(await raisedBy(() => seed.reported(A, wA, 'Nama Baru', '2001-02-03'))).toEqual([A]);
  });

  it('an employer’s own columns raise it; its principal’s moves raise both principals; other columns raise nothing', async () => {
    expect(await raisedBy(() => ds.query("UPDATE employers SET scale = 'medium' WHERE id = ?", [A]))).toEqual(
      [A],
    );
    expect(await raisedBy(() => ds.query("UPDATE employers SET kbli = '01262' WHERE id = ?", [B]))).toEqual([
      B,
    ]);
    expect(
      await raisedBy(() => ds.query('UPDATE employers SET principal_employer_id = ? WHERE id = ?', [B, C])),
    ).toEqual([B, P, C]);
    expect(
      await raisedBy(() =>
        ds.query("UPDATE employers SET contact_email = 'hrd@example.id' WHERE id = ?", [A]),
      ),
    ).toEqual([]);
    await ds.query('UPDATE employers SET principal_employer_id = ? WHERE id = ?', [P, C]);
  });

  it('sponsored coverage of a NIK raises every employer with a contract of that worker (and the flag moves)', async () => {
    await seed.contract({ employerId: A, workerId: wShared, ref: 'A-S', start: '2026-01-01', end: null });
    await seed.contract({ employerId: B, workerId: wShared, ref: 'B-S', start: '2026-01-01', end: null });
    // C reported the worker (its employer_workers row outlives the contract deleted above), and that row carries the
    // worker's sponsored flag (migration 1764000001200): when the flag moves, C and its principal P move too. One
    // move too many only has the next sweep evaluate them (the memo answers); one too few could hide a case.
    expect(
      await raisedBy(() =>
        ds.query(
          "INSERT INTO sponsored_coverage (nik, programs, effective_from, district) VALUES ('6408010101900102', 'JKK,JKM', '2026-01-01', 'Bengalon')",
        ),
      ),
    ).toEqual([A, B, P, C]);
    // Another period of a listed NIK: the flag stays, the contracts' employers move.
    expect(
      await raisedBy(() =>
        ds.query("UPDATE sponsored_coverage SET effective_to = '2026-03-31' WHERE nik = '6408010101900102'"),
      ),
    ).toEqual([A, B]);
    expect(
      await raisedBy(() => ds.query("DELETE FROM sponsored_coverage WHERE nik = '6408010101900102'")),
    ).toEqual([A, B, P, C]);
  });

  it('the BPJS load judged for an NPP raises the employers with that NPP', async () => {
    expect(
      await raisedBy(() =>
        ds.query("INSERT INTO bpjs_npp_coverage (npp, load_id, as_of) VALUES ('24100002', 7, '2026-11-01')"),
      ),
    ).toEqual([B]);
    expect(
      await raisedBy(() => ds.query("UPDATE bpjs_npp_coverage SET load_id = 8 WHERE npp = '24100002'")),
    ).toEqual([B]);
    expect(await raisedBy(() => ds.query("DELETE FROM bpjs_npp_coverage WHERE npp = '24100002'"))).toEqual([
      B,
    ]);
  });

  it('a processed self-report raises its employer; a sponsored-list report and evaluation bookkeeping do not', async () => {
    expect(await raisedBy(() => seed.processedReport(B, new Date('2026-11-02T03:00:00Z')))).toEqual([B]);
    expect(
      await raisedBy(() =>
        ds.query("UPDATE self_reports SET evaluation_status = 'completed' WHERE employer_id = ?", [B]),
      ),
    ).toEqual([]);
    expect(
      await raisedBy(() => ds.query("UPDATE self_reports SET status = 'failed' WHERE employer_id = ?", [B])),
    ).toEqual([B]);
  });

  it('a person’s move of a case raises its employer; the evaluation’s own case writes do not', async () => {
    await ds.query(
      `INSERT INTO cases (rule, employer_id, subject_key, severity, severity_rank, status, summary_id, summary, evidence, evidence_hash, legal_basis, rulebook_version, first_detected_at, last_detected_at, updated_at)
       VALUES ('ENROLMENT_MISSING', ?, '6408010101900101|', 'high', 3, 'open', 's', 's', '{}', 'h', 'b', '2.1.0', NOW(3), NOW(3), NOW(3))`,
      [A],
    );
    expect(
      await raisedBy(() => ds.query("UPDATE cases SET status = 'in_review' WHERE employer_id = ?", [A])),
    ).toEqual([A]);
    expect(
      await raisedBy(() => ds.query("UPDATE cases SET evidence_hash = 'h2' WHERE employer_id = ?", [A])),
    ).toEqual([]);
    // The evaluation marks its connection: its resolves and reopens are its output, not new input.
    const q = ds.createQueryRunner();
    try {
      await q.query('SET @patuh_evaluating = 1');
      const before = await revs();
      await q.query("UPDATE cases SET status = 'resolved' WHERE employer_id = ?", [A]);
      expect((await revs())[A]).toBe(before[A]);
      await q.query('SET @patuh_evaluating = NULL');
      await q.query("UPDATE cases SET status = 'open' WHERE employer_id = ?", [A]);
      expect((await revs())[A]).toBe(before[A]! + 1);
    } finally {
      await q.release();
    }
  });

  it('a worker’s NIK or sponsored flag raises every employer of theirs and their principals', async () => {
    await seed.contract({ employerId: C, workerId: wShared, ref: 'C-2', start: '2026-01-01', end: null });
    expect(
      await raisedBy(() => ds.query('UPDATE workers SET on_sponsored_list = 1 WHERE id = ?', [wShared])),
    ).toEqual([A, B, P, C]);
  });
});
