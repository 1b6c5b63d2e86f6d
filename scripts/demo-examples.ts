/**
 * Named examples for the demo: a handful of employers in Kutai Timur and their workers, written so that each rule
 * of the rulebook finds at least one case (and the console's pages have a person to show: a worker at two
 * employers, a worker moved between a principal's contractors, a worker with 40 contracts for the timeline).
 *
 * Data, not code: `demoExamples(asOf)` gives the rows, dated relative to the day the sweep judges (so the demo
 * still shows every rule next year); `loadDemoExamples(query, asOf)` inserts them with plain SQL after the
 * generated district (fresh ids, NIBs and NIKs the generator never makes: kecamatan code 20 in the NIK).
 */

export type Scale = 'micro' | 'small' | 'medium' | 'large';
export type Program = 'JKK' | 'JKM' | 'JHT' | 'JP' | 'JKP';

export interface ExampleEmployer {
  key: string;
  name: string;
  scale: Scale;
  npp: string | null;
  district: string;
  kbli: string;
  jkkRiskGroup: number;
  /** The principal whose contractor this is (its key). */
  principal?: string;
  /** Days before asOf of its last processed self-report; null = it never reported. */
  selfReportDaysAgo: number | null;
}

export interface ExampleContract {
  employer: string;
  ref: string;
  type: 'PKWT' | 'PKWTT';
  start: string;
  end: string | null;
  wage: number;
  position: string;
  /** Uang kompensasi paid at the end of the PKWT (rulebook v2); loaded where the schema has the column. */
  compensationPaid?: number | null;
  compensationPaidOn?: string | null;
}

export interface ExampleEnrolment {
  employer: string;
  programs: Program[];
  from: string;
  to: string | null;
  reportedWage: number;
}

export interface ExampleWorker {
  name: string;
  birthDate: string;
  female: boolean;
  /** The rule (or console page) this worker is here to show. */
  shows: string;
  contracts: ExampleContract[];
  enrolments: ExampleEnrolment[];
  sponsored?: { programs: Program[]; from: string; to: string | null }[];
  /**
   * BPJS Ketenagakerjaan's own records of the worker (CONTRACT §9, issue #17), under its employer's NPP, in the
   * demo's BPJS load as of asOf (which covers every NPP that has such a worker). `paidThrough` 'YYYY-MM' or null.
   */
  bpjs?: { from: string; to: string | null; wage: number; paidThrough: string | null }[];
}

export interface DemoExamples {
  employers: ExampleEmployer[];
  workers: (ExampleWorker & { nik: string })[];
}

// UTC calendar arithmetic on YYYY-MM-DD.
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (d: string, n: number) => iso(new Date(toDate(d).getTime() + n * 86_400_000));
export function addMonths(d: string, n: number): string {
  const t = toDate(d);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(y, m, Math.min(t.getUTCDate(), last))));
}
const monthStart = (d: string) => `${d.slice(0, 8)}01`;

/** A NIK for a birth date: Kutai Timur (6408), kecamatan code 20 (the generator uses 01-18), DDMMYY, a sequence. */
export function exampleNik(birthDate: string, female: boolean, seq: number): string {
  const dd = Number(birthDate.slice(8, 10)) + (female ? 40 : 0);
  return `640820${String(dd).padStart(2, '0')}${birthDate.slice(5, 7)}${birthDate.slice(2, 4)}${String(seq).padStart(4, '0')}`;
}

const ALL: Program[] = ['JKK', 'JKM', 'JHT', 'JP'];

/**
 * Uang kompensasi paid in full for `months` of service: a tenth over months / 12 × the wage, so that however a
 * rulebook rounds the months of service, the compensation is not short.
 */
export const paidInFull = (wage: number, months: number) =>
  Math.ceil((wage * months * 1.1) / 12 / 1000) * 1000;

/** `n` back-to-back PKWT contracts of `months` each from `start`. */
function pkwtSeries(
  employer: string,
  refPrefix: string,
  start: string,
  n: number,
  months: number,
  wage: number,
  position: string,
): ExampleContract[] {
  const out: ExampleContract[] = [];
  let s = start;
  for (let i = 0; i < n; i++) {
    const end = addDays(addMonths(s, months), -1);
    out.push({ employer, ref: `${refPrefix}-${i + 1}`, type: 'PKWT', start: s, end, wage, position });
    s = addDays(end, 1);
  }
  return out;
}

