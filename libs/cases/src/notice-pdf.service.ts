import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PDFDocument from 'pdfkit';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { notFound, ProblemException } from '@patuh/core';
import { maskNik, ruleDefinition, RuleCode } from '@patuh/rules';

/** Statuses for which a written warning may be printed. */
export const NOTICE_STATUSES = ['confirmed', 'notice_sent'] as const;

const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** '2026-11-24' → '24 November 2026'. */
export function tanggal(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS_ID[(m ?? 1) - 1]} ${y}`;
}
const rupiah = (n: number) => 'Rp ' + Math.round(n).toLocaleString('id-ID');

/** The date `n` working days (Monday to Friday) after `iso`. Public holidays are not known here. */
export function addWorkingDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

interface NoticeRow {
  id: number;
  rule: string;
  status: string;
  severity: string;
  worker_nik: string | null;
  worker_name: string | null;
  summary_id: string;
  evidence: string;
  legal_basis: string;
  first_detected_at: Date;
  employer_name: string;
  nib: string;
  npp: string | null;
  employer_district: string | null;
  noticed_at: Date | null;
}

/** Indonesian labels for the evidence figures the rules write. */
const LABELS: Record<string, string> = {
  referenceDay: 'Tanggal acuan',
  asOf: 'Tanggal penilaian',
  totalUncoveredDays: 'Jumlah hari tanpa kepesertaan',
  uncoveredSince: 'Tidak terdaftar sejak',
  everEnrolled: 'Pernah didaftarkan',
  enrolmentGraceDays: 'Masa tenggang pendaftaran (hari)',
  estimatedUnpaidContributions: 'Perkiraan iuran yang belum dibayar',
  programsCharged: 'Program yang dihitung',
  missingPrograms: 'Program yang belum diikuti',
  requiredPrograms: 'Program yang wajib',
  enrolledPrograms: 'Program yang diikuti',
  reportedWage: 'Upah yang dilaporkan',
  contractWage: 'Upah menurut kontrak',
  monthlyWage: 'Upah bulanan',
  minimumWage: 'Upah minimum (UMK)',
  umk: 'Upah minimum (UMK)',
  shortfallPct: 'Selisih (%)',
  totalWageShortfallToDate: 'Total kekurangan upah sampai saat ini',
  durationMonths: 'Lama rangkaian kontrak (bulan)',
  durationDays: 'Lama rangkaian kontrak (hari)',
  limitMonths: 'Batas (bulan)',
  chainStart: 'Awal rangkaian kontrak',
  chainEnd: 'Akhir rangkaian kontrak',
  lastSelfReportProcessedOn: 'Laporan mandiri terakhir',
  daysSinceLastReport: 'Hari sejak laporan terakhir',
  selfReportMaxAgeDays: 'Batas umur laporan (hari)',
  sponsoredFrom: 'Ditanggung Pemkab sejak',
  estimatedPublicCost: 'Perkiraan biaya yang ditanggung Pemkab',
  kpj: 'Nomor KPJ',
};
const RUPIAH_KEYS = /wage|contribution|cost|premium|shortfall(?!Pct)|umk|rupiah/i;

function fmtValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'boolean') return v ? 'ya' : 'tidak';
  if (typeof v === 'number') return RUPIAH_KEYS.test(key) ? rupiah(v) : v.toLocaleString('id-ID');
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? tanggal(v) : v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return '';
}

/**
 * The written warning (Surat Peringatan) for a confirmed case, in Indonesian, as a printable A4 PDF: letterhead,
 * number and date, the employer, the worker (NIK masked), the obligation breached and its legal basis, the figures
 * from the evidence, the deadline to remedy (NOTICE_REMEDY_WORKING_DAYS working days), and a signature block.
 */
@Injectable()
export class NoticePdfService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async render(caseId: number): Promise<Buffer> {
    const [row] = (await this.db.query(
      `SELECT c.id, c.rule, c.status, c.severity, c.worker_nik, w.name AS worker_name, c.summary_id, c.evidence,
              c.legal_basis, c.first_detected_at, e.name AS employer_name, e.nib, e.npp, e.district AS employer_district,
              (SELECT MAX(ev.created_at) FROM case_events ev
                WHERE ev.case_id = c.id AND ev.type = 'transition' AND ev.to_status = 'notice_sent') AS noticed_at
         FROM cases c JOIN employers e ON e.id = c.employer_id LEFT JOIN workers w ON w.nik = c.worker_nik
        WHERE c.id = ?`,
      [caseId],
    )) as NoticeRow[];
    if (!row) throw notFound('Case');
    if (!(NOTICE_STATUSES as readonly string[]).includes(row.status))
      throw new ProblemException(
        409,
        'Conflict',
        `A notice is issued only for a confirmed case (or one whose notice was sent); this case is ${row.status}`,
      );
    return this.draw(row);
  }

  private draw(row: NoticeRow): Promise<Buffer> {
    const tz = this.config.env.BUSINESS_TZ;
    const letterDate = row.noticed_at ? todayIn(tz, new Date(row.noticed_at)) : todayIn(tz);
    const days = this.config.env.NOTICE_REMEDY_WORKING_DAYS;
    const deadline = addWorkingDays(letterDate, days);
    const [y, m] = letterDate.split('-').map(Number);
    const number = `560/${row.id}/SP-I/DTKT-PK/${ROMAN[(m ?? 1) - 1]}/${y}`;
    let title = row.rule;
    try {
      title = ruleDefinition(row.rule as RuleCode).title.id;
    } catch {
      /* a rule of another rulebook version: show its code */
    }
    const evidence = JSON.parse(row.evidence) as Record<string, unknown>;

    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 50, bottom: 50, left: 60, right: 60 },
      info: {
        Title: `Surat Peringatan ${number}`,
        Author: 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Kutai Timur',
        Subject: title,
      },
    });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    const width = doc.page.width - 120;

    // Letterhead
    doc.font('Helvetica-Bold').fontSize(13).text('PEMERINTAH KABUPATEN KUTAI TIMUR', { align: 'center' });
    doc.fontSize(14).text('DINAS TENAGA KERJA DAN TRANSMIGRASI', { align: 'center' });
    doc
      .font('Helvetica')
      .fontSize(9)
      .text('Kompleks Perkantoran Pemkab Kutai Timur, Bukit Pelangi, Sangatta, Kalimantan Timur', {
        align: 'center',
      });
    const yLine = doc.y + 4;
    doc
      .moveTo(60, yLine)
      .lineTo(60 + width, yLine)
      .lineWidth(2)
      .stroke();
    doc
      .moveTo(60, yLine + 3)
      .lineTo(60 + width, yLine + 3)
      .lineWidth(0.5)
      .stroke();
    doc.moveDown(1.2);

    doc.fontSize(10.5).font('Helvetica');
    doc.text(`Sangatta, ${tanggal(letterDate)}`, { align: 'right' });
    doc.moveDown(0.5);
    const field = (label: string, value: string) => {
      const yy = doc.y;
      doc.font('Helvetica').text(label, 60, yy, { width: 110 });
      doc.text(`: ${value}`, 170, yy, { width: width - 110 });
      doc.x = 60;
    };
    field('Nomor', number);
    field('Sifat', 'Penting');
    field('Lampiran', '-');
    field('Perihal', `Surat Peringatan Pertama (SP-I): ${title}`);
    doc.moveDown(0.8);

    doc.text('Kepada Yth.');
    doc.font('Helvetica-Bold').text(`Pimpinan ${row.employer_name}`);
    doc.font('Helvetica');
    field('NIB', row.nib);
    field('NPP BPJS Ketenagakerjaan', row.npp ?? 'belum terdaftar');
    field('Kecamatan', row.employer_district ?? '-');
    doc.text('di tempat');
    doc.moveDown(0.8);

    doc.text(
      `Berdasarkan pengawasan ketenagakerjaan atas data yang tercatat pada sistem Patuh (kasus nomor ${row.id}, ` +
        `pertama kali terdeteksi pada ${tanggal(todayIn(tz, new Date(row.first_detected_at)))}), dengan ini kami ` +
        'sampaikan bahwa perusahaan Saudara belum memenuhi kewajiban sebagai berikut:',
      { align: 'justify', width },
    );
    doc.moveDown(0.5);
    if (row.worker_nik) {
      field('Nama pekerja', row.worker_name ?? '-');
      field('NIK', maskNik(row.worker_nik));
    }
    field('Kewajiban dilanggar', title);
    field('Dasar hukum', row.legal_basis);
    field('Uraian', row.summary_id);
    doc.moveDown(0.5);

    doc.font('Helvetica-Bold').text('Rincian temuan:');
    doc.font('Helvetica');
    const periods = evidence.uncoveredPeriods as { from: string; to: string; days: number }[] | undefined;
    if (Array.isArray(periods) && periods.length) {
      doc.text('Periode bekerja tanpa kepesertaan BPJS Ketenagakerjaan:');
      for (const p of periods.slice(0, 12))
        doc.text(`  • ${tanggal(p.from)} s.d. ${tanggal(p.to)} (${p.days.toLocaleString('id-ID')} hari)`);
    }
    const contracts = (evidence.contracts ?? evidence.chain) as Record<string, unknown>[] | undefined;
    if (Array.isArray(contracts) && contracts.length) {
      doc.text('Perjanjian kerja:');
      for (const c of contracts.slice(0, 12))
        doc.text(
          `  • ${String(c.ref ?? '-')} (${String(c.type ?? '')}) ${c.startDate ? tanggal(String(c.startDate)) : '-'} s.d. ${
            c.endDate ? tanggal(String(c.endDate)) : 'tidak ditentukan'
          }${typeof c.monthlyWage === 'number' ? `, upah ${rupiah(c.monthlyWage)}/bulan` : ''}`,
        );
    }
    for (const [k, v] of Object.entries(evidence)) {
      if (k === 'uncoveredPeriods' || k === 'contracts' || k === 'chain') continue;
      const value = fmtValue(k, v);
      if (!value) continue;
      doc.text(`  • ${LABELS[k] ?? k}: ${value}`);
    }
    const byProgram = evidence.contributionsByProgram as Record<string, number> | undefined;
    if (byProgram && typeof byProgram === 'object')
      doc.text(
        `  • Iuran per program: ${Object.entries(byProgram)
          .map(([p, n]) => `${p} ${rupiah(Number(n))}`)
          .join('; ')}`,
      );
    doc.moveDown(0.6);

    doc.text(
      `Sehubungan dengan hal tersebut, Saudara diminta untuk memenuhi kewajiban di atas dan menyampaikan bukti ` +
        `pemenuhannya kepada Dinas Tenaga Kerja dan Transmigrasi Kabupaten Kutai Timur paling lambat ` +
        `${tanggal(deadline)} (${days} hari kerja sejak tanggal surat ini). Apabila sampai batas waktu tersebut ` +
        'kewajiban belum dipenuhi, akan diberikan peringatan tertulis berikutnya dan dapat dikenakan sanksi ' +
        'administratif berupa denda dan/atau tidak mendapat pelayanan publik tertentu sesuai Undang-Undang Nomor 24 ' +
        'Tahun 2011 Pasal 17 dan Peraturan Pemerintah Nomor 86 Tahun 2013.',
      { align: 'justify', width },
    );
    doc.moveDown(0.5);
    doc.text('Demikian surat peringatan ini disampaikan untuk dilaksanakan.', { width });
    doc.moveDown(1.2);

    const sx = 60 + width / 2;
    doc.text('a.n. Kepala Dinas Tenaga Kerja dan Transmigrasi', sx, doc.y, { width: width / 2 });
    doc.text('Kabupaten Kutai Timur', sx, doc.y, { width: width / 2 });
    doc.text('Pengawas Ketenagakerjaan,', sx, doc.y, { width: width / 2 });
    doc.moveDown(3.5);
    doc.text('(.......................................)', sx, doc.y, { width: width / 2 });
    doc.text('NIP. ..................................', sx, doc.y, { width: width / 2 });
    doc.x = 60;
    doc.moveDown(1.5);
    doc.fontSize(9).text('Tembusan:', 60, doc.y);
    doc.text('1. Bupati Kutai Timur (sebagai laporan);');
    doc.text('2. BPJS Ketenagakerjaan Kantor Cabang Sangatta;');
    doc.text('3. Arsip.');
    doc.end();
    return done;
  }
}
