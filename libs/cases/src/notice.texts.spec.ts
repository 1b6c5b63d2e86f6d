import { RULE_CODES } from '@patuh/rules';
import {
  EVIDENCE_LABELS,
  evidenceLabel,
  formatEvidenceValue,
  humaniseKey,
  rupiah,
  tanggal,
} from './evidence.labels';
import { letterSentence } from './notice-pdf.service';
import { GENERIC_NOTICE_TEXT, NOTICE_TEXTS, noticeTextFor, SANCTION_TEXTS } from './notice.texts';

const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/;
const BPJS = [
  'ENROLMENT_MISSING',
  'ENROLMENT_LATE',
  'PROGRAM_INCOMPLETE',
  'WAGE_UNDER_REPORTED',
  'EMPLOYER_UNREGISTERED',
  'SPONSORED_COST_SHIFT',
  'ENROLMENT_UNVERIFIED',
  'CONTRIBUTION_ARREARS',
];
const PKWT = ['PKWT_DURATION_EXCEEDED', 'PKWT_LEGACY_BREACH', 'CONTRACTOR_HOPPING', 'PKWT_SERIAL_RENEWAL'];

describe('notice texts', () => {
  it.each([...RULE_CODES])(
    '%s has its own Indonesian wording, legal basis, remedy with a deadline, sanction',
    (code) => {
      const t = (
        NOTICE_TEXTS as Record<string, (typeof NOTICE_TEXTS)[keyof typeof NOTICE_TEXTS] | undefined>
      )[code];
      expect(t).toBeDefined();
      expect(noticeTextFor(code)).not.toBe(GENERIC_NOTICE_TEXT);
      expect(t!.kewajiban.length).toBeGreaterThan(10);
      expect(t!.dasarHukum.length).toBeGreaterThan(0);
      expect(t!.tindakan.join(' ')).toContain('{batas}');
      expect(SANCTION_TEXTS[t!.sanksi]).toBeDefined();
      // Indonesian, not the rulebook's English citations.
      expect(t!.dasarHukum.join(' ')).not.toMatch(/\b(Art|policy|before|the|employer)\b/);
    },
  );

  it('gives BPJS breaches the BPJS sanctions and PKWT breaches the PKWT consequences, never the other', () => {
    for (const code of BPJS)
      expect([code, NOTICE_TEXTS[code as keyof typeof NOTICE_TEXTS].sanksi]).toEqual([
        code,
        expect.stringMatching(/^bpjs/),
      ]);
    for (const code of PKWT)
      expect([code, NOTICE_TEXTS[code as keyof typeof NOTICE_TEXTS].sanksi]).toEqual([
        code,
        expect.stringMatching(/^pkwt/),
      ]);
    expect(NOTICE_TEXTS.WAGE_BELOW_MINIMUM.sanksi).toBe('wage');
    expect(NOTICE_TEXTS.PKWT_COMPENSATION_UNPAID.sanksi).toBe('compensation');
    expect(NOTICE_TEXTS.UNDERAGE_WORKER.sanksi).toBe('child');
    expect(NOTICE_TEXTS.SELF_REPORT_OVERDUE.sanksi).toBe('wlkp');
    expect(SANCTION_TEXTS.bpjs).toMatch(
      /Pasal 17 Undang-Undang Nomor 24 Tahun 2011.*Peraturan Pemerintah Nomor 86 Tahun 2013/,
    );
    expect(SANCTION_TEXTS.bpjs).toMatch(
      /teguran tertulis, denda, dan\/atau tidak mendapat pelayanan publik tertentu/,
    );
    for (const k of ['pkwt', 'pkwt_policy', 'compensation', 'wage', 'child', 'wlkp'] as const)
      expect([k, /Nomor 24 Tahun 2011|86 Tahun 2013/.test(SANCTION_TEXTS[k])]).toEqual([k, false]);
    expect(SANCTION_TEXTS.pkwt).toMatch(/demi hukum/);
    expect(SANCTION_TEXTS.compensation).toMatch(/Pasal 61 Peraturan Pemerintah Nomor 35 Tahun 2021/);
    expect(SANCTION_TEXTS.wage).toMatch(/Pasal 185/);
    expect(SANCTION_TEXTS.child).toMatch(/Pasal 183/);
    expect(SANCTION_TEXTS.wlkp).toMatch(/Pasal 10 Undang-Undang Nomor 7 Tahun 1981/);
    expect(NOTICE_TEXTS.PKWT_DURATION_EXCEEDED.dasarHukum.join(' ')).toMatch(
      /Peraturan Pemerintah Nomor 35 Tahun 2021.*Pasal 8/,
    );
  });

  it('falls back to general Indonesian words for a rule this build does not know', () => {
    expect(noticeTextFor('SOME_FUTURE_RULE')).toBe(GENERIC_NOTICE_TEXT);
    expect(SANCTION_TEXTS[GENERIC_NOTICE_TEXT.sanksi]).not.toMatch(/Nomor 24 Tahun 2011/);
  });
});

