/** fast-check arbitraries of employers and worker histories (dates in 2016–2027, chains with every kind of gap). */
import fc from 'fast-check';
import {
  formatDay,
  parseIsoDate,
  type ContractFact,
  type EmployerFacts,
  type EnrolmentFact,
  type Program,
  type SponsoredFact,
  type WorkerHistory,
} from '../src';

export const LO = parseIsoDate('2016-01-01');
export const HI = parseIsoDate('2027-12-31');
const NIKS = [
  '6408014107950003',
  '6408011203880001',
  '6408015506000002',
  '6408010101600004',
  '6408014212850005',
];
const PROGRAM_SETS: readonly (readonly Program[])[] = [
  ['JKK', 'JKM', 'JHT', 'JP'],
  ['JKK', 'JKM', 'JHT', 'JP', 'JKP'],
  ['JKK', 'JKM'],
  ['JKK', 'JKM', 'JHT'],
  ['JHT'],
];

export const dayArb = fc.integer({ min: LO, max: HI });
export const asOfArb = fc
  .integer({ min: parseIsoDate('2019-01-01'), max: parseIsoDate('2026-12-31') })
  .map(formatDay);

export const employerArb: fc.Arbitrary<EmployerFacts> = fc.record({
  id: fc.constant('E1'),
  name: fc.constant('PT Uji'),
  scale: fc.constantFrom('micro', 'small', 'medium', 'large'),
  npp: fc.option(fc.constant('NPP-1'), { nil: null }),
  jkkRiskGroup: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  principalEmployerId: fc.constant(null),
  lastSelfReportProcessedOn: fc.option(dayArb.map(formatDay), { nil: null }),
});

const gapArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: 41, max: 500 }) },
  { weight: 1, arbitrary: fc.integer({ min: -60, max: -1 }) },
);

const contractSpecArb = fc.record({
  gap: gapArb,
  length: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 41, max: 1200 })),
  pkwt: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
  wage: fc.integer({ min: 2_500_000, max: 7_000_000 }),
  openEnded: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

function contractsFrom(
  nik: string,
  employerId: string,
  start: number,
  specs: { gap: number; length: number; pkwt: boolean; wage: number; openEnded: boolean }[],
  refPrefix: string,
): ContractFact[] {
  const out: ContractFact[] = [];
  let s = start;
  for (let i = 0; i < specs.length; i++) {
    const sp = specs[i];
    const e = Math.min(s + sp.length - 1, HI + 800);
    const open = sp.openEnded && i === specs.length - 1;
    out.push({
      ref: `${refPrefix}${i}`,
      employerId,
      nik,
      type: sp.pkwt ? 'PKWT' : 'PKWTT',
      startDate: formatDay(s),
      endDate: open ? null : formatDay(e),
      monthlyWage: sp.wage,
      position: null,
    });
    if (open) break;
    s = Math.max(LO, e + 1 + sp.gap);
  }
  return out;
}

export const enrolmentArb = (nik: string): fc.Arbitrary<EnrolmentFact> =>
  fc
    .record({
      from: dayArb,
      length: fc.integer({ min: 1, max: 2500 }),
      open: fc.boolean(),
      programs: fc.constantFrom(...PROGRAM_SETS),
      wage: fc.option(fc.integer({ min: 2_000_000, max: 7_000_000 }), { nil: null }),
    })
    .map((r) => ({
      employerId: 'E1',
      nik,
      kpj: '24000000001',
      programs: r.programs,
      effectiveFrom: formatDay(r.from),
      effectiveTo: r.open ? null : formatDay(r.from + r.length - 1),
      reportedWage: r.wage,
    }));

const sponsoredArb = (nik: string): fc.Arbitrary<SponsoredFact> =>
  fc.record({ from: dayArb, open: fc.boolean(), length: fc.integer({ min: 1, max: 1500 }) }).map((r) => ({
    nik,
    programs: ['JKK', 'JKM'] as Program[],
    effectiveFrom: formatDay(r.from),
    effectiveTo: r.open ? null : formatDay(r.from + r.length - 1),
  }));

export const workerArb = (nik: string): fc.Arbitrary<WorkerHistory> =>
  fc
    .record({
      start: dayArb,
      specs: fc.array(contractSpecArb, { minLength: 1, maxLength: 5 }),
      enrolments: fc.array(enrolmentArb(nik), { maxLength: 3 }),
      sponsored: fc.array(sponsoredArb(nik), { maxLength: 1 }),
      birthDate: fc.option(
        fc.integer({ min: parseIsoDate('1955-01-01'), max: parseIsoDate('2005-12-31') }).map(formatDay),
        { nil: null },
      ),
    })
    .map((r) => ({
      nik,
      name: null,
      birthDate: r.birthDate,
      contracts: contractsFrom(nik, 'E1', r.start, r.specs, `C-${nik.slice(-4)}-`),
      enrolments: r.enrolments,
      sponsored: r.sponsored,
    }));

export const workersArb: fc.Arbitrary<WorkerHistory[]> = fc
  .integer({ min: 1, max: NIKS.length })
  .chain((n) => fc.tuple(...NIKS.slice(0, n).map((nik) => workerArb(nik))));

/** Contracts at the principal's contractors for the first two NIKs. */
export const contractorContractsArb: fc.Arbitrary<ContractFact[]> = fc
  .tuple(
    ...NIKS.slice(0, 2).map((nik) =>
      fc
        .record({
          start: dayArb,
          specs: fc.array(contractSpecArb, { maxLength: 4 }),
          employers: fc.array(fc.constantFrom('K1', 'K2', 'K3'), { minLength: 4, maxLength: 4 }),
        })
        .map((r) =>
          contractsFrom(nik, 'K1', r.start, r.specs, `H-${nik.slice(-4)}-`).map((c, i) => ({
            ...c,
            employerId: r.employers[i],
          })),
        ),
    ),
  )
  .map((lists) => lists.flat());

export const inputArb = fc.record({
  employer: employerArb,
  workers: workersArb,
  contractorContracts: contractorContractsArb,
  asOf: asOfArb,
});

/** A permutation of xs drawn from fast-check's random source (via a list of sort keys). */
export function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i % Math.max(1, keys.length)] ?? 0, i }))
    .sort((a, b) => a.k - b.k || b.i - a.i)
    .map((e) => e.x);
}