export function demoExamples(asOf: string): DemoExamples {
  const A = asOf;
  const M = monthStart(A);
  const employers: ExampleEmployer[] = [
    {
      key: 'konstruksi',
      name: 'PT Bukit Pelangi Konstruksi',
      scale: 'medium',
      npp: '24100001',
      district: 'Sangatta Utara',
      kbli: '41011',
      jkkRiskGroup: 4,
      selfReportDaysAgo: 40,
    },
    {
      key: 'sawit',
      name: 'PT Teluk Lingga Sawit Lestari',
      scale: 'large',
      npp: '24100002',
      district: 'Sangatta Utara',
      kbli: '01262',
      jkkRiskGroup: 3,
      selfReportDaysAgo: 25,
    },
    {
      key: 'bengalon',
      name: 'CV Bengalon Jaya Abadi',
      scale: 'small',
      npp: null,
      district: 'Bengalon',
      kbli: '46900',
      jkkRiskGroup: 2,
      selfReportDaysAgo: 400,
    },
    {
      key: 'sangkulirang',
      name: 'UD Sangkulirang Makmur',
      scale: 'micro',
      npp: '24100004',
      district: 'Sangkulirang',
      kbli: '47111',
      jkkRiskGroup: 1,
      selfReportDaysAgo: null,
    },
    {
      key: 'tambang',
      name: 'PT Kutai Batubara Nusantara',
      scale: 'large',
      npp: '24100005',
      district: 'Sangatta Utara',
      kbli: '05100',
      jkkRiskGroup: 5,
      selfReportDaysAgo: 15,
    },
    {
      key: 'mitra',
      name: 'PT Sangatta Mitra Tambang',
      scale: 'medium',
      npp: '24100006',
      district: 'Sangatta Utara',
      kbli: '09900',
      jkkRiskGroup: 5,
      principal: 'tambang',
      selfReportDaysAgo: 30,
    },
    {
      key: 'verifikasi',
      name: 'PT Mahakam Agro Niaga',
      scale: 'medium',
      npp: '24100008',
      district: 'Muara Wahau',
      kbli: '46900',
      jkkRiskGroup: 2,
      selfReportDaysAgo: 20,
    },
    {
      key: 'daya',
      name: 'PT Bengalon Daya Kontraktor',
      scale: 'medium',
      npp: '24100007',
      district: 'Bengalon',
      kbli: '09900',
      jkkRiskGroup: 5,
      principal: 'tambang',
      selfReportDaysAgo: 30,
    },
  ];

  const workers: ExampleWorker[] = [];
  const full = (employer: string, from: string, to: string | null, wage: number): ExampleEnrolment => ({
    employer,
    programs: ALL,
    from,
    to,
    reportedWage: wage,
  });

  // ENROLMENT_MISSING: never enrolled, and one whose enrolment lapsed.
  {
    const start = addMonths(M, -8);
    workers.push({
      name: 'Rahmat Hidayat',
      birthDate: '1990-01-01',
      female: false,
      shows: 'ENROLMENT_MISSING',
      contracts: [
        {
          employer: 'konstruksi',
          ref: 'BPK/PKWT/101',
          type: 'PKWT',
          start,
          end: addDays(addMonths(start, 12), -1),
          wage: 5_200_000,
          position: 'Tukang besi',
        },
      ],
      enrolments: [],
    });
    const s2 = addMonths(M, -20);
    workers.push({
      name: 'Joko Susilo',
      birthDate: '1986-05-17',
      female: false,
      shows: 'ENROLMENT_MISSING',
      contracts: [
        {
          employer: 'konstruksi',
          ref: 'BPK/PKWTT/102',
          type: 'PKWTT',
          start: s2,
          end: null,
          wage: 6_100_000,
          position: 'Operator alat berat',
        },
      ],
      enrolments: [full('konstruksi', s2, addMonths(s2, 9), 6_100_000)],
    });
  }
  // ENROLMENT_LATE: enrolled 45 days after starting.
  {
    const start = addMonths(M, -10);
    workers.push({
      name: 'Siti Rahmawati',
      birthDate: '1995-07-01',
      female: true,
      shows: 'ENROLMENT_LATE',
      contracts: [
        {
          employer: 'konstruksi',
          ref: 'BPK/PKWT/103',
          type: 'PKWT',
          start,
          end: addDays(addMonths(start, 12), -1),
          wage: 5_000_000,
          position: 'Staf administrasi',
        },
      ],
      enrolments: [full('konstruksi', addDays(start, 45), addDays(addMonths(start, 12), -1), 5_000_000)],
    });
  }
  // PROGRAM_INCOMPLETE: a medium employer's worker with JKK and JKM only.
  {
    const start = addMonths(M, -36);
    workers.push({
      name: 'Budi Santoso',
      birthDate: '1988-03-12',
      female: false,
      shows: 'PROGRAM_INCOMPLETE',
      contracts: [
        {
          employer: 'konstruksi',
          ref: 'BPK/PKWTT/104',
          type: 'PKWTT',
          start,
          end: null,
          wage: 6_000_000,
          position: 'Mandor',
        },
      ],
      enrolments: [
        { employer: 'konstruksi', programs: ['JKK', 'JKM'], from: start, to: null, reportedWage: 6_000_000 },
      ],
    });
  }
  // WAGE_UNDER_REPORTED: Rp 6.500.000 paid, Rp 4.100.000 reported.
  {
    const start = addMonths(M, -24);
    workers.push({
      name: 'Dewi Lestari',
      birthDate: '1992-11-23',
      female: true,
      shows: 'WAGE_UNDER_REPORTED',
      contracts: [
        {
          employer: 'konstruksi',
          ref: 'BPK/PKWTT/105',
          type: 'PKWTT',
          start,
          end: null,
          wage: 6_500_000,
          position: 'Juru ukur',
        },
      ],
      enrolments: [full('konstruksi', start, null, 4_100_000)],
    });
  }
  // WAGE_BELOW_MINIMUM: a large plantation pays Rp 3.500.000.
  {
    const start = addMonths(M, -11);
    workers.push({
      name: 'Agus Pratama',
      birthDate: '1998-08-08',
      female: false,
      shows: 'WAGE_BELOW_MINIMUM',
      contracts: [
        {
          employer: 'sawit',
          ref: 'TLS/PKWT/201',
          type: 'PKWT',
          start,
          end: addDays(addMonths(start, 12), -1),
          wage: 3_500_000,
          position: 'Pemanen',
        },
      ],
      enrolments: [full('sawit', start, addDays(addMonths(start, 12), -1), 3_500_000)],
    });
  }
  // PKWT_DURATION_EXCEEDED: six yearly PKWT since 69 months ago (also serial renewal).
  {
    const start = addMonths(M, -69);
    const contracts = pkwtSeries('sawit', 'TLS/PKWT/202', start, 6, 12, 5_400_000, 'Mandor panen');
    for (const c of contracts) {
      c.compensationPaid = paidInFull(c.wage, 12);
      c.compensationPaidOn = c.end;
    }
    workers.push({
      name: 'Yusuf Syahrani',
      birthDate: '1985-02-14',
      female: false,
      shows: 'PKWT_DURATION_EXCEEDED',
      contracts,
      enrolments: [full('sawit', start, null, 5_400_000)],
    });
  }
  // PKWT_SERIAL_RENEWAL: four six-month PKWT in a row.
  {
    const start = addMonths(M, -20);
    const contracts = pkwtSeries('sawit', 'TLS/PKWT/203', start, 4, 6, 5_000_000, 'Perawat kebun');
    for (const c of contracts) {
      c.compensationPaid = paidInFull(c.wage, 6);
      c.compensationPaidOn = c.end;
    }
    workers.push({
      name: 'Nur Aini',
      birthDate: '1996-04-30',
      female: true,
      shows: 'PKWT_SERIAL_RENEWAL',
      contracts,
      enrolments: [full('sawit', start, null, 5_000_000)],
    });
  }
  // PKWT_LEGACY_BREACH: before PP 35/2021, an 18-month extension and a renewal after only 10 days.
  workers.push({
    name: 'Hendra Kurniawan',
    birthDate: '1983-09-09',
    female: false,
    shows: 'PKWT_LEGACY_BREACH',
    contracts: [
      {
        employer: 'konstruksi',
        ref: 'BPK/PKWT/2017-01',
        type: 'PKWT',
        start: '2017-03-01',
        end: '2019-02-28',
        wage: 4_000_000,
        position: 'Tukang kayu',
      },
      {
        employer: 'konstruksi',
        ref: 'BPK/PKWT/2019-02',
        type: 'PKWT',
        start: '2019-03-01',
        end: '2020-08-31',
        wage: 4_200_000,
        position: 'Tukang kayu',
      },
      {
        employer: 'konstruksi',
        ref: 'BPK/PKWT/2020-03',
        type: 'PKWT',
        start: '2020-09-11',
        end: '2021-09-10',
        wage: 4_300_000,
        position: 'Tukang kayu',
        compensationPaid: paidInFull(4_300_000, 12),
        compensationPaidOn: '2021-09-10',
      },
    ],
    enrolments: [full('konstruksi', '2017-03-01', '2021-09-10', 4_300_000)],
  });
  // CONTRACTOR_HOPPING and a worker at two employers: three years at one contractor, three at its sibling.
  {
    const start = addMonths(M, -66);
    const first = pkwtSeries('mitra', 'SMT/PKWT/301', start, 3, 12, 6_200_000, 'Operator dump truck');
    const secondStart = addDays(first[2]!.end!, 1);
    const second = pkwtSeries('daya', 'BDK/PKWT/301', secondStart, 3, 12, 6_400_000, 'Operator dump truck');
    for (const c of [...first, ...second]) {
      c.compensationPaid = paidInFull(c.wage, 12);
      c.compensationPaidOn = c.end;
    }
    workers.push({
      name: 'Samsul Bahri',
      birthDate: '1987-12-03',
      female: false,
      shows: 'CONTRACTOR_HOPPING',
      contracts: [...first, ...second],
      enrolments: [
        full('mitra', start, first[2]!.end, 6_200_000),
        full('daya', secondStart, null, 6_400_000),
      ],
    });
  }
  // EMPLOYER_UNREGISTERED: a small trader without an NPP, two workers.
  for (const [i, [name, birth, female]] of (
    [
      ['Fajar Nugroho', '1999-06-21', false],
      ['Wati Saputri', '2000-10-10', true],
    ] as const
  ).entries()) {
    const start = addMonths(M, -5 - i);
    workers.push({
      name,
      birthDate: birth,
      female,
      shows: 'EMPLOYER_UNREGISTERED',
      contracts: [
        {
          employer: 'bengalon',
          ref: `CBJ/PKWTT/40${i + 1}`,
          type: 'PKWTT',
          start,
          end: null,
          wage: 4_500_000,
          position: 'Pramuniaga',
        },
      ],
      enrolments: [],
    });
  }
  // SPONSORED_COST_SHIFT: a formal worker on the Pemkab's pekerja rentan list.
  {
    const start = addMonths(M, -12);
    workers.push({
      name: 'Ahmad Fauzi',
      birthDate: '1991-01-19',
      female: false,
      shows: 'SPONSORED_COST_SHIFT',
      contracts: [
        {
          employer: 'konstruksi',
          ref: 'BPK/PKWTT/106',
          type: 'PKWTT',
          start,
          end: null,
          wage: 5_300_000,
          position: 'Sopir',
        },
      ],
      enrolments: [full('konstruksi', start, null, 5_300_000)],
      sponsored: [{ programs: ['JKK', 'JKM'], from: addMonths(M, -8), to: null }],
    });
  }
  // SELF_REPORT_OVERDUE: the micro shop never reported; its worker is enrolled.
  {
    const start = addMonths(M, -24);
    workers.push({
      name: 'Ani Suryani',
      birthDate: '1993-02-02',
      female: true,
      shows: 'SELF_REPORT_OVERDUE',
      contracts: [
        {
          employer: 'sangkulirang',
          ref: 'USM/PKWTT/501',
          type: 'PKWTT',
          start,
          end: null,
          wage: 4_200_000,
          position: 'Kasir',
        },
      ],
      enrolments: [
        {
          employer: 'sangkulirang',
          programs: ['JKK', 'JKM'],
          from: start,
          to: null,
          reportedWage: 4_200_000,
        },
      ],
    });
  }
  // UNDERAGE_WORKER (rulebook v2): a 16-year-old and a 14-year-old at the micro shop.
  for (const [i, [name, years, female]] of (
    [
      ['Rudi Hartono', 16, false],
      ['Putri Ayu Lestari', 14, true],
    ] as const
  ).entries()) {
    const start = addMonths(M, -6);
    workers.push({
      name,
      birthDate: addMonths(addMonths(M, -12 * years), -3),
      female,
      shows: 'UNDERAGE_WORKER',
      contracts: [
        {
          employer: 'sangkulirang',
          ref: `USM/PKWT/50${i + 2}`,
          type: 'PKWT',
          start,
          end: addDays(addMonths(start, 12), -1),
          wage: 4_200_000,
          position: 'Pelayan toko',
        },
      ],
      enrolments: [
        {
          employer: 'sangkulirang',
          programs: ['JKK', 'JKM'],
          from: start,
          to: null,
          reportedWage: 4_200_000,
        },
      ],
    });
  }
  // PKWT_COMPENSATION_UNPAID (rulebook v2): one paid nothing, one paid short.
  for (const [i, [name, birth, female, paid]] of (
    [
      ['Lukman Hakim', '1994-03-03', false, null],
      ['Maya Sari', '1997-07-07', true, 2_000_000],
    ] as const
  ).entries()) {
    const start = addMonths(M, -14 - i);
    const end = addDays(addMonths(start, 12), -1);
    workers.push({
      name,
      birthDate: birth,
      female,
      shows: 'PKWT_COMPENSATION_UNPAID',
      contracts: [
        {
          employer: 'sawit',
          ref: `TLS/PKWT/60${i + 1}`,
          type: 'PKWT',
          start,
          end,
          wage: 5_000_000,
          position: 'Kerani',
          compensationPaid: paid,
          compensationPaidOn: paid === null ? null : end,
        },
      ],
      enrolments: [full('sawit', start, end, 5_000_000)],
    });
  }
  // Second examples: a rule is easier to judge from two cases than from one.
  {
    const start = addMonths(M, -30);
    const perm = (
      name: string,
      birthDate: string,
      female: boolean,
      shows: string,
      employer: string,
      ref: string,
      wage: number,
      position: string,
      enrolment: ExampleEnrolment | null,
      sponsored?: ExampleWorker['sponsored'],
    ): ExampleWorker => ({
      name,
      birthDate,
      female,
      shows,
      contracts: [{ employer, ref, type: 'PKWTT', start, end: null, wage, position }],
      enrolments: enrolment ? [enrolment] : [],
      sponsored,
    });
    // A large employer's worker without JP.
    workers.push(
      perm(
        'Sri Wahyuni',
        '1984-12-12',
        true,
        'PROGRAM_INCOMPLETE',
        'sawit',
        'TLS/PKWTT/205',
        5_800_000,
        'Asisten kebun',
        {
          employer: 'sawit',
          programs: ['JKK', 'JKM', 'JHT'],
          from: start,
          to: null,
          reportedWage: 5_800_000,
        },
      ),
    );
    // Rp 5.800.000 paid, Rp 5.000.000 reported (14% short).
    workers.push(
      perm(
        'Bambang Wijaya',
        '1982-04-04',
        false,
        'WAGE_UNDER_REPORTED',
        'sawit',
        'TLS/PKWTT/206',
        5_800_000,
        'Mandor transport',
        {
          ...full('sawit', start, null, 5_000_000),
        },
      ),
    );
    // A medium builder pays Rp 3.900.000 this year.
    workers.push({
      name: 'Irfan Maulana',
      birthDate: '2001-01-15',
      female: false,
      shows: 'WAGE_BELOW_MINIMUM',
      contracts: [
        {
          employer: 'konstruksi',
          ref: 'BPK/PKWT/108',
          type: 'PKWT',
          start: addMonths(M, -4),
          end: addDays(addMonths(M, 8), -1),
          wage: 3_900_000,
          position: 'Kenek',
        },
      ],
      enrolments: [full('konstruksi', addMonths(M, -4), addDays(addMonths(M, 8), -1), 3_900_000)],
    });
    // On the Pemkab's list and not enrolled by the employer at all.
    workers.push(
      perm(
        'Yohanes Lado',
        '1990-09-19',
        false,
        'SPONSORED_COST_SHIFT',
        'sawit',
        'TLS/PKWTT/207',
        5_200_000,
        'Satpam',
        null,
        [{ programs: ['JKK', 'JKM'], from: addMonths(M, -14), to: null }],
      ),
    );
  }
  // PKWT_LEGACY_BREACH: a first PKWT of 30 months, signed in 2018.
  workers.push({
    name: 'Rina Marlina',
    birthDate: '1989-08-17',
    female: true,
    shows: 'PKWT_LEGACY_BREACH',
    contracts: [
      {
        employer: 'sawit',
        ref: 'TLS/PKWT/2018-01',
        type: 'PKWT',
        start: '2018-01-01',
        end: '2020-06-30',
        wage: 3_600_000,
        position: 'Administrasi kebun',
      },
    ],
    enrolments: [full('sawit', '2018-01-01', '2020-06-30', 3_600_000)],
  });
  // A worker at two employers (the worker page): a PKWT at the builder, then permanent at the plantation.
  {
    const s1 = addMonths(M, -36);
    const e1 = addDays(addMonths(s1, 12), -1);
    const s2 = addDays(e1, 16);
    workers.push({
      name: 'Dedi Firmansyah',
      birthDate: '1989-05-25',
      female: false,
      shows: 'two employers',
      contracts: [
        {
          employer: 'konstruksi',
          ref: 'BPK/PKWT/107',
          type: 'PKWT',
          start: s1,
          end: e1,
          wage: 5_100_000,
          position: 'Helper',
          compensationPaid: paidInFull(5_100_000, 12),
          compensationPaidOn: e1,
        },
        {
          employer: 'sawit',
          ref: 'TLS/PKWTT/204',
          type: 'PKWTT',
          start: s2,
          end: null,
          wage: 5_600_000,
          position: 'Mekanik',
        },
      ],
      enrolments: [full('konstruksi', s1, e1, 5_100_000), full('sawit', addDays(s2, 20), null, 5_600_000)],
    });
  }
  // BPJS records (issue #17): the verifikasi employer's NPP is covered by the demo's BPJS load. One worker the
  // employer reports enrolled whom BPJS does not hold (ENROLMENT_UNVERIFIED), one whose contributions BPJS shows
  // paid only through four months before this month (CONTRIBUTION_ARREARS, three months in arrears).
  {
    const s = addDays(A, -200);
    workers.push({
      name: 'Rahmat Hidayat',
      birthDate: '1992-02-14',
      female: false,
      shows: 'ENROLMENT_UNVERIFIED',
      contracts: [
        {
          employer: 'verifikasi',
          ref: 'MAN/PKWTT/011',
          type: 'PKWTT',
          start: s,
          end: null,
          wage: 5_500_000,
          position: 'Admin gudang',
        },
      ],
      enrolments: [full('verifikasi', s, null, 5_500_000)],
      bpjs: [],
    });
    const s2 = addDays(A, -400);
    workers.push({
      name: 'Sri Mulyani',
      birthDate: '1989-08-21',
      female: true,
      shows: 'CONTRIBUTION_ARREARS',
      contracts: [
        {
          employer: 'verifikasi',
          ref: 'MAN/PKWTT/007',
          type: 'PKWTT',
          start: s2,
          end: null,
          wage: 5_500_000,
          position: 'Kasir',
        },
      ],
      enrolments: [full('verifikasi', s2, null, 5_500_000)],
      bpjs: [{ from: s2, to: null, wage: 5_500_000, paidThrough: addMonths(M, -4).slice(0, 7) }],
    });
  }
  // The timeline bench: 40 short PKWT in one chain over five years, with a 100-day gap in coverage.
  {
    const start = addDays(A, -1800);
    const contracts: ExampleContract[] = [];
    for (let k = 0; k < 40; k++) {
      const s = addDays(start, k * 46);
      contracts.push({
        employer: 'sawit',
        ref: `TLS/PKWT/7${String(k + 1).padStart(2, '0')}`,
        type: 'PKWT',
        start: s,
        end: addDays(s, 43),
        wage: 4_900_000 + 20_000 * Math.floor(k / 8),
        position: 'Pekerja harian lepas',
        compensationPaid: paidInFull(4_900_000 + 20_000 * Math.floor(k / 8), 2),
        compensationPaidOn: addDays(s, 43),
      });
    }
    workers.push({
      name: 'Eko Prasetyo',
      birthDate: '1990-10-31',
      female: false,
      shows: 'timeline of 40 contracts',
      contracts,
      enrolments: [
        full('sawit', start, addDays(start, 900), 4_900_000),
        full('sawit', addDays(start, 1001), null, 4_980_000),
      ],
    });
  }

  return {
    employers,
    workers: workers.map((w, i) => ({ ...w, nik: exampleNik(w.birthDate, w.female, 9001 + i) })),
  };
}

