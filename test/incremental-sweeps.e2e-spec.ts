import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MetricsService } from '@patuh/core';
import { decodeWorkerDays, encodeWorkerDays, rulesetKey, SweepScheduler } from '@patuh/engine';
import { SweepsRepository } from '@patuh/persistence';
import { RULEBOOK } from '@patuh/rules';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

type Sweep = {
  id: number;
  status: string;
  mode: string;
  trigger: string;
  employersTotal: number;
  employersDone: number;
  employersUnchanged: number;
  casesOpened: number;
  casesResolved: number;
  casesReopened: number;
};

/** Starts a sweep through the API as `token`'s user and waits for it to finish (completed or failed). */
const sweeper = (api: () => INestApplication, token: () => string) => {
  const http = () => request(api().getHttpServer());
  const waitFor = (id: number) =>
    eventually(async () => {
      const s = await http().get(`/api/v1/sweeps/${id}`).set(bearer(token()));
      return ['completed', 'failed'].includes(s.body.status) ? (s.body as Sweep) : undefined;
    });
  const sweep = async (body: Record<string, unknown>): Promise<Sweep> => {
    const res = await http().post('/api/v1/sweeps').set(bearer(token())).send(body);
    expect(res.status).toBe(202);
    return waitFor(res.body.id as number);
  };
  return { waitFor, sweep };
};

/** Every case as one line of these columns, in identity order: what a full sweep must leave as it is. */
const casesAsText = async (ds: DataSource, columns: string): Promise<string[]> =>
  (
    (await ds.query(`SELECT ${columns} FROM cases ORDER BY rule, employer_id, subject_key`)) as Record<
      string,
      unknown
    >[]
  ).map((c) => Object.values(c).join(' '));

/**
 * Incremental sweeps (issue #19) through the API and the scheduler, on the real database and queue: an employer is
 * evaluated again only when its fingerprint moved (a write to its rows, a person's move of its cases, a new
 * ruleset) or its next-change day came; the result is the one a full sweep gives.
 */
