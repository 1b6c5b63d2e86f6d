/**
 * Deterministic synthetic histories for the rules benchmark: employers of every scale, workers with one to
 * three contracts (PKWT chains with extensions, renewals and real gaps; some PKWTT), one or two enrolments
 * (mostly on day one; some late, lapsed, missing programs or under-reported) and a few sponsored rows.
 *
 * The histories are held in memory in columns (typed arrays and small string pools), the way a database holds
 * rows, and `materialise` turns one worker into the plain WorkerHistory objects the engine streams to the
 * rulebook. Keeping a million histories as a million object graphs instead would mostly measure V8's garbage
 * collector working over a huge heap, which the streaming engine never has.
 */
import type { EmployerFacts, Program, Scale, WorkerHistory, ContractFact, EnrolmentFact } from '@patuh/rules';
import { formatDay, parseIsoDate } from '@patuh/rules';

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REQUIRED: Record<Scale, readonly Program[]> = {
  micro: ['JKK', 'JKM'],
  small: ['JKK', 'JKM', 'JHT'],
  medium: ['JKK', 'JKM', 'JHT', 'JP'],
  large: ['JKK', 'JKM', 'JHT', 'JP'],
};
const SCALES: readonly Scale[] = ['micro', 'small', 'small', 'medium', 'medium', 'medium', 'large', 'large'];
const NAMES: readonly (string | null)[] = [
  'Siti Rahmawati',
  'Budi Santoso',
  'Dewi Lestari',
  'Agus Salim',
  'Rina Wati',
  'Andi Pratama',
  null,
  null,
];
const POSITIONS: readonly string[] = ['Operator', 'Helper', 'Driver', 'Mekanik', 'Admin'];
const SPONSORED_PROGRAMS: readonly Program[] = ['JKK', 'JKM'];
const MAX_CONTRACTS = 3;
const MAX_ENROLMENTS = 2;

export interface SyntheticData {
  asOf: string;
  workers: number;
  employers: EmployerFacts[];
  /** Index of the first worker of each employer (plus one past the end). */
  employerFirstWorker: Int32Array;
  /** The program list of each worker's enrolment i (0: as the scale requires, 1: two programs only). */
  programSets: (readonly Program[])[][];
  nik: Float64Array;
  nameIdx: Uint8Array;
  birthDay: Int32Array;
  contractCount: Uint8Array;
  cStart: Int32Array;
  cEnd: Int32Array;
  cWage: Int32Array;
  cType: Uint8Array;
  cPosition: Uint8Array;
  /** Uang kompensasi reported paid at the end of each PKWT (NONE: not reported). */
  cComp: Int32Array;
  enrolmentCount: Uint8Array;
  eFrom: Int32Array;
  eTo: Int32Array;
  eWage: Int32Array;
  eProgramSet: Uint8Array;
  sponsoredFrom: Int32Array;
  /** ISO strings of every day the data uses (shared, as a driver's date cache would). */
  datePool: string[];
  dateBase: number;
}

const NONE = -1;

