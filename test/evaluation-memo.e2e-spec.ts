import { DataSource } from 'typeorm';
import { EvaluationService } from '@patuh/engine';
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
    evaluation = (await stack.startWorker()).get(EvaluationService);
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

  it('leaves the memo standing for a column the rules do not read', async () => {
    await evaluation.evaluate([A, B], DAY);
    await ds.query("UPDATE contracts SET position = 'Operator' WHERE employer_id = ?", [A]);
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
});
