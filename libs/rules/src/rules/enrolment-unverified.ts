import { NO_DAY } from '../dates';
import { rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import { programsOf } from '../programs';
import type { Severity } from '../types';
import { dayOrNull, type WorkerRule } from './common';
import { enrolmentEvidence } from './enrolment-common';

/**
 * ENROLMENT_UNVERIFIED (CONTRACT §6 and §9): a BPJS records load covers the employer's NPP, the worker's judged
 * day (the day ENROLMENT_MISSING judges) is not covered by BPJS's records, and the employer reports an enrolment
 * covering it. It takes the place of ENROLMENT_MISSING for that worker (the same uncovered days, with the claim).
 */
export const ENROLMENT_UNVERIFIED: WorkerRule = {
  code: 'ENROLMENT_UNVERIFIED',
  level: 'worker',
  title: {
    id: 'Kepesertaan yang dilaporkan tidak tercatat di BPJS Ketenagakerjaan',
    en: 'Reported enrolment not held by BPJS Ketenagakerjaan',
  },
  legalBasis: 'UU 24/2011 (BPJS) Art 15(2); PP 86/2013 Art 13 (complete and correct data)',
  description: {
    id: 'Pemberi kerja melaporkan kepesertaan BPJS Ketenagakerjaan yang melindungi hari acuan pekerja, tetapi data BPJS Ketenagakerjaan yang dimuat untuk NPP pemberi kerja tidak menunjukkannya.',
    en: "The employer reports a BPJS Ketenagakerjaan enrolment covering the worker's reference day that the BPJS records loaded for the employer's NPP do not show.",
  },
  defaultSeverity: 'high',
  defaultParameters: { enrolmentGraceDays: 0 },
  parameters: ['enrolmentGraceDays', 'requiredProgramsByScale', 'contributionRates', 'severity'],
  severityLadder:
    'high; critical when more than severity.enrolmentCriticalDays (90) contract days are uncovered by BPJS records or the estimate reaches severity.unpaidContributionsHighRupiah (Rp 5,000,000)',
  evaluate(st, out) {
    if (st.refDay === NO_DAY || st.bpjs === null) return;
    const claims = st.unverifiedClaims();
    if (claims.length === 0) return;
    const a = st.enrolment();
    const { evidence, estimate } = enrolmentEvidence(st, a);
    evidence.claimedEnrolments = claims.map((en) => ({
      kpj: en.fact.kpj,
      programs: programsOf(en.mask),
      effectiveFrom: en.fact.effectiveFrom,
      effectiveTo: dayOrNull(en.e),
      reportedWage: en.fact.reportedWage,
      source: 'employer_report',
    }));
    evidence.bpjsRecords = st.bpjs.records.map((en) => ({
      kpj: en.fact.kpj,
      programs: programsOf(en.mask),
      effectiveFrom: en.fact.effectiveFrom,
      effectiveTo: dayOrNull(en.e),
      reportedWage: en.fact.reportedWage,
      source: 'bpjs_records',
    }));
    const t = st.ctx.params.severity;
    const severity: Severity =
      a.totalDays > t.enrolmentCriticalDays || estimate.total >= t.unpaidContributionsHighRupiah
        ? 'critical'
        : 'high';
    const kpj = claims[0].fact.kpj ?? '-';
    const load = `${st.bpjs.loadId}, ${st.bpjs.asOf}`;
    out.push(
      makeFinding(
        ENROLMENT_UNVERIFIED,
        st.employer.id,
        st.nik,
        null,
        severity,
        `Kepesertaan ${st.label} (KPJ ${kpj}) yang dilaporkan pemberi kerja tidak tercatat di data BPJS Ketenagakerjaan (muatan ${load}); ${a.totalDays} hari kontrak tanpa perlindungan menurut BPJS (perkiraan iuran tak dibayar ${rupiahId(estimate.total)}).`,
        `The enrolment of ${st.label} (KPJ ${kpj}) the employer reports is not in BPJS Ketenagakerjaan's records (load ${load}); ${a.totalDays} contract days uncovered according to BPJS (an estimated ${rupiahEn(estimate.total)} in unpaid contributions).`,
        evidence,
      ),
    );
  },
};
