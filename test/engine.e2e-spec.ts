import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EvaluationService, SweepScheduler, SweepsService } from '@patuh/engine';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

type Sweep = {
  id: number;
  status: string;
  casesOpened: number;
  casesResolved: number;
  casesReopened: number;
  employersDone: number;
  employersTotal: number;
};

describe('evaluation engine: sweeps and case reconciliation (CONTRACT §5)', () => {
  // Small chunks, so the larger sweep below reads each batch in several chunks.
  const stack = new TestStack('engine', { SWEEP_CHUNK_CONTRACTS: '400' });
  let api: INestApplication;
  let ds: DataSource;
  let token: string;
  let seed: Seed;
  const ids: Record<string, number> = {};
  const AS_OF = '2025-06-30';

  const sweep = async (body: Record<string, unknown> = { asOf: AS_OF }): Promise<Sweep> => {
    const res = await request(api.getHttpServer()).post('/api/v1/sweeps').set(bearer(token)).send(body);
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/v1/sweeps/${res.body.id}`);
    return eventually(async () => {
      const s = await request(api.getHttpServer()).get(`/api/v1/sweeps/${res.body.id}`).set(bearer(token));
      return ['completed', 'failed'].includes(s.body.status) ? (s.body as Sweep) : undefined;
    });
  };
  const cases = async () =>
    (await ds.query(`SELECT c.id, c.rule, c.employer_id AS employerId, c.worker_nik AS nik, c.status, c.resolution, c.last_detected_at AS last
                       FROM cases c ORDER BY c.rule, c.employer_id, c.worker_nik`)) as {
      id: number;
      rule: string;
      employerId: number;
      nik: string | null;
      status: string;
      resolution: string | null;
      last: Date;
    }[];
  const identity = (c: { rule: string; employerId: number; nik: string | null }) =>
    `${c.rule}@${c.employerId}:${c.nik ?? '-'}`;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    await stack.startWorker();
    token = await login(api, sup.email, sup.password);

    // Employer A: small, not registered with BPJS (no NPP), never reported.
    ids.A = await seed.employer({ scale: 'small', npp: null, district: 'Bengalon' });
    ids.w1 = await seed.worker('6408010101900001'); // PKWT this year, never enrolled
    await seed.contract({
      employerId: ids.A,
      workerId: ids.w1,
      ref: 'A-1',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    ids.w2 = await seed.worker('6408010202900002'); // enrolled on day one: compliant
    await seed.contract({
      employerId: ids.A,
      workerId: ids.w2,
      ref: 'A-2',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    await seed.enrolment({
      employerId: ids.A,
      workerId: ids.w2,
      programs: 'JKK,JKM,JHT',
      from: '2025-01-01',
    });
    ids.w3 = await seed.worker('6408010303900003'); // three yearly PKWTs back to back, compensation paid
    for (const [i, y] of [2022, 2023, 2024].entries())
      await seed.contract({
        employerId: ids.A,
        workerId: ids.w3,
        ref: `A-3-${i}`,
        start: `${y}-07-01`,
        end: `${y + 1}-06-30`,
        compensationPaid: 5_000_000,
      });
    await seed.enrolment({
      employerId: ids.A,
      workerId: ids.w3,
      programs: 'JKK,JKM,JHT',
      from: '2022-07-01',
    });

    // Employer B: medium, registered, reported last month; one permanent worker enrolled two weeks late.
    ids.B = await seed.employer({ scale: 'medium', npp: '24009999', district: 'Sangatta Utara' });
    await seed.processedReport(ids.B, new Date('2025-06-01T03:00:00Z'));
    ids.w4 = await seed.worker('6408014404900004');
    await seed.contract({
      employerId: ids.B,
      workerId: ids.w4,
      ref: 'B-1',
      type: 'PKWTT',
      start: '2024-01-01',
      end: null,
    });
    await seed.enrolment({
      employerId: ids.B,
      workerId: ids.w4,
      programs: 'JKK,JKM,JHT,JP',
      from: '2024-01-15',
    });
  });
  afterAll(() => stack.teardown());

  it('opens exactly the expected cases, each with a detected event, evidence and legal basis', async () => {
    const s = await sweep();
    expect(s).toMatchObject({
      status: 'completed',
      employersTotal: 2,
      employersDone: 2,
      casesResolved: 0,
      casesReopened: 0,
    });
    const found = (await cases()).map(identity);
    expect(found).toEqual(
      [
        `EMPLOYER_UNREGISTERED@${ids.A}:-`,
        `ENROLMENT_LATE@${ids.B}:6408014404900004`,
        `ENROLMENT_MISSING@${ids.A}:6408010101900001`,
        `PKWT_SERIAL_RENEWAL@${ids.A}:6408010303900003`,
        `SELF_REPORT_OVERDUE@${ids.A}:-`,
      ].sort(),
    );
    expect(s.casesOpened).toBe(found.length);
    const events = (await ds.query(`SELECT case_id, type, sweep_id FROM case_events`)) as {
      type: string;
      sweep_id: number;
    }[];
    expect(events).toHaveLength(found.length);
    expect(events.every((e) => e.type === 'detected' && e.sweep_id === s.id)).toBe(true);

    const list = await request(api.getHttpServer())
      .get('/api/v1/cases')
      .query({ rule: 'ENROLMENT_MISSING' })
      .set(bearer(token));
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const c = list.body.items[0];
    const [employer] = (await ds.query('SELECT name FROM employers WHERE id = ?', [ids.A])) as {
      name: string;
    }[];
    expect(c).toMatchObject({
      rule: 'ENROLMENT_MISSING',
      status: 'open',
      workerNik: '6408010101900001',
      workerName: 'Pekerja 0001',
      employerId: ids.A,
      employerName: employer!.name,
    });
    // The names live on the case: a rename shows at once, and the next sweep keeps it.
    // (The name is the employer's report of the worker: employer_workers, migration 1764000000920.)
    await ds.query(
      `UPDATE employer_workers SET name = 'Siti Rahmawati' WHERE employer_id = ? AND worker_id = ?`,
      [ids.A, ids.w1],
    );
    const renamed = await request(api.getHttpServer()).get(`/api/v1/cases/${c.id}`).set(bearer(token));
    expect(renamed.body.workerName).toBe('Siti Rahmawati');
    await ds.query(
      `UPDATE employer_workers SET name = 'Pekerja 0001' WHERE employer_id = ? AND worker_id = ?`,
      [ids.A, ids.w1],
    );
    expect(c.legalBasis).toMatch(/24\/2011/);
    expect(c.summary.length).toBeGreaterThan(10);
    expect(c.evidence).toEqual(expect.objectContaining({}));
    expect(c.dueAt).toEqual(expect.any(String));
  });

  it('changes nothing on a second sweep over unchanged data', async () => {
    const before = await cases();
    const eventsBefore = ((await ds.query('SELECT COUNT(*) AS n FROM case_events')) as { n: number }[])[0]!.n;
    const s = await sweep();
    expect(s).toMatchObject({ status: 'completed', casesOpened: 0, casesResolved: 0, casesReopened: 0 });
    expect(await cases()).toEqual(before); // including lastDetectedAt
    expect(((await ds.query('SELECT COUNT(*) AS n FROM case_events')) as { n: number }[])[0]!.n).toBe(
      eventsBefore,
    );
  });

  it('resolves a case when the data is corrected, and reopens it when the breach comes back', async () => {
    await seed.enrolment({
      employerId: ids.A,
      workerId: ids.w1,
      programs: 'JKK,JKM,JHT',
      from: '2025-01-01',
    });
    const fixed = await sweep();
    expect(fixed).toMatchObject({ casesResolved: 1, casesOpened: 0, casesReopened: 0 });
    const missing = (await cases()).find((c) => c.rule === 'ENROLMENT_MISSING')!;
    expect(missing).toMatchObject({ status: 'resolved', resolution: 'condition_cleared' });

    await ds.query('DELETE FROM enrolments WHERE worker_id = ?', [ids.w1]);
    const back = await sweep();
    expect(back).toMatchObject({ casesReopened: 1, casesOpened: 0, casesResolved: 0 });
    const reopened = (await cases()).find((c) => c.rule === 'ENROLMENT_MISSING')!;
    expect(reopened).toMatchObject({ id: missing.id, status: 'open', resolution: null });
    const history = (await ds.query('SELECT type FROM case_events WHERE case_id = ? ORDER BY id', [
      missing.id,
    ])) as { type: string }[];
    expect(history.map((h) => h.type)).toEqual(['detected', 'resolved', 'reopened']);
  });

  it('leaves a dismissed case dismissed when the finding is seen again', async () => {
    const late = (await cases()).find((c) => c.rule === 'ENROLMENT_LATE')!;
    await ds.query(`UPDATE cases SET status = 'dismissed' WHERE id = ?`, [late.id]);
    const s = await sweep();
    expect(s).toMatchObject({ casesOpened: 0, casesReopened: 0, casesResolved: 0 });
    expect((await cases()).find((c) => c.id === late.id)!.status).toBe('dismissed');
  });

  it('refreshes figures that grow with asOf in place, with a history event only when severity moves', async () => {
    const read = async () =>
      (
        (await ds.query(
          `SELECT id, severity, evidence, last_detected_at AS last FROM cases WHERE rule = 'ENROLMENT_MISSING'`,
        )) as { id: number; severity: string; evidence: string; last: Date }[]
      )[0]!;
    const before = await read();
    const s = await sweep({ asOf: '2025-09-30' });
    expect(s).toMatchObject({ status: 'completed', casesOpened: 0 });
    const after = await read();
    expect(after.evidence).not.toBe(before.evidence);
    expect(new Date(after.last).getTime()).toBeGreaterThan(new Date(before.last).getTime());
    const updated = (await ds.query(`SELECT data FROM case_events WHERE case_id = ? AND type = 'updated'`, [
      after.id,
    ])) as { data: string }[];
    expect(updated).toHaveLength(after.severity === before.severity ? 0 : 1);
    if (updated.length)
      expect(JSON.parse(updated[0]!.data)).toEqual({
        severity: { from: before.severity, to: after.severity },
      });
    await sweep(); // back to the suite's asOf for the tests that follow
  });

  it('finds a formal worker put on the sponsored list after the worker was recorded, and clears it when taken off', async () => {
    // The sweep looks up sponsored coverage only for workers flagged on_sponsored_list (kept by triggers), so this
    // breaks if the flag is not set when the list changes after the worker exists.
    await ds.query(
      `INSERT INTO sponsored_coverage (nik, programs, effective_from) VALUES ('6408010202900002', 'JKK,JKM', '2025-03-01')`,
    );
    const found = await sweep();
    expect(found).toMatchObject({ casesOpened: 1, casesResolved: 0 });
    const shift = (await cases()).filter((c) => c.rule === 'SPONSORED_COST_SHIFT');
    expect(shift.map(identity)).toEqual([`SPONSORED_COST_SHIFT@${ids.A}:6408010202900002`]);

    await ds.query(`DELETE FROM sponsored_coverage WHERE nik = '6408010202900002'`);
    const cleared = await sweep();
    expect(cleared).toMatchObject({ casesOpened: 0, casesResolved: 1 });
    expect((await cases()).find((c) => c.id === shift[0]!.id)).toMatchObject({
      status: 'resolved',
      resolution: 'condition_cleared',
    });
  });

  it('sweeps only the employers named, and refuses unknown ones', async () => {
    const s = await sweep({ asOf: AS_OF, employerIds: [ids.B] });
    expect(s).toMatchObject({ status: 'completed', employersTotal: 1 });
    const bad = await request(api.getHttpServer())
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ employerIds: [999999] });
    expect(bad.status).toBe(400);
    const badDate = await request(api.getHttpServer())
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ asOf: '2025-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors[0].path).toBe('asOf');
    // No body with a JSON content type is "no options" (every employer); a broken body is a 400 problem. (A
    // trailing slash names the same route.)
    const empty = await request(api.getHttpServer())
      .post('/api/v1/sweeps/')
      .set(bearer(token))
      .set('Content-Type', 'application/json');
    expect(empty.status).toBe(202);
    expect(empty.body.id).toEqual(expect.any(Number));
    const broken = await request(api.getHttpServer())
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .set('Content-Type', 'application/json')
      .send('{"asOf":');
    expect(broken.status).toBe(400);
    expect(broken.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(broken.body.detail).toMatch(/not valid JSON/);
    const vendorJson = await request(api.getHttpServer())
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .set('Content-Type', 'application/vnd.patuh+json')
      .send(JSON.stringify({ asOf: '2025-02-30' }));
    expect(vendorJson.status).toBe(400);
    expect(vendorJson.body.errors[0].path).toBe('asOf');
  });

  it('with two workers on one sweep, makes each case once, the same cases as evaluating every employer at once', async () => {
    const second = await stack.startWorker({ WORKER_CONCURRENCY: '3' });
    const { generate } = await import('../scripts/generate');
    const ref = stack.config.reference as {
      regency: { districts: string[] };
      minimumWage: { umk: Record<string, number> };
    };
    await generate(
      stack.env.DATABASE_URL,
      { workers: 3000, employers: 60, reset: false, seed: 7, asOf: AS_OF, quiet: true },
      ref.regency.districts,
      ref.minimumWage.umk,
    );
    const s = await sweep({ asOf: AS_OF });
    expect(s.status).toBe('completed');
    expect(s.employersDone).toBe(62);
    // 62 employers fit in two batches of the configured SWEEP_BATCH_CONTRACTS; cut into exactly SWEEP_MIN_BATCHES
    // (4) balanced ones instead (by contracts and employers at once: none near half the employers), so both workers
    // share the sweep.
    const [cut] = (await ds.query(
      'SELECT COUNT(*) AS n, MAX(employers) AS most, SUM(employers) AS employers FROM sweep_batches WHERE sweep_id = ?',
      [s.id],
    )) as { n: number | string; most: number; employers: number | string }[];
    expect(Number(cut!.n)).toBe(4);
    expect(Number(cut!.most)).toBeLessThanOrEqual(24);
    expect(Number(cut!.employers)).toBe(62);
    const dup = await ds.query(
      `SELECT case_id FROM case_events WHERE type = 'detected' GROUP BY case_id HAVING COUNT(*) > 1`,
    );
    expect(dup).toEqual([]);
    const detected = (
      (await ds.query(`SELECT COUNT(*) AS n FROM case_events WHERE type = 'detected' AND sweep_id = ?`, [
        s.id,
      ])) as { n: number }[]
    )[0]!.n;
    expect(s.casesOpened).toBe(Number(detected));
    expect(s.casesOpened).toBeGreaterThan(100);
    const again = await sweep({ asOf: AS_OF });
    expect(again).toMatchObject({ casesOpened: 0, casesResolved: 0, casesReopened: 0 });

    // The sweep read its batches in chunks of at most 400 contracts; evaluating every employer in one read, or in
    // other chunks, finds the same and so changes nothing.
    const all = ((await ds.query('SELECT id FROM employers ORDER BY id')) as { id: number }[]).map(
      (r) => r.id,
    );
    const evaluation = second.get(EvaluationService);
    const whole = await evaluation.evaluate(all, AS_OF);
    expect(whole).toMatchObject({ employers: 62, opened: 0, updated: 0, reopened: 0, resolved: 0 });
    expect(whole.findings).toBeGreaterThanOrEqual(s.casesOpened);
    const chunked = await evaluation.evaluate(all, AS_OF, { chunks: [1, 7, 50, 4] });
    expect(chunked).toMatchObject({ employers: 62, findings: whole.findings, opened: 0, resolved: 0 });
  });

  it('sums a sweep from its recorded batches, and closes it when a batch is delivered again after its commit', async () => {
    // A sweep of two batches, both committed; the worker of the second died before it could close the sweep.
    const [{ insertId: id }] = [
      (await ds.query(
        `INSERT INTO sweeps (status, as_of, \`trigger\`, created_at, started_at, employers_total, batches_total)
         VALUES ('running', ?, 'manual', NOW(3), NOW(3), 3, 2)`,
        [AS_OF],
      )) as { insertId: number },
    ];
    await ds.query(
      `INSERT INTO sweep_batches (sweep_id, batch_no, employers, failed, opened, resolved, reopened, finished_at)
       VALUES (?, 0, 2, 0, 3, 1, 2, NOW(3))`,
      [id],
    );
    const view = async () =>
      (await request(api.getHttpServer()).get(`/api/v1/sweeps/${id}`).set(bearer(token))).body as Sweep & {
        employersFailed: number;
        failedEmployerIds: number[];
      };
    // While it runs, its progress is the sum of the batches recorded so far.
    expect(await view()).toMatchObject({
      status: 'running',
      employersDone: 2,
      employersFailed: 0,
      casesOpened: 3,
      casesResolved: 1,
      casesReopened: 2,
    });
    await ds.query(
      `INSERT INTO sweep_batches (sweep_id, batch_no, employers, failed, failed_employer_ids, opened, finished_at)
       VALUES (?, 1, 1, 1, ?, 1, NOW(3))`,
      [id, JSON.stringify([ids.B])],
    );
    expect(await view()).toMatchObject({ status: 'running', employersFailed: 1, failedEmployerIds: [ids.B] });
    const events = async () =>
      Number(((await ds.query('SELECT COUNT(*) AS n FROM case_events')) as { n: number }[])[0]!.n);
    const before = await events();

    // The redelivered job finds its batch recorded: it evaluates nothing and closes the sweep.
    const worker = await stack.startWorker();
    expect(await worker.get(SweepsService).runBatch(id, 1, [ids.B!])).toBeNull();
    expect(await events()).toBe(before);
    expect(await view()).toMatchObject({
      status: 'failed',
      employersDone: 2,
      employersFailed: 1,
      failedEmployerIds: [ids.B],
      casesOpened: 4,
      casesResolved: 1,
      casesReopened: 2,
    });
    // Closing again changes nothing.
    expect(await worker.get(SweepsService).finishIfDone(id)).toBe(false);
  });

  it('makes one sweep per scheduled tick however many workers tick', async () => {
    const w1 = await stack.startWorker();
    const w2 = await stack.startWorker();
    const at = new Date('2026-01-05T18:00:00Z'); // 02:00 WITA
    const results = await Promise.all([
      w1.get(SweepScheduler).tick(at),
      w2.get(SweepScheduler).tick(at),
      w1.get(SweepScheduler).tick(at),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const rows = (await ds.query(
      `SELECT id, schedule_key AS k FROM sweeps WHERE schedule_key IS NOT NULL`,
    )) as { k: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.k).toBe('sweep-2026-01-06T02:00');
  });
});

