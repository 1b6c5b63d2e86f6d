import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RULEBOOK_VERSION } from '@patuh/rules';
import { params } from '../libs/rules/test/helpers';
import { BpjsSeed } from './support/bpjs-seed';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

type Sweep = {
  id: number;
  status: string;
  casesOpened: number;
  casesResolved: number;
  casesReopened: number;
};
type CaseRow = {
  id: number;
  rule: string;
  employerId: number;
  nik: string | null;
  status: string;
  resolution: string | null;
  severity: string;
  evidenceHash: string;
  evidence: string;
  rulebookVersion: string;
};

/**
 * The BPJS records cross-check (issue #17, CONTRACT §6 and §9), seeded through SQL (test/support/bpjs-seed.ts):
 * a claimed enrolment BPJS does not hold, a wage lower at BPJS, contributions three months in arrears, an employer
 * no load covers (judged as before), a second sweep that changes nothing, a later load that clears the claim, and
 * a deleted load whose BPJS-only cases resolve with an event saying why.
 */
describe('BPJS records in the sweep (issue #17)', () => {
  const stack = new TestStack('bpjs-rules');
  let api: INestApplication;
  let ds: DataSource;
  let token: string;
  let seed: Seed;
  let bpjs: BpjsSeed;
  const ids: Record<string, number> = {};
  const loads: Record<string, number> = {};
  const AS_OF = '2025-06-10';
  const NPP = { u: '24000101', w: '24000102', a: '24000103', n: '24000104' };
  const NIK = {
    u1: '6408010101900101', // claims an enrolment BPJS does not hold
    u2: '6408010202900102', // held by BPJS, as claimed
    w1: '6408010303900103', // BPJS holds a lower wage than the contract's (which the employer reported)
    a1: '6408010404900104', // paid through February: 3 months in arrears on 10 June
    n1: '6408010505900105', // no load covers the employer: never enrolled
    n2: '6408010606900106', // no load covers the employer: enrolled as claimed
  };

  const sweep = async (): Promise<Sweep> => {
    const res = await request(api.getHttpServer())
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ asOf: AS_OF });
    expect(res.status).toBe(202);
    return eventually(async () => {
      const s = await request(api.getHttpServer()).get(`/api/v1/sweeps/${res.body.id}`).set(bearer(token));
      return ['completed', 'failed'].includes(s.body.status) ? (s.body as Sweep) : undefined;
    });
  };
  const cases = async (): Promise<CaseRow[]> =>
    (await ds.query(
      `SELECT id, rule, employer_id AS employerId, worker_nik AS nik, status, resolution, severity,
              evidence_hash AS evidenceHash, evidence, rulebook_version AS rulebookVersion
         FROM cases ORDER BY rule, employer_id, subject_key`,
    )) as CaseRow[];
  const of = (all: CaseRow[], rule: string, nik: string) =>
    all.filter((c) => c.rule === rule && c.nik === nik);
  const openOf = (all: CaseRow[], nik: string) =>
    all.filter((c) => c.nik === nik && c.status === 'open').map((c) => c.rule);

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    bpjs = new BpjsSeed(ds);
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    await stack.startWorker({ SCHEDULER_ENABLED: 'false' });
    token = await login(api, sup.email, sup.password);
    for (const k of ['u', 'w', 'a', 'n'] as const) {
      ids[k] = await seed.employer({ scale: 'medium', npp: NPP[k], district: 'Bengalon' });
      await seed.processedReport(ids[k], new Date('2025-06-01T02:00:00Z'));
    }
    const hire = async (employer: string, nik: keyof typeof NIK, enrolled: boolean) => {
      const w = await seed.worker(NIK[nik], `Pekerja ${nik}`, '1990-01-01');
      await seed.contract({
        employerId: ids[employer],
        workerId: w,
        ref: `K-${nik}`,
        type: 'PKWTT',
        start: '2025-01-01',
        end: null,
        wage: 5_000_000,
      });
      if (enrolled)
        await seed.enrolment({ employerId: ids[employer], workerId: w, from: '2025-01-01', wage: 5_000_000 });
    };
    await hire('u', 'u1', true);
    await hire('u', 'u2', true);
    await hire('w', 'w1', true);
    await hire('a', 'a1', true);
    await hire('n', 'n1', false);
    await hire('n', 'n2', true);
  }, 120_000);
  afterAll(() => stack.teardown());

  let before: CaseRow[] = [];

  it('without a load, every employer is judged on its own report', async () => {
    const s = await sweep();
    expect(s.status).toBe('completed');
    before = await cases();
    expect(openOf(before, NIK.n1)).toEqual(['ENROLMENT_MISSING']);
    for (const nik of [NIK.u1, NIK.u2, NIK.w1, NIK.a1, NIK.n2]) expect(openOf(before, nik)).toEqual([]);
    expect(before.every((c) => c.rulebookVersion === RULEBOOK_VERSION)).toBe(true);
  });

  it('judges coverage, wages and payments on the load: ENROLMENT_UNVERIFIED, WAGE_UNDER_REPORTED, CONTRIBUTION_ARREARS', async () => {
    loads.first = await bpjs.load(AS_OF, [
      { npp: NPP.u, nik: NIK.u2, effectiveFrom: '2025-01-01' },
      { npp: NPP.w, nik: NIK.w1, effectiveFrom: '2025-01-01', reportedWage: 3_500_000 },
      { npp: NPP.a, nik: NIK.a1, effectiveFrom: '2025-01-01', paidThrough: '2025-02' },
    ]);
    const s = await sweep();
    expect(s).toMatchObject({ status: 'completed', casesOpened: 3, casesResolved: 0 });
    const all = await cases();

    const [unverified] = of(all, 'ENROLMENT_UNVERIFIED', NIK.u1);
    expect(unverified).toMatchObject({ status: 'open', employerId: ids.u });
    expect(openOf(all, NIK.u1)).toEqual(['ENROLMENT_UNVERIFIED']); // not ENROLMENT_MISSING as well
    expect(JSON.parse(unverified.evidence)).toMatchObject({
      source: 'bpjs_records',
      bpjsLoadId: String(loads.first),
      bpjsLoadAsOf: AS_OF,
      totalUncoveredDays: 161,
      claimedEnrolments: [expect.objectContaining({ kpj: '24011234567', source: 'employer_report' })],
      bpjsRecords: [],
    });
    expect(openOf(all, NIK.u2)).toEqual([]);

    const [wage] = of(all, 'WAGE_UNDER_REPORTED', NIK.w1);
    expect(wage.status).toBe('open');
    expect(JSON.parse(wage.evidence)).toMatchObject({
      contractWage: 5_000_000,
      reportedWage: 3_500_000,
      source: 'bpjs_records',
      bpjsLoadId: String(loads.first),
    });

    const [arrears] = of(all, 'CONTRIBUTION_ARREARS', NIK.a1);
    expect(arrears).toMatchObject({ status: 'open', severity: 'high' });
    const ev = JSON.parse(arrears.evidence) as {
      monthsInArrears: number;
      paidThrough: string;
      arrearsByMonth: { month: string; contributions: number; monthsLate: number; lateFine: number }[];
      contributionsOwed: number;
      estimatedLateFine: number;
      lateFineIsEstimate: boolean;
      source: string;
    };
    // Medium employer, risk group 2, wage 5,000,000, all four programs, at the reference rates of 2025.
    const r = params().contributionRates;
    const cap = [...r.jpWageCaps].reverse().find((c) => c.from <= '2025-03-01')!.cap;
    const monthly =
      Math.round((5_000_000 * r.jkkPctByRiskGroup['2']) / 100) +
      Math.round((5_000_000 * r.jkmPct) / 100) +
      Math.round((5_000_000 * (r.jhtEmployerPct + r.jhtWorkerPct)) / 100) +
      Math.round((Math.min(5_000_000, cap) * (r.jpEmployerPct + r.jpWorkerPct)) / 100);
    expect(ev).toMatchObject({ monthsInArrears: 3, paidThrough: '2025-02', contributionsOwed: 3 * monthly });
    expect(ev.arrearsByMonth.map((m) => [m.month, m.contributions, m.monthsLate])).toEqual([
      ['2025-03', monthly, 2],
      ['2025-04', monthly, 1],
      ['2025-05', monthly, 0],
    ]);
    const fine = r.latePaymentFinePctPerMonth!;
    expect(ev.estimatedLateFine).toBe(
      Math.round((monthly * fine * 2) / 100) + Math.round((monthly * fine * 1) / 100),
    );
    expect(ev.lateFineIsEstimate).toBe(true);

    // The employer no load covers: the same cases, untouched (same evidence, no new event).
    const n = (xs: CaseRow[]) =>
      xs.filter((c) => c.employerId === ids.n).map((c) => [c.id, c.rule, c.nik, c.status, c.evidenceHash]);
    expect(n(all)).toEqual(n(before));
  });

  it('a second sweep on the same data changes nothing', async () => {
    const a = await cases();
    const s = await sweep();
    expect(s).toMatchObject({ status: 'completed', casesOpened: 0, casesResolved: 0, casesReopened: 0 });
    const b = await cases();
    expect(b.map((c) => [c.id, c.status, c.evidenceHash])).toEqual(
      a.map((c) => [c.id, c.status, c.evidenceHash]),
    );
  });

  it('the timeline draws BPJS coverage beside the claim, the employer page says when BPJS last verified, stats count it', async () => {
    const [unverified] = of(await cases(), 'ENROLMENT_UNVERIFIED', NIK.u1);
    const detail = await request(api.getHttpServer())
      .get(`/api/v1/cases/${unverified.id}`)
      .set(bearer(token));
    expect(detail.status).toBe(200);
    const tl = detail.body.timeline;
    expect(tl.employers[0]).toMatchObject({
      coverageSource: 'bpjs_records',
      bpjsLoad: { loadId: String(loads.first), asOf: AS_OF },
      coverage: [{ from: '2025-01-01', to: null }],
      bpjsCoverage: [],
      totalUncoveredDays: 161,
    });

    const emp = await request(api.getHttpServer()).get(`/api/v1/employers/${ids.a}`).set(bearer(token));
    expect(emp.body.compliance.bpjsVerification).toEqual({ loadId: loads.first, asOf: AS_OF });
    const none = await request(api.getHttpServer()).get(`/api/v1/employers/${ids.n}`).set(bearer(token));
    expect(none.body.compliance.bpjsVerification).toBeNull();

    const worker = await request(api.getHttpServer()).get(`/api/v1/workers/${NIK.a1}`).set(bearer(token));
    expect(worker.status).toBe(200);
    expect(worker.body.bpjsRecords).toEqual([
      expect.objectContaining({
        npp: NPP.a,
        employerId: ids.a,
        loadId: loads.first,
        loadAsOf: AS_OF,
        paidThrough: '2025-02',
        reportedWage: 5_000_000,
        programs: ['JKK', 'JKM', 'JHT', 'JP'],
      }),
    ]);

    const stats = await request(api.getHttpServer()).get('/api/v1/stats').set(bearer(token));
    expect(stats.status).toBe(200);
    // Covered today (the real today, after 2025) by an open-ended BPJS record: u2, w1, a1.
    expect(stats.body.formalWorkers.bpjsVerified).toBe(3);
    const bengalon = stats.body.formalWorkers.byDistrict.find(
      (d: { district: string }) => d.district === 'Bengalon',
    );
    expect(bengalon).toMatchObject({ workers: 6, bpjsVerified: 3, bpjsVerifiedShare: 0.5 });
  });

  it('a later load that holds the claimed enrolment resolves ENROLMENT_UNVERIFIED', async () => {
    loads.second = await bpjs.load(AS_OF, [
      { npp: NPP.u, nik: NIK.u1, effectiveFrom: '2025-01-01' },
      { npp: NPP.u, nik: NIK.u2, effectiveFrom: '2025-01-01' },
    ]);
    const s = await sweep();
    expect(s).toMatchObject({ status: 'completed', casesOpened: 0, casesResolved: 1 });
    const [c] = of(await cases(), 'ENROLMENT_UNVERIFIED', NIK.u1);
    expect(c).toMatchObject({ status: 'resolved', resolution: 'condition_cleared' });
  });

  it('a deleted load: its BPJS-only cases resolve as condition_cleared with an event saying why', async () => {
    await bpjs.deleteLoad(loads.first);
    const s = await sweep();
    expect(s.status).toBe('completed');
    const all = await cases();
    const [arrears] = of(all, 'CONTRIBUTION_ARREARS', NIK.a1);
    expect(arrears).toMatchObject({ status: 'resolved', resolution: 'condition_cleared' });
    const [event] = (await ds.query(
      `SELECT data FROM case_events WHERE case_id = ? AND type = 'resolved' ORDER BY id DESC LIMIT 1`,
      [arrears.id],
    )) as { data: string }[];
    expect(JSON.parse(event.data)).toMatchObject({
      resolution: 'condition_cleared',
      reason: expect.stringMatching(/no BPJS records load covers the employer's NPP/),
    });
    // The employer's own report is judged again: the wage it reported is the contract's.
    expect(of(all, 'WAGE_UNDER_REPORTED', NIK.w1)[0]).toMatchObject({ status: 'resolved' });
    // NPP u is still covered, by the second load.
    expect(openOf(all, NIK.u1)).toEqual([]);
  });
});