export function generate(
  workerCount: number,
  asOf: string,
  seed = 20251130,
  workersPerEmployer = 500,
): SyntheticData {
  const rnd = prng(seed);
  // A second stream for the v2 compensation figures, so the v1 histories stay exactly as they were.
  const rnd2 = prng(seed ^ 0x5bd1e995);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const asOfDay = parseIsoDate(asOf);
  const base = parseIsoDate('1960-01-01');
  const last = parseIsoDate('2028-12-31');
  const datePool: string[] = [];
  for (let d = base; d <= last; d++) datePool.push(formatDay(d));
  const firstStartLo = parseIsoDate('2019-01-01');
  const firstStartHi = parseIsoDate('2025-10-31');
  const N = workerCount;
  const d: SyntheticData = {
    asOf,
    workers: N,
    employers: [],
    employerFirstWorker: new Int32Array(Math.ceil(N / workersPerEmployer) + 1),
    programSets: [],
    nik: new Float64Array(N),
    nameIdx: new Uint8Array(N),
    birthDay: new Int32Array(N),
    contractCount: new Uint8Array(N),
    cStart: new Int32Array(N * MAX_CONTRACTS),
    cEnd: new Int32Array(N * MAX_CONTRACTS),
    cWage: new Int32Array(N * MAX_CONTRACTS),
    cType: new Uint8Array(N * MAX_CONTRACTS),
    cPosition: new Uint8Array(N * MAX_CONTRACTS),
    cComp: new Int32Array(N * MAX_CONTRACTS),
    enrolmentCount: new Uint8Array(N),
    eFrom: new Int32Array(N * MAX_ENROLMENTS),
    eTo: new Int32Array(N * MAX_ENROLMENTS),
    eWage: new Int32Array(N * MAX_ENROLMENTS),
    eProgramSet: new Uint8Array(N * MAX_ENROLMENTS),
    sponsoredFrom: new Int32Array(N),
    datePool,
    dateBase: base,
  };
  let w = 0;
  for (let e = 0; w < N; e++) {
    d.employerFirstWorker[e] = w;
    const scale = pick(SCALES);
    const r = rnd();
    d.employers.push({
      id: String(1000 + e),
      name: `PT Sintetis ${e}`,
      scale,
      npp: rnd() < 0.03 ? null : String(10000000 + e),
      jkkRiskGroup: rnd() < 0.1 ? null : int(1, 5),
      principalEmployerId: null,
      lastSelfReportProcessedOn:
        r < 0.6 ? formatDay(asOfDay - int(0, 300)) : r < 0.85 ? formatDay(asOfDay - int(400, 900)) : null,
    });
    d.programSets.push([REQUIRED[scale], REQUIRED[scale].slice(0, 2)]);
    const end = Math.min(N, w + workersPerEmployer);
    for (; w < end; w++) {
      const female = rnd() < 0.4;
      // Born 1965-2001: workers start at 18 or older (a child worker is the exception the rule looks for).
      const by = int(1965, 2001);
      const bm = int(1, 12);
      const bd = int(1, 28);
      const nik =
        '6408' +
        String(int(1, 18)).padStart(2, '0') +
        String(female ? bd + 40 : bd).padStart(2, '0') +
        String(bm).padStart(2, '0') +
        String(by % 100).padStart(2, '0') +
        String(int(1, 9999)).padStart(4, '0');
      d.nik[w] = Number(nik);
      d.nameIdx[w] = Math.floor(rnd() * NAMES.length);
      d.birthDay[w] =
        rnd() < 0.5
          ? parseIsoDate(`${by}-${String(bm).padStart(2, '0')}-${String(bd).padStart(2, '0')}`)
          : NONE;
      const k = rnd() < 0.55 ? 1 : rnd() < 0.78 ? 2 : 3;
      let start = int(firstStartLo, firstStartHi);
      const wageBase = rnd() < 0.05 ? int(2_800_000, 3_500_000) : int(4_100_000, 6_500_000);
      let n = 0;
      for (let c = 0; c < k; c++) {
        const permanent = c === k - 1 && rnd() < 0.15;
        const months = pick([6, 12, 12, 12, 24]);
        const stop = permanent && rnd() < 0.8 ? NONE : Math.min(start + Math.round(months * 30.4) - 1, last);
        const i = w * MAX_CONTRACTS + n++;
        d.cStart[i] = start;
        d.cEnd[i] = stop;
        d.cWage[i] = wageBase + c * 100_000;
        d.cType[i] = permanent ? 1 : 0;
        d.cPosition[i] = Math.floor(rnd() * POSITIONS.length);
        // Compensation: mostly paid in full (a contract of at most 24 months owes at most two months' wage),
        // some not reported, a few paid short.
        const cr = rnd2();
        d.cComp[i] = cr < 0.97 ? d.cWage[i] * 2 : cr < 0.99 ? NONE : Math.floor(d.cWage[i] / 4);
        if (stop === NONE) break;
        const g = rnd();
        start = stop + 1 + (g < 0.55 ? 0 : g < 0.8 ? int(1, 30) : int(31, 200));
        if (start > last - 400) break;
      }
      d.contractCount[w] = n;
      const first = d.cStart[w * MAX_CONTRACTS];
      const firstWage = d.cWage[w * MAX_CONTRACTS];
      let m = 0;
      const er = rnd();
      if (er < 0.96) {
        const from = er < 0.9 ? first : first + int(1, 120);
        const lapsed = rnd() < 0.03;
        const wr = rnd();
        const i = w * MAX_ENROLMENTS + m++;
        d.eFrom[i] = from;
        d.eTo[i] = lapsed ? Math.min(from + int(30, 700), last) : NONE;
        d.eProgramSet[i] = rnd() < 0.03 ? 1 : 0;
        d.eWage[i] = wr < 0.93 ? firstWage + 1_000_000 : wr < 0.97 ? Math.round(firstWage * 0.8) : NONE;
        if (rnd() < 0.15) {
          const j = w * MAX_ENROLMENTS + m++;
          d.eFrom[j] = Math.min(from + int(200, 900), last);
          d.eTo[j] = NONE;
          d.eProgramSet[j] = 0;
          d.eWage[j] = firstWage + 1_000_000;
        }
      }
      d.enrolmentCount[w] = m;
      d.sponsoredFrom[w] = rnd() < 0.01 ? int(first, asOfDay) : NONE;
    }
  }
  d.employerFirstWorker[d.employers.length] = N;
  return d;
}

