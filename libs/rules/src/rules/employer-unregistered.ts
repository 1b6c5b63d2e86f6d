import { makeFinding } from '../findings';
import type { Severity } from '../types';
import type { EmployerRule } from './common';

/** EMPLOYER_UNREGISTERED (PWBD): the employer has a contract in force on asOf and no NPP. */
export const EMPLOYER_UNREGISTERED: EmployerRule = {
  code: 'EMPLOYER_UNREGISTERED',
  level: 'employer',
  title: {
    id: 'Perusahaan wajib belum daftar (PWBD)',
    en: 'Employer not registered with BPJS Ketenagakerjaan',
  },
  legalBasis: 'PWBD (perusahaan wajib belum daftar); UU 24/2011 Art 15',
  description: {
    id: 'Pemberi kerja memiliki kontrak yang berlaku pada tanggal evaluasi tetapi tidak memiliki nomor pendaftaran perusahaan (NPP) BPJS Ketenagakerjaan.',
    en: 'The employer has a contract in force on the evaluation date and no BPJS Ketenagakerjaan registration number (NPP).',
  },
  defaultSeverity: 'high',
  defaultParameters: {},
  parameters: ['severity'],
  severityLadder:
    'high; critical from severity.unregisteredCriticalContracts (10) contracts in force on asOf',
  evaluate(employer, agg, ctx, out) {
    const n = agg.contractsInForceOnAsOf;
    if (!(n > 0)) return;
    if (employer.npp !== null && employer.npp !== undefined && employer.npp.trim() !== '') return;
    const severity: Severity = n >= ctx.params.severity.unregisteredCriticalContracts ? 'critical' : 'high';
    const workers = agg.workersInForceOnAsOf;
    const countId = workers !== undefined && workers > 0 ? `${workers} pekerja` : `${n} kontrak aktif`;
    const countEn =
      workers !== undefined && workers > 0
        ? `${workers} ${workers === 1 ? 'worker' : 'workers'}`
        : `${n} ${n === 1 ? 'contract' : 'contracts'} in force`;
    out.push(
      makeFinding(
        EMPLOYER_UNREGISTERED,
        employer.id,
        null,
        null,
        severity,
        `${employer.name} mempekerjakan ${countId} per ${ctx.asOf} tetapi belum terdaftar di BPJS Ketenagakerjaan (tanpa NPP).`,
        `${employer.name} employs ${countEn} on ${ctx.asOf} but is not registered with BPJS Ketenagakerjaan (no NPP).`,
        {
          asOf: ctx.asOf,
          npp: employer.npp ?? null,
          contractsInForceOnAsOf: n,
          activeContracts: agg.activeContracts,
          workersInForceOnAsOf: workers ?? null,
        },
      ),
    );
  },
};
