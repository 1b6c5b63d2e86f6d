/**
 * @jest-environment ./test/fuzz/environment.ts
 */
import fc from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { Seed } from '../support/seed';
import { bearer, eventually, login, TestStack } from '../support/stack';
import {
  check,
  deepJson,
  FUZZ_RUNS,
  FuzzApi,
  fuzzOptions,
  multipart,
  mutateJson,
  mutation,
  Received,
  sometimes,
  validNik,
} from './harness';

/**
 * Issue #16, fuzzing the self-report doors (POST /self-reports with an employer key, POST /sponsored-coverage as
 * admin): valid JSON and CSV submissions, then mutated (JSON: wrong types, nulls, extra fields, deep nesting, big
 * values; CSV: bad quoting, BOM, CRLF/CR, wrong and duplicate columns, huge fields, binary and invalid UTF-8, cut
 * short; multipart: odd file names, too many files, broken boundaries). A worker runs: every accepted report is
 * processed to an end (processed or failed, never stuck) before the next request. Checks: the route checks of
 * harness.ts (no 5xx, documented status, problem+json, no unhandled rejection, no NIK logged whole by the API or
 * the worker) and a rejected request (4xx) stored nothing: the row counts of self_reports, self_report_parts,
 * workers, contracts, enrolments and sponsored_coverage are unchanged.
 */