/** Runs one SQL statement; returns what mysql2 returns (rows, or a result with insertId). */
export type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/**
 * Inserts the examples (once: an employer whose NIB is already there is skipped with its workers' rows).
 * Returns the ids given to the employers, by key.
 */
export async function loadDemoExamples(query: Query, asOf: string): Promise<Record<string, number>> {
  const ex = demoExamples(asOf);
  const rows = (r: unknown) =>
    Array.isArray(r) && Array.isArray(r[0]) ? (r[0] as unknown[]) : (r as unknown[]);
  const columns = new Set(
    (
      rows(
        await query(
          `SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'contracts'`,
        ),
      ) as { c: string }[]
    ).map((r) => r.c),
  );
  const withCompensation = columns.has('compensation_paid');
  // Since migration 1764000000920 the name and birth date are each employer's report (employer_workers); an older
  // schema keeps them on workers.
  const perEmployerNames =
    rows(
      await query(
        `SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'employer_workers'`,
      ),
    ).length > 0;
  const ids: Record<string, number> = {};
  const insertId = (r: unknown) =>
    Number((Array.isArray(r) ? (r[0] as { insertId: number }) : (r as { insertId: number })).insertId);
  const asOfTime = toDate(asOf).getTime();
  for (const [i, e] of ex.employers.entries()) {
    const nib = String(8120000000001 + i);
    const [found] = rows(await query('SELECT id FROM employers WHERE nib = ?', [nib])) as { id: number }[];
    if (found) {
      ids[e.key] = Number(found.id);
      continue;
    }
    ids[e.key] = insertId(
      await query(
        `INSERT INTO employers (nib, name, scale, npp, district, kbli, jkk_risk_group, contact_email, principal_employer_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          nib,
          e.name,
          e.scale,
          e.npp,
          e.district,
          e.kbli,
          e.jkkRiskGroup,
          `hrd@${e.key}.contoh.co.id`,
          e.principal ? ids[e.principal] : null,
        ],
      ),
    );
    if (e.selfReportDaysAgo !== null) {
      const at = new Date(asOfTime - e.selfReportDaysAgo * 86_400_000);
      await query(
        `INSERT INTO self_reports (kind, employer_id, body_hash, format, status, received_at, processed_at, counts, errors, error_count)
         VALUES ('employer', ?, ?, 'generator', 'processed', ?, ?, '{}', '[]', 0)`,
        [ids[e.key], '0'.repeat(64), at, at],
      );
    }
  }
  for (const w of ex.workers) {
    const [found] = rows(await query('SELECT id FROM workers WHERE nik = ?', [w.nik])) as { id: number }[];
    if (found) continue;
    const workerId = insertId(
      perEmployerNames
        ? await query('INSERT INTO workers (nik) VALUES (?)', [w.nik])
        : await query('INSERT INTO workers (nik, name, birth_date) VALUES (?, ?, ?)', [
            w.nik,
            w.name,
            w.birthDate,
          ]),
    );
    if (perEmployerNames)
      for (const employer of new Set([
        ...w.contracts.map((c) => c.employer),
        ...w.enrolments.map((en) => en.employer),
      ]))
        await query(
          'INSERT INTO employer_workers (employer_id, worker_id, name, birth_date) VALUES (?, ?, ?, ?)',
          [ids[employer], workerId, w.name, w.birthDate],
        );
    for (const c of w.contracts) {
      const cols = [
        'employer_id',
        'worker_id',
        'ref',
        'type',
        'start_date',
        'end_date',
        'monthly_wage',
        'position',
        'source',
      ];
      const vals: unknown[] = [
        ids[c.employer],
        workerId,
        c.ref,
        c.type,
        c.start,
        c.end,
        c.wage,
        c.position,
        'admin',
      ];
      if (withCompensation && c.compensationPaid !== undefined) {
        cols.push('compensation_paid');
        vals.push(c.compensationPaid);
        if (columns.has('compensation_paid_on')) {
          cols.push('compensation_paid_on');
          vals.push(c.compensationPaidOn ?? null);
        }
      }
      await query(
        `INSERT INTO contracts (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        vals,
      );
    }
    for (const [k, en] of w.enrolments.entries()) {
      await query(
        `INSERT INTO enrolments (employer_id, worker_id, kpj, programs, effective_from, effective_to, reported_wage, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'admin')`,
        [
          ids[en.employer],
          workerId,
          `2410${w.nik.slice(-4)}${String(k).padStart(3, '0')}`,
          en.programs.join(','),
          en.from,
          en.to,
          en.reportedWage,
        ],
      );
    }
    const district = ex.employers.find((e) => e.key === w.contracts[0]!.employer)!.district;
    for (const s of w.sponsored ?? [])
      await query(
        `INSERT INTO sponsored_coverage (nik, programs, effective_from, effective_to, district) VALUES (?, ?, ?, ?, ?)`,
        [w.nik, s.programs.join(','), s.from, s.to, district],
      );
  }
  await loadDemoBpjs(query, ex, asOf);
  return ids;
}

/**
 * The demo's BPJS records load (issue #17), as of asOf: BPJS's rows for the workers that carry `bpjs`, covering
 * their employers' NPPs. Skipped where the schema has no BPJS tables or a load as of that day already exists.
 */
async function loadDemoBpjs(query: Query, ex: DemoExamples, asOf: string): Promise<void> {
  const rows = (r: unknown) =>
    Array.isArray(r) && Array.isArray(r[0]) ? (r[0] as unknown[]) : (r as unknown[]);
  const tables = rows(
    await query(
      `SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'bpjs_npp_coverage'`,
    ),
  );
  if (!tables.length) return;
  const held = ex.workers.filter((w) => w.bpjs !== undefined);
  if (!held.length) return;
  const nppOf = (w: ExampleWorker) => ex.employers.find((e) => e.key === w.contracts[0]!.employer)!.npp!;
  const npps = [...new Set(held.map(nppOf))];
  const [existing] = rows(
    await query(`SELECT load_id FROM bpjs_npp_coverage WHERE npp = ? AND as_of = ?`, [npps[0], asOf]),
  ) as { load_id: number }[];
  if (existing) return;
  const result = await query(
    `INSERT INTO bpjs_loads (body_hash, format, as_of, status, received_at, processed_at) VALUES (?, 'demo', ?, 'processed', NOW(3), NOW(3))`,
    ['d'.repeat(64), asOf],
  );
  const loadId = Number(
    (Array.isArray(result) ? (result[0] as { insertId: number }) : (result as { insertId: number })).insertId,
  );
  let total = 0;
  for (const w of held)
    for (const [k, r] of (w.bpjs ?? []).entries()) {
      total++;
      await query(
        `INSERT INTO bpjs_records (load_id, npp, nik, effective_from, kpj, programs, effective_to, reported_wage, paid_through)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          loadId,
          nppOf(w),
          w.nik,
          r.from,
          `2410${w.nik.slice(-4)}${String(k).padStart(3, '0')}`,
          ALL.join(','),
          r.to,
          r.wage,
          r.paidThrough === null ? null : `${r.paidThrough}-01`,
        ],
      );
    }
  for (const npp of npps) {
    const n = held.filter((w) => nppOf(w) === npp).reduce((a, w) => a + (w.bpjs?.length ?? 0), 0);
    await query('INSERT INTO bpjs_load_npps (load_id, npp, as_of, `rows`) VALUES (?, ?, ?, ?)', [
      loadId,
      npp,
      asOf,
      n,
    ]);
    await query(
      `INSERT INTO bpjs_npp_coverage (npp, load_id, as_of) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE load_id = VALUES(load_id), as_of = VALUES(as_of)`,
      [npp, loadId, asOf],
    );
  }
  await query('UPDATE bpjs_loads SET rows_total = ?, rows_accepted = ?, npps_total = ? WHERE id = ?', [
    total,
    total,
    npps.length,
    loadId,
  ]);
}
