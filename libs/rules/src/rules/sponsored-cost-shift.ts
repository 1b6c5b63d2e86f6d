import { prorateMonthly } from '../contributions';
import { isCovered, mergeSorted } from '../coverage';
import { formatDay } from '../dates';
import { plural, rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import { prepareSponsored, type PContract } from '../prepared';
import { programsOf } from '../programs';
import type { Severity } from '../types';
import { contractEvidence, type WorkerRule } from './common';

/**
 * SPONSORED_COST_SHIFT: a worker with a contract in force on asOf is also on the government-paid coverage list
 * (pekerja rentan / BPU) on asOf: the Pemkab pays a premium the employer owes.
 */
export const SPONSORED_COST_SHIFT: WorkerRule = {
  code: 'SPONSORED_COST_SHIFT',
  level: 'worker',
  title: { id: 'Iuran pekerja ditanggung Pemkab', en: 'Employer cost shifted to the Pemkab' },
  legalBasis: "UU 24/2011 Art 15 (the employer, not the Pemkab, owes its workers' contributions)",
  description: {
    id: 'Pekerja dengan kontrak yang berlaku juga tercatat sebagai peserta yang iurannya dibayar Pemkab (pekerja rentan) pada tanggal evaluasi: Pemkab membayar yang menjadi kewajiban pemberi kerja.',
    en: 'A worker with a contract in force is also on the government-paid coverage list (pekerja rentan) on the evaluation date: the Pemkab pays what the employer owes.',
  },
  defaultSeverity: 'medium',
  defaultParameters: {},
  parameters: ['sponsoredMonthlyPremium'],
  severityLadder: 'medium; high when the employer has no enrolment of its own covering asOf',
  evaluate(st, out) {
    if (st.worker.sponsored.length === 0) return;
    const asOfDay = st.ctx.compiled.asOfDay;
    let inForce: PContract[] | null = null;
    for (const c of st.contracts) if (c.s <= asOfDay && asOfDay <= c.e) (inForce ??= []).push(c);
    if (inForce === null) return;
    const sponsored = prepareSponsored(st.worker.sponsored);
    let programs = 0;
    let covering = 0;
    let sponsoredFrom = asOfDay;
    for (const sp of sponsored)
      if (sp.s <= asOfDay && asOfDay <= sp.e) {
        covering++;
        programs |= sp.mask;
        if (sp.s < sponsoredFrom) sponsoredFrom = sp.s;
      }
    if (covering === 0) return;
    // Days up to asOf that are both contract days and sponsored days.
    const sp = mergeSorted(sponsored);
    let overlapDays = 0;
    let months = 0;
    for (const seg of st.segments) {
      const b = seg.e < asOfDay ? seg.e : asOfDay;
      for (let i = 0; i < sp.length; i += 2) {
        const lo = sp[i] > seg.s ? sp[i] : seg.s;
        const hi = sp[i + 1] < b ? sp[i + 1] : b;
        if (lo <= hi) {
          overlapDays += hi - lo + 1;
          months += prorateMonthly(lo, hi, 1);
        }
      }
    }
    const premium = st.ctx.params.sponsoredMonthlyPremium;
    const publicCost = premium === null ? null : Math.round(months * premium);
    const enrolledByEmployer = isCovered(st.coverage, asOfDay);
    const severity: Severity = enrolledByEmployer ? 'medium' : 'high';
    const evidence: Record<string, unknown> = {
      asOf: st.ctx.asOf,
      contractsInForce: inForce.map(contractEvidence),
      sponsoredPrograms: programsOf(programs),
      sponsoredFrom: formatDay(sponsoredFrom),
      overlapDays,
      sponsoredMonthlyPremium: premium,
      estimatedPublicCost: publicCost,
      enrolledByEmployerOnAsOf: enrolledByEmployer,
    };
    const ref = inForce[inForce.length - 1].fact.ref;
    const costId = publicCost === null ? '' : `, perkiraan biaya Pemkab ${rupiahId(publicCost)}`;
    const costEn = publicCost === null ? '' : `, an estimated ${rupiahEn(publicCost)} paid by the Pemkab`;
    out.push(
      makeFinding(
        SPONSORED_COST_SHIFT,
        st.employer.id,
        st.nik,
        null,
        severity,
        `${st.label} bekerja dengan kontrak ${ref} namun iuran jaminan sosialnya ditanggung Pemkab sebagai pekerja rentan (${overlapDays} hari tumpang tindih${costId}).`,
        `${st.label} works under contract ${ref} yet is on the Pemkab's sponsored coverage list (${overlapDays} overlapping ${plural(overlapDays, 'day', 'days')}${costEn}).`,
        evidence,
      ),
    );
  },
};
