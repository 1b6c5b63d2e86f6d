import { compensationOwed, compensationOwedAmount } from '../compensation';
import { formatDay, OPEN_END } from '../dates';
import { rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import type { Severity } from '../types';
import type { ChainRule } from './common';

/**
 * PKWT_COMPENSATION_UNPAID (CONTRACT §6 v2): each PKWT of a chain that ended in the new regime (on or after
 * legacyRegimeUntil, 2021-02-02), at least compensationDueDays before asOf, after at least one month of service
 * in the new regime, is owed uang kompensasi: months of service / 12 × the contract's monthly wage, rounded down
 * to the rupiah (service from the later of the start and 2021-02-02). The rule fires when some such contract has
 * `compensationPaid` absent or below the amount owed. One finding per chain (subject: worker + chain start)
 * lists each ended contract with its months, amount owed and amount paid.
 */
export const PKWT_COMPENSATION_UNPAID: ChainRule = {
  code: 'PKWT_COMPENSATION_UNPAID',
  level: 'chain',
  title: { id: 'Uang kompensasi PKWT tidak dibayar', en: 'PKWT compensation (uang kompensasi) unpaid' },
  legalBasis: 'UU 13/2003 Art 61A as amended by UU 6/2023; PP 35/2021 Arts 15-17',
  description: {
    id: 'Setiap PKWT (termasuk perpanjangannya) yang berakhir dalam rezim PP 35/2021 setelah masa kerja sedikitnya satu bulan wajib diberi uang kompensasi sebesar masa kerja/12 × upah sebulan. Aturan ini menyala bila uang kompensasi tidak dilaporkan atau dilaporkan kurang dari jumlah terutang.',
    en: 'Every PKWT (each extension too) that ended in the PP 35/2021 regime after at least one month of service is owed uang kompensasi of months of service / 12 × one month’s wage. The rule fires when the compensation is not reported, or reported below the amount owed.',
  },
  defaultSeverity: 'medium',
  defaultParameters: { compensationDueDays: 7, pkwtChainGapDays: 30 },
  parameters: ['compensationDueDays', 'legacyRegimeUntil', 'pkwtChainGapDays'],
  severityLadder:
    'medium when the compensation is not reported; high when some contract is reported paid short',
  evaluate(st, chain, out) {
    const ctx = st.ctx;
    const cp = ctx.compiled;
    const dueBy = cp.asOfDay - ctx.params.compensationDueDays;
    const links = chain.links;
    // Cheap first pass, nothing allocated: did a PKWT end in the new regime by the due day, owed and not paid?
    // (The common case: none ended yet, or paid in full.)
    let anyShort = false;
    for (let i = 0; i < links.length && !anyShort; i++) {
      const c = links[i].contract;
      if (c.open || c.e > dueBy || c.e < cp.legacyUntilDay) continue;
      const paid = c.fact.compensationPaid;
      // Paid at least (days / 28) / 12 of a month's wage (a month holds 28 days or more): paid in full.
      if (paid !== null && paid !== undefined && paid * 12 * 28 >= (c.e - c.s + 1) * c.wage) continue;
      const owed = compensationOwedAmount(c.s, c.e, c.wage, cp.legacyUntilDay);
      if (owed <= 0) continue;
      if (paid === null || paid === undefined || paid < owed) anyShort = true;
    }
    if (!anyShort) return;
    let rows: Record<string, unknown>[] | null = null;
    let totalOwed = 0;
    let totalPaid = 0;
    let totalShort = 0;
    let unpaid = 0;
    let reportedShort = 0;
    for (let i = 0; i < links.length; i++) {
      const c = links[i].contract;
      if (c.open || c.e >= OPEN_END || c.e > dueBy) continue;
      const owed = compensationOwed(c.s, c.e, c.wage, cp.legacyUntilDay);
      if (owed === null || owed.owed === 0) continue; // nothing owed (a wage of a few rupiah)
      const raw = c.fact.compensationPaid;
      const paid = raw === null || raw === undefined ? null : raw;
      const short = paid === null ? owed.owed : paid >= owed.owed ? 0 : owed.owed - paid;
      const status = paid === null ? 'not_reported' : short > 0 ? 'short' : 'paid';
      if (status === 'not_reported') unpaid++;
      else if (status === 'short') reportedShort++;
      totalOwed += owed.owed;
      totalPaid += paid ?? 0;
      totalShort += short;
      (rows ??= []).push({
        ref: c.fact.ref,
        startDate: c.fact.startDate,
        endDate: c.fact.endDate ?? null,
        serviceFrom: formatDay(owed.serviceFrom),
        monthsOfService: Math.round(owed.months * 100) / 100,
        wholeMonths: owed.wholeMonths,
        remainderDays: owed.remainderDays,
        monthlyWage: c.wage,
        owed: owed.owed,
        paid,
        paidOn: c.fact.compensationPaidOn ?? null,
        short,
        status,
      });
    }
    if (rows === null || unpaid + reportedShort === 0) return;
    const severity: Severity = reportedShort > 0 ? 'high' : 'medium';
    const start = formatDay(chain.start);
    const k = unpaid + reportedShort;
    out.push(
      makeFinding(
        PKWT_COMPENSATION_UNPAID,
        st.employer.id,
        st.nik,
        start,
        severity,
        `Uang kompensasi ${k} PKWT ${st.label} (rangkaian sejak ${start}) belum dibayar penuh: terutang ${rupiahId(totalOwed)}, dilaporkan dibayar ${rupiahId(totalPaid)}, kurang ${rupiahId(totalShort)}.`,
        `The uang kompensasi of ${k} PKWT ${k === 1 ? 'contract' : 'contracts'} of ${st.label} (chain since ${start}) is not paid in full: ${rupiahEn(totalOwed)} owed, ${rupiahEn(totalPaid)} reported paid, ${rupiahEn(totalShort)} short.`,
        {
          chainStart: start,
          contracts: rows,
          totalOwed,
          totalPaid,
          totalShort,
          contractsNotReported: unpaid,
          contractsPaidShort: reportedShort,
          compensationDueDays: ctx.params.compensationDueDays,
          newRegimeFrom: ctx.params.legacyRegimeUntil,
          compensationAtStake: totalShort,
        },
      ),
    );
  },
};
