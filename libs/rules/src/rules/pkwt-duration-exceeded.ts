import { chainLastDay } from '../chains';
import { formatDay, monthsAfterDay } from '../dates';
import { makeFinding } from '../findings';
import type { Severity } from '../types';
import { chainEvidence, type ChainRule } from './common';
import { chainInNewRegime, chainSpan, spanEvidence } from './spans';

/**
 * PKWT_DURATION_EXCEEDED (CONTRACT §6 v2): a chain of PKWT contracts that holds at least one PKWT started in the
 * new regime (PP 35/2021, from legacyRegimeUntil) runs from its first start to its last end (an open-ended
 * contract: to asOf) beyond pkwtMaxTotalMonths: its last day is on or after N months after the first start
 * (the same day N months later, or the 1st of the next month where that day does not exist). Chains wholly
 * before 2021-02-02 are judged by PKWT_LEGACY_BREACH, not by a rule that did not exist then.
 */
export const PKWT_DURATION_EXCEEDED: ChainRule = {
  code: 'PKWT_DURATION_EXCEEDED',
  level: 'chain',
  title: { id: 'PKWT melebihi batas waktu', en: 'PKWT chain beyond the maximum duration' },
  legalBasis:
    'PP 35/2021 Art 8; Constitutional Court 168/PUU-XXI/2023 (at most 5 years including any extension); a PKWT that breaks the limit becomes PKWTT by law',
  description: {
    id: 'Rangkaian PKWT yang memuat sedikitnya satu PKWT yang dimulai dalam rezim PP 35/2021 (sejak 2021-02-02) berlangsung lebih dari 60 bulan dari awal pertama sampai akhir terakhirnya; demi hukum menjadi PKWTT.',
    en: 'A PKWT chain with at least one PKWT started in the PP 35/2021 regime (from 2021-02-02) runs more than 60 months from its first start to its last end; by law the employment is permanent (PKWTT).',
  },
  defaultSeverity: 'high',
  defaultParameters: { pkwtMaxTotalMonths: 60, pkwtChainGapDays: 30 },
  parameters: ['pkwtMaxTotalMonths', 'pkwtChainGapDays', 'severity'],
  severityLadder: 'high; critical from severity.durationCriticalMonthsOver (12) whole months over the limit',
  evaluate(st, chain, out) {
    const ctx = st.ctx;
    const last = chainLastDay(chain, ctx.compiled.asOfDay);
    const months = ctx.params.pkwtMaxTotalMonths;
    // N months hold at least 28·N days: shorter chains cannot exceed (a cheap test before the calendar one).
    if (last - chain.start < 28 * months || last < monthsAfterDay(chain.start, months)) return;
    if (!chainInNewRegime(chain, ctx)) return;
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
