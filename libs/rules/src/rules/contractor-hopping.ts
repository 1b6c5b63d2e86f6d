import { chainPrepared } from '../chains';
import { formatDay } from '../dates';
import { makeFinding } from '../findings';
import { maskNik } from '../nik';
import type { Severity } from '../types';
import { chainEvidence, type PrincipalRule } from './common';
import { chainSpan, spanEvidence } from './spans';

/**
 * CONTRACTOR_HOPPING: a worker's PKWT contracts at the contractors of one principal, joined across them by the
 * chain rule, form a chain that spans at least two contractors and breaks the PKWT duration limit or the serial
 * threshold. The case lands on the principal; its subject is the worker and the joined chain's first start.
 */
export const CONTRACTOR_HOPPING: PrincipalRule = {
  code: 'CONTRACTOR_HOPPING',
  level: 'principal',
  title: {
    id: 'Pekerja dipindah antar kontraktor',
    en: 'Worker moved between contractors to reset the PKWT clock',
  },
  legalBasis: 'PP 35/2021 Art 8; outsourcing used to reset the PKWT clock at the same principal',
  description: {
    id: 'Rangkaian PKWT seorang pekerja di beberapa kontraktor satu perusahaan pemberi kerja, digabung dengan aturan rangkaian, melewati batas 60 bulan atau ambang pembaruan berulang; kasus dicatat pada perusahaan pemberi kerja.',
    en: "A worker's PKWT contracts at several contractors of one principal, joined by the chain rule, break the 60-month limit or the serial threshold; the case lands on the principal.",
  },
  defaultSeverity: 'high',
  defaultParameters: {
    pkwtMaxTotalMonths: 60,
    pkwtChainGapDays: 30,
    pkwtSerialMinContracts: 3,
    serialLookbackMonths: 24,
  },
  parameters: [
    'pkwtMaxTotalMonths',
    'pkwtChainGapDays',
    'pkwtSerialMinContracts',
    'serialLookbackMonths',
    'severity',
  ],
  severityLadder:
    'high; critical when the joined chain is severity.durationCriticalMonthsOver (12) or more whole months over the duration limit',
  evaluate(principal, nik, contracts, ctx, out) {
    const chains = chainPrepared(contracts, ctx.params.pkwtChainGapDays, true);
    for (const chain of chains) {
      if (chain.links.length < 2 || chain.start > ctx.compiled.asOfDay) continue;
      const contractors = new Set<string>();
      for (const l of chain.links) contractors.add(l.contract.fact.employerId);
      if (contractors.size < 2) continue;
      const s = chainSpan(chain, ctx);
      if (!s.exceeded && !s.serial) continue;
      const breaches: string[] = [];
      if (s.exceeded) breaches.push('PKWT_DURATION_EXCEEDED');
      if (s.serial) breaches.push('PKWT_SERIAL_RENEWAL');
      const severity: Severity =
        s.exceeded && s.monthsOver >= ctx.params.severity.durationCriticalMonthsOver ? 'critical' : 'high';
      const start = formatDay(s.start);
      const who = maskNik(nik);
      const k = contractors.size;
      out.push(
        makeFinding(
          CONTRACTOR_HOPPING,
          principal.id,
          nik,
          start,
          severity,
          `Pekerja ${who} dipindahkan antar ${k} kontraktor ${principal.name} dengan ${s.pkwtContracts} PKWT bersambung sejak ${start} (${s.spanMonths} bulan), melampaui batas PKWT.`,
          `Worker ${who} was moved between ${k} contractors of ${principal.name} on ${s.pkwtContracts} chained PKWT contracts since ${start} (${s.spanMonths} months), breaking the PKWT limits.`,
          {
            ...spanEvidence(s, ctx),
            breaches,
            contractors: [...contractors].sort(),
            pkwtContracts: s.pkwtContracts,
            extensions: s.extensions,
            renewals: s.renewals,
            pkwtSerialMinContracts: ctx.params.pkwtSerialMinContracts,
            serialLookbackMonths: ctx.params.serialLookbackMonths,
            lookbackFrom: formatDay(ctx.compiled.serialCutoffDay),
            contracts: chainEvidence(chain, true),
          },
        ),
      );
    }
  },
};
