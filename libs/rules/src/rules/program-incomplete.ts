import { estimateContributions, jkkRateFor } from '../contributions';
import { formatDay, NO_DAY, OPEN_END } from '../dates';
import { rupiahEn, rupiahId } from '../format';
import { makeFinding } from '../findings';
import { CHARGEABLE_MASK, PROGRAM_BIT, programsOf } from '../programs';
import type { Severity } from '../types';
import { dayOrNull, estimateEvidence, SCALE_ID, type WorkerRule } from './common';

/**
 * PROGRAM_INCOMPLETE: the enrolments covering the worker's reference contract day (the last contract day on
 * or before min(asOf, end of the latest contract)) together lack a program the employer's scale requires;
 * JP is not required at or above the pension age on that day.
 */
export const PROGRAM_INCOMPLETE: WorkerRule = {
  code: 'PROGRAM_INCOMPLETE',
  level: 'worker',
  title: { id: 'Program BPJS Ketenagakerjaan tidak lengkap', en: 'BPJS Ketenagakerjaan programs incomplete' },
  legalBasis: 'Perpres 109/2013 Art 6 (programs by scale); PP 45/2015 Art 15 (JP and the pension age)',
  description: {
    id: 'Kepesertaan yang melindungi hari acuan tidak mencakup program yang wajib menurut skala usaha (mikro JKK+JKM; kecil +JHT; menengah dan besar +JP). JP tidak wajib lagi setelah pekerja mencapai usia pensiun yang berlaku saat ia mencapainya (dicapai sekali).',
    en: "The enrolment covering the reference day lacks a program the employer's scale requires (micro JKK+JKM; small +JHT; medium and large +JP). JP is not required once the worker has reached the pension age in force when they reached it (reached once).",
  },
  defaultSeverity: 'medium',
  defaultParameters: {},
  parameters: [
    'requiredProgramsByScale',
    'pensionAge',
    'minimumWorkingAge',
    'enrolmentGraceDays',
    'contributionRates',
    'severity',
  ],
  severityLadder:
    'medium; high when JKK or JKM (accident or death cover) is missing, or the estimate reaches severity.unpaidContributionsHighRupiah (Rp 5,000,000)',
  evaluate(st, out) {
    const day = st.contractDay;
    if (day === NO_DAY) return;
    let have = 0;
    let since = OPEN_END;
    const covering = st.judgedCovering(day);
    for (const en of covering) {
      have |= en.mask;
      if (en.s < since) since = en.s;
    }
    if (since === OPEN_END) return;
    const scaleMask = st.ctx.compiled.requiredMask[st.employer.scale] ?? 0;
    if ((scaleMask & ~have) === 0) return;
    const required = st.requiredMask(day);
    const missing = required & ~have;
    if (missing === 0) return;
    const mask = missing & CHARGEABLE_MASK;
    const pieces = st.countedPieces(since, day, 0);
    const estimate = estimateContributions(pieces, mask, jkkRateFor(st.employer, st.ctx).pct, st.ctx);
    const missingList = programsOf(missing);
    const t = st.ctx.params.severity;
    const severity: Severity =
      missing & (PROGRAM_BIT.JKK | PROGRAM_BIT.JKM) || estimate.total >= t.unpaidContributionsHighRupiah
        ? 'high'
        : 'medium';
    const scale = st.employer.scale;
    const evidence: Record<string, unknown> = {
      referenceDay: formatDay(day),
      scale,
      requiredPrograms: programsOf(required),
      enrolledPrograms: programsOf(have),
      missingPrograms: missingList,
      enrolments: covering.map((en) => ({
        kpj: en.fact.kpj,
        programs: programsOf(en.mask),
        effectiveFrom: en.fact.effectiveFrom,
        effectiveTo: dayOrNull(en.e),
      })),
      ...st.sourceEvidence(covering[0]),
      ...st.ageInfo(day),
      jpRequired: (required & PROGRAM_BIT.JP) !== 0,
      estimatePeriod:
        pieces.length > 0
          ? { from: formatDay(pieces[0].from), to: formatDay(pieces[pieces.length - 1].to) }
          : null,
      ...estimateEvidence(estimate, st.employer, st.ctx, programsOf(mask)),
    };
    const list = missingList.join(', ');
    out.push(
      makeFinding(
        PROGRAM_INCOMPLETE,
        st.employer.id,
        st.nik,
        null,
        severity,
        `Kepesertaan BPJS Ketenagakerjaan ${st.label} tidak mencakup ${list} yang wajib bagi usaha ${SCALE_ID[scale] ?? scale} (perkiraan iuran tak dibayar ${rupiahId(estimate.total)}).`,
        `The BPJS Ketenagakerjaan enrolment of ${st.label} lacks ${list}, required for a ${scale} employer (an estimated ${rupiahEn(estimate.total)} in unpaid contributions).`,
        evidence,
      ),
    );
  },
};
