/**
 * Synthetic Kutai Timur: `npm run generate -- --workers N --employers M [--reset] [--seed S] [--as-of YYYY-MM-DD]`.
 *
 * Fills DATABASE_URL with employers across the 18 kecamatan (scales and sectors in plausible shares, coal-mine
 * principals with their contractors), workers with valid NIKs, contract histories (yearly PKWT renewals,
 * permanent staff, short contracts, contractor hopping), BPJS enrolments (day one, late, never, lapsed,
 * under-reported, incomplete programmes), part of the Pemkab's sponsored list, and processed self-reports.
 * Deterministic for a seed. Bulk multi-row inserts with explicit ids: a million workers in a few minutes.
 *
 * `--bpjs FILE` also writes a matching BPJS Ketenagakerjaan load (CSV, docs/bpjs-records.md; load it with
 * `POST /api/v1/bpjs-records?asOf=<as-of>`): a row per enrolment of an employer with an NPP, with a share of
 * discrepancies: `--bpjs-not-held` (claimed by the employer, unknown to BPJS; default 0.03), `--bpjs-lower-wage`
 * (a lower wage at BPJS than reported; 0.05) and `--bpjs-arrears` (paid through 3-8 months before asOf; 0.04).
 * The others are paid through the month before asOf (or their last month). Its PRNG is separate, so the rest of
 * the data set is the same with or without it.
 */
import { createWriteStream, WriteStream } from 'fs';
import { createPool, Pool } from 'mysql2/promise';
import { loadConfig, mysqlConnectionOptions, todayIn } from '@patuh/config';
import { migrateUp } from '@patuh/persistence';
import { compensationOwed, parseIsoDate } from '@patuh/rules';

interface Args {
  workers: number;
  employers: number;
  reset: boolean;
  seed: number;
  asOf: string;
  quiet: boolean;
  /** Where to write a matching BPJS load (CSV); none when absent. */
  bpjs?: string;
  /** Shares of the load's discrepancies (defaults 0.03, 0.05, 0.04). */
  bpjsNotHeld?: number;
  bpjsLowerWage?: number;
  bpjsArrears?: number;
}

function parseArgs(argv: string[], today: string): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const workers = Number(get('workers') ?? 5000);
  const employers = Number(get('employers') ?? Math.max(10, Math.round(workers / 50)));
  if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a positive whole number');
  if (!Number.isInteger(employers) || employers < 1)
    throw new Error('--employers must be a positive whole number');
  return {
    workers,
    employers,
    reset: argv.includes('--reset'),
    seed: Number(get('seed') ?? 2025),
    asOf: get('as-of') ?? today,
    quiet: argv.includes('--quiet'),
    bpjs: get('bpjs'),
    bpjsNotHeld: share('bpjs-not-held', 0.03),
    bpjsLowerWage: share('bpjs-lower-wage', 0.05),
    bpjsArrears: share('bpjs-arrears', 0.04),
  };
  function share(name: string, dflt: number): number {
    const v = Number(get(name) ?? dflt);
    if (!(v >= 0 && v <= 1)) throw new Error(`--${name} must be a share between 0 and 1`);
    return v;
  }
}

/** The BPJS load the generator writes beside the database (CSV lines, written with backpressure). */
class BpjsCsv {
  private lines: string[] = [];
  rows = 0;
  constructor(private readonly out: WriteStream) {
    this.lines.push('npp,kpj,nik,programs,effectiveFrom,effectiveTo,reportedWage,paidThrough');
  }
  async add(cells: (string | number | null)[]): Promise<void> {
    this.lines.push(cells.map((c) => (c === null ? '' : String(c))).join(','));
    this.rows++;
    if (this.lines.length >= 5000) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.lines.length) return;
    const text = this.lines.join('\n') + '\n';
    this.lines = [];
    if (!this.out.write(text)) await new Promise<void>((r) => this.out.once('drain', () => r()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) =>
      this.out.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
  }
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    weighted: <T>(xs: readonly (readonly [T, number])[]) => {
      const total = xs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [x, w] of xs) if ((r -= w) < 0) return x;
      return xs[xs.length - 1]![0];
    },
  };
}