describe('queue dashboard (/admin/queues)', () => {
  const stack = new TestStack('queues_board');
  let api: INestApplication;
  beforeAll(async () => {
    await stack.setup();
    await stack.createUser('admin', 'root@test.local', 'admin-pw-123');
    await stack.createUser('inspector', 'insp@test.local', 'insp-pw-123');
    api = await stack.startApi();
  });
  afterAll(() => stack.teardown());

  it('is for admins only: 401 without credentials (asking for Basic), 403 for an inspector, the board for an admin', async () => {
    const http = request(api.getHttpServer());
    const none = await http.get('/admin/queues');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic/);
    const inspector = await login(api, 'insp@test.local', 'insp-pw-123');
    expect((await http.get('/admin/queues').set(bearer(inspector))).status).toBe(403);
    expect((await http.get('/admin/queues').auth('root@test.local', 'wrong-password')).status).toBe(401);
    const board = await http.get('/admin/queues').auth('root@test.local', 'admin-pw-123');
    expect(board.status).toBe(200);
    expect(board.text).toMatch(/<html/i);
    const admin = await login(api, 'root@test.local', 'admin-pw-123');
    const queues = await http.get('/admin/queues/api/queues').set(bearer(admin));
    expect(queues.status).toBe(200);
    expect(JSON.stringify(queues.body)).toContain('evaluation');
    // The board's own API and pages are behind the same check, not only its root.
    expect((await http.get('/admin/queues/api/queues')).status).toBe(401);
    expect((await http.get('/admin/queues/api/queues').set(bearer(inspector))).status).toBe(403);
    expect((await http.get('/admin/queues/')).status).toBe(401);
    expect((await http.put('/admin/queues/api/queues/pause').set(bearer(inspector))).status).toBe(403);
    expect((await http.get('/admin/%71ueues/api/queues')).status).toBe(401); // an encoded path is the same path
  });
});

