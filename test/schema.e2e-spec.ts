import { DataSource } from 'typeorm';
import { withDatabase } from '@patuh/config';
import { createDataSource, dropDatabase, ensureDatabase, migrateUp } from '@patuh/persistence';
import { TestStack } from './support/stack';

describe('schema: migrations only', () => {
  const stack = new TestStack('schema');
  let ds: DataSource;

  beforeAll(async () => {
    await dropDatabase(stack.env.DATABASE_URL);
    await ensureDatabase(stack.env.DATABASE_URL);
    ds = await createDataSource(stack.env.DATABASE_URL, 2);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await stack.teardown();
  });

  const tables = async () =>
    ((await ds.query('SHOW TABLES')) as Record<string, string>[]).map((r) => Object.values(r)[0]).sort();

  it('goes up from an empty database, matches the entities exactly, and comes down again', async () => {
    expect(await tables()).toEqual([]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'employers',
        'workers',
        'contracts',
        'enrolments',
        'cases',
        'case_events',
        'sweeps',
        'users',
        'api_keys',
      ]),
    );

    // Drift gate: what TypeORM would change to make the database match the entities must be nothing.
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);

    // Calendar dates are DATE columns and money is integer rupiah.
    const cols = (await ds.query(
      `SELECT table_name AS t, column_name AS c, data_type AS d FROM information_schema.columns
        WHERE table_schema = DATABASE() AND column_name IN ('start_date','end_date','effective_from','monthly_wage','reported_wage')`,
    )) as { t: string; c: string; d: string }[];
    for (const col of cols)
      expect(/wage/.test(col.c) ? col.d : 'date').toBe(/wage/.test(col.c) ? 'int' : col.d);

    // Reverting every migration leaves only the migrations table.
    while (Number(((await ds.query('SELECT COUNT(*) AS n FROM migrations')) as { n: string }[])[0]!.n) > 0) {
      await ds.undoLastMigration({ transaction: 'each' });
    }
    expect(await tables()).toEqual(['migrations']);

    // And up again from there.
    await ds.runMigrations({ transaction: 'each' });
    expect(await tables()).toContain('cases');
  });

  it('keeps case history append-only at the database', async () => {
    await ds.query(`INSERT INTO case_events (case_id, type, created_at) VALUES (1, 'detected', NOW(3))`);
    await expect(ds.query(`UPDATE case_events SET note = 'edited'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM case_events`)).rejects.toThrow(/append-only/);
    expect(Number(((await ds.query('SELECT COUNT(*) AS n FROM case_events')) as { n: string }[])[0]!.n)).toBe(
      1,
    );
  });

  it('keeps workers.on_sponsored_list in step with the sponsored list, whichever is written first', async () => {
    const flags = async () =>
      Object.fromEntries(
        (
          (await ds.query('SELECT nik, on_sponsored_list AS f FROM workers ORDER BY nik')) as {
            nik: string;
            f: number;
          }[]
        ).map((r) => [r.nik, Number(r.f)]),
      );
    const sponsor = (nik: string, from: string) =>
      ds.query(`INSERT INTO sponsored_coverage (nik, programs, effective_from) VALUES (?, 'JKK,JKM', ?)`, [
        nik,
        from,
      ]);
    // Worker first, then the sponsored row; sponsored row first, then the worker; a worker never listed.
    await ds.query(`INSERT INTO workers (nik) VALUES ('6408010101900001'), ('6408010101900003')`);
    await sponsor('6408010101900001', '2025-01-01');
    await sponsor('6408010101900002', '2025-01-01');
    await ds.query(`INSERT INTO workers (nik) VALUES ('6408010101900002')`);
    // An upsert of a known worker (the self-report path) keeps the flag.
    // (Since migration 1764000000920 the self-report path writes the NIK alone: ReportedRowsRepository.ensureWorkers.)
    await ds.query(`INSERT INTO workers (nik) VALUES ('6408010101900002') ON DUPLICATE KEY UPDATE nik = nik`);
    expect(await flags()).toEqual({
      '6408010101900001': 1,
      '6408010101900002': 1,
      '6408010101900003': 0,
    });
    // Two periods for one NIK: deleting one keeps the flag, deleting both clears it; moving a row moves it.
    await sponsor('6408010101900001', '2026-01-01');
    await ds.query(
      `DELETE FROM sponsored_coverage WHERE nik = '6408010101900001' AND effective_from = '2025-01-01'`,
    );
    expect((await flags())['6408010101900001']).toBe(1);
    await ds.query(`DELETE FROM sponsored_coverage WHERE nik = '6408010101900001'`);
    expect((await flags())['6408010101900001']).toBe(0);
    await ds.query(`UPDATE sponsored_coverage SET nik = '6408010101900003' WHERE nik = '6408010101900002'`);
    expect(await flags()).toEqual({
      '6408010101900001': 0,
      '6408010101900002': 0,
      '6408010101900003': 1,
    });
  });

  it("keeps employer_workers' copy of each worker's NIK and sponsored flag in step with workers", async () => {
    const insert = (sql: string) => ds.query(sql).then((r: { insertId: number }) => r.insertId);
    const a = await insert(
      `INSERT INTO employers (nib, name, scale, district) VALUES ('9120000000881', 'PT Satu', 'small', 'Bengalon')`,
    );
    const b = await insert(
      `INSERT INTO employers (nib, name, scale, district) VALUES ('9120000000882', 'PT Dua', 'small', 'Bengalon')`,
    );
    const w1 = await insert(`INSERT INTO workers (nik) VALUES ('6408010101900881')`);
    const w2 = await insert(`INSERT INTO workers (nik) VALUES ('6408010101900882')`);
    // A writer's own values are not taken: the copy is always the worker's.
    await ds.query(
      `INSERT INTO employer_workers (employer_id, worker_id, name, nik, on_sponsored_list) VALUES (?, ?, 'Satu', '0000000000000000', 1), (?, ?, 'Satu', NULL, 1), (?, ?, 'Dua', NULL, 0)`,
      [a, w1, b, w1, a, w2],
    );
    const copies = async () =>
      (
        (await ds.query(
          `SELECT employer_id AS e, worker_id AS w, nik, on_sponsored_list AS f, updated_at AS u FROM employer_workers WHERE worker_id IN (?, ?) ORDER BY employer_id, worker_id`,
          [w1, w2],
        )) as { e: number; w: number; nik: string; f: number; u: Date }[]
      ).map((r) => ({ ...r, f: Number(r.f) }));
    const drift = async () =>
      Number(
        (
          (await ds.query(
            `SELECT COUNT(*) AS n FROM employer_workers ew JOIN workers w ON w.id = ew.worker_id
              WHERE NOT (ew.nik <=> w.nik AND ew.on_sponsored_list = w.on_sponsored_list)`,
          )) as { n: number }[]
        )[0]!.n,
      );
    expect((await copies()).map((r) => [r.e, r.w, r.nik, r.f])).toEqual([
      [a, w1, '6408010101900881', 0],
      [a, w2, '6408010101900882', 0],
      [b, w1, '6408010101900881', 0],
    ]);
    const before = await copies();
    await new Promise((r) => setTimeout(r, 20));
    // The sponsored list's triggers set the worker's flag; it reaches every employer's row of that worker.
    await ds.query(
      `INSERT INTO sponsored_coverage (nik, programs, effective_from) VALUES ('6408010101900881', 'JKK,JKM', '2025-01-01')`,
    );
    expect((await copies()).map((r) => r.f)).toEqual([1, 0, 1]);
    // A corrected NIK reaches them too, with the flag of the NIK it now is (off the list here), their updated_at
    // (when the employer reported the worker) unchanged.
    await ds.query(`UPDATE workers SET nik = '6408010101900889' WHERE id = ?`, [w1]);
    const after = await copies();
    expect(after.map((r) => [r.nik, r.f])).toEqual([
      ['6408010101900889', 0],
      ['6408010101900882', 0],
      ['6408010101900889', 0],
    ]);
    expect(after.map((r) => r.u.getTime())).toEqual(before.map((r) => r.u.getTime()));
    // A NIK corrected to one on the list gets the flag (workers' own flag too: the reader looks coverage up by it).
    await ds.query(`UPDATE workers SET nik = '6408010101900881' WHERE id = ?`, [w2]);
    expect(
      Number(
        (
          (await ds.query('SELECT on_sponsored_list AS f FROM workers WHERE id = ?', [w2])) as { f: number }[]
        )[0]!.f,
      ),
    ).toBe(1);
    // An update of the row that tries to set the copy is overridden.
    await ds.query(
      `UPDATE employer_workers SET nik = '1111111111111111', on_sponsored_list = 0, name = 'Dua Baru' WHERE worker_id = ?`,
      [w2],
    );
    expect((await copies()).map((r) => [r.nik, r.f])).toEqual([
      ['6408010101900889', 0],
      ['6408010101900881', 1],
      ['6408010101900889', 0],
    ]);
    // A loader that writes employer_workers before the worker: the copy arrives with the worker's row.
    await ds.query(`INSERT INTO employer_workers (employer_id, worker_id, name) VALUES (?, ?, 'Tiga')`, [
      a,
      w2 + 100,
    ]);
    await ds.query(`INSERT INTO workers (id, nik) VALUES (?, '6408010101900883')`, [w2 + 100]);
    expect(await ds.query('SELECT nik, name FROM employer_workers WHERE worker_id = ?', [w2 + 100])).toEqual([
      { nik: '6408010101900883', name: 'Tiga' },
    ]);
    // Two employers reporting the same new NIK at once: the second's transaction began (took its snapshot)
    // before the first committed the worker; its row still gets the copy (the triggers read with locks).
    const late = ds.createQueryRunner();
    try {
      await late.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await late.startTransaction();
      await late.query('SELECT COUNT(*) FROM workers'); // the snapshot
      const w4 = await insert(`INSERT INTO workers (nik) VALUES ('6408010101900884')`);
      await late.query(`INSERT INTO employer_workers (employer_id, worker_id, name) VALUES (?, ?, 'Empat')`, [
        b,
        w4,
      ]);
      await late.commitTransaction();
      expect(await ds.query('SELECT nik FROM employer_workers WHERE worker_id = ?', [w4])).toEqual([
        { nik: '6408010101900884' },
      ]);
    } finally {
      await late.release();
    }
    expect(await drift()).toBe(0);
  });

  it('keeps the employer and worker names on their cases, at insert and on every rename', async () => {
    const [{ insertId: employerId }] = [
      (await ds.query(
        `INSERT INTO employers (nib, name, scale, district) VALUES ('9120000000777', 'PT Lama', 'small', 'Bengalon')`,
      )) as { insertId: number },
    ];
    const [{ insertId: otherId }] = [
      (await ds.query(
        `INSERT INTO employers (nib, name, scale, district) VALUES ('9120000000778', 'PT Lain', 'small', 'Bengalon')`,
      )) as { insertId: number },
    ];
    // The worker's name is each employer's report (employer_workers, migration 1764000000920).
    const { insertId: workerId } = (await ds.query(
      `INSERT INTO workers (nik) VALUES ('6408010101900777')`,
    )) as {
      insertId: number;
    };
    await ds.query(
      `INSERT INTO employer_workers (employer_id, worker_id, name) VALUES (?, ?, 'Siti'), (?, ?, 'Sitti R.')`,
      [employerId, workerId, otherId, workerId],
    );
    const insertCase = (subject: string, nik: string | null) =>
      ds.query(
        `INSERT INTO cases (rule, employer_id, subject_key, worker_nik, severity, severity_rank, summary, summary_id,
                            evidence, evidence_hash, legal_basis, rulebook_version, first_detected_at, last_detected_at, updated_at)
         VALUES ('ENROLMENT_MISSING', ?, ?, ?, 'high', 2, 's', 's', '{}', 'h', 'b', '1', NOW(3), NOW(3), NOW(3))`,
        [employerId, subject, nik],
      );
    await insertCase('6408010101900777|', '6408010101900777');
    await insertCase('|', null);
    const names = async () =>
      (await ds.query(
        `SELECT employer_name AS e, worker_name AS w FROM cases WHERE employer_id = ? ORDER BY worker_nik IS NULL`,
        [employerId],
      )) as { e: string; w: string | null }[];
    expect(await names()).toEqual([
      { e: 'PT Lama', w: 'Siti' },
      { e: 'PT Lama', w: null },
    ]);
    await ds.query(`UPDATE employers SET name = 'PT Baru' WHERE id = ?`, [employerId]);
    // Another employer's spelling never reaches this employer's cases; its own rename does.
    await ds.query(`UPDATE employer_workers SET name = 'S. Rahma' WHERE employer_id = ?`, [otherId]);
    expect((await names())[0]!.w).toBe('Siti');
    await ds.query(`UPDATE employer_workers SET name = 'Siti Rahmawati' WHERE employer_id = ?`, [employerId]);
    expect(await names()).toEqual([
      { e: 'PT Baru', w: 'Siti Rahmawati' },
      { e: 'PT Baru', w: null },
    ]);
  });

  /** Every table, and every column with a collation, that is not utf8mb4 / utf8mb4_unicode_ci. */
  async function notUtf8mb4(on: DataSource) {
    const [db] = (await on.query(
      `SELECT default_character_set_name AS cs, default_collation_name AS co FROM information_schema.schemata
        WHERE schema_name = DATABASE()`,
    )) as { cs: string; co: string }[];
    const tablesOff = (await on.query(
      `SELECT table_name AS t, table_collation AS co FROM information_schema.tables
        WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_collation <> 'utf8mb4_unicode_ci'`,
    )) as { t: string; co: string }[];
    const columnsOff = (await on.query(
      `SELECT table_name AS t, column_name AS c, character_set_name AS cs, collation_name AS co
         FROM information_schema.columns
        WHERE table_schema = DATABASE() AND collation_name IS NOT NULL
          AND (character_set_name <> 'utf8mb4' OR collation_name <> 'utf8mb4_unicode_ci')`,
    )) as { t: string; c: string; cs: string; co: string }[];
    const textColumns = Number(
      (
        (await on.query(
          `SELECT COUNT(*) AS n FROM information_schema.columns
          WHERE table_schema = DATABASE() AND collation_name IS NOT NULL`,
        )) as { n: string }[]
      )[0]!.n,
    );
    return { database: `${db!.cs}/${db!.co}`, tables: tablesOff, columns: columnsOff, textColumns };
  }

  it('pins utf8mb4 / utf8mb4_unicode_ci on the database, every table and every text column', async () => {
    await ds.runMigrations({ transaction: 'each' });
    const off = await notUtf8mb4(ds);
    expect(off).toEqual({
      database: 'utf8mb4/utf8mb4_unicode_ci',
      tables: [],
      columns: [],
      textColumns: expect.any(Number),
    });
    expect(off.textColumns).toBeGreaterThan(20);
  });

  it('converts a database created latin1 (a server default) to utf8mb4, the schema still matching the entities', async () => {
    const url = withDatabase(stack.env.DATABASE_URL, `${stack.dbName}_l1`.slice(0, 64));
    await dropDatabase(url);
    const name = new URL(url).pathname.slice(1);
    await ds.query(`CREATE DATABASE \`${name}\` CHARACTER SET latin1 COLLATE latin1_swedish_ci`);
    await migrateUp(url);
    const l1 = await createDataSource(url, 1);
    await l1.initialize();
    try {
      expect(await notUtf8mb4(l1)).toMatchObject({
        database: 'utf8mb4/utf8mb4_unicode_ci',
        tables: [],
        columns: [],
      });
      const pending = await l1.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      // Characters outside latin1 (Javanese script, an emoji) are stored and read back whole.
      await l1.query(
        "INSERT INTO employers (nib, name, scale, npp) VALUES ('9400000000001', 'PT ꦱꦼꦒꦫ Sejahtera 🌴', 'small', NULL)",
      );
      const [row] = (await l1.query("SELECT name FROM employers WHERE nib = '9400000000001'")) as {
        name: string;
      }[];
      expect(row!.name).toBe('PT ꦱꦼꦒꦫ Sejahtera 🌴');
      // A rename runs the name triggers (cases keep the employer's name) over the converted tables.
      await l1.query("UPDATE employers SET name = 'PT 🌴 Baru' WHERE nib = '9400000000001'");
    } finally {
      await l1.destroy();
      await dropDatabase(url);
    }
  });

  it("migration 1764000000920 carries each worker's name over to every employer with a contract or enrolment", async () => {
    const applied = async () =>
      ((await ds.query('SELECT name FROM migrations')) as { name: string }[]).map((r) => r.name);
    while ((await applied()).includes('EmployerWorkers1764000000920'))
      await ds.undoLastMigration({ transaction: 'each' });
    const insert = async (sql: string, params: unknown[] = []) =>
      Number(((await ds.query(sql, params)) as { insertId: number }).insertId);
    const a = await insert(
      `INSERT INTO employers (nib, name, scale, district) VALUES ('9120000000920', 'PT Satu', 'small', 'Telen')`,
    );
    const b = await insert(
      `INSERT INTO employers (nib, name, scale, district) VALUES ('9120000000921', 'PT Dua', 'small', 'Telen')`,
    );
    const w = await insert(
      `INSERT INTO workers (nik, name, birth_date) VALUES ('6408010101900920', 'Rina', '1990-01-01')`,
    );
    const lone = await insert(`INSERT INTO workers (nik, name) VALUES ('6408010101900921', 'Sendiri')`);
    await ds.query(
      `INSERT INTO contracts (employer_id, worker_id, ref, type, start_date, end_date, monthly_wage, source)
       VALUES (?, ?, 'M-1', 'PKWTT', '2024-01-01', NULL, 4000000, 'admin')`,
      [a, w],
    );
    await ds.query(
      `INSERT INTO enrolments (employer_id, worker_id, kpj, programs, effective_from, reported_wage, source)
       VALUES (?, ?, '24011234567', 'JKK,JKM', '2024-01-01', 4000000, 'admin')`,
      [b, w],
    );
    await ds.runMigrations({ transaction: 'each' });
    expect(
      await ds.query(
        'SELECT employer_id AS e, worker_id AS w, name, birth_date AS d FROM employer_workers WHERE worker_id IN (?) ORDER BY employer_id',
        [[w, lone]],
      ),
    ).toEqual([
      { e: a, w, name: 'Rina', d: '1990-01-01' },
      { e: b, w, name: 'Rina', d: '1990-01-01' },
    ]);
    const cols = (await ds.query(
      `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'workers'`,
    )) as { c: string }[];
    expect(cols.map((c) => c.c)).not.toEqual(expect.arrayContaining(['name']));
    expect(cols.map((c) => c.c)).not.toEqual(expect.arrayContaining(['birth_date']));
  });

  it('never synchronizes', async () => {
    expect(ds.options.synchronize).toBe(false);
    expect((await createDataSource(stack.env.DATABASE_URL)).options.synchronize).toBe(false);
  });
});
