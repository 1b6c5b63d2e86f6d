import { sectorOf } from '../context';
import { estimateContributions, jkkRateFor, monthsIn, type WagePiece } from '../contributions';
import { civilFromDays, daysFromCivil, formatDay, NO_DAY } from '../dates';
import { pct, plural, rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import { programsOf } from '../programs';
import type { Severity } from '../types';
import { estimateEvidence, type WorkerRule } from './common';

interface YearRow {
  year: number;
  minimum: number;
  minimumKind: 'UMSK' | 'UMK';
  sector: string | null;
  /** Prorated calendar months of the year the wage was below it. */
  months: number;
  days: number;
  lowestWage: number;
  worstShortPct: number;
  rupiahShort: number;
  contracts: string[];
}

/**
 * WAGE_BELOW_MINIMUM (CONTRACT §6 v2): for employers of the scales the minimum wage binds (reference
 * minimumWage.appliesToScales: medium and large; UU 13/2003 Art 90B(1) exempts micro and small), in every calendar
 * year in which a contract is in force up to the reference day, the wage in force is compared with that year's
 * minimum: the UMSK of the employer's sector (its KBLI) where the reference data has one for the year, else the
 * UMK. The minimum of a year binds from 1 January (Art 88E(2)). Years without a figure are skipped and listed.
 * One finding per worker (subject = the worker) lists each year below, with the months and rupiah short.
 */
export const WAGE_BELOW_MINIMUM: WorkerRule = {
  code: 'WAGE_BELOW_MINIMUM',
  level: 'worker',
  title: { id: 'Upah di bawah upah minimum', en: 'Wage below the minimum wage (UMK or UMSK)' },
  legalBasis:
    'UU 13/2003 Art 88E(2) and Art 90B(1) (micro and small exempt) as amended by UU 6/2023; PP 36/2021; MK 168/PUU-XXI/2023 (UMSK)',
  description: {
    id: 'Bagi usaha menengah dan besar saja: pada suatu tahun kalender selama kontrak berlaku, upah bulanannya di bawah upah minimum tahun itu (UMSK sektor pemberi kerja bila ada, selain itu UMK). Usaha mikro dan kecil dikecualikan.',
    en: "For medium and large employers only: in some calendar year in which a contract is in force, its monthly wage is below that year's minimum (the sectoral UMSK of the employer's sector where there is one, else the UMK). Micro and small businesses are exempt.",
  },
  defaultSeverity: 'medium',
  defaultParameters: {},
  parameters: [
    'umkByYear',
    'sectoralMinimumByYear',
    'sectorKbli',
    'minimumWageScales',
    'requiredProgramsByScale',
    'contributionRates',
    'severity',
  ],
  severityLadder:
    'medium; high when the wage is at least severity.wageBelowMinimumHighPct (10%) below the minimum in some year',
  evaluate(st, out) {
    const cp = st.ctx.compiled;
    if (!cp.minimumWageBinds[st.employer.scale]) return;
    const refDay = st.refDay;
    if (refDay === NO_DAY) return;
    const maxMin = cp.maxMinimum;
    const segs = st.segments;
    // Cheap first test: a wage at or above every known minimum is never below one.
    let any = false;
    for (let i = 0; i < segs.length; i++)
      if (segs[i].s <= refDay && segs[i].contract.wage < maxMin) {
        any = true;
        break;
      }
    if (!any) return;
    const sector = sectorOf(st.ctx, st.employer.kbli);
    let rows: Map<number, YearRow> | null = null;
    let skippedAny = false;
    const pieces: WagePiece[] = [];
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      if (seg.s > refDay) break;
      const to = seg.e < refDay ? seg.e : refDay;
      const wage = seg.contract.wage;
      const y0 = Math.floor(civilFromDays(seg.s) / 10000);
      const y1 = Math.floor(civilFromDays(to) / 10000);
      for (let y = y0; y <= y1; y++) {
        const sectoral = sector === null ? undefined : cp.sectoralByYear.get(y)?.get(sector);
        const min = sectoral ?? cp.umkByYear.get(y);
        if (min === undefined) {
          skippedAny = true; // listed below, only when there is a finding
          continue;
        }
        if (wage >= min) continue;
        const a = y === y0 ? seg.s : daysFromCivil(y, 1, 1);
        const b = y === y1 ? to : daysFromCivil(y, 12, 31);
        const months = monthsIn(a, b);
        rows ??= new Map();
        let row = rows.get(y);
        if (row === undefined) {
          row = {
            year: y,
            minimum: min,
            minimumKind: sectoral !== undefined ? 'UMSK' : 'UMK',
            sector: sectoral !== undefined ? sector : null,
            months: 0,
            days: 0,
            lowestWage: wage,
            worstShortPct: 0,
            rupiahShort: 0,
            contracts: [],
          };
          rows.set(y, row);
        }
        const shortPct = ((min - wage) / min) * 100;
        row.months += months;
        row.days += b - a + 1;
        row.rupiahShort += (min - wage) * months;
        if (wage < row.lowestWage) row.lowestWage = wage;
        if (shortPct > row.worstShortPct) row.worstShortPct = shortPct;
        if (!row.contracts.includes(seg.contract.fact.ref)) row.contracts.push(seg.contract.fact.ref);
        pieces.push({ from: a, to: b, wage: min, paid: wage });
      }
    }
    if (rows === null) return;
    let skipped: Set<number> | null = null;
    if (skippedAny)
      for (let i = 0; i < segs.length && segs[i].s <= refDay; i++) {
        const to = segs[i].e < refDay ? segs[i].e : refDay;
        const y1 = Math.floor(civilFromDays(to) / 10000);
        for (let y = Math.floor(civilFromDays(segs[i].s) / 10000); y <= y1; y++)
          if (
            cp.umkByYear.get(y) === undefined &&
            (sector === null || cp.sectoralByYear.get(y)?.get(sector) === undefined)
          )
            (skipped ??= new Set()).add(y);
      }
    const years = [...rows.values()].sort((p, q) => p.year - q.year);
    let worst = years[0];
    let total = 0;
    for (const r of years) {
      if (r.worstShortPct > worst.worstShortPct) worst = r;
      total += Math.round(r.rupiahShort);
    }
    const mask = st.chargeMask(st.contractDay !== NO_DAY ? st.contractDay : refDay);
    const estimate = estimateContributions(pieces, mask, jkkRateFor(st.employer, st.ctx).pct, st.ctx);
    const t = st.ctx.params.severity;
    const severity: Severity = worst.worstShortPct >= t.wageBelowMinimumHighPct ? 'high' : 'medium';
    const evidence: Record<string, unknown> = {
      scale: st.employer.scale,
      kbli: st.employer.kbli ?? null,
      sector,
      referenceDay: formatDay(refDay),
      years: years.map((r) => ({
        year: r.year,
        minimum: r.minimum,
        minimumKind: r.minimumKind,
        sector: r.sector,
        lowestWage: r.lowestWage,
        monthlyShortfall: r.minimum - r.lowestWage,
        shortfallPct: Math.round(r.worstShortPct * 100) / 100,
        monthsBelow: Math.round(r.months * 100) / 100,
        daysBelow: r.days,
        rupiahShort: Math.round(r.rupiahShort),
        contracts: r.contracts,
      })),
      worstYear: worst.year,
      totalWageShortfallToDate: total,
      yearsWithoutMinimumSkipped: skipped === null ? [] : [...skipped].sort((p, q) => p - q),
      ...estimateEvidence(estimate, st.employer, st.ctx, programsOf(mask)),
    };
    const kind = worst.minimumKind;
    const others = years.length - 1;
    const moreId = others > 0 ? `; ${others} tahun lain juga di bawah` : '';
    const moreEn = others > 0 ? `; ${others} other ${plural(others, 'year', 'years')} below too` : '';
    out.push(
      makeFinding(
        WAGE_BELOW_MINIMUM,
        st.employer.id,
        st.nik,
        null,
        severity,
        `${st.label} dibayar ${rupiahId(worst.lowestWage)} per bulan pada ${worst.year}, ${pct(worst.worstShortPct)}% di bawah ${kind} ${worst.year} sebesar ${rupiahId(worst.minimum)} (kekurangan upah ${rupiahId(total)}${moreId}).`,
        `${st.label} was paid ${rupiahEn(worst.lowestWage)} a month in ${worst.year}, ${pct(worst.worstShortPct)}% below the ${worst.year} ${kind} of ${rupiahEn(worst.minimum)} (${rupiahEn(total)} short in wages${moreEn}).`,
        evidence,
      ),
    );
  },
};
