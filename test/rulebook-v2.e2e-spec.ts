import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RULEBOOK_VERSION } from '@patuh/rules';
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
  subjectKey: string;
  status: string;
  resolution: string | null;
  rulebookVersion: string;
  evidenceHash: string;
  version: number;
};

/**
 * Upgrading to rulebook v2 (issue #13, CONTRACT §5-§6): a database holding cases written under rulebook 1.0.0 is
 * swept under 2.0.0. The sweep opens what v2 raises anew, resolves what v2 no longer raises as `rule_changed`
 * (with an event saying so), resolves a v2 case whose condition cleared as `condition_cleared`, and a second
 * sweep changes nothing.
 */
describe('rulebook v2 upgrade: a v1 database swept under v2', () => {
  const stack = new TestStack('rulebook-v2');
  let api: INestApplication;
  let ds: DataSource;
  let token: string;
  let inspectorToken: string;
  const ids: Record<string, number> = {};
  const AS_OF = '2025-11-30';
  const NIK = {
    warung: '6408010101900011', // small employer, paid below the UMK: v1 flagged it, v2 does not (Art 90B(1))
    old: '6408010202800012', // a 2005-2011 PKWT chain: v1 applied PP 35/2021 to it
    stillLow: '6408010303900013', // medium employer, never enrolled: both rulebooks raise it
    compensation: '6408010404900014', // PKWT ended 2025-03-31, no compensation reported: new in v2
    child: '6408011205090015', // born 2009-05-12 (from the NIK): 16 in 2025
    plantation: '6408010505900016', // palm-oil employer, between the UMK and the UMSK
    cleared: '6408010606900017', // a v2 case whose worker has since been enrolled
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
      `SELECT id, rule, employer_id AS employerId, worker_nik AS nik, subject_key AS subjectKey, status, resolution,
              rulebook_version AS rulebookVersion, evidence_hash AS evidenceHash, version
         FROM cases ORDER BY rule, employer_id, subject_key`,
    )) as CaseRow[];
  const find = (all: CaseRow[], rule: string, nik: string) =>
    all.filter((c) => c.rule === rule && c.nik === nik);

  /** A case as rulebook 1.0.0 wrote it. */
  const v1Case = async (
    rule: string,
    employerId: number,
    nik: string,
    chainStart: string | null = null,
    version = '1.0.0',
  ): Promise<number> => {
    const at = new Date('2025-10-01T02:00:00Z');
    const res = (await ds.query(
      `INSERT INTO cases (rule, employer_id, subject_key, worker_nik, chain_start, district, severity, severity_rank, status,
         summary, summary_id, evidence, evidence_hash, legal_basis, rulebook_version, amount_at_stake,
         first_detected_at, last_detected_at, due_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'Bengalon', 'high', 3, 'open', 'v1 case', 'kasus v1', '{}', ?, 'v1 basis', ?, 0, ?, ?, ?, ?)`,
      [
        rule,
        employerId,
        `${nik}|${chainStart ?? ''}`,
        nik,
        chainStart,
        'f'.repeat(40),
        version,
        at,
        at,
        at,
        at,
      ],
    )) as { insertId: number };
    const id = Number(res.insertId);
    await ds.query(
      `INSERT INTO case_events (case_id, type, to_status, data, created_at) VALUES (?, 'detected', 'open', ?, ?)`,
      [id, JSON.stringify({ severity: 'high', rulebookVersion: version }), at],
    );
    return id;
  };

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const seed = new Seed(ds);
    const sup = await stack.createUser('supervisor');
    const insp = await stack.createUser('inspector');
    api = await stack.startApi();
    await stack.startWorker({ SCHEDULER_ENABLED: 'false' });
    token = await login(api, sup.email, sup.password);
    inspectorToken = await login(api, insp.email, insp.password);

    // A warung (small): pays by agreement below the UMK, enrolled as a small business must be.
    ids.small = await seed.employer({ scale: 'small', district: 'Bengalon' });
    await seed.processedReport(ids.small, new Date('2025-11-01T02:00:00Z'));
    ids.warung = await seed.worker(NIK.warung, 'Warung Worker', '1990-01-01');
    await seed.contract({
      employerId: ids.small,
      workerId: ids.warung,
      ref: 'W-1',
      type: 'PKWTT',
      start: '2025-01-01',
      end: null,
      wage: 2_000_000,
    });
    await seed.enrolment({
      employerId: ids.small,
      workerId: ids.warung,
      programs: 'JKK,JKM,JHT',
      from: '2025-01-01',
      wage: 2_000_000,
    });

    // A medium employer: the old chain, the never-enrolled worker, the unpaid compensation, the child.
    ids.medium = await seed.employer({ scale: 'medium', district: 'Bengalon' });
    await seed.processedReport(ids.medium, new Date('2025-11-01T02:00:00Z'));
    ids.old = await seed.worker(NIK.old, 'Old Chain', '1980-02-02');
    await seed.contract({
      employerId: ids.medium,
      workerId: ids.old,
      ref: 'O-1',
      start: '2005-01-01',
      end: '2007-12-31',
    });
    await seed.contract({
      employerId: ids.medium,
      workerId: ids.old,
      ref: 'O-2',
      start: '2008-01-01',
      end: '2011-12-31',
    });
    await seed.enrolment({ employerId: ids.medium, workerId: ids.old, from: '2005-01-01', to: '2011-12-31' });
    ids.stillLow = await seed.worker(NIK.stillLow, 'Never Enrolled', '1990-03-03');
    await seed.contract({
      employerId: ids.medium,
      workerId: ids.stillLow,
      ref: 'S-1',
      type: 'PKWTT',
      start: '2025-06-01',
      end: null,
    });
    ids.compensation = await seed.worker(NIK.compensation, 'Compensation Owed', '1990-04-04');
    await seed.contract({
      employerId: ids.medium,
      workerId: ids.compensation,
      ref: 'K-1',
      start: '2024-04-01',
      end: '2025-03-31',
    });
    await seed.enrolment({ employerId: ids.medium, workerId: ids.compensation, from: '2024-04-01' });
    ids.child = await seed.worker(NIK.child, 'Child Worker', null);
    await seed.contract({
      employerId: ids.medium,
      workerId: ids.child,
      ref: 'C-1',
      type: 'PKWTT',
      start: '2025-07-01',
      end: null,
    });
    await seed.enrolment({ employerId: ids.medium, workerId: ids.child, from: '2025-07-01' });
    ids.cleared = await seed.worker(NIK.cleared, 'Now Enrolled', '1990-06-06');
    await seed.contract({
      employerId: ids.medium,
      workerId: ids.cleared,
      ref: 'E-1',
      type: 'PKWTT',
      start: '2025-01-01',
      end: null,
    });
    await seed.enrolment({ employerId: ids.medium, workerId: ids.cleared, from: '2025-01-01' });

    // A palm-oil plantation (KBLI 01262): the UMSK applies.
    ids.palm = await seed.employer({ scale: 'large', district: 'Bengalon' });
    await ds.query(`UPDATE employers SET kbli = '01262' WHERE id = ?`, [ids.palm]);
    await seed.processedReport(ids.palm, new Date('2025-11-01T02:00:00Z'));
    ids.plantation = await seed.worker(NIK.plantation, 'Plantation Worker', '1990-05-05');
    await seed.contract({
      employerId: ids.palm,
      workerId: ids.plantation,
      ref: 'P-1',
      type: 'PKWTT',
      start: '2025-01-01',
      end: null,
      wage: 3_800_000,
    });
    await seed.enrolment({
      employerId: ids.palm,
      workerId: ids.plantation,
      from: '2025-01-01',
      wage: 3_800_000,
    });

    // The cases a v1 sweep left behind, and one v2 case.
    ids.v1Warung = await v1Case('WAGE_BELOW_MINIMUM', ids.small, NIK.warung);
    ids.v1Old = await v1Case('PKWT_DURATION_EXCEEDED', ids.medium, NIK.old, '2005-01-01');
    ids.v1StillLow = await v1Case('ENROLMENT_MISSING', ids.medium, NIK.stillLow);
    ids.v2Cleared = await v1Case('ENROLMENT_MISSING', ids.medium, NIK.cleared, null, '2.0.0');
  }, 120_000);
  afterAll(() => stack.teardown());

  it('opens the new cases, resolves the dropped ones as rule_changed with an event, and the rest as before', async () => {
    const s = await sweep();
    expect(s.status).toBe('completed');
    const all = await cases();

    // Dropped by v2: the warung's minimum wage and the pre-2021 chain.
    for (const id of [ids.v1Warung, ids.v1Old]) {
      const c = all.find((x) => x.id === id)!;
      expect(c).toMatchObject({ status: 'resolved', resolution: 'rule_changed', rulebookVersion: '1.0.0' });
      const events = (await ds.query(
        `SELECT type, from_status AS fromStatus, to_status AS toStatus, data, sweep_id AS sweepId FROM case_events WHERE case_id = ? ORDER BY id`,
        [id],
      )) as { type: string; fromStatus: string; toStatus: string; data: string; sweepId: number }[];
      const last = events[events.length - 1];
      expect(last).toMatchObject({
        type: 'resolved',
        fromStatus: 'open',
        toStatus: 'resolved',
        sweepId: s.id,
      });
      expect(JSON.parse(last.data)).toMatchObject({
        resolution: 'rule_changed',
        fromRulebookVersion: '1.0.0',
        toRulebookVersion: RULEBOOK_VERSION,
      });
    }
    // A v2 case whose condition cleared is condition_cleared, not rule_changed.
    expect(all.find((x) => x.id === ids.v2Cleared)).toMatchObject({
      status: 'resolved',
      resolution: 'condition_cleared',
    });
    // Still raised: the same case, now stamped with v2.
    expect(all.find((x) => x.id === ids.v1StillLow)).toMatchObject({
      status: 'open',
      rulebookVersion: RULEBOOK_VERSION,
    });

    // New under v2.
    expect(find(all, 'PKWT_COMPENSATION_UNPAID', NIK.compensation)).toEqual([
      expect.objectContaining({
        status: 'open',
        subjectKey: `${NIK.compensation}|2024-04-01`,
        rulebookVersion: RULEBOOK_VERSION,
      }),
    ]);
    expect(find(all, 'UNDERAGE_WORKER', NIK.child)).toEqual([expect.objectContaining({ status: 'open' })]);
    expect(find(all, 'WAGE_BELOW_MINIMUM', NIK.plantation)).toEqual([
      expect.objectContaining({ status: 'open' }),
    ]);
    const [plantation] = (await ds.query(
      `SELECT evidence FROM cases WHERE rule = 'WAGE_BELOW_MINIMUM' AND worker_nik = ?`,
      [NIK.plantation],
    )) as { evidence: string }[];
    expect(JSON.parse(plantation.evidence).years[0]).toMatchObject({
      year: 2025,
      minimumKind: 'UMSK',
      sector: 'palm_oil',
    });
    // The warung has no minimum-wage case of v2.
    expect(find(all, 'WAGE_BELOW_MINIMUM', NIK.warung).map((c) => c.status)).toEqual(['resolved']);
    expect(s.casesResolved).toBe(3);
    expect(s.casesOpened).toBe(all.filter((c) => c.status === 'open' && c.id > ids.v2Cleared).length);
  });

  it('a second sweep changes nothing', async () => {
    const before = await cases();
    const events = Number(
      ((await ds.query('SELECT COUNT(*) AS n FROM case_events')) as { n: string }[])[0].n,
    );
    const s = await sweep();
    expect(s).toMatchObject({ status: 'completed', casesOpened: 0, casesResolved: 0, casesReopened: 0 });
    expect(await cases()).toEqual(before);
    expect(Number(((await ds.query('SELECT COUNT(*) AS n FROM case_events')) as { n: string }[])[0].n)).toBe(
      events,
    );
  });

  it('GET /api/v1/rules shows the rulebook in force to any signed-in user', async () => {
    await request(api.getHttpServer()).get('/api/v1/rules').expect(401);
    const res = await request(api.getHttpServer())
      .get('/api/v1/rules')
      .set(bearer(inspectorToken))
      .expect(200);
    expect(res.body.version).toBe(RULEBOOK_VERSION);
    const codes = (res.body.rules as { code: string }[]).map((r) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining(['PKWT_COMPENSATION_UNPAID', 'UNDERAGE_WORKER', 'WAGE_BELOW_MINIMUM']),
    );
    // Since 2.1.0 (issue #17) the BPJS records rules are in the rulebook.
    expect(codes).toEqual(expect.arrayContaining(['ENROLMENT_UNVERIFIED', 'CONTRIBUTION_ARREARS']));
    const wage = (res.body.rules as Record<string, unknown>[]).find((r) => r.code === 'WAGE_BELOW_MINIMUM')!;
    expect(wage).toMatchObject({
      nameId: expect.any(String),
      nameEn: expect.any(String),
      defaultSeverity: 'medium',
      legalBasis: expect.stringContaining('Art 90B(1)'),
      descriptionId: expect.stringContaining('mikro'),
      descriptionEn: expect.stringContaining('Micro and small'),
    });
    expect((wage.parameters as { minimumWageScales: string[] }).minimumWageScales).toEqual([
      'medium',
      'large',
    ]);
    expect(
      (wage.parameters as { sectoralMinimumByYear: Record<string, unknown> }).sectoralMinimumByYear['2025'],
    ).toEqual({
      palm_oil: 3_901_061,
      coal: 3_901_292,
    });
  });
});
