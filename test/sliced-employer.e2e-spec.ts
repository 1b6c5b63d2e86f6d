import { DataSource } from 'typeorm';
import { EvaluationService } from '@patuh/engine';
import { BpjsSeed } from './support/bpjs-seed';
import { Seed } from './support/seed';
import { TestStack } from './support/stack';

/**
 * A very large employer evaluated in slices of its workers (SWEEP_SLICE_CONTRACTS; libs/engine/src/slice.plan.ts)
 * leaves exactly the cases, events and fingerprints that its whole evaluation leaves, on the real database.
 *
 * Two worlds, each its own database, seeded with the same rows in the same order (so the same ids): one evaluates
 * with the default slice size (the employer is judged whole), the other with slices of 100 contracts (the same
 * employer in several slices). The employer is a principal with two contractors (CONTRACTOR_HOPPING, and names that
 * only a contractor reported), its NPP is covered by a BPJS records load, and its workers have every kind of history
 * the rulebook judges. They live through the same days and edits: contracts removed (their workers' cases resolve
 * from the rest's part), wages and enrolments changed, a case dismissed and one resolved by a person, the BPJS load
 * deleted. After every evaluation the two databases must hold the same cases (every column the engine writes) and
 * the same event histories.
 */
describe('an employer evaluated in slices', () => {
  const worlds = {
    whole: new TestStack('sliced_whole'),
    sliced: new TestStack('sliced_slices', { SWEEP_SLICE_CONTRACTS: '100' }),
  };
  type World = keyof typeof worlds;
  const ds = {} as Record<World, DataSource>;
  const evaluation = {} as Record<World, EvaluationService>;
  const loads = {} as Record<World, number>;
  let P = 0;
  let K1 = 0;
  let K2 = 0;
  let principalContracts = 0;

  /** The same history for both worlds: a deterministic pseudo-random generator, the same draws in the same order. */
  async function seedWorld(world: World): Promise<void> {
    const db = ds[world];
    const seed = new Seed(db);
    let state = 20261204;
    const rnd = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const day = (y: number, m: number, d: number) =>
      `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

    P = await seed.employer({ name: 'PT Tambang Raksasa', scale: 'large', npp: '24900001' });
    K1 = await seed.employer({ name: 'CV Penyalur Satu', scale: 'small', npp: null, principalEmployerId: P });
    K2 = await seed.employer({
      name: 'CV Penyalur Dua',
      scale: 'small',
      npp: '24900003',
      principalEmployerId: P,
    });
    await seed.processedReport(P, new Date('2025-12-20T03:00:00Z'));

    const bpjs: Parameters<BpjsSeed['load']>[1] = [];
    principalContracts = 0;
    for (let i = 0; i < 130; i++) {
      const minor = i % 37 === 5;
      const birth = minor
        ? day(2010, 1 + (i % 12), 1 + (i % 27))
        : day(1970 + (i % 30), 1 + (i % 12), 1 + (i % 27));
      // A NIK: region, birth day (+40 for women), month, year, serial.
      const dd = String(Number(birth.slice(8, 10)) + (i % 2 ? 40 : 0)).padStart(2, '0');
      const nik = `640801${dd}${birth.slice(5, 7)}${birth.slice(2, 4)}${String(i).padStart(4, '0')}`;
      const w = await seed.worker(nik, `Pekerja ${i}`, i % 4 === 0 ? null : birth);
      const kind = pick(['chain', 'chain', 'serial', 'permanent', 'short'] as const);
      let y = pick([2021, 2022, 2023, 2024, 2025]);
      let m = 1 + Math.floor(rnd() * 12);
      const contracts = kind === 'permanent' ? 1 : kind === 'short' ? 1 : 1 + Math.floor(rnd() * 4);
      const wage = rnd() < 0.2 ? 2_000_000 : 5_000_000 + Math.floor(rnd() * 10) * 250_000;
      for (let c = 0; c < contracts; c++) {
        const start = day(y, m, 1);
        const months = kind === 'serial' ? 12 : 6 + Math.floor(rnd() * 18);
        let endY = y + Math.floor((m - 1 + months) / 12);
        let endM = ((m - 1 + months) % 12) + 1;
        const end =
          kind === 'permanent' ? null : c === contracts - 1 && rnd() < 0.3 ? null : day(endY, endM, 1);
        await seed.contract({
          employerId: P,
          workerId: w,
          ref: `P-${i}-${c}`,
          type: kind === 'permanent' ? 'PKWTT' : 'PKWT',
          start,
          end,
          wage,
          compensationPaid: rnd() < 0.5 ? wage : null,
        });
        principalContracts++;
        if (end === null) break;
        // The next contract after a gap of 0–40 days.
        const gap = Math.floor(rnd() * 40);
        endM += gap > 28 ? 1 : 0;
        if (endM > 12) {
          endM = 1;
          endY++;
        }
        y = endY;
        m = endM;
      }
      const enrol = rnd();
      if (enrol < 0.5)
        await seed.enrolment({
          employerId: P,
          workerId: w,
          programs: 'JKK,JKM,JHT,JP',
          from: day(2021, 1, 1),
        });
      else if (enrol < 0.75)
        await seed.enrolment({
          employerId: P,
          workerId: w,
          programs: pick(['JKK,JKM', 'JKK,JKM,JHT']),
          from: day(2025, 6, 1),
          wage: wage - 1_000_000,
        });
      if (rnd() < 0.5)
        bpjs.push({
          npp: '24900001',
          nik,
          effectiveFrom: day(2024, 1, 1),
          paidThrough: pick(['2025-06', '2026-01', null]),
        });
      // Some workers also work through the principal's contractors (CONTRACTOR_HOPPING), a few reported by the
      // principal without a name (their cases take a contractor's name).
      if (i % 9 === 0) {
        // Three back-to-back PKWTs moving between the two contractors: a serial chain across contractors.
        for (const [k, [K, from, to]] of (
          [
            [K1, '2024-01-01', '2024-06-30'],
            [K2, '2024-07-01', '2024-12-31'],
            [K1, '2025-01-01', '2025-06-30'],
          ] as const
        ).entries())
          await seed.contract({
            employerId: K,
            workerId: w,
            ref: `K${k}-${i}`,
            start: from,
            end: to,
            wage: 4_000_000,
          });
        if (i % 18 === 0)
          await db.query('UPDATE employer_workers SET name = NULL WHERE employer_id = ? AND worker_id = ?', [
            P,
            w,
          ]);
      }
    }
    loads[world] = await new BpjsSeed(db).load('2026-01-31', bpjs);
  }

  /** Every case as the engine left it (no timestamps: the two worlds ran at different instants), by identity. */
  const cases = async (world: World) =>
    ds[world].query(
      `SELECT rule, employer_id, subject_key, worker_nik, worker_name, employer_name, DATE_FORMAT(chain_start, '%Y-%m-%d') AS chain_start,
              district, severity, status, summary, summary_id, evidence, evidence_hash, legal_basis, rulebook_version,
              amount_at_stake, resolution
         FROM cases ORDER BY rule, employer_id, subject_key`,
    );
  const events = async (world: World) =>
    ds[world].query(
      `SELECT c.rule, c.employer_id, c.subject_key, e.type, e.from_status, e.to_status, e.data
         FROM case_events e JOIN cases c ON c.id = e.case_id ORDER BY c.rule, c.employer_id, c.subject_key, e.id`,
    );
  const fingerprints = async (world: World) =>
    ds[world].query(
      `SELECT employer_id, DATE_FORMAT(next_change_on, '%Y-%m-%d') AS next, findings, content_digest IS NOT NULL AS memo
         FROM employer_evaluations ORDER BY employer_id`,
    );
  const both = async (fn: (w: World) => Promise<unknown>) => {
    await fn('whole');
    await fn('sliced');
  };
  const evaluateOn = async (asOf: string) => {
    const outcomes = {} as Record<World, unknown>;
    await both(async (w) => {
      const out = [];
      for (const id of [P, K1, K2]) out.push(await evaluation[w].evaluate([id], asOf));
      outcomes[w] = out;
    });
    // The same counts of what was found and written, employer by employer.
    expect(outcomes.sliced).toEqual(outcomes.whole);
    expect(await cases('sliced')).toEqual(await cases('whole'));
    expect(await events('sliced')).toEqual(await events('whole'));
    return outcomes.whole as { findings: number; opened: number; resolved: number; reopened: number }[];
  };

  beforeAll(async () => {
    for (const w of ['whole', 'sliced'] as const) {
      await worlds[w].setup();
      ds[w] = await worlds[w].db();
      evaluation[w] = (await worlds[w].startWorker()).get(EvaluationService);
      await seedWorld(w);
    }
  }, 120_000);
  afterAll(async () => {
    await worlds.whole.teardown();
    await worlds.sliced.teardown();
  });

  it('finds and writes exactly what the whole evaluation does, with the same fingerprint', async () => {
    // The employer is several slices of 100 contracts in the sliced world, one read in the other.
    expect(principalContracts).toBeGreaterThan(250);
    const [p] = await evaluateOn('2026-03-01');
    expect(p!.findings).toBeGreaterThan(100);
    expect(p!.opened).toBe(p!.findings);
    const rules = (await cases('whole')).map((c: { rule: string }) => c.rule);
    for (const rule of [
      'ENROLMENT_MISSING',
      'PKWT_SERIAL_RENEWAL',
      'CONTRACTOR_HOPPING',
      'CONTRIBUTION_ARREARS',
    ])
      expect(rules).toContain(rule);
    // The next-change day and the count of findings are the whole evaluation's; only the content memo differs
    // (a sliced employer keeps none: its digest would need every row at once).
    const whole = await fingerprints('whole');
    const sliced = await fingerprints('sliced');
    expect(sliced.map((r: { memo: unknown }) => ({ ...r, memo: 0 }))).toEqual(
      whole.map((r: { memo: unknown }) => ({ ...r, memo: 0 })),
    );
  });

  it('a second evaluation of the same day writes nothing in either world, and only the whole one keeps a memo', async () => {
    const [p] = await evaluateOn('2026-03-01');
    expect(p).toMatchObject({ opened: 0, resolved: 0, reopened: 0 });
    const memoOf = async (w: World) =>
      Number(
        ((await fingerprints(w)) as { employer_id: number; memo: unknown }[]).find(
          (r) => r.employer_id === P,
        )!.memo,
      );
    expect(await memoOf('whole')).toBe(1);
    expect(await memoOf('sliced')).toBe(0); // the sliced path ran
  });

  it('resolves the cases of workers whose contracts are gone, keeps a dismissal, reopens what comes back', async () => {
    await both(async (w) => {
      const db = ds[w];
      // Contracts of a dozen workers removed: no slice holds them any more.
      await db.query(
        `DELETE FROM contracts WHERE employer_id = ? AND worker_id IN (SELECT id FROM (SELECT id FROM workers ORDER BY id LIMIT 12 OFFSET 20) x)`,
        [P],
      );
      // Wages raised for some, an enrolment added for others.
      await db.query(
        `UPDATE contracts SET monthly_wage = 6000000 WHERE employer_id = ? AND monthly_wage < 3000000 AND ref LIKE 'P-1%'`,
        [P],
      );
      await db.query(
        `INSERT INTO enrolments (employer_id, worker_id, kpj, programs, effective_from, reported_wage, source)
         SELECT employer_id, worker_id, '24011234567', 'JKK,JKM,JHT,JP', '2026-02-01', 5000000, 'admin'
           FROM contracts WHERE employer_id = ? AND ref LIKE 'P-5%-0'
         ON DUPLICATE KEY UPDATE programs = VALUES(programs)`,
        [P],
      );
      // A person dismisses one open case and resolves another (the first of a rule by identity: the same case in both; ids differ, as the two write in other orders).
      await db.query(
        `UPDATE cases SET status = 'dismissed' WHERE id = (SELECT id FROM (SELECT id FROM cases WHERE rule = 'ENROLMENT_MISSING' AND employer_id = ? ORDER BY subject_key LIMIT 1) x)`,
        [P],
      );
      await db.query(
        `UPDATE cases SET status = 'resolved', resolution = 'inspector' WHERE id = (SELECT id FROM (SELECT c.id FROM cases c WHERE c.rule = 'PKWT_SERIAL_RENEWAL' AND c.employer_id = ?
             AND c.worker_nik IN (SELECT w.nik FROM workers w JOIN contracts k ON k.worker_id = w.id AND k.employer_id = ?)
           ORDER BY c.subject_key LIMIT 1) x)`,
        [P, P],
      );
    });
    const [p] = await evaluateOn('2026-06-15');
    expect(p!.resolved).toBeGreaterThan(0);
    expect(p!.reopened).toBeGreaterThan(0);
  });

  it('stays equal as days pass and the BPJS load goes', async () => {
    await evaluateOn('2026-12-31');
    await both(async (w) => new BpjsSeed(ds[w]).deleteLoad(loads[w]));
    const [p] = await evaluateOn('2027-02-01');
    expect(p!.resolved).toBeGreaterThan(0);
  });

  it('leaves every case as it was when one slice cannot be judged, as the whole evaluation does', async () => {
    // A contract dated 0000-00-00 (written behind the API's back) on the last worker: the last slice fails after
    // the first slices have written their changes under the savepoint.
    await both(async (w) => {
      const runner = ds[w].createQueryRunner();
      try {
        await runner.query("SET SESSION sql_mode = ''");
        await runner.query(
          `INSERT INTO contracts (employer_id, worker_id, ref, type, start_date, end_date, monthly_wage, source)
           SELECT ?, MAX(worker_id), 'BAD-1', 'PKWT', '0000-00-00', NULL, 5000000, 'admin' FROM contracts WHERE employer_id = ?`,
          [P, P],
        );
      } finally {
        await runner.release();
      }
    });
    const before = { whole: await cases('whole'), sliced: await cases('sliced') };
    const eventsBefore = await events('sliced');
    const [p] = await evaluateOn('2027-05-01');
    expect(p).toMatchObject({ failedEmployerIds: [P], opened: 0, updated: 0, resolved: 0, reopened: 0 });
    expect(await cases('sliced')).toEqual(before.sliced);
    expect(await cases('whole')).toEqual(before.whole);
    expect(await events('sliced')).toEqual(eventsBefore);
    // Its fingerprint is forgotten, so the next incremental sweep tries it again.
    expect(
      ((await fingerprints('sliced')) as { employer_id: number }[]).some((r) => r.employer_id === P),
    ).toBe(false);
  });
});
