import { formatDay, tryParseIsoDate } from '../dates';
import { makeFinding } from '../findings';
import type { Severity } from '../types';
import type { EmployerRule } from './common';

/**
 * SELF_REPORT_OVERDUE (WLKP): the employer has contracts in force on asOf and no self-report processed on or
 * after asOf − selfReportMaxAgeDays (never, or too long ago).
 */
export const SELF_REPORT_OVERDUE: EmployerRule = {
  code: 'SELF_REPORT_OVERDUE',
  level: 'employer',
  title: { id: 'Laporan mandiri (WLKP) terlambat', en: 'Employer self-report overdue' },
  legalBasis: 'UU 7/1981 (Wajib Lapor Ketenagakerjaan di Perusahaan)',
  description: {
    id: 'Pemberi kerja memiliki kontrak aktif dan tidak ada laporan mandiri yang diproses dalam 365 hari terakhir.',
    en: 'The employer has active contracts and no processed self-report in the last 365 days.',
  },
  defaultSeverity: 'medium',
  defaultParameters: { selfReportMaxAgeDays: 365 },
  parameters: ['selfReportMaxAgeDays'],
  severityLadder: 'low when a self-report exists but is too old; medium when none was ever processed',
  evaluate(employer, agg, ctx, out) {
    const n = agg.contractsInForceOnAsOf;
    if (!(n > 0)) return;
    const last = employer.lastSelfReportProcessedOn
      ? tryParseIsoDate(employer.lastSelfReportProcessedOn)
      : null;
    if (last !== null && last >= ctx.compiled.selfReportCutoffDay) return;
    const max = ctx.params.selfReportMaxAgeDays;
    const severity: Severity = last === null ? 'medium' : 'low';
    const evidence = {
      asOf: ctx.asOf,
      lastSelfReportProcessedOn: last === null ? null : formatDay(last),
      daysSinceLastReport: last === null ? null : ctx.compiled.asOfDay - last,
      dueBy: last === null ? null : formatDay(last + max),
      selfReportMaxAgeDays: max,
      contractsInForceOnAsOf: n,
    };
    const [id, en] =
      last === null
        ? [
            `${employer.name} belum pernah menyampaikan laporan mandiri ketenagakerjaan padahal memiliki ${n} kontrak aktif per ${ctx.asOf}.`,
            `${employer.name} has never filed a processed employment self-report although it has ${n} ${n === 1 ? 'contract' : 'contracts'} in force on ${ctx.asOf}.`,
          ]
        : [
            `Laporan mandiri terakhir ${employer.name} diproses ${formatDay(last)} (${evidence.daysSinceLastReport} hari lalu), melewati batas ${max} hari.`,
            `${employer.name}'s last self-report was processed on ${formatDay(last)} (${evidence.daysSinceLastReport} days ago), beyond the ${max}-day limit.`,
          ];
    out.push(makeFinding(SELF_REPORT_OVERDUE, employer.id, null, null, severity, id, en, evidence));
  },
};
