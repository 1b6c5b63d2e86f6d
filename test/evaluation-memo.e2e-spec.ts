import { DataSource } from 'typeorm';
import { EvaluationReader, EvaluationService } from '@patuh/engine';
import { EvaluationRepository } from '@patuh/persistence';
import { TestStack } from './support/stack';
import { Seed } from './support/seed';

/**
 * The content memo (issue #19) on the real database: an employer whose rows, cases, ruleset and day hash as they
 * did at an evaluation that had nothing to write is answered without running the rules; anything the rules or
 * reconciliation read moves the digest, and the rules run again and find what changed. Content, not revisions:
 * a column the rules do not read leaves the memo standing, a value written behind every trigger's back does not.
 */
describe('evaluation memo', () => {
  const stack = new TestStack('memo');
  let ds: DataSource;
  let evaluation: EvaluationService;
  let reader: EvaluationReader;
  let repo: EvaluationRepository;
  let unmemoized: EvaluationService;
  let seed: Seed;
  let A: number;
  let B: number;
  const DAY = '2026-03-10';

  const memoRows = async () =>
    Object.fromEntries(
      (
        (await ds.query(
          'SELECT employer_id, content_digest IS NOT NULL AS memo, findings FROM employer_evaluations',
        )) as { employer_id: number; memo: number | string; findings: number | null }[]
      ).map((r) => [r.employer_id, { memo: Number(r.memo) === 1, findings: r.findings }]),
    );
  const caseRows = async () =>
    (await ds.query(
      'SELECT rule, employer_id, subject_key, status, severity, evidence_hash FROM cases ORDER BY id',
    )) as Record<string, unknown>[];

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    const worker = await stack.startWorker();
    evaluation = worker.get(EvaluationService);
    reader = worker.get(EvaluationReader);
    repo = worker.get(EvaluationRepository);
    unmemoized = (await stack.startWorker({ EVALUATION_MEMO: 'false' })).get(EvaluationService);
    // A: a PKWT worker never enrolled (ENROLMENT_MISSING), reported this year.
    A = await seed.employer({ scale: 'small' });
    await seed.processedReport(A, new Date('2026-01-05T03:00:00Z'));
    const w1 = await seed.worker('6408010101900301');
    await seed.contract({ employerId: A, workerId: w1, ref: 'A-1', start: '2026-01-01', end: '2026-12-31' });
    // B: compliant.
    B = await seed.employer({ scale: 'small', npp: '24200302' });
    await seed.processedReport(B, new Date('2026-01-05T03:00:00Z'));
    const w2 = await seed.worker('6408010101900302');
    await seed.contract({
      employerId: B,
      workerId: w2,
      ref: 'B-1',
      type: 'PKWTT',
      start: '2025-01-01',
      end: null,
    });
    await seed.enrolment({ employerId: B, workerId: w2, programs: 'JKK,JKM,JHT,JP', from: '2025-01-01' });
  });
  afterAll(() => stack.teardown());

  it('records a memo only after an evaluation that wrote nothing, and answers from it the next time', async () => {
    const first = await evaluation.evaluate([A, B], DAY);
    expect(first).toMatchObject({ employers: 2, memoHits: 0 });
    expect(first.opened).toBeGreaterThan(0);
    // A's cases were just written: the cases it read are not the cases it left, so no memo; B wrote nothing.
    expect(await memoRows()).toEqual({
      [A]: { memo: false, findings: first.findings },
      [B]: { memo: true, findings: 0 },
    });

    const second = await evaluation.evaluate([A, B], DAY);
    expect(second).toMatchObject({
      employers: 2,
      memoHits: 1,
      findings: first.findings,
      opened: 0,
      updated: 0,
    });
    const cases = await caseRows();
    const third = await evaluation.evaluate([A, B], DAY);
    expect(third).toMatchObject({
      employers: 2,
      memoHits: 2,
      findings: first.findings,
      opened: 0,
      updated: 0,
    });
    expect(await caseRows()).toEqual(cases);
    // With EVALUATION_MEMO=false the rules run for both and find the same.
    const ruled = await unmemoized.evaluate([A, B], DAY);
    expect(ruled).toMatchObject({
      memoHits: 0,
      findings: first.findings,
      opened: 0,
      updated: 0,
      resolved: 0,
    });
  });

  it('runs the rules again when a value they read changes, written behind the triggers or not', async () => {
    await evaluation.evaluate([A, B], DAY);
    // B's enrolment now starts a month late: ENROLMENT_LATE. The triggers are dropped for this write, so only the
    // content tells.
    await ds.query('DROP TRIGGER IF EXISTS enrolments_rev_update');
    await ds.query(
      "UPDATE enrolments e JOIN employers x ON x.id = e.employer_id SET e.effective_from = '2025-02-01' WHERE x.id = ?",
      [B],
    );
    const after = await evaluation.evaluate([A, B], DAY);
    expect(after.memoHits).toBe(1); // A
    expect(after.opened).toBe(1);
    expect((await caseRows()).filter((c) => Number(c.employer_id) === B).map((c) => c.rule)).toEqual([
      'ENROLMENT_LATE',
    ]);
  });

  it('a column the rules do not read: judged again when its revision moved, nothing written, the memo back', async () => {
    await evaluation.evaluate([A, B], DAY);
    await ds.query("UPDATE contracts SET position = 'Operator' WHERE employer_id = ?", [A]);
    // A's input revision moved: read and judged (no digest asked), finding the same.
    expect(await evaluation.evaluate([A, B], DAY)).toMatchObject({ memoHits: 1, opened: 0, updated: 0 });
    expect((await evaluation.evaluate([A, B], DAY)).memoHits).toBe(2);
    // The same behind the triggers' back (the revision stays): the digest proves the rules read nothing that moved.
    await ds.query('DROP TRIGGER IF EXISTS contracts_rev_update');
    await ds.query("UPDATE contracts SET position = 'Mandor' WHERE employer_id = ?", [A]);
    expect((await evaluation.evaluate([A, B], DAY)).memoHits).toBe(2);
  });

  it("does not hide a person's move of a case: a hand-resolved case is reopened, a dismissed one stays", async () => {
    await evaluation.evaluate([A, B], DAY);
    const [open] = (await ds.query("SELECT id FROM cases WHERE employer_id = ? AND status = 'open' LIMIT 1", [
      A,
    ])) as {
      id: number;
    }[];
    await ds.query(
      "UPDATE cases SET status = 'resolved', resolution = 'condition_cleared', resolved_at = NOW() WHERE id = ?",
      [open!.id],
    );
    const reopened = await evaluation.evaluate([A, B], DAY);
    expect(reopened).toMatchObject({ memoHits: 1, reopened: 1 });
    await ds.query("UPDATE cases SET status = 'dismissed' WHERE id = ?", [open!.id]);
    const dismissed = await evaluation.evaluate([A, B], DAY);
    expect(dismissed).toMatchObject({ memoHits: 1, reopened: 0, opened: 0 });
    expect((await evaluation.evaluate([A, B], DAY)).memoHits).toBe(2);
    const [{ status }] = (await ds.query('SELECT status FROM cases WHERE id = ?', [open!.id])) as {
      status: string;
    }[];
    expect(status).toBe('dismissed');
  });

  it('runs the rules on another day, and writes back a case whose figures were altered by hand', async () => {
    await evaluation.evaluate([A, B], DAY);
    expect((await evaluation.evaluate([A, B], '2026-03-11')).memoHits).toBe(0);
    await evaluation.evaluate([A, B], '2026-03-11'); // both wrote growing figures the first time: memos now
    const before = await caseRows();
    // B's open ENROLMENT_LATE case (A's one case was dismissed above).
    await ds.query("UPDATE cases SET evidence_hash = REPEAT('0', 40) WHERE employer_id = ?", [B]);
    const mended = await evaluation.evaluate([A, B], '2026-03-11');
    expect(mended.memoHits).toBe(1); // A
    expect(mended.updated).toBeGreaterThan(0);
    expect(await caseRows()).toEqual(before);
    // B wrote, so it records no memo this time; the next evaluation finds nothing to write and records one.
    expect((await evaluation.evaluate([A, B], '2026-03-11')).memoHits).toBe(1);
    expect((await evaluation.evaluate([A, B], '2026-03-11')).memoHits).toBe(2);
  });

  it("the content covers every row the rules' input is built from: whatever moves the input moves the content", async () => {
    // P: a principal with a BPJS load covering its NPP; S: its contractor, whose worker is on the sponsored list.
    const P = await seed.employer({ scale: 'medium', npp: '24200310' });
    const S = await seed.employer({ scale: 'small', npp: '24200311', principalEmployerId: P });
    await seed.processedReport(P, new Date('2026-02-01T03:00:00Z'));
    const w1 = await seed.worker('6408010101900311', 'Sari', '1990-05-01');
    const w2 = await seed.worker('6408010101900312', 'Joko', '1985-01-01');
    await seed.contract({ employerId: P, workerId: w1, ref: 'P-1', start: '2025-01-01', end: '2025-12-31' });
    await seed.contract({ employerId: P, workerId: w1, ref: 'P-2', start: '2026-01-01', end: '2026-12-31' });
    await seed.enrolment({ employerId: P, workerId: w1, programs: 'JKK,JKM,JHT,JP', from: '2025-01-01' });
    await seed.contract({ employerId: S, workerId: w2, ref: 'S-1', start: '2026-01-01', end: '2026-06-30' });
    await ds.query(
      "INSERT INTO sponsored_coverage (nik, programs, effective_from, district) VALUES ('6408010101900312', 'JKK,JKM', '2025-03-01', 'Bengalon')",
    );
    const { insertId: load } = (await ds.query(
      "INSERT INTO bpjs_loads (body_hash, format, as_of, status, received_at) VALUES (REPEAT('a', 64), 'csv', '2026-03-01', 'processed', NOW(3))",
    )) as { insertId: number };
    await ds.query(
      "INSERT INTO bpjs_npp_coverage (npp, load_id, as_of) VALUES ('24200310', ?, '2026-03-01')",
      [load],
    );
    await ds.query(
      "INSERT INTO bpjs_records (load_id, npp, nik, effective_from, kpj, programs, reported_wage, paid_through) VALUES (?, '24200310', '6408010101900311', '2025-01-01', '12345678901', 'JKK,JKM,JHT,JP', 5000000, '2026-02-28')",
      [load],
    );
    // The memo's view (the server's digest of the rows and the side content, as a sweep compares them) and the
    // rules' input, in one transaction as an evaluation reads them.
    const snapshot = async () =>
      ds.transaction(async (m) => {
        await repo.markEvaluating(m, true);
        const views = await reader.readDigests(m, [P, S], 'Asia/Makassar');
        const batch = await reader.read(m, [P, S], 'Asia/Makassar');
        for (const v of views.values()) expect(v.rows).toMatch(/^[0-9a-f]{40}$/);
        return {
          content: [...views.values()].map((v) => `${v.rows} ${v.side}`),
          input: JSON.stringify(batch.reads.map((r) => r.input())),
        };
      });
    const edits: [string, string, unknown[]][] = [
      [
        'a wage',
        'UPDATE contracts SET monthly_wage = monthly_wage + 1 WHERE employer_id = ? AND ref = ?',
        [P, 'P-2'],
      ],
      [
        'an end date',
        "UPDATE contracts SET end_date = '2026-11-30' WHERE employer_id = ? AND ref = ?",
        [P, 'P-2'],
      ],
      [
        'compensation paid',
        'UPDATE contracts SET compensation_paid = 100000 WHERE employer_id = ? AND ref = ?',
        [P, 'P-1'],
      ],
      [
        'a contract type',
        "UPDATE contracts SET type = 'PKWTT' WHERE employer_id = ? AND ref = ?",
        [P, 'P-1'],
      ],
      [
        'an enrolment start',
        "UPDATE enrolments SET effective_from = '2025-02-01' WHERE employer_id = ?",
        [P],
      ],
      ['enrolment programs', "UPDATE enrolments SET programs = 'JKK,JKM' WHERE employer_id = ?", [P]],
      ['an enrolment end', "UPDATE enrolments SET effective_to = '2026-02-28' WHERE employer_id = ?", [P]],
      ['a KPJ', "UPDATE enrolments SET kpj = '99999999999' WHERE employer_id = ?", [P]],
      [
        'a compensation payment day',
        "UPDATE contracts SET compensation_paid_on = '2026-01-05' WHERE employer_id = ? AND ref = ?",
        [P, 'P-1'],
      ],
      ['a contract ref', "UPDATE contracts SET ref = 'P-1b' WHERE employer_id = ? AND ref = ?", [P, 'P-1']],
      ['a reported wage', 'UPDATE enrolments SET reported_wage = 4000000 WHERE employer_id = ?', [P]],
      ['a reported name', "UPDATE employer_workers SET name = 'Sari W' WHERE employer_id = ?", [P]],
      ['a birth date', "UPDATE employer_workers SET birth_date = '1991-05-01' WHERE employer_id = ?", [P]],
      [
        'sponsored coverage',
        "UPDATE sponsored_coverage SET effective_to = '2026-01-31' WHERE nik = ?",
        ['6408010101900312'],
      ],
      ['a BPJS record', "UPDATE bpjs_records SET paid_through = '2026-01-31' WHERE load_id = ?", [load]],
      ['the load judged', "UPDATE bpjs_npp_coverage SET as_of = '2026-03-02' WHERE load_id = ?", [load]],
      ['the scale', "UPDATE employers SET scale = 'large' WHERE id = ?", [P]],
      ['the KBLI', "UPDATE employers SET kbli = '05100' WHERE id = ?", [P]],
      ['the JKK risk group', 'UPDATE employers SET jkk_risk_group = 4 WHERE id = ?', [P]],
      [
        "a contractor's contract",
        "UPDATE contracts SET start_date = '2026-01-02' WHERE employer_id = ?",
        [S],
      ],
      // Last of the worker's: sponsored coverage and BPJS records find the worker by the NIK.
      ['a NIK', "UPDATE workers SET nik = '6408010101900313' WHERE id = ?", [w1]],
      [
        'a self-report processed',
        "UPDATE self_reports SET processed_at = '2026-03-01 03:00:00' WHERE employer_id = ?",
        [P],
      ],
    ];
    let before = await snapshot();
    for (const [what, sql, params] of edits) {
      await ds.query(sql, params);
      const after = await snapshot();
      expect({ what, inputMoved: after.input !== before.input }).toEqual({ what, inputMoved: true });
      expect({ what, contentMoved: after.content.join() !== before.content.join() }).toEqual({
        what,
        contentMoved: true,
      });
      before = after;
    }
    // A column the rules do not read moves neither.
    await ds.query("UPDATE contracts SET position = 'Mandor' WHERE employer_id = ?", [P]);
    expect(await snapshot()).toEqual(before);

    // What reconciliation reads of the cases, and the sponsored flag's copy written behind the triggers' back:
    // not the rules' input, but the memo's view moves with each (a hand-made change to a case is never hidden).
    await evaluation.evaluate([P, S], DAY);
    const [aCase] = (await ds.query('SELECT id FROM cases WHERE employer_id = ? LIMIT 1', [P])) as {
      id: number;
    }[];
    expect(aCase).toBeDefined();
    const viewEdits: [string, string, unknown[]][] = [
      ["a case's status", "UPDATE cases SET status = 'in_review' WHERE id = ?", [aCase!.id]],
      [
        "a case's evidence hash",
        "UPDATE cases SET evidence_hash = REPEAT('1', 40) WHERE id = ?",
        [aCase!.id],
      ],
      [
        "a case's severity",
        "UPDATE cases SET severity = IF(severity = 'low', 'high', 'low') WHERE id = ?",
        [aCase!.id],
      ],
      [
        "a case's subject",
        "UPDATE cases SET subject_key = CONCAT(subject_key, 'x') WHERE id = ?",
        [aCase!.id],
      ],
      ["a case's rule", "UPDATE cases SET rule = 'UNDERAGE_WORKER' WHERE id = ?", [aCase!.id]],
      ['a case gone', 'DELETE FROM cases WHERE id = ?', [aCase!.id]],
      [
        "the sponsored flag's copy",
        'UPDATE employer_workers SET on_sponsored_list = 1 - on_sponsored_list WHERE employer_id = ?',
        [P],
      ],
    ];
    // The identity trigger would set the copy back from the worker's row: dropped, so only the content tells.
    await ds.query('DROP TRIGGER IF EXISTS employer_workers_identity_update');
    let view = (await snapshot()).content.join();
    for (const [what, sql, params] of viewEdits) {
      await ds.query(sql, params);
      const after = (await snapshot()).content.join();
      expect({ what, moved: after !== view }).toEqual({ what, moved: true });
      view = after;
    }
  });
});
