import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Seed } from './support/seed';
import { bearer, eventually, login, TestStack } from './support/stack';

/** A valid NIK: region 640801, birth date DDMMYY (women: DD + 40), serial. */
const nik = (serial: number, ddmmyy = '410795') => `640801${ddmmyy}${String(serial).padStart(4, '0')}`;

interface Report {
  id: number;
  employerId: number | null;
  status: string;
  receivedAt: string;
  processedAt: string | null;
  counts: Record<string, { accepted: number; rejected: number }>;
  errors: { entity: string; index: number; field: string | null; message: string }[];
  errorCount: number;
  evaluation: { status: string | null; finishedAt: string | null };
}

describe('employer self-report (CONTRACT §4)', () => {
  const stack = new TestStack('self_report', {
    SELF_REPORT_RATE_LIMIT: '1000',
    SELF_REPORT_MAX_IN_FLIGHT: '1000',
    SELF_REPORT_MAX_CONCURRENT_PER_KEY: '1000',
    SELF_REPORT_REQUEUE_MS: '300',
  });
  let api: INestApplication;
  let ds: DataSource;
  let adminToken: string;
  let inspectorToken: string;
  let supervisorToken: string;
  let employerA: number;
  let employerB: number;
  let keyA: string;
  let keyB: string;

  const http = () => request(api.getHttpServer());
  const reportCount = async () =>
    Number(((await ds.query('SELECT COUNT(*) AS n FROM self_reports')) as { n: number }[])[0]!.n);

  const submitJson = (key: string, body: unknown, idem?: string) => {
    const r = http().post('/api/v1/self-reports').set(bearer(key));
    if (idem) r.set('Idempotency-Key', idem);
    return r.send(body as object);
  };
  const submitCsv = (key: string, files: Record<string, string | Buffer>, idem?: string) => {
    const r = http().post('/api/v1/self-reports').set(bearer(key));
    if (idem) r.set('Idempotency-Key', idem);
    for (const [name, content] of Object.entries(files))
      r.attach(name, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
    return r;
  };
  const processed = (id: number, token = adminToken): Promise<Report> =>
    eventually(async () => {
      const r = await http().get(`/api/v1/self-reports/${id}`).set(bearer(token));
      return r.body.status === 'processed' || r.body.status === 'failed' ? (r.body as Report) : undefined;
    }, 30_000);
  const submitAndWait = async (key: string, body: unknown): Promise<Report> => {
    const res = await submitJson(key, body);
    expect(res.status).toBe(202);
    return processed(res.body.id as number);
  };
  /** The worker as this employer reported them (names are per employer: migration 1764000000920). */
  const reportedWorker = async (employerId: number, workerNik: string) =>
    (
      (await ds.query(
        `SELECT ew.name, ew.birth_date FROM employer_workers ew JOIN workers w ON w.id = ew.worker_id
          WHERE ew.employer_id = ? AND w.nik = ?`,
        [employerId, workerNik],
      )) as { name: string | null; birth_date: string | null }[]
    )[0];
  const errorsOf = (r: Report) => r.errors.map((e) => `${e.entity}[${e.index}].${e.field}`);

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const seed = new Seed(ds);
    employerA = await seed.employer({ name: 'PT Sangatta Jaya' });
    employerB = await seed.employer({ name: 'PT Bengalon Makmur' });
    const admin = await stack.createUser('admin');
    const inspector = await stack.createUser('inspector');
    const supervisor = await stack.createUser('supervisor');
    api = await stack.startApi();
    await stack.startWorker();
    adminToken = await login(api, admin.email, admin.password);
    inspectorToken = await login(api, inspector.email, inspector.password);
    supervisorToken = await login(api, supervisor.email, supervisor.password);
    const mk = async (id: number) =>
      (await http().post(`/api/v1/employers/${id}/api-keys`).set(bearer(adminToken)).send({}).expect(201))
        .body.key as string;
    keyA = await mk(employerA);
    keyB = await mk(employerB);
  }, 120_000);
  afterAll(() => stack.teardown());

  it('JSON: stores, answers 202 with Location, processes the rows, and re-evaluates the employer', async () => {
    const body = {
      workers: [{ nik: '6408014107950003', name: 'Siti Rahmawati', birthDate: '1995-07-01' }],
      contracts: [
        {
          ref: 'PKWT-2024-017',
          nik: '6408014107950003',
          type: 'PKWT',
          startDate: '2024-01-01',
          endDate: '2024-12-31',
          monthlyWage: 3900000,
          position: 'Operator',
          compensationPaid: 3900000,
          compensationPaidOn: '2025-01-03',
        },
      ],
      enrolments: [
        {
          nik: '6408014107950003',
          kpj: '24011234567',
          programs: ['JKK', 'JKM', 'JHT', 'JP'],
          effectiveFrom: '2024-01-01',
          effectiveTo: null,
          reportedWage: 3900000,
        },
      ],
    };
    const res = await submitJson(keyA, body);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(Number), status: 'queued' });
    expect(res.headers.location).toBe(`/api/v1/self-reports/${res.body.id}`);

    const r = await processed(res.body.id, keyA);
    expect(r).toMatchObject({
      id: res.body.id,
      employerId: employerA,
      status: 'processed',
      counts: {
        workers: { accepted: 1, rejected: 0 },
        contracts: { accepted: 1, rejected: 0 },
        enrolments: { accepted: 1, rejected: 0 },
      },
      errors: [],
    });
    expect(Date.parse(r.receivedAt)).not.toBeNaN();
    expect(Date.parse(r.processedAt!)).toBeGreaterThanOrEqual(Date.parse(r.receivedAt));

    const [c] = await ds.query('SELECT * FROM contracts WHERE employer_id = ? AND ref = ?', [
      employerA,
      'PKWT-2024-017',
    ]);
    expect(c).toMatchObject({
      type: 'PKWT',
      start_date: '2024-01-01',
      end_date: '2024-12-31',
      monthly_wage: 3900000,
      position: 'Operator',
      compensation_paid_on: '2025-01-03',
      source: 'self_report',
      self_report_id: res.body.id,
    });
    expect(Number(c.compensation_paid)).toBe(3900000);
    const [e] = await ds.query('SELECT * FROM enrolments WHERE employer_id = ?', [employerA]);
    expect(e).toMatchObject({ kpj: '24011234567', programs: 'JKK,JKM,JHT,JP', effective_to: null });
    const w = await reportedWorker(employerA, '6408014107950003');
    expect(w).toMatchObject({ name: 'Siti Rahmawati', birth_date: '1995-07-01' });

    // Re-evaluated without a sweep: the evaluation job marks the report.
    const evaluated = await eventually(async () => {
      const g = (await http().get(`/api/v1/self-reports/${res.body.id}`).set(bearer(keyA))).body as Report;
      return g.evaluation.status === 'completed' ? g : undefined;
    });
    expect(Date.parse(evaluated.evaluation.finishedAt!)).not.toBeNaN();
  });

  it('CSV: BOM, CRLF, quoted fields with commas, quotes and line breaks; programs split by "|"', async () => {
    const w =
      '\ufeffnik,name,birthDate\r\n' + `${nik(11, '120388')},"Rahmawati, Siti ""Ita""",1988-03-12\r\n`;
    const c =
      'ref,nik,type,startDate,endDate,monthlyWage,position\r\n' +
      `"K-001",${nik(11, '120388')},PKWTT,2023-05-01,,5100000,"Operator\r\nalat berat, shift 2"\r\n`;
    const e =
      'nik,kpj,programs,effectiveFrom,effectiveTo,reportedWage\r\n' +
      `${nik(11, '120388')},24019999999,JKK|JKM|JHT,2023-05-01,,5100000\r\n`;
    const res = await submitCsv(keyA, { 'workers.csv': w, 'contracts.csv': c, 'enrolments.csv': e });
    expect(res.status).toBe(202);
    const r = await processed(res.body.id);
    expect(r.errors).toEqual([]);
    expect(r.counts).toEqual({
      workers: { accepted: 1, rejected: 0 },
      contracts: { accepted: 1, rejected: 0 },
      enrolments: { accepted: 1, rejected: 0 },
    });
    const worker = await reportedWorker(employerA, nik(11, '120388'));
    expect(worker).toEqual({ name: 'Rahmawati, Siti "Ita"', birth_date: '1988-03-12' });
    const [contract] = await ds.query('SELECT * FROM contracts WHERE employer_id = ? AND ref = ?', [
      employerA,
      'K-001',
    ]);
    expect(contract).toMatchObject({
      type: 'PKWTT',
      end_date: null,
      position: 'Operator\r\nalat berat, shift 2',
    });
    const [enrol] = await ds.query('SELECT programs FROM enrolments WHERE kpj = ?', ['24019999999']);
    expect(enrol.programs).toBe('JKK,JKM,JHT');
  });

  it('CSV from a spreadsheet in an Indonesian locale (";" separated, headers in other case) is read', async () => {
    const w = 'NIK;Name;Birth Date\n' + `${nik(12, '010190')};Budi Santoso;1990-01-01\n`;
    const res = await submitCsv(keyA, { 'workers.csv': w });
    expect(res.status).toBe(202);
    const r = await processed(res.body.id);
    expect(r.counts.workers).toEqual({ accepted: 1, rejected: 0 });
    const worker = await reportedWorker(employerA, nik(12, '010190'));
    expect(worker!.name).toBe('Budi Santoso');
  });

  it('every row rule: each failing row is rejected with its field, each passing row is accepted', async () => {
    const ok = nik(21, '150685'); // a man born 1985-06-15
    const okWoman = nik(22, '550685'); // a woman born 1985-06-15
    const workers: unknown[] = [
      { nik: ok, name: 'Pass', birthDate: '1985-06-15' }, // 0 pass
      { nik: okWoman, name: 'Pass woman (DD + 40)', birthDate: '1985-06-15' }, // 1 pass
      { nik: nik(23).slice(1), name: 'Short NIK' }, // 2 nik: 15 digits
      { nik: '64080141079500AB', name: 'Letters' }, // 3 nik: not digits
      { nik: nik(24, '321395'), name: 'Bad month' }, // 4 nik: no such date (DD 32, MM 13)
      { nik: nik(25, '300295'), name: 'Feb 30' }, // 5 nik: 30 February
      { nik: nik(26, '150685') }, // 6 name missing
      { nik: nik(27, '150685'), name: 'Bad date', birthDate: '1985-02-30' }, // 7 birthDate not real
      { nik: nik(28, '150685'), name: 'Mismatch', birthDate: '1986-06-15' }, // 8 birthDate ≠ NIK
      { nik: nik(29, '150685'), name: 'Extra', shoeSize: 42 }, // 9 unknown field
      'not an object', // 10 not an object
      { nik: nik(30, '150685'), name: 'No birth date is fine' }, // 11 pass
    ];
    const contract = (o: Record<string, unknown>) => ({
      ref: 'R',
      nik: ok,
      type: 'PKWT',
      startDate: '2024-01-01',
      endDate: '2024-06-30',
      monthlyWage: 4000000,
      ...o,
    });
    const contracts = [
      contract({ ref: 'C0' }), // 0 pass
      contract({ ref: 'C1', type: 'KONTRAK' }), // 1 type
      contract({ ref: 'C2', endDate: null }), // 2 PKWT needs endDate
      contract({ ref: 'C3', type: 'PKWTT', endDate: null }), // 3 pass: permanent, open-ended
      contract({ ref: 'C4', endDate: '2023-12-31' }), // 4 endDate before startDate
      contract({ ref: 'C5', monthlyWage: 0 }), // 5 wage not positive
      contract({ ref: 'C6', monthlyWage: 3900000.5 }), // 6 wage not whole
      contract({ ref: 'C7', monthlyWage: '3.900.000' }), // 7 wage with dots
      contract({ ref: 'C8', startDate: '2024-13-01' }), // 8 startDate not real
      contract({ ref: 'C9', nik: nik(99, '150685') }), // 9 unknown worker
      contract({ ref: undefined }), // 10 ref missing
      contract({ ref: 'C11', startDate: '2024-03-01', endDate: '2024-03-01', monthlyWage: '4100000' }), // 11 pass
      contract({ ref: 'C12', nik: nik(23).slice(1) }), // 12 nik invalid
      contract({ ref: 'C13', nik: okWoman, type: 'pkwt' }), // 13 pass: type case-insensitive
    ];
    const enrolment = (o: Record<string, unknown>) => ({
      nik: ok,
      kpj: '24011234567',
      programs: ['JKK', 'JKM'],
      effectiveFrom: '2024-01-01',
      effectiveTo: null,
      reportedWage: 4000000,
      ...o,
    });
    const enrolments = [
      enrolment({}), // 0 pass
      enrolment({ effectiveFrom: '2024-02-01', kpj: '2401123456' }), // 1 kpj 10 digits
      enrolment({ effectiveFrom: '2024-03-01', programs: [] }), // 2 programs empty
      enrolment({ effectiveFrom: '2024-04-01', programs: ['JKK', 'JKN'] }), // 3 unknown program
      enrolment({ effectiveFrom: '2024-05-01', effectiveTo: '2024-04-30' }), // 4 effectiveTo before from
      enrolment({ effectiveFrom: '2024-06-01', reportedWage: -1 }), // 5 wage negative
      enrolment({ effectiveFrom: '2024-07-31', programs: ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] }), // 6 pass
      enrolment({ effectiveFrom: '2024-08-32' }), // 7 date not real
      enrolment({ nik: nik(98, '150685') }), // 8 unknown worker
      enrolment({ effectiveFrom: '2024-09-01', reportedWage: null }), // 9 pass: wage optional
    ];
    const r = await submitAndWait(keyA, { workers, contracts, enrolments });
    expect(r.status).toBe('processed');
    expect(errorsOf(r)).toEqual([
      'workers[2].nik',
      'workers[3].nik',
      'workers[4].nik',
      'workers[5].nik',
      'workers[6].name',
      'workers[7].birthDate',
      'workers[8].birthDate',
      'workers[9].shoeSize',
      'workers[10].null',
      'contracts[1].type',
      'contracts[2].endDate',
      'contracts[4].endDate',
      'contracts[5].monthlyWage',
      'contracts[6].monthlyWage',
      'contracts[7].monthlyWage',
      'contracts[8].startDate',
      'contracts[9].nik',
      'contracts[10].ref',
      'contracts[12].nik',
      'enrolments[1].kpj',
      'enrolments[2].programs',
      'enrolments[3].programs',
      'enrolments[4].effectiveTo',
      'enrolments[5].reportedWage',
      'enrolments[7].effectiveFrom',
      'enrolments[8].nik',
    ]);
    expect(r.counts).toEqual({
      workers: { accepted: 3, rejected: 9 },
      contracts: { accepted: 4, rejected: 10 },
      enrolments: { accepted: 3, rejected: 7 },
    });
    expect(r.errorCount).toBe(26);
    // Messages in English and Indonesian, without the row's NIK.
    for (const e of r.errors) {
      expect(e.message).toMatch(/ \/ /);
      expect(e.message).not.toMatch(/\d{16}/);
    }
    expect(r.errors.find((e) => e.field === 'nik')!.message).toMatch(/16 digits.*NIK harus 16 digit/);
    const refs = (
      (await ds.query('SELECT ref FROM contracts WHERE employer_id = ? AND ref LIKE ? ORDER BY ref', [
        employerA,
        'C%',
      ])) as { ref: string }[]
    ).map((x) => x.ref);
    expect(refs).toEqual(['C0', 'C11', 'C13', 'C3']);
    const froms = (
      (await ds.query(
        'SELECT e.effective_from AS f FROM enrolments e JOIN workers w ON w.id = e.worker_id WHERE w.nik = ? ORDER BY f',
        [ok],
      )) as { f: string }[]
    ).map((x) => x.f);
    expect(froms).toEqual(['2024-01-01', '2024-07-31', '2024-09-01']);
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM workers WHERE nik IN (?)', [
      [ok, okWoman, nik(30, '150685'), nik(26, '150685'), nik(28, '150685')],
    ]);
    expect(Number(n)).toBe(3);
  });

  it('a mixed CSV batch: good rows land, bad rows are reported with entity, 0-based index and field', async () => {
    const n1 = nik(41, '010101');
    const w = `nik,name\n${n1},Andi\n${nik(42, '990101')},Bad NIK\n`;
    const c =
      'ref,nik,type,startDate,endDate,monthlyWage\n' +
      `M-1,${n1},PKWT,2024-01-01,2024-12-31,3500000\n` +
      `M-2,${n1},PKWT,2024-01-01,,3500000\n` +
      `M-3,${n1},PKWT,2024-01-01,2024-12-31\n` + // one field short: an unreadable row
      `M-4,${n1},PKWT,2025-01-01,2025-12-31,3600000\n`;
    const res = await submitCsv(keyA, { 'workers.csv': w, 'contracts.csv': c });
    expect(res.status).toBe(202);
    const r = await processed(res.body.id);
    expect(errorsOf(r)).toEqual(['workers[1].nik', 'contracts[1].endDate', 'contracts[2].null']);
    expect(r.counts.contracts).toEqual({ accepted: 2, rejected: 2 });
    expect(r.counts.enrolments).toEqual({ accepted: 0, rejected: 0 });
    const refs = (
      (await ds.query('SELECT ref FROM contracts WHERE employer_id = ? AND ref LIKE ? ORDER BY ref', [
        employerA,
        'M-%',
      ])) as { ref: string }[]
    ).map((x) => x.ref);
    expect(refs).toEqual(['M-1', 'M-4']);
  });

  it('resubmission corrects a row (by its key); nothing is deleted; a later duplicate in one submission wins', async () => {
    const n1 = nik(51, '050592');
    await submitAndWait(keyA, {
      workers: [{ nik: n1, name: 'Dewi' }],
      contracts: [
        {
          ref: 'FIX-1',
          nik: n1,
          type: 'PKWT',
          startDate: '2024-01-01',
          endDate: '2024-12-31',
          monthlyWage: 3000000,
        },
        {
          ref: 'KEEP-1',
          nik: n1,
          type: 'PKWT',
          startDate: '2023-01-01',
          endDate: '2023-12-31',
          monthlyWage: 3000000,
        },
      ],
      enrolments: [{ nik: n1, kpj: '24010000001', programs: ['JKK'], effectiveFrom: '2024-01-01' }],
    });
    const second = await submitAndWait(keyA, {
      workers: [{ nik: n1, name: 'Dewi Lestari', birthDate: '1992-05-05' }],
      contracts: [
        {
          ref: 'FIX-1',
          nik: n1,
          type: 'PKWT',
          startDate: '2024-02-01',
          endDate: '2024-12-31',
          monthlyWage: 3100000,
        },
        {
          ref: 'FIX-1',
          nik: n1,
          type: 'PKWT',
          startDate: '2024-02-01',
          endDate: '2025-01-31',
          monthlyWage: 3200000,
        },
      ],
      enrolments: [
        { nik: n1, kpj: '24010000001', programs: ['JKK', 'JKM', 'JHT'], effectiveFrom: '2024-01-01' },
      ],
    });
    expect(second.counts.contracts).toEqual({ accepted: 2, rejected: 0 });
    const rows = (await ds.query(
      'SELECT ref, start_date, end_date, monthly_wage, self_report_id FROM contracts WHERE employer_id = ? AND ref IN (?) ORDER BY ref',
      [employerA, ['FIX-1', 'KEEP-1']],
    )) as Record<string, unknown>[];
    expect(rows).toEqual([
      {
        ref: 'FIX-1',
        start_date: '2024-02-01',
        end_date: '2025-01-31',
        monthly_wage: 3200000,
        self_report_id: second.id,
      },
      expect.objectContaining({ ref: 'KEEP-1', start_date: '2023-01-01' }),
    ]);
    const enrols = await ds.query(
      'SELECT programs FROM enrolments e JOIN workers w ON w.id = e.worker_id WHERE w.nik = ?',
      [n1],
    );
    expect(enrols).toEqual([{ programs: 'JKK,JKM,JHT' }]);
    const w = await reportedWorker(employerA, n1);
    expect(w).toEqual({ name: 'Dewi Lestari', birth_date: '1992-05-05' });
  });

  it('Idempotency-Key: same key and body → the first report; same key, other body → 422; races give one report', async () => {
    const body = { workers: [{ nik: nik(61, '010203'), name: 'Idem' }] };
    const before = await reportCount();
    const first = await submitJson(keyA, body, 'idem-1');
    expect(first.status).toBe(202);
    // The same content with keys in another order is the same body.
    const again = await submitJson(keyA, { workers: [{ name: 'Idem', nik: nik(61, '010203') }] }, 'idem-1');
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ id: first.body.id, status: 'queued' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(`/api/v1/self-reports/${first.body.id}`);

    const other = await submitJson(keyA, { workers: [{ nik: nik(61, '010203'), name: 'Other' }] }, 'idem-1');
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    // Same key, CSV instead: another body.
    const csv = await submitCsv(keyA, { 'workers.csv': `nik,name\n${nik(61, '010203')},Idem\n` }, 'idem-1');
    expect(csv.status).toBe(422);
    // Keys are per employer: B may use the same key.
    const b = await submitJson(keyB, body, 'idem-1');
    expect(b.status).toBe(202);
    expect(b.body.id).not.toBe(first.body.id);

    const race = await Promise.all([1, 2, 3, 4].map(() => submitJson(keyA, body, 'idem-race')));
    expect(race.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(race.map((r) => r.body.id)).size).toBe(1);
    expect(await reportCount()).toBe(before + 3);
    await processed(first.body.id);
  });

  it("another employer's key gets 404 for the report; lists show the caller's own; users read any", async () => {
    const mine = await submitAndWait(keyA, { workers: [{ nik: nik(71, '010203'), name: 'A' }] });
    const theirs = await submitJson(keyB, { workers: [{ nik: nik(72, '010203'), name: 'B' }] });
    expect((await http().get(`/api/v1/self-reports/${mine.id}`).set(bearer(keyB))).status).toBe(404);
    expect((await http().get(`/api/v1/self-reports/${theirs.body.id}`).set(bearer(keyA))).status).toBe(404);
    expect((await http().get(`/api/v1/self-reports/999999`).set(bearer(keyA))).status).toBe(404);
    expect((await http().get(`/api/v1/self-reports/${mine.id}`).set(bearer(inspectorToken))).status).toBe(
      200,
    );
    expect(
      (await http().get(`/api/v1/self-reports/${theirs.body.id}`).set(bearer(supervisorToken))).status,
    ).toBe(200);

    const listB = (await http().get('/api/v1/self-reports').set(bearer(keyB)).expect(200)).body;
    expect(listB.items.length).toBeGreaterThan(0);
    expect(listB.items.every((i: Report) => i.employerId === employerB)).toBe(true);
    // An employer cannot widen its list.
    const sneaky = (await http().get(`/api/v1/self-reports?employerId=${employerA}`).set(bearer(keyB))).body;
    expect(sneaky.items.every((i: Report) => i.employerId === employerB)).toBe(true);

    // Users: everything, newest first, paged, filterable.
    const page1 = (await http().get('/api/v1/self-reports?limit=2').set(bearer(inspectorToken)).expect(200))
      .body;
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0].id).toBeGreaterThan(page1.items[1].id);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (
      await http()
        .get(`/api/v1/self-reports?limit=2&cursor=${page1.nextCursor}`)
        .set(bearer(inspectorToken))
        .expect(200)
    ).body;
    expect(page2.items[0].id).toBeLessThan(page1.items[1].id);
    const onlyA = (
      await http().get(`/api/v1/self-reports?employerId=${employerA}&limit=100`).set(bearer(inspectorToken))
    ).body;
    expect(onlyA.items.length).toBeGreaterThan(1);
    expect(onlyA.items.every((i: Report) => i.employerId === employerA)).toBe(true);

    // Users cannot submit as an employer; no credentials → 401.
    expect((await submitJson(adminToken, { workers: [{ nik: nik(73), name: 'x' }] })).status).toBe(403);
    expect((await http().post('/api/v1/self-reports').send({ workers: [] })).status).toBe(401);
  });

  it('unparseable, wrongly shaped or wrongly typed bodies → 400/415 and nothing is stored', async () => {
    const before = await reportCount();
    const cases: [request.Test, number][] = [
      [
        http()
          .post('/api/v1/self-reports')
          .set(bearer(keyA))
          .set('Content-Type', 'application/json')
          .send('{"workers": ['),
        400,
      ],
      [submitJson(keyA, []), 400],
      [submitJson(keyA, { workers: [] }), 400],
      [submitJson(keyA, { workers: 'abc' }), 400],
      [submitJson(keyA, { employees: [{ nik: nik(1), name: 'x' }] }), 400],
      [
        http()
          .post('/api/v1/self-reports')
          .set(bearer(keyA))
          .set('Content-Type', 'text/csv')
          .send('nik,name\n'),
        415,
      ],
      [http().post('/api/v1/self-reports').set(bearer(keyA)), 415],
      [submitCsv(keyA, { 'staff.csv': 'nik,name\n1,2\n' }), 400],
      [submitCsv(keyA, { 'workers.csv': 'nik,nama\n1,2\n' }), 400],
      [submitCsv(keyA, { 'contracts.csv': 'ref,nik,type,startDate,endDate\nA,1,PKWT,2024-01-01,\n' }), 400],
      [submitCsv(keyA, { 'workers.csv': 'nik,name\n' }), 400],
      [submitCsv(keyA, { 'workers.csv': '' }), 400],
      [
        http()
          .post('/api/v1/self-reports')
          .set(bearer(keyA))
          .set('Idempotency-Key', 'bad key with spaces')
          .send({ workers: [{ nik: nik(1), name: 'x' }] }),
        400,
      ],
    ];
    for (const [req, status] of cases) {
      const res = await req;
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
        status,
        type: expect.stringMatching(/application\/problem\+json/),
      });
    }
    const missingColumn = await submitCsv(keyA, {
      'contracts.csv': 'ref,nik,type,startDate\nA,1,PKWT,2024-01-01\n',
    });
    expect(missingColumn.body.errors).toContainEqual({
      path: 'contracts.csv',
      message: 'the column monthlyWage is missing',
    });
    expect(await reportCount()).toBe(before);
  });

  it('CSV templates: header and one example row, accepted as-is when submitted', async () => {
    const files: Record<string, string> = {};
    for (const entity of ['workers', 'contracts', 'enrolments']) {
      const res = await http()
        .get(`/api/v1/self-reports/templates/${entity}.csv`)
        .set(bearer(keyA))
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.text.trim().split(/\r\n/);
      expect(lines).toHaveLength(2);
      files[`${entity}.csv`] = res.text;
    }
    expect(files['contracts.csv']!.split('\r\n')[0]).toBe(
      'ref,nik,type,startDate,endDate,monthlyWage,position,compensationPaid,compensationPaidOn',
    );
    await http().get('/api/v1/self-reports/templates/workers.csv').set(bearer(inspectorToken)).expect(200);
    await http().get('/api/v1/self-reports/templates/payroll.csv').set(bearer(keyA)).expect(404);
    const res = await submitCsv(keyB, files);
    const r = await processed(res.body.id);
    expect(r.errors).toEqual([]);
    const [c] = (await ds.query(
      'SELECT compensation_paid AS paid, compensation_paid_on AS paidOn FROM contracts WHERE employer_id = ?',
      [employerB],
    )) as { paid: string | number; paidOn: string }[];
    expect([Number(c!.paid), c!.paidOn]).toEqual([3900000, '2025-01-03']);
    expect(r.counts).toEqual({
      workers: { accepted: 1, rejected: 0 },
      contracts: { accepted: 1, rejected: 0 },
      enrolments: { accepted: 1, rejected: 0 },
    });
  });

  it('sponsored coverage (admin): JSON and CSV, same row rules, upsert by (nik, effectiveFrom)', async () => {
    const rows = [
      {
        nik: nik(81, '121280'),
        programs: ['JKK', 'JKM'],
        effectiveFrom: '2025-01-01',
        effectiveTo: '2025-12-31',
        district: 'Bengalon',
      },
      { nik: nik(82, '121280'), programs: ['JKK', 'JKM'], effectiveFrom: '2025-01-01', effectiveTo: null },
      { nik: nik(83, '121280'), programs: ['JHT'], effectiveFrom: '2025-01-01', district: 'Jakarta Selatan' },
      { nik: nik(84, '991380'), programs: ['JKK'], effectiveFrom: '2025-01-01' },
    ];
    expect((await http().post('/api/v1/sponsored-coverage').set(bearer(keyA)).send({ rows })).status).toBe(
      403,
    );
    expect(
      (await http().post('/api/v1/sponsored-coverage').set(bearer(supervisorToken)).send({ rows })).status,
    ).toBe(403);
    const res = await http().post('/api/v1/sponsored-coverage').set(bearer(adminToken)).send({ rows });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/v1/self-reports/${res.body.id}`);
    const r = await processed(res.body.id);
    expect(r).toMatchObject({
      employerId: null,
      kind: 'sponsored',
      counts: { rows: { accepted: 2, rejected: 2 } },
    });
    expect(errorsOf(r)).toEqual(['rows[2].district', 'rows[3].nik']);
    // An employer key cannot see the upload.
    expect((await http().get(`/api/v1/self-reports/${res.body.id}`).set(bearer(keyA))).status).toBe(404);

    const csv =
      'nik,programs,effectiveFrom,effectiveTo,district\r\n' +
      `${nik(81, '121280')},JKK|JKM|JHT,2025-01-01,2025-06-30,sangatta utara\r\n` +
      `${nik(85, '121280')},JKK|JKM,2025-02-01,,\r\n`;
    const up = await http()
      .post('/api/v1/sponsored-coverage')
      .set(bearer(adminToken))
      .attach('file', Buffer.from(csv), 'pekerja-rentan.csv');
    expect(up.status).toBe(202);
    const r2 = await processed(up.body.id);
    expect(r2.counts).toEqual({ rows: { accepted: 2, rejected: 0 } });
    const got = await ds.query(
      'SELECT nik, programs, effective_from, effective_to, district FROM sponsored_coverage ORDER BY nik',
    );
    expect(got).toEqual([
      {
        nik: nik(81, '121280'),
        programs: 'JKK,JKM,JHT',
        effective_from: '2025-01-01',
        effective_to: '2025-06-30',
        district: 'Sangatta Utara',
      },
      {
        nik: nik(82, '121280'),
        programs: 'JKK,JKM',
        effective_from: '2025-01-01',
        effective_to: null,
        district: null,
      },
      {
        nik: nik(85, '121280'),
        programs: 'JKK,JKM',
        effective_from: '2025-02-01',
        effective_to: null,
        district: null,
      },
    ]);
    await http().get('/api/v1/sponsored-coverage/template.csv').set(bearer(adminToken)).expect(200);
  });

  it('a report stored but never enqueued (Redis was down) is picked up by the worker poller', async () => {
    const body = JSON.stringify({ workers: [{ name: 'Poller', nik: nik(91, '010203') }] });
    const res = (await ds.query(
      `INSERT INTO self_reports (kind, employer_id, body_hash, format, status, received_at) VALUES ('employer', ?, ?, 'json', 'queued', ?)`,
      [employerA, 'x'.repeat(64), new Date(Date.now() - 120_000)],
    )) as { insertId: number };
    await ds.query('INSERT INTO self_report_parts (self_report_id, part, seq, data) VALUES (?, ?, 0, ?)', [
      res.insertId,
      'json',
      Buffer.from(body),
    ]);
    const r = await processed(Number(res.insertId));
    expect(r.counts.workers).toEqual({ accepted: 1, rejected: 0 });
  });
});