describe('evidence labels', () => {
  it('labels every key in Indonesian, and no label is a camelCase key', () => {
    for (const [k, v] of Object.entries(EVIDENCE_LABELS)) expect([k, CAMEL.test(v)]).toEqual([k, false]);
    expect(evidenceLabel('pkwtContracts')).toBe('Jumlah PKWT dalam rangkaian');
    expect(evidenceLabel('chainOpenEnded')).toBe('PKWT terakhir tanpa tanggal berakhir');
    expect(evidenceLabel('spanMonths')).toBe('Lama rangkaian PKWT (bulan)');
  });

  it('humanises an unknown key into words, never the raw key', () => {
    expect(humaniseKey('compensationDueDays')).toBe('Kompensasi jatuh tempo hari');
    expect(humaniseKey('totalRupiahOwedToWorker')).toBe('Jumlah rupiah terutang sampai pekerja');
    expect(humaniseKey('monthsBelowUMK')).toBe('Bulan di bawah UMK');
    for (const k of ['someNewKey', 'xYz', 'averageMonthlyGap', 'nppOfPrincipal'])
      expect([k, CAMEL.test(evidenceLabel(k)), evidenceLabel(k).includes(k)]).toEqual([k, false, false]);
  });

  it('writes money as Rp 3.743.820 and dates as 2 Desember 2026', () => {
    expect(rupiah(3743820)).toBe('Rp 3.743.820');
    expect(rupiah(0)).toBe('Rp 0');
    expect(tanggal('2026-12-02')).toBe('2 Desember 2026');
    expect(formatEvidenceValue('totalWageShortfallToDate', 6260100)).toBe('Rp 6.260.100');
    expect(formatEvidenceValue('contributionsByProgram', { JKK: 55715, JHT: 356826 })).toBe(
      'JKK Rp 55.715; JHT Rp 356.826',
    );
    expect(formatEvidenceValue('spanMonths', 1234)).toBe('1.234');
    for (const k of [
      'reportedWage',
      'contractWage',
      'minimumWage',
      'minimum',
      'umk',
      'compensationOwed',
      'estimatedPublicCost',
    ])
      expect([k, formatEvidenceValue(k, 4067436)]).toEqual([k, 'Rp 4.067.436']);
    for (const k of [
      'minimumAge',
      'ageOnReferenceDay',
      'gapDays',
      'monthsBelowUMK',
      'compensationDueDays',
      'umkYear',
    ])
      expect([k, formatEvidenceValue(k, 17)]).toEqual([k, '17']);
    expect(formatEvidenceValue('shortfallPct', 12.5)).toBe('12,5');
    expect(formatEvidenceValue('unknownUmkYearsSkipped', [2023, 2024])).toBe('2023, 2024');
    expect(formatEvidenceValue('chainStart', '2021-06-01')).toBe('1 Juni 2021');
    expect(formatEvidenceValue('breaches', ['PKWT_DURATION_EXCEEDED'])).toBe(
      'melampaui batas jangka waktu PKWT',
    );
    expect(formatEvidenceValue('everEnrolled', false)).toBe('tidak');
    expect(formatEvidenceValue('estimatePeriod', { from: '2025-01-01', to: '2025-03-31' })).toBe(
      '1 Januari 2025 s.d. 31 Maret 2025',
    );
  });

  it("writes the case summary's dates and decimals the Indonesian way in the letter", () => {
    expect(letterSentence('sejak 2025-01-01, 12.5% di bawah UMK')).toBe(
      'sejak 1 Januari 2025, 12,5% di bawah UMK',
    );
  });
});