describe('WORKER_QUEUES: a worker consumes only the queues it is given', () => {
  const stack = new TestStack('worker_queues');
  let api: INestApplication;
  beforeAll(async () => {
    await stack.setup();
    await stack.createUser('supervisor', 'sup@wq.local', 'sup-pw-1234');
    api = await stack.startApi();
  });
  afterAll(() => stack.teardown());

  it('leaves a sweep queued for an ingest-only worker, and an evaluation worker runs it', async () => {
    await stack.startWorker({ WORKER_QUEUES: 'ingest,alerts' });
    const token = await login(api, 'sup@wq.local', 'sup-pw-1234');
    const created = await request(api.getHttpServer()).post('/api/v1/sweeps').set(bearer(token)).send({});
    await new Promise((r) => setTimeout(r, 1500));
    const status = async () =>
      (await request(api.getHttpServer()).get(`/api/v1/sweeps/${created.body.id}`).set(bearer(token))).body
        .status;
    expect(await status()).toBe('queued');
    await stack.startWorker({ WORKER_QUEUES: 'evaluation' });
    await eventually(async () => ((await status()) === 'completed' ? true : undefined));
  });

  it('refuses an unknown queue name at start', () => {
    expect(() => new TestStack('worker_queues_bad', { WORKER_QUEUES: 'evaluation,email' })).toThrow(
      /WORKER_QUEUES/,
    );
  });
});