describe('fuzz: self-report and sponsored-coverage bodies', () => {
  const stack = new TestStack('fuzz_self_reports', {
    LOG_LEVEL: 'debug',
    SELF_REPORT_RATE_LIMIT: '100000',
    SELF_REPORT_MAX_BYTES: String(256 * 1024),
    SELF_REPORT_REQUEUE_MS: '500',
  });
  const api = new FuzzApi(stack);
  let ds: DataSource;
  let key = '';
  let adminToken = '';
  /** Responses by status, over the suite: the run reached both the accepting and the refusing paths. */
  const seen: Record<number, number> = {};
  let processed = 0;
  const TABLES = [
    'self_reports',
    'self_report_parts',
    'workers',
    'contracts',
    'enrolments',
    'sponsored_coverage',
  ];

  const counts = async (): Promise<Record<string, number>> => {
    const rows = (await ds.query(
      TABLES.map((t) => `SELECT '${t}' AS t, COUNT(*) AS n FROM ${t}`).join(' UNION ALL '),
    )) as { t: string; n: number | string }[];
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  };

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    const employer = await new Seed(ds).employer({ name: 'PT Fuzz Lapor' });
    const admin = await stack.createUser('admin');
    await api.start();
    // The worker as main.ts builds it, logging at debug into the same buffer.
    const worker = stack.track(await createWorkerApp(stack.config));
    await worker.init();
    worker.flushLogs();
    adminToken = await login(api.app, admin.email, admin.password);
    key = (
      await request(api.app.getHttpServer())
        .post(`/api/v1/employers/${employer}/api-keys`)
        .set(bearer(adminToken))
        .send({})
        .expect(201)
    ).body.key as string;
  }, 120_000);
  afterAll(async () => {
    api.stop();
    await stack.teardown();
  });

  // ---- valid rows -------------------------------------------------------------------------------------------
  const date = fc
    .date({ min: new Date('2015-01-01'), max: new Date('2026-06-30'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const name = fc.oneof(
    fc.constantFrom('Siti Rahmawati', 'Budi Santoso', 'Rahmawati, Siti "Ita"', 'Ñoño\r\nbaris dua'),
    fc.string({ minLength: 1, maxLength: 30 }),
  );
  const rowsArb = fc.uniqueArray(validNik, { minLength: 1, maxLength: 4 }).chain((niks) =>
    fc.record({
      workers: fc
        .constant(niks)
        .chain((ns) =>
          fc.tuple(
            ...ns.map((nik) =>
              fc.record({ nik: fc.constant(nik), name, birthDate: fc.option(date, { nil: undefined }) }),
            ),
          ),
        ),
      contracts: fc.array(
        fc.record({
          ref: fc.string({ minLength: 1, maxLength: 20 }),
          nik: fc.constantFrom(...niks),
          type: fc.constantFrom('PKWT', 'PKWTT'),
          startDate: date,
          endDate: fc.option(date, { nil: null }),
          monthlyWage: fc.integer({ min: 1, max: 50_000_000 }),
          position: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
      enrolments: fc.array(
        fc.record({
          nik: fc.constantFrom(...niks),
          kpj: fc.stringMatching(/^\d{11}$/),
          programs: fc.subarray(['JKK', 'JKM', 'JHT', 'JP', 'JKP'], { minLength: 1 }),
          effectiveFrom: date,
          effectiveTo: fc.option(date, { nil: null }),
          reportedWage: fc.option(fc.integer({ min: 1, max: 50_000_000 }), { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
    }),
  );

  // ---- CSV --------------------------------------------------------------------------------------------------
  type Row = Record<string, unknown>;
  const cell = (v: unknown, quoteAll: boolean, delimiter: string) => {
    const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('|') : String(v);
    return quoteAll || /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const toCsv = (rows: Row[], columns: string[], o: { eol: string; delimiter: string; quoteAll: boolean }) =>
    [columns, ...rows.map((r) => columns.map((c) => r[c]))]
      .map((line, i) =>
        line
          .map((v) => (i === 0 ? cell(v, false, o.delimiter) : cell(v, o.quoteAll, o.delimiter)))
          .join(o.delimiter),
      )
      .join(o.eol) + o.eol;
  const COLUMNS: Record<string, string[]> = {
    workers: ['nik', 'name', 'birthDate'],
    contracts: ['ref', 'nik', 'type', 'startDate', 'endDate', 'monthlyWage', 'position'],
    enrolments: ['nik', 'kpj', 'programs', 'effectiveFrom', 'effectiveTo', 'reportedWage'],
    rows: ['nik', 'programs', 'effectiveFrom', 'effectiveTo', 'district'],
  };

  type CsvMutation =
    | { kind: 'insert'; at: number; text: string }
    | { kind: 'truncate'; at: number }
    | { kind: 'header'; header: string }
    | { kind: 'bom' }
    | { kind: 'huge'; size: number }
    | { kind: 'binary'; at: number; bytes: Uint8Array };
  const csvMutation: fc.Arbitrary<CsvMutation> = fc.oneof(
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.constantFrom(
        '"',
        '""',
        '"a"b',
        ',',
        ';',
        '\r',
        '\n',
        '\r\n',
        ',,,,,,',
        '\u0000',
        '\ufeff',
        '=cmd|x',
      ),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('header' as const),
      header: fc.constantFrom(
        '',
        'nik',
        'nik,nik,name',
        'NIK;Name',
        'foo,bar',
        '"nik,name',
        'nik,name,extra',
        '\u0000',
      ),
    }),
    fc.record({ kind: fc.constant('bom' as const) }),
    fc.record({ kind: fc.constant('huge' as const), size: fc.constantFrom(100_000, 300_000) }),
    fc.record({
      kind: fc.constant('binary' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    }),
  );
  const applyCsv = (text: string, ms: CsvMutation[]): Buffer => {
    let buf = Buffer.from(text, 'utf8');
    for (const m of ms) {
      const at = buf.length
        ? m.kind === 'insert' || m.kind === 'truncate' || m.kind === 'binary'
          ? m.at % buf.length
          : 0
        : 0;
      if (m.kind === 'insert')
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from(m.text), buf.subarray(at)]);
      else if (m.kind === 'truncate') buf = buf.subarray(0, at);
      else if (m.kind === 'header') {
        const nl = buf.indexOf(0x0a);
        buf = Buffer.concat([Buffer.from(m.header), nl < 0 ? Buffer.alloc(0) : buf.subarray(nl)]);
      } else if (m.kind === 'bom') buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]);
      else if (m.kind === 'huge')
        buf = Buffer.concat([buf, Buffer.from(`6408014107950003,"${'x'.repeat(m.size)}",\n`)]);
      else
        buf = Buffer.concat([
          buf.subarray(0, at),
          Buffer.from(m.bytes),
          Buffer.from([0xff, 0xfe]),
          buf.subarray(at),
        ]);
    }
    return buf;
  };
  const csvFormat = fc.record({
    eol: fc.constantFrom('\r\n', '\n', '\r'),
    delimiter: fc.constantFrom(',', ';'),
    quoteAll: fc.boolean(),
  });
  const fileNaming = fc.constantFrom('field', 'filename', 'both', 'unknown', 'noFilename');

  // ---- one request, and what must hold ----------------------------------------------------------------------
  const idempotencyKey = sometimes(fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'x'.repeat(201), 'ключ'), 3);

  const submit = async (
    route: '/api/v1/self-reports' | '/api/v1/sponsored-coverage',
    payload: string | Buffer,
    contentType: string,
    idem: string | null,
  ): Promise<void> => {
    const before = await counts();
    const headers: Record<string, string> = {
      authorization: `Bearer ${route === '/api/v1/self-reports' ? key : adminToken}`,
      'content-type': contentType,
    };
    if (idem) headers['idempotency-key'] = idem;
    const res: Received = await api.send({ method: 'POST', url: route, headers, payload });
    const problems = api.problems('post', route, res);
    seen[res.status] = (seen[res.status] ?? 0) + 1;
    if (process.env.FUZZ_DEBUG && res.status === 400)
      process.stderr.write(`400: ${res.body.slice(0, 300)}\n`);
    const after = await counts();
    if (res.status >= 400) {
      if (JSON.stringify(after) !== JSON.stringify(before))
        problems.push(
          `rejected (${res.status}) but stored: ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
        );
    } else if (res.status === 202) {
      const replayed = res.headers['idempotent-replayed'] === 'true';
      const expected = before.self_reports! + (replayed ? 0 : 1);
      if (after.self_reports !== expected)
        problems.push(`accepted: self_reports ${before.self_reports} → ${after.self_reports}`);
      const id = (JSON.parse(res.body) as { id: number }).id;
      // Processed to an end before the next request (so the next request's counts are its own).
      const status = await eventually(async () => {
        const r = await api.send({
          method: 'GET',
          url: `/api/v1/self-reports/${id}`,
          headers: { authorization: `Bearer ${adminToken}` },
        });
        const s = (JSON.parse(r.body) as { status: string }).status;
        return s === 'processed' || s === 'failed' ? s : undefined;
      }, 30_000).catch(() => 'stuck');
      // A report whose job gave up (status failed) means the worker threw on rows the API accepted.
      if (status !== 'processed') problems.push(`report ${id} ended ${status}, not processed`);
      else processed++;
      const evaluated = await eventually(async () => {
        const [row] = (await ds.query('SELECT evaluation_status AS s FROM self_reports WHERE id = ?', [
          id,
        ])) as { s: string | null }[];
        return row?.s === 'queued' || row?.s === 'running' ? undefined : true;
      }, 30_000).catch(() => false);
      if (!evaluated) problems.push(`report ${id}: its evaluation did not end within 30 s`);
      // The worker's log lines too: no NIK whole; and nothing left unhandled while it processed.
      problems.push(...api.unhandled.splice(0).map((u) => `unhandled rejection: ${u.slice(0, 500)}`));
      problems.push(...api.leakedNiks().map((l) => `NIK logged whole: ${l}`));
    }
    if (problems.length) throw new Error(problems.join('\n'));
  };

  it('JSON self-reports, valid and mutated: no 5xx, nothing stored from a rejected body', async () => {
    const arb = fc.record({
      rows: rowsArb,
      mutations: fc.oneof(
        fc.array(mutation, { maxLength: 0 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
      ),
      raw: sometimes(
        fc.constantFrom(
          '',
          '{',
          '[]',
          'null',
          '{"workers":',
          '\ufeff{"workers":[]}',
          '{"workers":{}}',
          '{"workers":[1,2]}',
        ),
        8,
      ),
      type: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/vnd.patuh+json',
        'text/plain',
      ),
      idem: idempotencyKey,
    });
    const report = await check(
      arb,
      ({ rows, mutations, raw, type, idem }) =>
        submit('/api/v1/self-reports', raw ?? mutateJson(rows, mutations), type, idem),
      fuzzOptions(FUZZ_RUNS * 4, 101),
    );
    expect(report).toBeUndefined();
  }, 600_000);

  it('CSV self-reports (multipart), valid and mutated: no 5xx, nothing stored from a rejected body', async () => {
    const entity = fc.constantFrom('workers', 'contracts', 'enrolments');
    const arb = fc.record({
      rows: rowsArb,
      files: fc.uniqueArray(entity, { minLength: 1, maxLength: 3 }),
      format: csvFormat,
      mutations: fc.oneof(
        fc.array(fc.tuple(fc.nat({ max: 2 }), csvMutation), { maxLength: 0 }),
        fc.array(fc.tuple(fc.nat({ max: 2 }), csvMutation), { minLength: 1, maxLength: 3 }),
      ),
      naming: fileNaming,
      extraFile: sometimes(fc.constantFrom('workers', 'payroll', 'contracts.xlsx', 'a'.repeat(300)), 5),
      breakBoundary: sometimes(fc.constantFrom('noEnd', 'noBoundary', 'wrongBoundary'), 8),
      idem: idempotencyKey,
    });
    const report = await check(
      arb,
      async ({ rows, files, format, mutations, naming, extraFile, breakBoundary, idem }) => {
        const parts = files.map((e, i) => {
          let content = applyCsv(
            toCsv(rows[e as keyof typeof rows] as Row[], COLUMNS[e]!, format),
            mutations.filter(([f]) => f === i).map(([, m]) => m),
          );
          if (!content.length) content = Buffer.alloc(0);
          const file = `${e}.csv`;
          return naming === 'field'
            ? { field: file, content }
            : naming === 'filename'
              ? { field: 'file', filename: file, content }
              : naming === 'unknown'
                ? { field: 'data', filename: 'data.bin', content }
                : naming === 'noFilename'
                  ? { field: e, content }
                  : { field: file, filename: file, content };
        });
        if (extraFile)
          parts.push({ field: extraFile, filename: extraFile, content: Buffer.from('nik,name\n') });
        const body = multipart(
          parts.map((p) => ({ ...p, filename: 'filename' in p ? p.filename : p.field })),
        );
        let payload = body.payload;
        let contentType = body.contentType;
        if (breakBoundary === 'noEnd') payload = payload.subarray(0, payload.length - 8);
        if (breakBoundary === 'noBoundary') contentType = 'multipart/form-data';
        if (breakBoundary === 'wrongBoundary') contentType = 'multipart/form-data; boundary=nope';
        await submit('/api/v1/self-reports', payload, contentType, idem);
      },
      fuzzOptions(FUZZ_RUNS * 4, 102),
    );
    expect(report).toBeUndefined();
  }, 600_000);

  it('the sponsored-coverage list (JSON and CSV), valid and mutated: the same', async () => {
    const row = fc.record({
      nik: validNik,
      programs: fc.subarray(['JKK', 'JKM', 'JHT', 'JP', 'JKP'], { minLength: 1 }),
      effectiveFrom: fc.constantFrom('2025-01-01', '2025-02-30', '2024-12-31'),
      effectiveTo: fc.option(fc.constantFrom('2025-12-31', '2024-01-01'), { nil: null }),
      district: fc.option(fc.constantFrom('Sangatta Utara', 'Atlantis'), { nil: undefined }),
    });
    const arb = fc.record({
      rows: fc.array(row, { minLength: 1, maxLength: 4 }),
      csv: fc.boolean(),
      format: csvFormat,
      mutations: fc.array(mutation, { maxLength: 2 }),
      csvMutations: fc.array(csvMutation, { maxLength: 2 }),
      idem: idempotencyKey,
    });
    const report = await check(
      arb,
      async ({ rows, csv, format, mutations, csvMutations, idem }) => {
        if (!csv)
          return submit(
            '/api/v1/sponsored-coverage',
            mutateJson({ rows }, mutations),
            'application/json',
            idem,
          );
        const content = applyCsv(toCsv(rows as Row[], COLUMNS.rows!, format), csvMutations);
        const body = multipart([{ field: 'file', filename: 'coverage.csv', content }]);
        return submit('/api/v1/sponsored-coverage', body.payload, body.contentType, idem);
      },
      fuzzOptions(FUZZ_RUNS * 2, 103),
    );
    expect(report).toBeUndefined();
  }, 600_000);

  // Counterexamples the fuzz found (routes.e2e-spec.ts, seed 777), kept as plain regressions.
  it('refuses a submission nested thousands deep with a 400 and stores nothing (canonicalising overflowed: a 500)', async () => {
    const deep = deepJson(3000);
    for (const [route, payload] of [
      ['/api/v1/self-reports', `{"workers":[{"nik":"6408014107950003","name":${deep}}]}`],
      ['/api/v1/self-reports', `{"workers":[${deep}]}`],
      ['/api/v1/sponsored-coverage', `{"rows":[${deep}]}`],
    ] as const) {
      const before = await counts();
      const res = await api.send({
        method: 'POST',
        url: route,
        headers: {
          authorization: `Bearer ${route === '/api/v1/self-reports' ? key : adminToken}`,
          'content-type': 'application/json',
        },
        payload,
      });
      expect({ route, status: res.status, type: res.type }).toEqual({
        route,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(await counts()).toEqual(before);
    }
  });

  it('logged at debug (the NIK check is not vacuous) and nothing was left unhandled', () => {
    process.stderr.write(
      `fuzz self-reports: responses by status ${JSON.stringify(seen)}, ${processed} processed\n`,
    );
    expect(seen[202]).toBeGreaterThan(0);
    expect(seen[400]).toBeGreaterThan(0);
    expect(processed).toBeGreaterThan(0);
    expect(api.logs.join('\n')).toContain('"level":');
    expect(api.sentNiks.size).toBeGreaterThan(0);
    expect(api.leakedNiks()).toEqual([]);
    expect(api.unhandled).toEqual([]);
  });
});
