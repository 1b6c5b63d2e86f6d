/**
 * The evidence keys, row columns and breach codes the rules write, collected by sampling findings: random inputs
 * (arbitraries.ts, a fixed seed, so the set is the same on every run) plus hand-made histories that surely raise
 * the rules random inputs rarely reach (v2.spec.ts style). Shared by the console's catalogue test and the notice
 * letter's label test: a rule that starts writing a new key makes both fail until the key is labelled.
 */
import fc from 'fast-check';
import { evaluateEmployer, formatDay, type BpjsRecordFact, type Finding, type WorkerHistory } from '../src';
import { asOfArb, inputArb } from './arbitraries';
import { contract, ctxAt, employer, enrolment, NIK, run, worker } from './helpers';

export interface EvidenceSample {
  /** Top-level evidence key → the rules that wrote it. */
  readonly keys: ReadonlyMap<string, ReadonlySet<string>>;
  /** Keys of the objects inside arrays (table columns; the fields of breaches). */
  readonly columns: ReadonlySet<string>;
  /** The `code` of every breach. */
  readonly breachCodes: ReadonlySet<string>;
  /** Top-level key or column → the string values seen (for enum labels). */
  readonly strings: ReadonlyMap<string, ReadonlySet<string>>;
  /** The rules that fired at least once. */
  readonly rules: ReadonlySet<string>;
}

const SEED = 20261201;
const RUNS = 1500;

const covered = [enrolment('2010-01-01', null)];

/** Histories that raise the v2 rules and the rarer shapes of their evidence. */
function handMade(): Finding[] {
  const out: Finding[] = [];
  // PKWT_COMPENSATION_UNPAID: one PKWT not reported, one paid short, one paid in full.
  out.push(
    ...run(
      worker(
        [
          contract('2024-01-01', '2024-12-31', { ref: 'K-1', compensationPaid: 4_500_000 }),
          contract('2025-01-01', '2025-06-30', { ref: 'K-2', compensationPaid: 1_000_000 }),
          contract('2025-07-01', '2025-09-30', { ref: 'K-3' }),
        ],
        covered,
      ),
      '2025-12-31',
    ),
  );
  // UNDERAGE_WORKER: under 15 at the start (critical) and still under 18 on asOf.
  out.push(
    ...run(
      worker([contract('2025-05-31', '2026-12-31')], covered, { birthDate: '2010-06-01' }),
      '2025-12-31',
    ),
  );
  // WAGE_BELOW_MINIMUM: years below the UMK and below a sectoral UMSK, with a year without a minimum skipped.
  for (const kbli of [null, '01262'])
    out.push(
      ...run(
        worker([contract('2023-01-01', '2026-06-30', { type: 'PKWTT', monthlyWage: 2_000_000 })], covered),
        '2026-06-30',
        {},
        employer({ scale: 'medium', kbli }),
      ),
    );
  // PKWT_LEGACY_BREACH: an early renewal (a 9-day gap), too many extensions, a first PKWT over 2 years.
  out.push(
    ...run(
      worker(
        [
          contract('2015-01-01', '2017-06-30', { ref: 'L-1' }),
          contract('2017-07-01', '2017-12-31', { ref: 'L-2' }),
          contract('2018-01-01', '2018-06-30', { ref: 'L-3' }),
          contract('2018-07-10', '2019-06-30', { ref: 'L-4' }),
          contract('2019-09-01', '2020-06-30', { ref: 'L-5' }),
          contract('2020-09-01', '2021-01-31', { ref: 'L-6' }),
        ],
        covered,
      ),
      '2021-06-30',
    ),
  );
  // JP priced on months whose wage cap the reference does not know (jpCapEstimated).
  out.push(
    ...run(
      worker([contract('2022-12-01', '2023-03-31', { type: 'PKWTT', monthlyWage: 12_000_000 })]),
      '2023-03-31',
    ),
  );
  // A worker past the pension age (pensionAgeReachedOn), not enrolled in every program.
  const old: WorkerHistory = worker(
    [contract('2024-01-01', null, { type: 'PKWTT' })],
    [enrolment('2024-01-01', null, { programs: ['JKK', 'JKM'] })],
    { birthDate: '1960-01-01' },
  );
  out.push(...run(old, '2025-06-30'));
  // BPJS records (CONTRACT §9): a claim BPJS does not hold (ENROLMENT_UNVERIFIED), a wage lower at BPJS, and
  // contributions three months in arrears (CONTRIBUTION_ARREARS).
  const load = employer({ bpjs: { loadId: '1', asOf: '2025-06-10' } });
  const bpjsRecord = (over: Partial<BpjsRecordFact> = {}): BpjsRecordFact => ({
    nik: NIK,
    kpj: '24011234567',
    programs: ['JKK', 'JKM', 'JHT', 'JP'],
    effectiveFrom: '2025-01-01',
    effectiveTo: null,
    reportedWage: 3_000_000,
    paidThrough: '2025-02-01',
    ...over,
  });
  const c2025 = [contract('2025-01-01', null, { type: 'PKWTT' })];
  out.push(
    ...run(worker(c2025, [enrolment('2025-01-01', null)], { bpjsRecords: [] }), '2025-06-10', {}, load),
  );
  out.push(
    ...run(
      worker(c2025, [enrolment('2025-01-01', null)], {
        bpjsRecords: [bpjsRecord({ effectiveTo: '2025-03-31', paidThrough: '2025-03-01' })],
      }),
      '2025-06-10',
      {},
      load,
    ),
  );
  out.push(
    ...run(
      worker(c2025, [enrolment('2025-01-01', null)], { bpjsRecords: [bpjsRecord()] }),
      '2025-06-10',
      {},
      load,
    ),
  );
  return out;
}

let cached: EvidenceSample | null = null;

export function evidenceSample(): EvidenceSample {
  if (cached) return cached;
  const keys = new Map<string, Set<string>>();
  const columns = new Set<string>();
  const breachCodes = new Set<string>();
  const strings = new Map<string, Set<string>>();
  const rules = new Set<string>();
  const addString = (k: string, v: unknown) => {
    if (typeof v !== 'string') return;
    if (!strings.has(k)) strings.set(k, new Set());
    strings.get(k)!.add(v);
  };
  const take = (f: Finding) => {
    rules.add(f.rule);
    for (const [k, v] of Object.entries(f.evidence)) {
      if (!keys.has(k)) keys.set(k, new Set());
      keys.get(k)!.add(f.rule);
      addString(k, v);
      if (!Array.isArray(v)) continue;
      for (const row of v as unknown[]) {
        if (typeof row === 'string' && k === 'breaches') breachCodes.add(row);
        if (!row || typeof row !== 'object') continue;
        for (const [c, x] of Object.entries(row as Record<string, unknown>)) {
          columns.add(c);
          addString(c, x);
          if (c === 'code' && k === 'breaches' && typeof x === 'string') breachCodes.add(x);
        }
      }
    }
  };
  const samples = fc.sample(fc.tuple(inputArb, asOfArb), { numRuns: RUNS, seed: SEED });
  for (const [input, asOf] of samples) {
    const ctx = ctxAt(typeof asOf === 'number' ? formatDay(asOf) : (asOf as string));
    for (const f of evaluateEmployer(input as never, ctx)) take(f);
  }
  for (const f of handMade()) take(f);
  cached = { keys, columns, breachCodes, strings, rules };
  return cached;
}
