import { estimateContributions, jkkRateFor } from '../contributions';
import { civilFromDays, daysFromCivil, daysInMonth, formatDay, NO_DAY } from '../dates';
import { rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import type { PEnrolment } from '../prepared';
import { CHARGEABLE_MASK, programsOf } from '../programs';
import type { Severity } from '../types';
import { dayOrNull, type WorkerRule } from './common';

/** y * 12 + (m - 1) of a day number. */
function monthIndex(day: number): number {
  const c = civilFromDays(day);
  return Math.floor(c / 10000) * 12 + (Math.floor(c / 100) % 100) - 1;
}

function monthStart(index: number): number {
  return daysFromCivil(Math.floor(index / 12), (index % 12) + 1, 1);
}

function monthEnd(index: number): number {
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return daysFromCivil(y, m, daysInMonth(y, m));
}

const yyyymm = (index: number): string => formatDay(monthStart(index)).slice(0, 7);

/**
 * CONTRIBUTION_ARREARS (CONTRACT §6 and §9): BPJS's record covering the worker (on the reference day, or on the
 * load's as_of when that is earlier) shows contributions paid through a month more than `arrearsGraceMonths`
 * before the month judged: the month of asOf, or of the load's as_of when earlier (BPJS's view goes no further).
 * The months in arrears are every finished month after the month paid, up to the month before the month judged,
 * within the record's coverage and the worker's contracts; each is priced with the wage BPJS holds at the rates
 * and JP cap in force that month. The late fine (reference latePaymentFinePctPerMonth per month late, from the
 * due day of the following month) is an estimate.
 */
export const CONTRIBUTION_ARREARS: WorkerRule = {
  code: 'CONTRIBUTION_ARREARS',
  level: 'worker',
  title: {
    id: 'Iuran BPJS Ketenagakerjaan menunggak',
    en: 'BPJS Ketenagakerjaan contributions in arrears',
  },
  legalBasis:
    'UU 24/2011 (BPJS) Art 19 (the employer collects and pays contributions); PP 86/2013 (sanctions)',
  description: {
    id: 'Data BPJS Ketenagakerjaan menunjukkan iuran pekerja yang terdaftar dibayar hanya sampai bulan yang lebih dari masa tenggang sebelum bulan penilaian; tunggakan dihitung per bulan dengan tarif yang berlaku, ditambah perkiraan denda keterlambatan.',
    en: "BPJS Ketenagakerjaan's records show the contributions of an enrolled worker paid only through a month more than the grace before the month judged; the arrears are priced month by month at the rates in force, with an estimated late-payment fine.",
  },
  defaultSeverity: 'medium',
  defaultParameters: { arrearsGraceMonths: 1 },
  parameters: ['arrearsGraceMonths', 'contributionRates', 'severity'],
  severityLadder:
    'medium; high from severity.arrearsHighMonths (3) months in arrears or when the contributions owed reach severity.unpaidContributionsHighRupiah (Rp 5,000,000)',
  evaluate(st, out) {
    const bpjs = st.bpjs;
    if (bpjs === null || st.refDay === NO_DAY || bpjs.records.length === 0) return;
    const asOfDay = st.ctx.compiled.asOfDay;
    const viewDay = bpjs.asOfDay < asOfDay ? bpjs.asOfDay : asOfDay;
    const day = st.refDay < viewDay ? st.refDay : viewDay;
    // The record covering the day; several: the one paid furthest.
    let rec: PEnrolment | null = null;
    for (const en of bpjs.records) {
      if (en.s > day || day > en.e) continue;
      if (rec === null || (en.paidThrough ?? NO_DAY) > (rec.paidThrough ?? NO_DAY)) rec = en;
    }
    if (rec === null) return;
    const judgedMonth = monthIndex(viewDay);
    const grace = st.ctx.params.arrearsGraceMonths;
    const paid = rec.paidThrough ?? NO_DAY;
    const startMonth = monthIndex(rec.s);
    const paidMonth = paid === NO_DAY ? startMonth - 1 : monthIndex(paid);
    if (paidMonth >= judgedMonth - grace) return;
    const coverEnd = rec.e < st.refDay ? rec.e : st.refDay;
    const lastMonth = Math.min(judgedMonth - 1, monthIndex(coverEnd));
    const firstMonth = Math.max(paidMonth + 1, startMonth);
    if (firstMonth > lastMonth) return;
    const wage = rec.fact.reportedWage ?? 0;
    if (!(wage > 0)) return;
    const mask = rec.mask & CHARGEABLE_MASK;
    const jkkPct = jkkRateFor(st.employer, st.ctx).pct;
    const rates = st.ctx.params.contributionRates;
    const finePct = rates.latePaymentFinePctPerMonth ?? null;
    const dueDay = rates.paymentDueDayOfFollowingMonth ?? 15;
    const viewDom = civilFromDays(viewDay) % 100;
    const months: Record<string, unknown>[] = [];
    const byProgram = { JKK: 0, JKM: 0, JHT: 0, JP: 0 };
    let owed = 0;
    let fine = 0;
    for (let m = firstMonth; m <= lastMonth; m++) {
      const from = Math.max(monthStart(m), rec.s);
      const to = Math.min(monthEnd(m), coverEnd);
      const est = estimateContributions([{ from, to, wage, paid: 0 }], mask, jkkPct, st.ctx);
      // Due by dueDay of month m + 1: late by each month begun since then.
      const late = Math.max(0, judgedMonth - (m + 1) + (viewDom > dueDay ? 1 : 0));
      const monthFine = finePct === null ? 0 : Math.round((est.total * finePct * late) / 100);
      owed += est.total;
      fine += monthFine;
      byProgram.JKK += est.byProgram.JKK;
      byProgram.JKM += est.byProgram.JKM;
      byProgram.JHT += est.byProgram.JHT;
      byProgram.JP += est.byProgram.JP;
      months.push({ month: yyyymm(m), contributions: est.total, monthsLate: late, lateFine: monthFine });
    }
    const n = lastMonth - firstMonth + 1;
    const t = st.ctx.params.severity;
    const severity: Severity =
      n >= t.arrearsHighMonths || owed >= t.unpaidContributionsHighRupiah ? 'high' : 'medium';
    const paidThrough = paid === NO_DAY ? null : yyyymm(paidMonth);
    const jkk = jkkRateFor(st.employer, st.ctx);
    const evidence: Record<string, unknown> = {
      referenceDay: formatDay(day),
      judgedMonth: yyyymm(judgedMonth),
      arrearsGraceMonths: grace,
      kpj: rec.fact.kpj,
      enrolmentFrom: rec.fact.effectiveFrom,
      effectiveTo: dayOrNull(rec.e),
      paidThrough,
      monthsInArrears: n,
      arrearsFrom: yyyymm(firstMonth),
      arrearsTo: yyyymm(lastMonth),
      bpjsWage: wage,
      programsCharged: programsOf(mask),
      jkkRiskGroup: jkk.group,
      jkkRiskGroupAssumed: jkk.assumed,
      arrearsByMonth: months,
      contributionsOwed: owed,
      contributionsByProgram: byProgram,
      latePaymentFinePctPerMonth: finePct,
      estimatedLateFine: finePct === null ? null : fine,
      lateFineIsEstimate: true,
      estimatedUnpaidContributions: owed,
      ...st.sourceEvidence(rec),
    };
    const paidId = paidThrough === null ? 'belum pernah dibayar' : `dibayar sampai ${paidThrough}`;
    const paidEn = paidThrough === null ? 'never paid' : `paid through ${paidThrough}`;
    const fineId = finePct === null ? '' : `, perkiraan denda ${rupiahId(fine)}`;
    const fineEn = finePct === null ? '' : `, an estimated ${rupiahEn(fine)} late fine`;
    out.push(
      makeFinding(
        CONTRIBUTION_ARREARS,
        st.employer.id,
        st.nik,
        null,
        severity,
        `Iuran BPJS Ketenagakerjaan ${st.label} menunggak ${n} bulan (${paidId}): tunggakan ${rupiahId(owed)}${fineId}.`,
        `The BPJS Ketenagakerjaan contributions of ${st.label} are ${n} month${n === 1 ? '' : 's'} in arrears (${paidEn}): ${rupiahEn(owed)} owed${fineEn}.`,
        evidence,
      ),
    );
  },
};
