import { execFileSync } from 'child_process';
import { drawNotice, NoticeRow } from './notice-pdf.service';

/** Page texts via pdf-parse in a plain node process (pdf.js's dynamic import does not run in jest's VM). */
function pdfPages(pdf: Buffer): string[] {
  const script =
    "const { PDFParse } = require('pdf-parse'); const chunks = [];" +
    "process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {" +
    'const p = new PDFParse({ data: Buffer.concat(chunks) }); const r = await p.getText(); await p.destroy();' +
    'process.stdout.write(JSON.stringify(r.pages.map((x) => x.text))); });';
  const out = execFileSync(process.execPath, ['-e', script], {
    input: pdf,
    cwd: __dirname,
    encoding: 'utf8',
  });
  return (JSON.parse(out) as string[]).map((t) => t.replace(/\s+/g, ' '));
}
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/g;

const row = (rule: string, evidence: Record<string, unknown>, over: Partial<NoticeRow> = {}): NoticeRow => ({
  id: 4711,
  rule,
  status: 'confirmed',
  severity: 'high',
  worker_nik: '6408014107950003',
  worker_name: 'Siti Rahmawati',
  summary_id: 'Ringkasan kasus sejak 2025-01-01.',
  evidence: JSON.stringify(evidence),
  legal_basis: 'English basis',
  first_detected_at: new Date('2026-11-30T00:00:00Z'),
  employer_name: 'PT Contoh Sawit Makmur',
  nib: '9120000000001',
  npp: '24000001',
  employer_district: 'Sangatta Utara',
  noticed_at: null,
  ...over,
});
const opts = { letterDate: '2026-12-02', detectedOn: '2026-11-30', remedyWorkingDays: 10 };
const contract = (k: number) => ({
  ref: `PK-${k}`,
  type: 'PKWT',
  startDate: '2022-01-01',
  endDate: '2022-02-13',
  monthlyWage: 4_900_000,
  kind: 'renewal',
  gapDays: 2,
});

describe('drawNotice', () => {
  it('prints the v2 rules and keys it has never seen in Indonesian words, on one page', async () => {
    const pages = pdfPages(
      await drawNotice(
        row('PKWT_COMPENSATION_UNPAID', {
          contracts: [
            { ...contract(1), monthsOfService: 12, compensationOwed: 4_900_000, compensationPaid: null },
          ],
          totalCompensationOwed: 4_900_000,
          compensationDueDays: 7,
          averageMonthlyGapBelowUMK: 3,
          years: [
            { year: 2025, minimum: 3_743_820, minimumKind: 'UMK', monthsBelow: 12, rupiahShort: 2_925_840 },
          ],
        }),
        opts,
      ),
    );
    expect(pages).toHaveLength(1);
    const text = pages[0]!;
    expect(text.match(CAMEL)).toBeNull();
    expect(text).toContain('PT Contoh Sawit Makmur');
    expect(text).toContain('Pasal 61A');
    expect(text).toContain('Pasal 61 Peraturan Pemerintah Nomor 35 Tahun 2021');
    expect(text).toContain('Jumlah uang kompensasi yang wajib dibayar: Rp 4.900.000');
    expect(text).toContain('Rata-rata per bulan jeda di bawah UMK: 3');
    expect(text).toContain('tahun 2025; upah minimum Rp 3.743.820');
    expect(text).toContain('Ringkasan kasus sejak 1 Januari 2025.');
    expect(text).toContain('paling lambat 16 Desember 2026 (10 hari kerja sejak tanggal surat ini)');
    expect(text).not.toContain('6408014107950003');
  });

  it('keeps the closing and the signature together on the last page when the findings run long', async () => {
    const periods = Array.from({ length: 12 }, (_, i) => ({
      from: `20${10 + i}-01-01`,
      to: `20${10 + i}-03-31`,
      days: 90,
    }));
    const pages = pdfPages(
      await drawNotice(
        row('ENROLMENT_LATE', {
          uncoveredPeriods: periods,
          contracts: Array.from({ length: 40 }, (_, k) => contract(k + 1)),
          enrolments: Array.from({ length: 8 }, (_, k) => ({ kpj: `2401000000${k}`, programs: ['JKK'] })),
          breaches: Array.from({ length: 8 }, () => ({
            code: 'RENEWAL_GAP_TOO_SHORT',
            ref: 'PK-1',
            gapDays: 3,
          })),
        }),
        opts,
      ),
    );
    const last = pages[pages.length - 1]!;
    expect(last).toContain('Demikian surat peringatan ini disampaikan untuk dilaksanakan.');
    expect(last).toContain('NIP.');
    expect(last).toContain('Tembusan');
    // Long lists show their ends and how many are left out.
    expect(pages.join(' ')).toContain('… 35 lainnya …');
    expect(pages.join(' ')).toContain('PK-40');
  });
});