describe('incremental sweeps', () => {
  const stack = new TestStack('incremental', { SWEEP_REFRESH_DAYS: '366' });
  let api: INestApplication;
  let worker: INestApplication;
  let ds: DataSource;
  let token: string;
  let inspector: string;
  let seed: Seed;
  let A: number;
  let B: number;
  let C: number;

  const http = () => request(api.getHttpServer());
  const { waitFor, sweep } = sweeper(
    () => api,
    () => token,
  );
  /** Every case as a full sweep would leave it: identity, status, severity. */
  const caseSet = async () =>
    (
      (await ds.query(
        'SELECT rule, employer_id, subject_key, status, severity FROM cases ORDER BY rule, employer_id, subject_key',
      )) as { rule: string; employer_id: number; subject_key: string; status: string; severity: string }[]
    ).map((c) => `${c.rule}@${c.employer_id}:${c.subject_key} ${c.status} ${c.severity}`);
  const evaluations = async () =>
    Object.fromEntries(
      (
        (await ds.query(
          "SELECT employer_id, DATE_FORMAT(as_of, '%Y-%m-%d') AS as_of, DATE_FORMAT(next_change_on, '%Y-%m-%d') AS next FROM employer_evaluations",
        )) as { employer_id: number; as_of: string; next: string | null }[]
      ).map((r) => [r.employer_id, { asOf: r.as_of, next: r.next }]),
    );

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    const sup = await stack.createUser('supervisor');
    const insp = await stack.createUser('inspector');
    api = await stack.startApi();
    worker = await stack.startWorker();
    token = await login(api, sup.email, sup.password);
    inspector = await login(api, insp.email, insp.password);

    // A: not registered with BPJS (no NPP) while its one contract runs, to 2026-03-31 (EMPLOYER_UNREGISTERED until
    // then: a standing with a day ahead), its worker enrolled from day one.
    A = await seed.employer({ scale: 'small', npp: null });
    await seed.processedReport(A, new Date('2026-01-05T03:00:00Z'));
    const w1 = await seed.worker('6408010101900201');
    await seed.contract({
      employerId: A,
      workerId: w1,
      ref: 'A-1',
      start: '2026-01-01',
      end: '2026-03-31',
      compensationPaid: 1_250_000,
    });
    await seed.enrolment({ employerId: A, workerId: w1, programs: 'JKK,JKM,JHT', from: '2026-01-01' });
    // B: compliant (enrolled from day one, reported).
    B = await seed.employer({ scale: 'small', npp: '24200002' });
    await seed.processedReport(B, new Date('2026-01-05T03:00:00Z'));
    const w2 = await seed.worker('6408010101900202');
    await seed.contract({
      employerId: B,
      workerId: w2,
      ref: 'B-1',
      type: 'PKWTT',
      start: '2025-01-01',
      end: null,
    });
    await seed.enrolment({ employerId: B, workerId: w2, programs: 'JKK,JKM,JHT', from: '2025-01-01' });
    // C: no contracts at all.
    C = await seed.employer({ scale: 'micro', npp: '24200003' });
  });
  afterAll(() => stack.teardown());

  it('a first incremental sweep evaluates everyone and records each fingerprint and next-change day', async () => {
    const s = await sweep({ asOf: '2026-02-10', mode: 'incremental' });
    expect(s).toMatchObject({
      status: 'completed',
      mode: 'incremental',
      employersTotal: 3,
      employersUnchanged: 0,
    });
    expect(s.casesOpened).toBeGreaterThan(0);
    const ev = await evaluations();
    expect(
      Object.keys(ev)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([A, B, C]);
    expect(ev[A]!.asOf).toBe('2026-02-10');
    // An employer with no contracts waits for the next day the reference data moves (a pension-age step), if any.
    const cNext = ev[C]!.next;
    expect(cNext === null || cNext >= '2027-01-01').toBe(true);
    // A's standing moves no later than the day after its contract ends.
    expect(ev[A]!.next).not.toBeNull();
    expect(ev[A]!.next! <= '2026-04-01').toBe(true);
    expect(ev[A]!.next! > '2026-02-11').toBe(true);
  });

  it('the next night with nothing changed evaluates nobody and changes nothing', async () => {
    const before = await caseSet();
    const s = await sweep({ asOf: '2026-02-11', mode: 'incremental' });
    expect(s).toMatchObject({
      status: 'completed',
      employersTotal: 0,
      employersUnchanged: 3,
      casesOpened: 0,
    });
    expect(await caseSet()).toEqual(before);
  });

  it('a write to one employer’s rows brings that employer alone back, with the cases a full sweep gives', async () => {
    const w3 = await seed.worker('6408010101900203');
    await seed.contract({ employerId: B, workerId: w3, ref: 'B-2', start: '2026-01-10', end: null });
    const s = await sweep({ asOf: '2026-02-11', mode: 'incremental' });
    expect(s).toMatchObject({ employersTotal: 1, employersUnchanged: 2 });
    expect(s.casesOpened).toBeGreaterThan(0);
    const incremental = await caseSet();
    // The same day, in full: nothing left to change.
    const full = await sweep({ asOf: '2026-02-11' });
    expect(full).toMatchObject({
      mode: 'full',
      employersTotal: 3,
      casesOpened: 0,
      casesResolved: 0,
      casesReopened: 0,
    });
    expect(await caseSet()).toEqual(incremental);
  });

  it('a person’s move of a case brings its employer back (reconciliation reads case statuses)', async () => {
    const [c] = (await ds.query("SELECT id FROM cases WHERE employer_id = ? AND status = 'open' LIMIT 1", [
      A,
    ])) as {
      id: number;
    }[];
    const res = await http()
      .post(`/api/v1/cases/${c!.id}/transition`)
      .set(bearer(inspector))
      .send({ to: 'in_review' });
    expect(res.status).toBe(200);
    const s = await sweep({ asOf: '2026-02-11', mode: 'incremental' });
    // A alone: the full sweep above judged everyone today already.
    expect(s).toMatchObject({ employersTotal: 1, employersUnchanged: 2 });
    expect((await evaluations())[A]!.asOf).toBe('2026-02-11');
  });

  it('on the next-change day the employer is evaluated again, and its case resolves as in a full sweep', async () => {
    const next = (await evaluations())[A]!.next!;
    // Walk A's next-change days up to the day after its contract ended: C, with nothing that can move, is never
    // evaluated again.
    let day = next;
    for (let guard = 0; guard < 8 && day <= '2026-04-01'; guard++) {
      const s = await sweep({ asOf: day, mode: 'incremental' });
      expect(s.status).toBe('completed');
      const ev = await evaluations();
      expect(ev[A]!.asOf).toBe(day);
      expect(ev[C]!.asOf).toBe('2026-02-11');
      if (!ev[A]!.next) break;
      day = ev[A]!.next!;
    }
    const s = await sweep({ asOf: '2026-04-01', mode: 'incremental' });
    expect(s.status).toBe('completed');
    const incremental = await caseSet();
    const full = await sweep({ asOf: '2026-04-01' });
    expect(full).toMatchObject({ casesOpened: 0, casesResolved: 0, casesReopened: 0 });
    expect(await caseSet()).toEqual(incremental);
  });

  it('a new ruleset (another key) evaluates everyone; an employer judged for a later day is judged again', async () => {
    await ds.query(
      "UPDATE employer_evaluations SET ruleset_key = 'an-older-rulebook' WHERE employer_id = ?",
      [C],
    );
    const s = await sweep({ asOf: '2026-04-01', mode: 'incremental' });
    expect(s).toMatchObject({ employersTotal: 1, employersUnchanged: 2 });
    const back = await sweep({ asOf: '2026-03-01', mode: 'incremental' });
    expect(back).toMatchObject({ employersTotal: 3, employersUnchanged: 0 });
  });

  it('the scheduled sweep is incremental (SWEEP_SCHEDULE_MODE), and a manual one full unless asked', async () => {
    const id = await worker.get(SweepScheduler).tick(new Date('2026-04-02T18:00:00Z'));
    const s = await waitFor(id!);
    expect(s).toMatchObject({ trigger: 'schedule', mode: 'incremental', status: 'completed' });
    const manual = await sweep({ asOf: '2026-04-02' });
    expect(manual).toMatchObject({
      trigger: 'manual',
      mode: 'full',
      employersTotal: 3,
      employersUnchanged: 0,
    });
    const bad = await http().post('/api/v1/sweeps').set(bearer(token)).send({ mode: 'sometimes' });
    expect(bad.status).toBe(400);
  });
});