/** Worker `w` of employer `e` as the plain objects the rulebook takes (built fresh on every call). */
export function materialise(d: SyntheticData, e: number, w: number): WorkerHistory {
  const employerId = d.employers[e].id;
  const pool = d.datePool;
  const base = d.dateBase;
  const nik = String(d.nik[w]);
  const contracts: ContractFact[] = [];
  for (let c = 0; c < d.contractCount[w]; c++) {
    const i = w * MAX_CONTRACTS + c;
    contracts.push({
      ref: `K-${w}-${c}`,
      employerId,
      nik,
      type: d.cType[i] === 1 ? 'PKWTT' : 'PKWT',
      startDate: pool[d.cStart[i] - base],
      endDate: d.cEnd[i] === NONE ? null : pool[d.cEnd[i] - base],
      monthlyWage: d.cWage[i],
      position: POSITIONS[d.cPosition[i]],
      compensationPaid: d.cComp[i] === NONE ? null : d.cComp[i],
      compensationPaidOn: d.cComp[i] === NONE || d.cEnd[i] === NONE ? null : pool[d.cEnd[i] - base],
    });
  }
  const enrolments: EnrolmentFact[] = [];
  for (let m = 0; m < d.enrolmentCount[w]; m++) {
    const i = w * MAX_ENROLMENTS + m;
    enrolments.push({
      employerId,
      nik,
      kpj: String(24000000000 + w),
      programs: d.programSets[e][d.eProgramSet[i]],
      effectiveFrom: pool[d.eFrom[i] - base],
      effectiveTo: d.eTo[i] === NONE ? null : pool[d.eTo[i] - base],
      reportedWage: d.eWage[i] === NONE ? null : d.eWage[i],
    });
  }
  return {
    nik,
    name: NAMES[d.nameIdx[w]],
    birthDate: d.birthDay[w] === NONE ? null : pool[d.birthDay[w] - base],
    contracts,
    enrolments,
    sponsored:
      d.sponsoredFrom[w] === NONE
        ? []
        : [
            {
              nik,
              programs: SPONSORED_PROGRAMS,
              effectiveFrom: pool[d.sponsoredFrom[w] - base],
              effectiveTo: null,
            },
          ],
  };
}
