import { formatDay, NO_DAY } from '../dates';
import { rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import type { Severity } from '../types';
import type { WorkerRule } from './common';
import { ENROLMENT_LEGAL_BASIS, enrolmentEvidence } from './enrolment-common';

/**
 * ENROLMENT_MISSING: the worker's reference day — the last contract day on or before min(asOf, end of the
 * latest contract) that is at least enrolmentGraceDays after the start of its run of contracts — is not
 * covered by any enrolment with the employer.
 */
export const ENROLMENT_MISSING: WorkerRule = {
  code: 'ENROLMENT_MISSING',
  level: 'worker',
  title: {
    id: 'Pekerja tidak didaftarkan BPJS Ketenagakerjaan',
    en: 'Worker not enrolled in BPJS Ketenagakerjaan',
  },
  legalBasis: ENROLMENT_LEGAL_BASIS,
  description: {
    id: 'Hari acuan pekerja (tanggal evaluasi atau akhir kontrak terakhirnya) tidak dilindungi kepesertaan BPJS Ketenagakerjaan pada pemberi kerja: tidak pernah didaftarkan atau kepesertaannya berhenti.',
    en: "The worker's reference day (the evaluation date or the end of their latest contract) is not covered by a BPJS Ketenagakerjaan enrolment with the employer: never enrolled, or the enrolment lapsed.",
  },
  defaultSeverity: 'high',
  defaultParameters: { enrolmentGraceDays: 0 },
  parameters: ['enrolmentGraceDays', 'requiredProgramsByScale', 'contributionRates', 'severity'],
  severityLadder:
    'high; critical when more than severity.enrolmentCriticalDays (90) contract days are uncovered or the estimate reaches severity.unpaidContributionsHighRupiah (Rp 5,000,000)',
  evaluate(st, out) {
    if (st.refDay === NO_DAY) return;
    const a = st.enrolment();
    if (!a.missing) return;
    // The employer claims the day is covered and BPJS's records do not show it: ENROLMENT_UNVERIFIED says so.
    if (st.unverifiedClaims().length > 0) return;
    const { evidence, estimate } = enrolmentEvidence(st, a);
    const since = a.pieces[a.pieces.length - 1];
    let sinceDay = since.from;
    for (let i = a.pieces.length - 2; i >= 0 && a.pieces[i].to + 1 === sinceDay; i--)
      sinceDay = a.pieces[i].from;
    evidence.uncoveredSince = formatDay(sinceDay);
    const t = st.ctx.params.severity;
    const severity: Severity =
      a.totalDays > t.enrolmentCriticalDays || estimate.total >= t.unpaidContributionsHighRupiah
        ? 'critical'
        : 'high';
    const sinceIso = formatDay(sinceDay);
    out.push(
      makeFinding(
        ENROLMENT_MISSING,
        st.employer.id,
        st.nik,
        null,
        severity,
        `Pekerja ${st.label} tidak terdaftar di BPJS Ketenagakerjaan sejak ${sinceIso} (${a.totalDays} hari kontrak tanpa perlindungan; perkiraan iuran tak dibayar ${rupiahId(estimate.total)}).`,
        `Worker ${st.label} has had no BPJS Ketenagakerjaan enrolment since ${sinceIso} (${a.totalDays} contract days uncovered; an estimated ${rupiahEn(estimate.total)} in unpaid contributions).`,
        evidence,
      ),
    );
  },
};
