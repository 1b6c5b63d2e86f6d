import { chainLastDay } from '../chains';
import { addMonthsToDay, formatDay } from '../dates';
import { makeFinding } from '../findings';
import type { Severity } from '../types';
import { chainEvidence, type ChainRule } from './common';
import { chainSpan, spanEvidence } from './spans';

/**
 * PKWT_DURATION_EXCEEDED: a chain of PKWT contracts runs from its first start to its last end (an open-ended
 * contract: to asOf) beyond pkwtMaxTotalMonths, i.e. its last day is on or after addMonths(first start, N).
 */
export const PKWT_DURATION_EXCEEDED: ChainRule = {
  code: 'PKWT_DURATION_EXCEEDED',
  level: 'chain',
  title: { id: 'PKWT melebihi batas waktu', en: 'PKWT chain beyond the maximum duration' },
  legalBasis:
    'PP 35/2021 Art 8; Constitutional Court 168/PUU-XXI/2023 (at most 5 years including any extension); a PKWT that breaks the limit becomes PKWTT by law',
  defaultParameters: { pkwtMaxTotalMonths: 60, pkwtChainGapDays: 30 },
  parameters: ['pkwtMaxTotalMonths', 'pkwtChainGapDays', 'severity'],
  severityLadder: 'high; critical from severity.durationCriticalMonthsOver (12) whole months over the limit',
  evaluate(st, chain, out) {
    const ctx = st.ctx;
    const last = chainLastDay(chain, ctx.compiled.asOfDay);
    const months = ctx.params.pkwtMaxTotalMonths;
    // N months hold at least 28·N days: shorter chains cannot exceed (a cheap test before the calendar one).
    if (last - chain.start < 28 * months || last < addMonthsToDay(chain.start, months)) return;
    const s = chainSpan(chain, ctx);
    const severity: Severity =
      s.monthsOver >= ctx.params.severity.durationCriticalMonthsOver ? 'critical' : 'high';
    const start = formatDay(s.start);
    const n = ctx.params.pkwtMaxTotalMonths;
    const limit = formatDay(s.limitDay);
    out.push(
      makeFinding(
        PKWT_DURATION_EXCEEDED,
        st.employer.id,
        st.nik,
        start,
        severity,
        `Rangkaian PKWT ${st.label} sejak ${start} berlangsung ${s.spanMonths} bulan, melewati batas ${n} bulan sejak ${limit} (${s.daysOver} hari); demi hukum menjadi PKWTT.`,
        `The PKWT chain of ${st.label} since ${start} runs ${s.spanMonths} months, past the ${n}-month limit since ${limit} (${s.daysOver} days over); by law it is permanent employment (PKWTT).`,
        { ...spanEvidence(s, ctx), contracts: chainEvidence(chain, false) },
      ),
    );
  },
};
