import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { todayIn } from '@patuh/config';
import { riskScore } from '@patuh/cases';
import { addDays } from '@patuh/rules';
import { bearer, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

const RANK: Record<string, number> = { critical: 1, high: 2, medium: 3, low: 4 };

describe('inspection priority and statistics: risk ranking, employer profile, /stats, /stats/annual', () => {
  const stack = new TestStack('stats', {
    SPONSORED_TARGET: '1000',
    SPONSORED_TARGET_BY_DISTRICT: '{"Bengalon":4}',
  });
  let api: INestApplication;
  let ds: DataSource;
  let seed: Seed;
  const tok: Record<string, string> = {};
  const e: Record<string, number> = {};
  let keyE1: string;
  let subject = 0;
  const today = todayIn('Asia/Makassar');
  const http = () => request(api.getHttpServer());

  const insertCase = async (c: {
    employerId: number;
    rule: string;
    severity: string;
    status?: string;
    district: string;
    nik?: string | null;
    amount?: number;
    at?: Date;
  }) => {
    const at = c.at ?? new Date();
    const res = (await ds.query(
      `INSERT INTO cases (rule, employer_id, subject_key, worker_nik, district, severity, severity_rank, status, summary, summary_id,
         evidence, evidence_hash, legal_basis, rulebook_version, amount_at_stake, first_detected_at, last_detected_at, due_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 's', 's', '{}', ?, 'basis', '1', ?, ?, ?, ?, ?)`,
      [
        c.rule,
        c.employerId,
        `${c.nik ?? ''}|${++subject}`,
        c.nik ?? null,
        c.district,
        c.severity,
        RANK[c.severity],
        c.status ?? 'open',
        '0'.repeat(40),
        c.amount ?? 0,
        at,
        at,
        at,
        at,
      ],
    )) as { insertId: number };
    return Number(res.insertId);
  };

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    for (const role of ['admin', 'supervisor', 'inspector'] as const) await stack.createUser(role);
    api = await stack.startApi();
    for (const role of ['admin', 'supervisor', 'inspector'])
      tok[role] = await login(api, `${role}@test.local`, 'password-123');

    e.E1 = await seed.employer({ name: 'PT Satu', district: 'Bengalon' });
    e.E2 = await seed.employer({ name: 'PT Dua', district: 'Bengalon', npp: null });
    e.E3 = await seed.employer({ name: 'PT Tiga', district: 'Telen' });
    e.E4 = await seed.employer({ name: 'PT Empat', district: 'Sangatta Utara' });

    // Formal workers today: w1 (E1, enrolled; also at E3, not enrolled there), w2 (E1, not enrolled), w4 (E3,
    // enrolment lapsed yesterday). w3's contract ended in 2021.
    const w1 = await seed.worker('6408010101900001');
    const w2 = await seed.worker('6408010202900002');
    const w3 = await seed.worker('6408010303900003');
    const w4 = await seed.worker('6408010404900004');
    await seed.contract({
      employerId: e.E1,
      workerId: w1,
      ref: 'E1-1',
      type: 'PKWTT',
      start: '2020-01-01',
      end: null,
    });
    await seed.enrolment({ employerId: e.E1, workerId: w1, from: '2020-01-01' });
    await seed.contract({
      employerId: e.E3,
      workerId: w1,
      ref: 'E3-1',
      start: addDays(today, -30),
      end: addDays(today, 30),
    });
    await seed.contract({
      employerId: e.E1,
      workerId: w2,
      ref: 'E1-2',
      start: addDays(today, -100),
      end: addDays(today, 100),
    });
    await seed.contract({
      employerId: e.E1,
      workerId: w3,
      ref: 'E1-3',
      start: '2019-01-01',
      end: '2021-06-30',
    });
    await seed.contract({
      employerId: e.E3,
      workerId: w4,
      ref: 'E3-2',
      start: addDays(today, -200),
      end: addDays(today, 200),
    });
    await seed.enrolment({
      employerId: e.E3,
      workerId: w4,
      from: addDays(today, -200),
      to: addDays(today, -1),
    });

    // Sponsored (pekerja rentan) list: covering today s1 (two rows), s3; not s2 (expired) nor s4 (future).
    const sponsored = [
      ['6408011111900001', '2024-01-01', null, 'Bengalon'],
      ['6408011111900001', '2023-01-01', '2023-12-31', 'Bengalon'],
      ['6408012222900002', '2023-01-01', addDays(today, -1), 'Bengalon'],
      ['6408013333900003', '2022-01-01', null, 'Telen'],
      ['6408014444900004', addDays(today, 1), null, 'Telen'],
    ];
    for (const [nik, from, to, district] of sponsored)
      await ds.query(
        `INSERT INTO sponsored_coverage (nik, programs, effective_from, effective_to, district) VALUES (?, 'JKK,JKM', ?, ?, ?)`,
        [nik, from, to, district],
      );

    // Cases. E1: 25 points over 2 workers, Rp 8,000,000. E2: 11 points, no worker. E3: 10 points over 5 workers, Rp 500,000.
    await insertCase({
      employerId: e.E1,
      rule: 'ENROLMENT_MISSING',
      severity: 'critical',
      district: 'Bengalon',
      nik: '6408010101900001',
      amount: 5_000_000,
    });
    await insertCase({
      employerId: e.E1,
      rule: 'ENROLMENT_MISSING',
      severity: 'critical',
      district: 'Bengalon',
      nik: '6408010202900002',
      amount: 3_000_000,
    });
    await insertCase({
      employerId: e.E1,
      rule: 'PKWT_SERIAL_RENEWAL',
      severity: 'high',
      status: 'in_review',
      district: 'Bengalon',
      nik: '6408010101900001',
    });
    await insertCase({
      employerId: e.E1,
      rule: 'ENROLMENT_LATE',
      severity: 'critical',
      status: 'resolved',
      district: 'Bengalon',
      nik: '6408010303900003',
      amount: 9_000_000,
    });
    await insertCase({
      employerId: e.E2,
      rule: 'EMPLOYER_UNREGISTERED',
      severity: 'critical',
      district: 'Bengalon',
    });
    await insertCase({
      employerId: e.E2,
      rule: 'SELF_REPORT_OVERDUE',
      severity: 'low',
      status: 'confirmed',
      district: 'Bengalon',
    });
    for (let i = 0; i < 5; i++)
      await insertCase({
        employerId: e.E3,
        rule: 'WAGE_UNDER_REPORTED',
        severity: 'medium',
        status: 'notice_sent',
        district: 'Telen',
        nik: `640801050590000${i}`,
        amount: 100_000,
      });
    await insertCase({
      employerId: e.E3,
      rule: 'WAGE_BELOW_MINIMUM',
      severity: 'high',
      status: 'dismissed',
      district: 'Telen',
      nik: '6408010404900004',
    });

    await seed.processedReport(e.E1, new Date('2025-01-10T00:00:00Z'));
    await seed.processedReport(e.E1, new Date('2025-06-10T00:00:00Z'));
    await ds.query(
      `INSERT INTO self_reports (kind, employer_id, body_hash, format, status, received_at, failure_reason) VALUES ('employer', ?, ?, 'json', 'failed', ?, 'bad')`,
      [e.E1, '1'.repeat(64), new Date('2025-07-01T00:00:00Z')],
    );
    const key = await http().post(`/api/v1/employers/${e.E1}/api-keys`).set(bearer(tok.admin!)).send({});
    keyE1 = key.body.key;
  });
  afterAll(() => stack.teardown());

  it('ranks employers to visit first by the documented risk score, with the reasons', async () => {
    const r = await http()
      .get('/api/v1/employers')
      .query({ sort: 'risk' })
      .set(bearer(tok.inspector!))
      .expect(200);
    const items = r.body.items as {
      id: number;
      name: string;
      riskScore: number;
      reasons: { rule: string; cases: number; workers: number; rupiahAtStake: number }[];
    }[];
    expect(items.map((i) => i.id)).toEqual([e.E1, e.E3, e.E2]);
    expect(items.map((i) => i.riskScore)).toEqual([
      riskScore(25, 2, 8_000_000),
      riskScore(10, 5, 500_000),
      riskScore(11, 0, 0),
    ]);
    expect(items[0]!.riskScore).toBeCloseTo(25 * (1 + Math.log2(3)) + 8, 2);
    expect(items[0]).toMatchObject({
      name: 'PT Satu',
      openCases: 3,
      workersAffected: 2,
      rupiahAtStake: 8_000_000,
      severityPoints: 25,
    });
    expect(items[0]!.reasons.map((x) => x.rule)).toEqual(['ENROLMENT_MISSING', 'PKWT_SERIAL_RENEWAL']);
    expect(items[0]!.reasons[0]).toMatchObject({
      cases: 2,
      workers: 2,
      rupiahAtStake: 8_000_000,
      severity: 'critical',
    });
    // paging and filters
    const p1 = await http()
      .get('/api/v1/employers')
      .query({ sort: 'risk', limit: 2 })
      .set(bearer(tok.inspector!))
      .expect(200);
    expect(p1.body.items.map((i: { id: number }) => i.id)).toEqual([e.E1, e.E3]);
    const p2 = await http()
      .get('/api/v1/employers')
      .query({ sort: 'risk', limit: 2, cursor: p1.body.nextCursor })
      .set(bearer(tok.inspector!))
      .expect(200);
    expect(p2.body).toMatchObject({ items: [expect.objectContaining({ id: e.E2 })], nextCursor: null });
    const telen = await http()
      .get('/api/v1/employers')
      .query({ sort: 'risk', district: 'telen' })
      .set(bearer(tok.inspector!))
      .expect(200);
    expect(telen.body.items.map((i: { id: number }) => i.id)).toEqual([e.E3]);
    expect((await http().get('/api/v1/employers').query({ sort: 'risk' }).set(bearer(keyE1))).status).toBe(
      403,
    );
    // the plain list is unchanged
    const plain = await http().get('/api/v1/employers').set(bearer(tok.inspector!)).expect(200);
    expect(plain.body.items.map((i: { id: number }) => i.id)).toEqual([e.E1, e.E2, e.E3, e.E4]);
    expect(plain.body.items[0].riskScore).toBeUndefined();
  });

  it('shows a compliance profile: workers, enrolled share, open cases, contract mix, self-reports, risk', async () => {
    const r = await http().get(`/api/v1/employers/${e.E1}`).set(bearer(tok.inspector!)).expect(200);
    expect(r.body.compliance).toMatchObject({
      workers: 3,
      activeWorkers: 2,
      enrolledActiveWorkers: 1,
      enrolledShare: 0.5,
      openCases: 3,
      openCasesByRule: { ENROLMENT_MISSING: 2, PKWT_SERIAL_RENEWAL: 1 },
      openCasesBySeverity: { critical: 2, high: 1, medium: 0, low: 0 },
      contractTypeMix: { all: { PKWT: 2, PKWTT: 1 }, active: { PKWT: 1, PKWTT: 1 } },
      selfReports: { processed: 2, lastProcessedAt: '2025-06-10T00:00:00.000Z' },
      risk: { riskScore: riskScore(25, 2, 8_000_000), openCases: 3 },
    });
    expect(r.body.compliance.selfReports.latest.map((x: { status: string }) => x.status)).toEqual([
      'failed',
      'processed',
      'processed',
    ]);
    const own = await http().get(`/api/v1/employers/${e.E1}`).set(bearer(keyE1)).expect(200);
    expect(own.body.compliance.risk).toBeUndefined();
    expect(own.body.compliance.selfReports.latest).toHaveLength(3);
    const e4 = await http().get(`/api/v1/employers/${e.E4}`).set(bearer(tok.inspector!)).expect(200);
    expect(e4.body.compliance.risk).toMatchObject({ riskScore: 0, reasons: [] });
  });

  it('GET /stats matches the hand counts', async () => {
    const r = await http().get('/api/v1/stats').set(bearer(tok.inspector!)).expect(200);
    expect(r.body.asOf).toBe(today);
    expect(r.body.openCases.total).toBe(10);
    expect(r.body.openCases.byRule).toMatchObject({
      ENROLMENT_MISSING: 2,
      PKWT_SERIAL_RENEWAL: 1,
      EMPLOYER_UNREGISTERED: 1,
      SELF_REPORT_OVERDUE: 1,
      WAGE_UNDER_REPORTED: 5,
      ENROLMENT_LATE: 0,
      WAGE_BELOW_MINIMUM: 0,
    });
    expect(r.body.openCases.bySeverity).toEqual({ critical: 3, high: 1, medium: 5, low: 1 });
    expect(r.body.openCases.byDistrict).toMatchObject({ Bengalon: 5, Telen: 5, 'Sangatta Utara': 0 });
    expect(Object.keys(r.body.openCases.byDistrict)).toHaveLength(18);
    expect(r.body.formalWorkers).toMatchObject({ total: 3, enrolled: 1, enrolledShare: 0.3333 });
    const fd = Object.fromEntries(
      r.body.formalWorkers.byDistrict.map((d: { district: string }) => [d.district, d]),
    );
    expect(fd.Bengalon).toMatchObject({ workers: 2, enrolled: 1, enrolledShare: 0.5 });
    expect(fd.Telen).toMatchObject({ workers: 2, enrolled: 0, enrolledShare: 0 });
    expect(r.body.sponsoredCoverage).toMatchObject({ covered: 2, target: 1000, share: 0.002 });
    const sd = Object.fromEntries(
      r.body.sponsoredCoverage.byDistrict.map((d: { district: string }) => [d.district, d]),
    );
    expect(sd.Bengalon).toEqual({ district: 'Bengalon', covered: 1, target: 4, share: 0.25 });
    expect(sd.Telen).toEqual({ district: 'Telen', covered: 1, target: null, share: null });
    expect((await http().get('/api/v1/stats').set(bearer(keyE1))).status).toBe(403);
  });

  it('GET /stats/annual counts workplaces, workers, violations by kind, notices and resolutions of the year', async () => {
    const year = Number(today.slice(0, 4));
    const c1 = await insertCase({
      employerId: e.E4,
      rule: 'ENROLMENT_MISSING',
      severity: 'high',
      district: 'Sangatta Utara',
      nik: '6408019999900001',
      at: new Date('2020-06-01T00:00:00Z'),
    });
    const c2 = await insertCase({
      employerId: e.E4,
      rule: 'PKWT_DURATION_EXCEEDED',
      severity: 'high',
      district: 'Sangatta Utara',
      nik: '6408019999900002',
      at: new Date('2020-06-01T00:00:00Z'),
    });
    // 2021-01-01 01:00 in Kutai Timur (WITA, UTC+8): a 2021 case, not a 2020 one.
    await insertCase({
      employerId: e.E4,
      rule: 'ENROLMENT_LATE',
      severity: 'low',
      district: 'Sangatta Utara',
      nik: '6408019999900003',
      at: new Date('2020-12-31T17:00:00Z'),
    });
    for (const to of ['in_review', 'confirmed', 'notice_sent', 'resolved'])
      await http()
        .post(`/api/v1/cases/${c1}/transition`)
        .set(bearer(tok.inspector!))
        .send({ to })
        .expect(200);
    await http()
      .post(`/api/v1/cases/${c2}/transition`)
      .set(bearer(tok.supervisor!))
      .send({ to: 'dismissed', note: 'left in 2019' })
      .expect(200);

    const y2020 = (
      await http().get('/api/v1/stats/annual').query({ year: 2020 }).set(bearer(tok.inspector!)).expect(200)
    ).body;
    expect(y2020).toMatchObject({
      year: 2020,
      workplaces: { liable: 1, inspected: 0, noticed: 0 },
      workersCovered: 2,
      violations: {
        total: 2,
        byRule: { ENROLMENT_MISSING: 1, PKWT_DURATION_EXCEEDED: 1, ENROLMENT_LATE: 0 },
      },
      noticesIssued: 0,
      casesResolved: { total: 0 },
    });
    const y2021 = (
      await http().get('/api/v1/stats/annual').query({ year: 2021 }).set(bearer(tok.inspector!)).expect(200)
    ).body;
    expect(y2021.violations).toMatchObject({ total: 1, byRule: { ENROLMENT_LATE: 1 } });

    const now = (
      await http().get('/api/v1/stats/annual').query({ year }).set(bearer(tok.inspector!)).expect(200)
    ).body;
    expect(now).toMatchObject({
      year,
      workplaces: { liable: 2, inspected: 1, noticed: 1, registered: 4 },
      workersCovered: 3,
      violations: { total: 12 },
      noticesIssued: 1,
      casesResolved: { total: 1, byInspector: 1, conditionCleared: 0 },
      casesDismissed: 1,
    });
    expect(now.violations.byRule).toMatchObject({
      ENROLMENT_MISSING: 2,
      WAGE_UNDER_REPORTED: 5,
      WAGE_BELOW_MINIMUM: 1,
    });
    expect((await http().get('/api/v1/stats/annual').set(bearer(tok.inspector!))).status).toBe(400);
    expect(
      (await http().get('/api/v1/stats/annual').query({ year: 'abc' }).set(bearer(tok.inspector!))).status,
    ).toBe(400);
  });
});