describe('incremental sweeps: the figures refresh (SWEEP_REFRESH_DAYS)', () => {
  const stack = new TestStack('incremental_refresh');
  let ds: DataSource;
  let ids: number[];
  let due: (asOf: string, refreshDays: number) => Promise<number[]>;
  /** MySQL's TO_DAYS. */
  const toDays = (d: string) => 719_528 + Date.parse(`${d}T00:00:00Z`) / 86_400_000;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const seed = new Seed(ds);
    ids = [];
    for (let i = 0; i < 6; i++) ids.push(await seed.employer({}));
    // All judged on 2026-05-01 with the current ruleset, their inputs unchanged since, no day ahead.
    const key = rulesetKey(RULEBOOK.version, stack.config.ruleParameters);
    await ds.query(
      `INSERT INTO employer_evaluations (employer_id, input_rev, ruleset_key, as_of, next_change_on, evaluated_at)
       SELECT id, 0, ?, '2026-05-01', NULL, NOW(3) FROM employers`,
      [key],
    );
    const repo = new SweepsRepository(ds);
    due = async (asOf, refreshDays) =>
      (await repo.pageIncrementalScope(0, { ids: null, asOf, rulesetKey: key, refreshDays }, 100))
        .filter((r) => r.due)
        .map((r) => r.id);
  });
  afterAll(() => stack.teardown());

  it('each employer has one slot in every N days: a night refreshes about 1/N of them, each exactly once per cycle', async () => {
    const seen = new Map<number, number>();
    const cycle: number[][] = [];
    for (const day of ['2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05']) {
      const d = await due(day, 3);
      cycle.push(d);
      for (const id of d) seen.set(id, (seen.get(id) ?? 0) + 1);
      // As the sweep does: those evaluated tonight are judged as of tonight.
      await ds.query('UPDATE employer_evaluations SET as_of = ? WHERE employer_id IN (?)', [day, d]);
    }
    expect(cycle.map((d) => d.length)).toEqual([2, 2, 2, 2]); // 6 employers, 3 slots: a third a night
    expect(
      cycle
        .slice(0, 3)
        .flat()
        .sort((a, b) => a - b),
    ).toEqual(ids); // each once in the first 3 nights
    expect(cycle[3]).toEqual(cycle[0]); // and again 3 nights later
    await ds.query("UPDATE employer_evaluations SET as_of = '2026-05-01'");
  });

  it('an employer whose figures are N days old is due whatever its slot (a night without a sweep loses nothing)', async () => {
    expect((await due('2026-05-04', 3)).length).toBe(6); // three days after 2026-05-01: everyone
    // One slot in 366 days: only the employers whose slot is tonight.
    expect(await due('2026-05-02', 366)).toEqual(ids.filter((id) => (toDays('2026-05-02') + id) % 366 === 0));
  });
});