// Calendar arithmetic on UTC dates (no local time anywhere).
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (isoDate: string, n: number) => iso(new Date(toDate(isoDate).getTime() + n * 86_400_000));
/** "YYYY-MM" of a date. */
const monthOf = (isoDate: string) => isoDate.slice(0, 7);
const asOfMonthOf = monthOf;
/** A month "YYYY-MM" moved by n months. */
function addMonthsTo(month: string, n: number): string {
  const t = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

function addMonths(isoDate: string, n: number): string {
  const d = toDate(isoDate);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last))));
}

const SECTORS = [
  {
    kbli: '05100',
    name: 'Batubara',
    risk: 5,
    weight: 14,
    positions: ['Operator HD', 'Mekanik', 'Helper', 'Driver'],
  },
  {
    kbli: '01262',
    name: 'Sawit',
    risk: 4,
    weight: 26,
    positions: ['Pemanen', 'Perawat Kebun', 'Mandor', 'Sopir Truk'],
  },
  {
    kbli: '41011',
    name: 'Konstruksi',
    risk: 4,
    weight: 12,
    positions: ['Tukang', 'Mandor', 'Operator Alat Berat'],
  },
  { kbli: '47111', name: 'Perdagangan', risk: 1, weight: 28, positions: ['Kasir', 'Pramuniaga', 'Gudang'] },
  { kbli: '56101', name: 'Rumah Makan', risk: 1, weight: 10, positions: ['Juru Masak', 'Pelayan'] },
  { kbli: '49431', name: 'Angkutan', risk: 3, weight: 10, positions: ['Sopir', 'Kernet', 'Admin'] },
] as const;
const SCALES = [
  ['micro', 45],
  ['small', 30],
  ['medium', 18],
  ['large', 7],
] as const;
const SIZE: Record<string, number> = { micro: 1, small: 4, medium: 20, large: 120 };
const DISTRICT_WEIGHT: Record<string, number> = {
  'Sangatta Utara': 22,
  'Sangatta Selatan': 12,
  Bengalon: 10,
  'Muara Wahau': 8,
  Kaliorang: 5,
  'Teluk Pandan': 5,
  'Rantau Pulung': 5,
  Kongbeng: 5,
  Sangkulirang: 5,
};
const FIRST = [
  'Siti',
  'Budi',
  'Dewi',
  'Agus',
  'Rina',
  'Andi',
  'Nur',
  'Rahmat',
  'Yuliana',
  'Hendra',
  'Wahyu',
  'Fitri',
];
const LAST = [
  'Rahmawati',
  'Santoso',
  'Lestari',
  'Saputra',
  'Hidayat',
  'Kurniawan',
  'Wati',
  'Pratama',
  'Syahrani',
];

/**
 * One multi-row INSERT. Batches of workers and of sponsored rows go in concurrently, and the triggers that keep
 * workers.on_sponsored_list and employer_workers' identity copies lock across the tables (a worker's insert
 * updates its employer_workers rows; an employer_workers insert reads its worker with a lock), so InnoDB may
 * pick one statement as a deadlock victim: it is rolled back whole (autocommit), and sent again.
 */
async function insertRows(pool: Pool, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const one = `(${columns.map(() => '?').join(',')})`;
  const sql = `INSERT INTO ${table} (${columns.join(',')}) VALUES ${rows.map(() => one).join(',')}`;
  const values = rows.flat();
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query(sql, values);
      return;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if ((code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT') || attempt >= 40) throw e;
      // Jittered, so the two statements that deadlocked do not meet again at the same moment.
      await new Promise((r) => setTimeout(r, 10 * Math.min(attempt, 10) + Math.random() * 40));
    }
  }
}

/** Buffers rows per table and flushes them in big multi-row INSERTs, a few in flight at once. */
class BulkWriter {
  private buffers = new Map<string, { columns: string[]; rows: unknown[][] }>();
  private inflight: Promise<void>[] = [];
  counts: Record<string, number> = {};
  constructor(
    private readonly pool: Pool,
    private readonly batch = 2000,
  ) {}
  async add(table: string, columns: string[], row: unknown[]): Promise<void> {
    let b = this.buffers.get(table);
    if (!b) this.buffers.set(table, (b = { columns, rows: [] }));
    b.rows.push(row);
    this.counts[table] = (this.counts[table] ?? 0) + 1;
    if (b.rows.length >= this.batch) await this.flushTable(table);
  }
  private async flushTable(table: string): Promise<void> {
    const b = this.buffers.get(table);
    if (!b || !b.rows.length) return;
    const rows = b.rows;
    b.rows = [];
    this.inflight.push(insertRows(this.pool, table, b.columns, rows));
    if (this.inflight.length >= 4) await Promise.all(this.inflight.splice(0));
  }
  async flush(): Promise<void> {
    for (const t of this.buffers.keys()) await this.flushTable(t);
    await Promise.all(this.inflight.splice(0));
  }
}

