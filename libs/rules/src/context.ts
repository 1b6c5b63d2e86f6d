/** The evaluation context: asOf and the parameters, with every derived figure computed once. */
import { addMonthsToDay, parseIsoDate } from './dates';
import { validateParameters, type RulebookParameters } from './parameters';
import { programMask } from './programs';
import { SCALES, type IsoDate, type Scale } from './types';

/** Parameters turned into day numbers, maps and bit masks (internal; built by createContext). */
export interface CompiledParameters {
  readonly asOfDay: number;
  /** asOf − serialLookbackMonths. */
  readonly serialCutoffDay: number;
  /** asOf − selfReportMaxAgeDays. */
  readonly selfReportCutoffDay: number;
  readonly legacyUntilDay: number;
  readonly umkByYear: ReadonlyMap<number, number>;
  /** UMSK by year, then sector. */
  readonly sectoralByYear: ReadonlyMap<number, ReadonlyMap<string, number>>;
  /** [sector, kbli code] pairs, in the reference order (the first match wins). */
  readonly sectorCodes: readonly (readonly [string, string])[];
  /** The largest minimum of any year or sector (a wage at or above it is never below a minimum). */
  readonly maxMinimum: number;
  /** Whether the minimum wage binds each scale. */
  readonly minimumWageBinds: Readonly<Record<Scale, boolean>>;
  /** First day of JP (PP 45/2015). */
  readonly jpStartDay: number;
  readonly requiredMask: Readonly<Record<Scale, number>>;
  readonly pensionFrom: readonly number[];
  readonly pensionAge: readonly number[];
  /** The lowest pension age of the schedule. */
  readonly minPensionAge: number;
  readonly jpCapFrom: readonly number[];
  readonly jpCap: readonly number[];
  /** Smallest known JP cap (Infinity when none). */
  readonly jpMinCap: number;
  readonly jkkPctByGroup: ReadonlyMap<number, number>;
  readonly jhtPct: number;
  readonly jpPct: number;
}

export interface EvaluationContext {
  readonly asOf: IsoDate;
  readonly params: RulebookParameters;
  readonly compiled: CompiledParameters;
}

/** Validates asOf and the parameters, and precomputes what every evaluation needs. */
export function createContext(asOf: IsoDate, params: RulebookParameters): EvaluationContext {
  const asOfDay = parseIsoDate(asOf);
  validateParameters(params);
  const umkByYear = new Map<number, number>();
  for (const [year, amount] of Object.entries(params.umkByYear)) umkByYear.set(Number(year), amount);
  const sectoralByYear = new Map<number, Map<string, number>>();
  let maxMinimum = 0;
  for (const amount of umkByYear.values()) if (amount > maxMinimum) maxMinimum = amount;
  for (const [year, bySector] of Object.entries(params.sectoralMinimumByYear)) {
    const m = new Map<string, number>();
    for (const [sector, amount] of Object.entries(bySector)) {
      m.set(sector, amount);
      if (amount > maxMinimum) maxMinimum = amount;
    }
    sectoralByYear.set(Number(year), m);
  }
  const sectorCodes: [string, string][] = [];
  for (const [sector, codes] of Object.entries(params.sectorKbli))
    for (const code of codes) sectorCodes.push([sector, code]);
  const minimumWageBinds = {} as Record<Scale, boolean>;
  for (const scale of SCALES) minimumWageBinds[scale] = params.minimumWageScales.includes(scale);
  const requiredMask = {} as Record<Scale, number>;
  for (const scale of SCALES) requiredMask[scale] = programMask(params.requiredProgramsByScale[scale]);
  const jkkPctByGroup = new Map<number, number>();
  for (const [group, pct] of Object.entries(params.contributionRates.jkkPctByRiskGroup))
    jkkPctByGroup.set(Number(group), pct);
  const r = params.contributionRates;
  const compiled: CompiledParameters = {
    asOfDay,
    serialCutoffDay: addMonthsToDay(asOfDay, -params.serialLookbackMonths),
    selfReportCutoffDay: asOfDay - params.selfReportMaxAgeDays,
    legacyUntilDay: parseIsoDate(params.legacyRegimeUntil),
    umkByYear,
    sectoralByYear,
    sectorCodes,
    maxMinimum,
    minimumWageBinds,
    jpStartDay: parseIsoDate(r.jpStartsOn),
    requiredMask,
    pensionFrom: params.pensionAge.map((s) => parseIsoDate(s.from)),
    pensionAge: params.pensionAge.map((s) => s.age),
    minPensionAge: params.pensionAge.reduce((m, s) => (s.age < m ? s.age : m), Infinity),
    jpCapFrom: r.jpWageCaps.map((s) => parseIsoDate(s.from)),
    jpCap: r.jpWageCaps.map((s) => s.cap),
    jpMinCap: r.jpWageCaps.reduce((m, s) => (s.cap < m ? s.cap : m), Infinity),
    jkkPctByGroup,
    jhtPct: r.jhtEmployerPct + r.jhtWorkerPct,
    jpPct: r.jpEmployerPct + r.jpWorkerPct,
  };
  return Object.freeze({ asOf, params, compiled: Object.freeze(compiled) });
}

/** The pension age in force on a day (before the schedule's first step: its first age). */
export function pensionAgeOn(ctx: EvaluationContext, day: number): number {
  const { pensionFrom, pensionAge } = ctx.compiled;
  let age = pensionAge[0];
  for (let i = 0; i < pensionFrom.length && pensionFrom[i] <= day; i++) age = pensionAge[i];
  return age;
}

/** The sector of an employer's KBLI code (its code starts with one of the sector's codes), or null. */
export function sectorOf(ctx: EvaluationContext, kbli: string | null | undefined): string | null {
  if (!kbli) return null;
  const codes = ctx.compiled.sectorCodes;
  for (let i = 0; i < codes.length; i++) if (kbli.startsWith(codes[i][1])) return codes[i][0];
  return null;
}

/** The JP wage cap in force on a day (before the earliest known cap: the earliest known; none known: no cap). */
export function jpCapOn(ctx: EvaluationContext, day: number): number {
  const { jpCapFrom, jpCap } = ctx.compiled;
  if (jpCap.length === 0) return Infinity;
  let cap = jpCap[0];
  for (let i = 0; i < jpCapFrom.length && jpCapFrom[i] <= day; i++) cap = jpCap[i];
  return cap;
}