/**
 * A principal whose contractors' rows alone moved (migration 1300): the incremental sweep judges CONTRACTOR_HOPPING
 * on those rows alone and reconciles that rule's cases, leaving its own cases as a skip would; a full sweep of the
 * same day then finds nothing to change.
 */
describe('incremental sweeps: a principal whose contractors alone moved', () => {
  const stack = new TestStack('incremental_contractors', { SWEEP_REFRESH_DAYS: '366' });
  let api: INestApplication;
  let ds: DataSource;
  let token: string;
  let seed: Seed;
  let P: number;
  let K1: number;
  let K2: number;
  let hopper: number;

  const { sweep } = sweeper(
    () => api,
    () => token,
  );
  const caseSet = () => casesAsText(ds, 'rule, employer_id, subject_key, status, severity, worker_name');
  const recordOf = async (id: number) =>
    (
      (await ds.query(
        `SELECT DATE_FORMAT(v.as_of, '%Y-%m-%d') AS asOf, CAST(v.input_rev AS CHAR) AS inputRev,
                CAST(v.contractor_rev AS CHAR) AS contractorRev, CAST(r.contractor_rev AS CHAR) AS currentContractorRev
           FROM employer_evaluations v LEFT JOIN employer_input_revs r ON r.employer_id = v.employer_id
          WHERE v.employer_id = ?`,
        [id],
      )) as { asOf: string; inputRev: string; contractorRev: string; currentContractorRev: string | null }[]
    )[0];

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    await stack.startWorker();
    token = await login(api, sup.email, sup.password);
    // P: a principal with a worker of its own never enrolled (an ENROLMENT_MISSING case of its own).
    P = await seed.employer({ scale: 'large', npp: '24300001' });
    const own = await seed.worker('6408010101900301', 'Pekerja Prinsipal');
    await seed.contract({
      employerId: P,
      workerId: own,
      ref: 'P-1',
      type: 'PKWTT',
      start: '2025-06-01',
      end: null,
    });
    K1 = await seed.employer({ scale: 'small', npp: '24300002', principalEmployerId: P });
    K2 = await seed.employer({ scale: 'small', npp: '24300003', principalEmployerId: P });
    // A worker on PKWT at K1 for three years; moved to K2 later (the test's edit), past the 60-month limit.
    hopper = await seed.worker('6408010101900302', 'Pekerja Alih Daya');
    await seed.contract({
      employerId: K1,
      workerId: hopper,
      ref: 'K1-1',
      start: '2021-01-01',
      end: '2023-12-31',
    });
  });
  afterAll(() => stack.teardown());

  it('judges the contractors’ part alone, with the cases and names a full sweep gives, and resolves it the same way', async () => {
    const first = await sweep({ asOf: '2026-02-10', mode: 'incremental' });
    expect(first).toMatchObject({ status: 'completed', employersTotal: 3 });
    const hopping = async () =>
      (await ds.query(
        "SELECT status, worker_name FROM cases WHERE rule = 'CONTRACTOR_HOPPING' AND employer_id = ?",
        [P],
      )) as { status: string; worker_name: string | null }[];
    expect(await hopping()).toEqual([]);
    const own = (await ds.query(
      "SELECT rule FROM cases WHERE employer_id = ? AND rule <> 'CONTRACTOR_HOPPING'",
      [P],
    )) as { rule: string }[];
    expect(own.length).toBeGreaterThan(0);
    const before = (await recordOf(P))!;

    // The worker moves to K2: K2's own revision and P's contractor revision move, not P's own.
    await seed.contract({
      employerId: K2,
      workerId: hopper,
      ref: 'K2-1',
      start: '2024-01-01',
      end: '2026-06-30',
    });
    const s = await sweep({ asOf: '2026-02-11', mode: 'incremental' });
    expect(s).toMatchObject({ status: 'completed', employersTotal: 2, employersUnchanged: 1 });
    expect(await hopping()).toEqual([{ status: 'open', worker_name: 'Pekerja Alih Daya' }]);
    // P was judged on its contractors alone: its own part's record (day, own revision) stands; the contractor
    // revision it read is recorded.
    const after = (await recordOf(P))!;
    expect(after).toMatchObject({ asOf: before.asOf, inputRev: before.inputRev });
    expect(after.contractorRev).toBe(after.currentContractorRev);
    expect(after.contractorRev).not.toBe(before.contractorRev);
    const incremental = await caseSet();
    const full = await sweep({ asOf: '2026-02-11' });
    expect(full).toMatchObject({ mode: 'full', casesOpened: 0, casesResolved: 0, casesReopened: 0 });
    expect(await caseSet()).toEqual(incremental);

    // The move undone: the contractors-only judgement resolves the case, as a full sweep would.
    await ds.query("DELETE FROM contracts WHERE ref = 'K2-1'");
    const undone = await sweep({ asOf: '2026-02-12', mode: 'incremental' });
    // K2's own cases about the worker resolve with it (K2 judged whole), and P's hopping case.
    expect(undone).toMatchObject({ employersTotal: 2 });
    expect((await hopping()).map((c) => c.status)).toEqual(['resolved']);
    const settled = await caseSet();
    const again = await sweep({ asOf: '2026-02-12' });
    expect(again).toMatchObject({ casesOpened: 0, casesResolved: 0, casesReopened: 0 });
    expect(await caseSet()).toEqual(settled);
  });
});

