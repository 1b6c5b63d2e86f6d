import { chainLastDay } from '../chains';
import { formatDay } from '../dates';
import { plural } from '../format';
import { makeFinding } from '../findings';
import type { Severity } from '../types';
import { chainEvidence, type ChainRule } from './common';
import { chainSpan } from './spans';

/**
 * PKWT_SERIAL_RENEWAL: a chain holds at least pkwtSerialMinContracts PKWT contracts and its last contract ends
 * on or after asOf − serialLookbackMonths (an open-ended contract counts as ending on or after asOf).
 */
export const PKWT_SERIAL_RENEWAL: ChainRule = {
  code: 'PKWT_SERIAL_RENEWAL',
  level: 'chain',
  title: { id: 'PKWT diperbarui berulang kali', en: 'Serial PKWT renewal' },
  legalBasis: 'Kutai Timur policy against renewing PKWT year after year; PP 35/2021 Art 8',
  description: {
    id: 'Rangkaian PKWT memuat sedikitnya 3 kontrak PKWT dan kontrak terakhirnya berakhir dalam 24 bulan terakhir: pembaruan tahun demi tahun yang dilarang kebijakan daerah.',
    en: 'A PKWT chain holds at least 3 PKWT contracts and its last ends within the last 24 months: the renewal year after year the regency forbids.',
  },
  defaultSeverity: 'medium',
  defaultParameters: { pkwtSerialMinContracts: 3, serialLookbackMonths: 24, pkwtChainGapDays: 30 },
  parameters: ['pkwtSerialMinContracts', 'serialLookbackMonths', 'pkwtChainGapDays', 'severity'],
  severityLadder: 'medium; high from severity.serialHighContracts (5) PKWT contracts in the chain',
  evaluate(st, chain, out) {
    const ctx = st.ctx;
    if (chain.links.length < ctx.params.pkwtSerialMinContracts) return;
    if (chainLastDay(chain, ctx.compiled.asOfDay) < ctx.compiled.serialCutoffDay) return;
    const s = chainSpan(chain, ctx);
    if (!s.serial) return;
    const severity: Severity = s.pkwtContracts >= ctx.params.severity.serialHighContracts ? 'high' : 'medium';
    const start = formatDay(s.start);
    out.push(
      makeFinding(
        PKWT_SERIAL_RENEWAL,
        st.employer.id,
        st.nik,
        start,
        severity,
        `${st.label} dikontrak dengan ${s.pkwtContracts} PKWT berturut-turut sejak ${start} (${s.renewals} pembaruan, ${s.extensions} perpanjangan).`,
        `${st.label} has been hired on ${s.pkwtContracts} successive PKWT contracts since ${start} (${s.renewals} ${plural(s.renewals, 'renewal', 'renewals')}, ${s.extensions} ${plural(s.extensions, 'extension', 'extensions')}).`,
        {
          chainStart: start,
          chainEnd: formatDay(s.last),
          chainOpenEnded: s.openEnded,
          pkwtContracts: s.pkwtContracts,
          extensions: s.extensions,
          renewals: s.renewals,
          spanMonths: s.spanMonths,
          lookbackFrom: formatDay(ctx.compiled.serialCutoffDay),
          pkwtSerialMinContracts: ctx.params.pkwtSerialMinContracts,
          serialLookbackMonths: ctx.params.serialLookbackMonths,
          pkwtChainGapDays: ctx.params.pkwtChainGapDays,
          contracts: chainEvidence(chain, false),
        },
      ),
    );
  },
};
