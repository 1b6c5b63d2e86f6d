import { NO_DAY } from '../dates';
import { rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import type { Severity } from '../types';
import type { WorkerRule } from './common';
import { ENROLMENT_LEGAL_BASIS, enrolmentEvidence } from './enrolment-common';

/**
 * ENROLMENT_LATE: the reference day is covered (or is not a counted day), but some earlier counted contract
 * day was not. Never fires together with ENROLMENT_MISSING for the same worker.
 */
export const ENROLMENT_LATE: WorkerRule = {
  code: 'ENROLMENT_LATE',
  level: 'worker',
  title: {
    id: 'Pekerja terlambat didaftarkan BPJS Ketenagakerjaan',
    en: 'Worker enrolled in BPJS Ketenagakerjaan late',
  },
  legalBasis: ENROLMENT_LEGAL_BASIS,
  description: {
    id: 'Pekerja kini terdaftar di BPJS Ketenagakerjaan, tetapi ada hari kerja sebelumnya (setelah masa tenggang) yang tidak terlindungi.',
    en: 'The worker is enrolled in BPJS Ketenagakerjaan now, but earlier contract days (past the grace) were not covered.',
  },
  defaultSeverity: 'medium',
  defaultParameters: { enrolmentGraceDays: 0 },
  parameters: ['enrolmentGraceDays', 'requiredProgramsByScale', 'contributionRates', 'severity'],
  severityLadder:
    'low up to severity.lateMediumDays (30) uncovered days; medium up to severity.enrolmentCriticalDays (90); high above that or when the estimate reaches severity.unpaidContributionsHighRupiah (Rp 5,000,000)',
  evaluate(st, out) {
    if (st.refDay === NO_DAY) return;
    const a = st.enrolment();
    if (a.missing || a.pieces.length === 0) return;
    const { evidence, estimate } = enrolmentEvidence(st, a);
    const t = st.ctx.params.severity;
    const severity: Severity =
      a.totalDays > t.enrolmentCriticalDays || estimate.total >= t.unpaidContributionsHighRupiah
        ? 'high'
        : a.totalDays > t.lateMediumDays
          ? 'medium'
          : 'low';
    out.push(
      makeFinding(
        ENROLMENT_LATE,
        st.employer.id,
        st.nik,
        null,
        severity,
        `Pekerja ${st.label} terlambat didaftarkan ke BPJS Ketenagakerjaan: ${a.totalDays} hari kontrak tanpa perlindungan (perkiraan iuran tak dibayar ${rupiahId(estimate.total)}).`,
        `Worker ${st.label} was enrolled in BPJS Ketenagakerjaan late, after ${a.totalDays} contract days without coverage (an estimated ${rupiahEn(estimate.total)} in unpaid contributions).`,
        evidence,
      ),
    );
  },
};