/**
 * A day that moves one worker of many (worker-days.ts, migration 1400): an employer due by its next-change day
 * alone has only that worker and its employer-level rest judged, its other workers left as last judged; the
 * cases are those a full sweep gives. A write to its rows brings it back whole.
 */
describe('incremental sweeps: a day that moves one worker of many', () => {
  const stack = new TestStack('incremental_workers', { SWEEP_REFRESH_DAYS: '366' });
  let api: INestApplication;
  let worker: INestApplication;
  let ds: DataSource;
  let token: string;
  let seed: Seed;
  let E: number;

  const { sweep } = sweeper(
    () => api,
    () => token,
  );
  const caseSet = () => casesAsText(ds, 'rule, employer_id, subject_key, status, severity');
  const recordOf = async () =>
    (
      (await ds.query(
        `SELECT DATE_FORMAT(as_of, '%Y-%m-%d') AS asOf, DATE_FORMAT(next_change_on, '%Y-%m-%d') AS next, worker_days AS days
           FROM employer_evaluations WHERE employer_id = ?`,
        [E],
      )) as { asOf: string; next: string | null; days: Buffer | null }[]
    )[0]!;
  /** The worker process's evaluations by outcome, and workers of those in parts by part (judged, left). */
  const outcomes = async () => {
    const metrics = worker.get(MetricsService);
    const m = await metrics.evaluations.get();
    const w = await metrics.evaluationWorkers.get();
    return Object.fromEntries([
      ...m.values.map((v) => [String(v.labels.outcome), v.value]),
      ...w.values.map((v) => [`workers:${String(v.labels.part)}`, v.value]),
    ]) as Record<string, number | undefined>;
  };
  const delta = (
    before: Record<string, number | undefined>,
    after: Record<string, number | undefined>,
    k: string,
  ) => (after[k] ?? 0) - (before[k] ?? 0);

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    worker = await stack.startWorker();
    token = await login(api, sup.email, sup.password);
    E = await seed.employer({ scale: 'small', npp: '24400001' });
    await seed.processedReport(E, new Date('2026-01-05T03:00:00Z'));
    // One worker on a PKWT ending 2026-03-15, never enrolled: its day comes with its contract's end.
    const moving = await seed.worker('6408010101900401');
    await seed.contract({
      employerId: E,
      workerId: moving,
      ref: 'E-1',
      start: '2025-10-01',
      end: '2026-03-15',
      compensationPaid: 1_000_000,
    });
    // Four on open-ended contracts, enrolled from day one: nothing of theirs moves for years.
    for (let i = 2; i <= 5; i++) {
      const w = await seed.worker(`640801010190040${i}`);
      await seed.contract({
        employerId: E,
        workerId: w,
        ref: `E-${i}`,
        type: 'PKWTT',
        start: '2025-01-01',
        end: null,
      });
      await seed.enrolment({ employerId: E, workerId: w, programs: 'JKK,JKM,JHT,JP', from: '2025-01-01' });
    }
  });
  afterAll(() => stack.teardown());

  it('judges only the workers whose own day came, with the cases a full sweep gives; a write brings it back whole', async () => {
    const first = await sweep({ asOf: '2026-02-10', mode: 'incremental' });
    expect(first).toMatchObject({ status: 'completed', employersTotal: 1 });
    const recorded = await recordOf();
    const days = decodeWorkerDays(recorded.days!)!.workers;
    expect(days.size).toBe(5);
    // The employer's day is its earliest worker's (the rest has none sooner here), and the steady workers' are later.
    const moving = days.get('6408010101900401')!;
    expect(moving.day).toBe(recorded.next);
    for (let i = 2; i <= 5; i++) expect(days.get(`640801010190040${i}`)!.day! > '2026-04-01').toBe(true);
    // Full sweeps the same day: the second is answered by the content memo the first recorded, and keeps the days.
    await sweep({ asOf: '2026-02-10' });
    const memo = await outcomes();
    await sweep({ asOf: '2026-02-10' });
    expect((await outcomes()).memo ?? 0).toBe((memo.memo ?? 0) + 1);
    expect(decodeWorkerDays((await recordOf()).days!)!.workers).toEqual(days);

    // Walk the employer's next-change days to past the contract's end: each is judged in parts.
    let day = recorded.next!;
    let parts = 0;
    for (let guard = 0; guard < 10 && day <= '2026-03-20'; guard++) {
      const before = await outcomes();
      const s = await sweep({ asOf: day, mode: 'incremental' });
      expect(s).toMatchObject({ status: 'completed', employersTotal: 1 });
      const after = await outcomes();
      expect(delta(before, after, 'workers')).toBe(1);
      expect(delta(before, after, 'rules')).toBe(0);
      // The four steady workers left as last judged, the moving one judged.
      expect(delta(before, after, 'workers:left')).toBe(4);
      expect(delta(before, after, 'workers:judged')).toBe(1);
      parts++;
      const r = await recordOf();
      expect(r.asOf).toBe(day);
      // The steady workers' days stand as recorded; the moving one's is new.
      const now = decodeWorkerDays(r.days!)!.workers;
      for (let i = 2; i <= 5; i++)
        expect(now.get(`640801010190040${i}`)).toEqual(days.get(`640801010190040${i}`));
      if (!r.next) break;
      day = r.next;
    }
    expect(parts).toBeGreaterThan(0);
    const incremental = await caseSet();
    const judgedOn = (await recordOf()).asOf;
    const full = await sweep({ asOf: judgedOn });
    expect(full).toMatchObject({ mode: 'full', casesOpened: 0, casesResolved: 0, casesReopened: 0 });
    expect(await caseSet()).toEqual(incremental);

    // A record of other inputs than the current ones (as a version that does not write the record would leave one
    // behind, its evaluations moving the revision on; here its header's revision is altered): never used, the
    // employer is judged whole on its next day, and recorded again.
    const next = (await recordOf()).next!;
    expect(next > judgedOn).toBe(true);
    const stale = decodeWorkerDays((await recordOf()).days!)!;
    await ds.query('UPDATE employer_evaluations SET worker_days = ? WHERE employer_id = ?', [
      encodeWorkerDays({ ...stale, inputRev: String(BigInt(stale.inputRev) + 1n) }),
      E,
    ]);
    const b0 = await outcomes();
    expect(await sweep({ asOf: next, mode: 'incremental' })).toMatchObject({ employersTotal: 1 });
    const a0 = await outcomes();
    expect(delta(b0, a0, 'rules')).toBe(1);
    expect(delta(b0, a0, 'workers')).toBe(0);
    expect(decodeWorkerDays((await recordOf()).days!)!.inputRev).toBe(stale.inputRev);

    // A write to one of its rows: judged whole (its inputs moved), and its days recorded again.
    const w6 = await seed.worker('6408010101900406');
    await seed.contract({
      employerId: E,
      workerId: w6,
      ref: 'E-6',
      type: 'PKWTT',
      start: '2026-01-01',
      end: null,
    });
    const before = await outcomes();
    const s = await sweep({ asOf: next, mode: 'incremental' });
    expect(s).toMatchObject({ status: 'completed', employersTotal: 1 });
    const after = await outcomes();
    expect(delta(before, after, 'workers')).toBe(0);
    expect(delta(before, after, 'rules')).toBe(1);
    expect(decodeWorkerDays((await recordOf()).days!)!.workers.size).toBe(6);
  });
});