export async function generate(
  databaseUrl: string,
  args: Args,
  districts: string[],
  umk: Record<string, number>,
) {
  const t0 = Date.now();
  const log = (m: string) => !args.quiet && console.log(`[generate] ${m}`);
  await migrateUp(databaseUrl);
  const pool = createPool({ ...mysqlConnectionOptions(databaseUrl), connectionLimit: 4 });
  try {
    if (args.reset) {
      for (const t of [
        'bpjs_npp_coverage',
        'bpjs_load_npps',
        'bpjs_records',
        'bpjs_load_parts',
        'bpjs_loads',
        'case_events',
        'cases',
        'sweep_batches',
        'sweeps',
        'self_report_parts',
        'self_reports',
        'enrolments',
        'contracts',
        'sponsored_coverage',
        'employer_workers',
        'workers',
        'api_keys',
        'employers',
      ]) {
        if (t === 'case_events') {
          // Append-only by trigger: TRUNCATE is DDL and bypasses row triggers (the generator's reset only).
          await pool.query('TRUNCATE TABLE case_events');
        } else await pool.query(`TRUNCATE TABLE ${t}`);
      }
    }
    const [[maxE]] = (await pool.query('SELECT COALESCE(MAX(id),0) AS m FROM employers')) as unknown as [
      [{ m: number }],
    ];
    const [[maxW]] = (await pool.query('SELECT COALESCE(MAX(id),0) AS m FROM workers')) as unknown as [
      [{ m: number }],
    ];
    const [[maxNib]] = (await pool.query(
      'SELECT COALESCE(MAX(CAST(nib AS UNSIGNED)), 9120000000000) AS m FROM employers',
    )) as unknown as [[{ m: number }]];
    const r = prng(args.seed + Number(maxE.m));
    const w = new BulkWriter(pool);
    const bpjs = args.bpjs ? new BpjsCsv(createWriteStream(args.bpjs)) : null;
    const rb = prng(args.seed * 7 + 17 + Number(maxE.m));
    const asOfMonth = asOfMonthOf(args.asOf);
    const notHeldShare = args.bpjsNotHeld ?? 0.03;
    const lowerShare = args.bpjsLowerWage ?? 0.05;
    const arrearsShare = args.bpjsArrears ?? 0.04;
    const asOf = args.asOf;
    const asOfYear = Number(asOf.slice(0, 4));
    const umkOf = (isoDate: string) => {
      const figure =
        umk[isoDate.slice(0, 4)] ??
        umk[String(Math.min(asOfYear, Math.max(...Object.keys(umk).map(Number))))];
      // The reference data carries the figures; a generator that invents one would hide a broken file.
      if (figure === undefined) throw new Error(`reference data has no UMK for ${isoDate.slice(0, 4)}`);
      return figure;
    };

    // Employers: mining principals first, then everyone else; ~12% of employers are contractors at a principal.
    const districtWeights = districts.map((d) => [d, DISTRICT_WEIGHT[d] ?? 2] as const);
    interface Emp {
      id: number;
      npp: string | null;
      scale: string;
      sector: (typeof SECTORS)[number];
      district: string;
      principal: number | null;
      weight: number;
    }
    const emps: Emp[] = [];
    const principals: number[] = [];
    const nPrincipals = Math.max(1, Math.round(args.employers / 400));
    for (let i = 0; i < args.employers; i++) {
      const id = Number(maxE.m) + i + 1;
      const isPrincipal = i < nPrincipals;
      const sector = isPrincipal ? SECTORS[0] : r.weighted(SECTORS.map((s) => [s, s.weight] as const));
      const scale = isPrincipal ? 'large' : r.weighted(SCALES);
      const district = isPrincipal
        ? r.pick(
            ['Sangatta Utara', 'Bengalon', 'Kaliorang']
              .filter((d) => districts.includes(d))
              .concat(districts[0]!),
          )
        : r.weighted(districtWeights);
      const principal =
        !isPrincipal && principals.length && (sector.kbli === '05100' || r.next() < 0.04) && r.next() < 0.6
          ? r.pick(principals)
          : null;
      if (isPrincipal) principals.push(id);
      const weight = SIZE[scale]! * (0.5 + r.next());
      const npp = r.next() < 0.9 || isPrincipal ? `${String(24000000 + id).padStart(8, '0')}` : null;
      const e: Emp = { id, npp, scale, sector, district, principal, weight };
      emps.push(e);
      await w.add(
        'employers',
        [
          'id',
          'nib',
          'name',
          'scale',
          'npp',
          'district',
          'kbli',
          'jkk_risk_group',
          'contact_email',
          'principal_employer_id',
        ],
        [
          id,
          String(Number(maxNib.m) + i + 1).padStart(13, '0'),
          `${scale === 'micro' ? 'UD' : scale === 'small' ? 'CV' : 'PT'} ${sector.name} ${r.pick(LAST)} ${id}`,
          scale,
          npp,
          district,
          sector.kbli,
          sector.risk,
          `hrd${id}@contoh.co.id`,
          principal,
        ],
      );
      // Most employers have reported within the year; some never have.
      if (r.next() < 0.82) {
        const daysAgo = r.int(5, 420);
        const processedAt = new Date(toDate(asOf).getTime() - daysAgo * 86_400_000);
        await w.add(
          'self_reports',
          [
            'kind',
            'employer_id',
            'body_hash',
            'format',
            'status',
            'received_at',
            'processed_at',
            'counts',
            'errors',
            'error_count',
          ],
          ['employer', id, '0'.repeat(64), 'generator', 'processed', processedAt, processedAt, '{}', '[]', 0],
        );
      }
    }
    await w.flush();
    log(`${emps.length} employers (${principals.length} principals)`);

    // Cumulative weights to place workers at employers in proportion to their size.
    const cum: number[] = [];
    let acc = 0;
    for (const e of emps) cum.push((acc += e.weight));
    const pickEmployer = () => {
      const x = r.next() * acc;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return emps[lo]!;
    };
    const contractorsOf = new Map<number, Emp[]>();
    for (const e of emps)
      if (e.principal) contractorsOf.set(e.principal, [...(contractorsOf.get(e.principal) ?? []), e]);

    const niks = new Set<string>();
    // Every generated worker is an adult on the first day of any contract the generator can give them (the
    // earliest: a PKWTT 4,000 days before asOf, a legacy chain from 2017-01-01), so UNDERAGE_WORKER cases come only
    // from the demo's named examples, not from chance.
    const latestAdultBirth = Math.min(
      parseIsoDate(addMonths(addDays(asOf, -4000), -12 * 18)),
      parseIsoDate('1999-01-01'),
    );
    const birthRangeDays = latestAdultBirth - parseIsoDate('1965-01-01');
    let refSeq = 0;
    const CONTRACT_COLS = [
      'employer_id',
      'worker_id',
      'ref',
      'type',
      'start_date',
      'end_date',
      'monthly_wage',
      'position',
      'compensation_paid',
      'source',
    ];
    // Uang kompensasi (rulebook v2): reported paid in full for nine ended PKWTs in ten (no PRNG draw, so the rest
    // of the data set is as before); the tenth is not reported.
    const compensation = (type: string, start: string, end: string | null, wage: number, seq: number) => {
      if (type !== 'PKWT' || end === null || end >= asOf || seq % 10 === 0) return null;
      return (
        compensationOwed(parseIsoDate(start), parseIsoDate(end), wage, parseIsoDate('2021-02-02'))?.owed ??
        null
      );
    };
    const EW_COLS = ['employer_id', 'worker_id', 'name', 'birth_date'];
    const ENROL_COLS = [
      'employer_id',
      'worker_id',
      'kpj',
      'programs',
      'effective_from',
      'effective_to',
      'reported_wage',
      'source',
    ];
    const required: Record<string, string> = {
      micro: 'JKK,JKM',
      small: 'JKK,JKM,JHT',
      medium: 'JKK,JKM,JHT,JP',
      large: 'JKK,JKM,JHT,JP',
    };

    for (let i = 0; i < args.workers; i++) {
      const workerId = Number(maxW.m) + i + 1;
      const female = r.next() < 0.35;
      const birth = addDays('1965-01-01', r.int(0, birthRangeDays));
      let nik: string;
      do {
        const dd = Number(birth.slice(8, 10)) + (female ? 40 : 0);
        nik = `6408${String(r.int(1, 18)).padStart(2, '0')}${String(dd).padStart(2, '0')}${birth.slice(5, 7)}${birth.slice(2, 4)}${String(r.int(1, 9999)).padStart(4, '0')}`;
      } while (niks.has(nik));
      niks.add(nik);
      await w.add('workers', ['id', 'nik'], [workerId, nik]);
      const name = `${r.pick(FIRST)} ${r.pick(LAST)}`;

      const emp = pickEmployer();
      // The name and birth date are the employer's report (employer_workers), as a self-report would store them.
      await w.add('employer_workers', EW_COLS, [emp.id, workerId, name, birth]);
      const position = r.pick(emp.sector.positions);
      const kind = r.weighted([
        ['yearly', 45],
        ['permanent', 30],
        ['short', 15],
        ['long', 6],
        ['legacy', 4],
      ] as const);
      // The contracts of this worker at this employer.
      const contracts: { start: string; end: string | null; type: 'PKWT' | 'PKWTT'; wage: number }[] = [];
      const wageFor = (start: string) =>
        Math.round((umkOf(start) * (r.next() < 0.06 ? 0.85 + r.next() * 0.1 : 1 + r.next() * 0.6)) / 1000) *
        1000;
      if (kind === 'permanent') {
        const start = addDays(asOf, -r.int(30, 4000));
        contracts.push({ start, end: null, type: 'PKWTT', wage: wageFor(start) });
      } else if (kind === 'short') {
        const start = addDays(asOf, -r.int(0, 900));
        contracts.push({
          start,
          end: addDays(addMonths(start, r.int(3, 12)), -1),
          type: 'PKWT',
          wage: wageFor(start),
        });
      } else {
        // Yearly renewals (the pattern the Bupati named), or one long PKWT, or a chain begun before 2021.
        const n = kind === 'long' ? 1 : kind === 'legacy' ? r.int(2, 4) : r.int(1, 6);
        const months = kind === 'long' ? r.int(36, 72) : 12;
        let start =
          kind === 'legacy'
            ? addDays('2017-01-01', r.int(0, 1400))
            : addDays(asOf, -r.int(200, 365 * n + 200));
        for (let k = 0; k < n; k++) {
          const end = addDays(addMonths(start, kind === 'legacy' && k > 0 ? 24 : months), -1);
          contracts.push({ start, end, type: 'PKWT', wage: wageFor(start) });
          start = addDays(end, 1 + (r.next() < 0.75 ? 0 : r.int(1, 40)));
        }
      }
      for (const ct of contracts) {
        await w.add('contracts', CONTRACT_COLS, [
          emp.id,
          workerId,
          `PK-${emp.id}-${++refSeq}`,
          ct.type,
          ct.start,
          ct.end,
          ct.wage,
          position,
          compensation(ct.type, ct.start, ct.end, ct.wage, refSeq),
          'generator',
        ]);
      }

      // Enrolment: day one for most; some late, lapsed, never, under-reported or missing a programme.
      const first = contracts[0]!.start;
      const lastEnd = contracts[contracts.length - 1]!.end;
      const pattern = r.weighted([
        ['dayOne', 68],
        ['late', 12],
        ['never', 7],
        ['lapsed', 5],
        ['under', 5],
        ['programs', 3],
      ] as const);
      if (pattern !== 'never') {
        const from = pattern === 'late' ? addDays(first, r.int(3, 120)) : first;
        const to = pattern === 'lapsed' ? addDays(from, r.int(60, 400)) : lastEnd;
        const wage = contracts[contracts.length - 1]!.wage;
        const programs = pattern === 'programs' ? 'JKK,JKM' : required[emp.scale]!;
        if (!(to && to < from)) {
          await w.add('enrolments', ENROL_COLS, [
            emp.id,
            workerId,
            String(10000000000 + workerId).slice(-11),
            programs,
            from,
            to,
            pattern === 'under' ? Math.round(wage * 0.8) : wage,
            'generator',
          ]);
        }
        if (bpjs && emp.npp && !(to && to < from)) {
          // What BPJS holds: mostly what the employer reports, with the three discrepancies in their shares.
          const x = rb.next();
          const notHeld = x < notHeldShare;
          const lower = !notHeld && x < notHeldShare + lowerShare;
          const arrears = !notHeld && !lower && x < notHeldShare + lowerShare + arrearsShare;
          if (!notHeld) {
            const reported = pattern === 'under' ? Math.round(wage * 0.8) : wage;
            const paidLast = to && to < asOf ? monthOf(to) : addMonthsTo(asOfMonth, -1);
            let paid: string | null = arrears
              ? addMonthsTo(asOfMonth, -(3 + Math.floor(rb.next() * 6)))
              : paidLast;
            if (paid < monthOf(from)) paid = null;
            await bpjs.add([
              emp.npp,
              String(10000000000 + workerId).slice(-11),
              nik,
              programs.split(',').join('|'),
              from,
              to && to <= asOf ? to : null, // BPJS knows an end once it has come
              lower ? Math.round((reported * (0.7 + rb.next() * 0.2)) / 1000) * 1000 : reported,
              paid,
            ]);
          }
        }
      }

      // Contractor hopping: a mining contractor's worker moved to a sibling contractor of the same principal.
      if (emp.principal && r.next() < 0.15) {
        const siblings = (contractorsOf.get(emp.principal) ?? []).filter((e) => e.id !== emp.id);
        if (siblings.length) {
          const other = r.pick(siblings);
          await w.add('employer_workers', EW_COLS, [other.id, workerId, name, birth]);
          let start = addDays(contracts[contracts.length - 1]!.end ?? asOf, 1 + r.int(0, 20));
          for (let k = 0; k < r.int(1, 3) && start <= asOf; k++) {
            const end = addDays(addMonths(start, 12), -1);
            const wage = wageFor(start);
            await w.add('contracts', CONTRACT_COLS, [
              other.id,
              workerId,
              `PK-${other.id}-${++refSeq}`,
              'PKWT',
              start,
              end,
              wage,
              position,
              compensation('PKWT', start, end, wage, refSeq),
              'generator',
            ]);
            start = addDays(end, 1);
          }
        }
      }

      // The Pemkab's sponsored list holds a few formal workers too (cost shifted to the regency).
      if (r.next() < 0.01) {
        await w.add(
          'sponsored_coverage',
          ['nik', 'programs', 'effective_from', 'effective_to', 'district'],
          [nik, 'JKK,JKM', addDays(asOf, -r.int(30, 700)), null, emp.district],
        );
      }
      if (!args.quiet && i > 0 && i % 100000 === 0) log(`${i} workers…`);
    }
    // Informal workers on the sponsored list (not in the formal workforce).
    const informal = Math.round(args.workers * 0.05);
    for (let i = 0; i < informal; i++) {
      let nik: string;
      do {
        nik = `6408${String(r.int(1, 18)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(60, 99))}${String(r.int(1, 9999)).padStart(4, '0')}`;
      } while (niks.has(nik));
      niks.add(nik);
      await w.add(
        'sponsored_coverage',
        ['nik', 'programs', 'effective_from', 'effective_to', 'district'],
        [nik, 'JKK,JKM', addDays(asOf, -r.int(0, 700)), null, r.weighted(districtWeights)],
      );
    }
    await w.flush();
    if (bpjs) {
      await bpjs.close();
      w.counts.bpjsLoadRows = bpjs.rows;
      log(`BPJS load (CSV, asOf ${asOf}): ${bpjs.rows} rows in ${args.bpjs}`);
    }
    const seconds = (Date.now() - t0) / 1000;
    log(`done in ${seconds.toFixed(1)} s: ${JSON.stringify(w.counts)}`);
    return { seconds, counts: w.counts };
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  const config = loadConfig(process.env);
  const ref = config.reference as {
    regency: { districts: string[] };
    minimumWage: { umk: Record<string, number> };
  };
  const args = parseArgs(process.argv.slice(2), todayIn(config.env.BUSINESS_TZ));
  generate(config.env.DATABASE_URL, args, ref.regency.districts, ref.minimumWage.umk).catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
