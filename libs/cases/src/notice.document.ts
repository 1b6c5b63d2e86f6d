/** The written warning as a PDF document (pdfkit): layout and wording, no I/O. */
import PDFDocument from 'pdfkit';
import type { NoticeRow } from '@patuh/persistence';
import { maskNik, ruleDefinition, RuleCode } from '@patuh/rules';
import {
  evidenceLabel,
  formatEvidenceValue,
  inlineLabel,
  rupiah,
  tanggal,
  valueWords,
} from './evidence.labels';
import { noticeTextFor, SANCTION_TEXTS } from './notice.texts';

/** Statuses for which a written warning may be printed. */
export const NOTICE_STATUSES = ['confirmed', 'notice_sent'] as const;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

export { tanggal };

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

export type { NoticeRow };

export interface NoticeOptions {
  /** The letter's date (YYYY-MM-DD). */
  letterDate: string;
  /** The day the case was first detected (YYYY-MM-DD), in the business time zone. */
  detectedOn: string;
  remedyWorkingDays: number;
  /**
   * Where anyone holding the letter checks it is genuine: its code, the page (PUBLIC_URL/verify/{code}) and a PNG of
   * that page's QR code. Absent: the letter carries no verification block.
   */
  verification?: { code: string; url: string; qrPng: Buffer };
}

/** The letter's number: the case and the month and year of the letter's date (one number per case and month). */
export function letterNumber(caseId: number, letterDate: string): string {
  const [y, m] = letterDate.split('-').map(Number);
  return `560/${caseId}/SP-I/DTKT-PK/${ROMAN[(m ?? 1) - 1]}/${y}`;
}

/** A code as printed: groups of four (XXXX-XXXX-XXXX-XXXX). */
export const formatNoticeCode = (code: string): string => code.replace(/(.{4})(?=.)/g, '$1-');

/** Evidence keys the letter leaves out: the rule's own parameters and bookkeeping (the console shows them all). */
const LETTER_HIDDEN = new Set([
  'enrolmentGraceDays',
  'jkkRiskGroupAssumed',
  'birthDateSource',
  'pkwtChainGapDays',
  'pkwtSerialMinContracts',
  'serialLookbackMonths',
  'lookbackFrom',
  'wageTolerancePct',
  'legacyRegimeUntil',
  'contractors',
  'employerId',
  'programsCharged',
  'jpRequired',
  'unknownUmkYearsSkipped',
  'spanDays',
  'npp',
  'compensationDueDays',
  'selfReportMaxAgeDays',
  'worstContractRef',
]);
/** The keys a contract line prints itself; any other key of a contract is added as "label value". */
const CONTRACT_BASE = new Set([
  'ref',
  'type',
  'startDate',
  'endDate',
  'monthlyWage',
  'kind',
  'gapDays',
  'employerId',
]);
const LIST_LIMIT = 6;

/** 'sejak 2025-01-01 ... 12.5% di bawah' → 'sejak 1 Januari 2025 ... 12,5% di bawah'. */
export function letterSentence(s: string): string {
  return s.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => tanggal(d)).replace(/(\d)\.(\d+)%/g, '$1,$2%');
}

/** 'Rp 6.260.100' never breaks between 'Rp' and the figure. */
const nbsp = (s: string) => s.replace(/Rp /g, 'Rp\u00a0');

function contractLine(c: Record<string, unknown>): string {
  const type = String(c.type ?? 'PK');
  const kind = typeof c.kind === 'string' && c.kind !== 'first' ? `, ${valueWords(c.kind)}` : '';
  const start = typeof c.startDate === 'string' ? tanggal(c.startDate) : '-';
  const end = typeof c.endDate === 'string' ? tanggal(c.endDate) : 'tanpa tanggal berakhir';
  const wage = typeof c.monthlyWage === 'number' ? `, upah ${rupiah(c.monthlyWage)}/bulan` : '';
  let line = `${String(c.ref ?? '-')} (${type}${kind}): ${start} s.d. ${end}${wage}`;
  if (typeof c.umk === 'number') {
    line += `; UMK ${String(c.umkYear ?? '')} ${rupiah(c.umk)}`;
    if (typeof c.monthlyShortfall === 'number') line += `, kurang ${rupiah(c.monthlyShortfall)}/bulan`;
  }
  for (const [k, v] of Object.entries(c)) {
    if (CONTRACT_BASE.has(k) || ['umk', 'umkYear', 'monthlyShortfall', 'shortfallPct'].includes(k)) continue;
    const t = formatEvidenceValue(k, v);
    if (t && t !== '-') line += `; ${inlineLabel(k)} ${t}`;
  }
  return line;
}

function listItem(key: string, o: Record<string, unknown>): string {
  if (key === 'uncoveredPeriods' && typeof o.from === 'string' && typeof o.to === 'string')
    return `${tanggal(o.from)} s.d. ${tanggal(o.to)} (${formatEvidenceValue('days', o.days)} hari)`;
  if (typeof o.ref === 'string' && typeof o.startDate === 'string') return contractLine(o);
  if (typeof o.code === 'string') {
    const rest = Object.entries(o)
      .filter(([k]) => k !== 'code')
      .map(([k, v]) => {
        const t = formatEvidenceValue(k, v);
        return t && t !== '-' ? `${inlineLabel(k)} ${t}` : '';
      })
      .filter(Boolean);
    return valueWords(o.code) + (rest.length ? ` (${rest.join('; ')})` : '');
  }
  return formatEvidenceValue(key, o);
}

/** The first items and the last ones of a long list, with how many are left out between them. */
function shortList<T>(xs: readonly T[]): (T | number)[] {
  if (xs.length <= LIST_LIMIT) return [...xs];
  return [...xs.slice(0, 2), xs.length - (LIST_LIMIT - 1), ...xs.slice(xs.length - (LIST_LIMIT - 3))];
}

/** Draws the letter (pure: the same row and options give the same text). */
export function drawNotice(row: NoticeRow, opts: NoticeOptions): Promise<Buffer> {
  const { letterDate, remedyWorkingDays: days } = opts;
  const deadline = addWorkingDays(letterDate, days);
  const number = letterNumber(row.id, letterDate);
  const text = noticeTextFor(row.rule);
  let ruleName = text.kewajiban;
  try {
    ruleName = ruleDefinition(row.rule as RuleCode).title.id;
  } catch {
    /* a rule of another rulebook version: its notice text names it */
  }
  const evidence = JSON.parse(row.evidence) as Record<string, unknown>;
  const batas = `${tanggal(deadline)} (${days} hari kerja sejak tanggal surat ini)`;

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 32, bottom: 28, left: 60, right: 60 },
    info: {
      Title: `Surat Peringatan ${number}`,
      Author: 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Kutai Timur',
      Subject: ruleName,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const L = 60;
  const width = doc.page.width - 120;
  const bottom = doc.page.height - 28;
  const BODY = 9.5;
  const SMALL = 8.5;

  /** A label and its value on one row; the next row starts below the taller of the two (no overprint). */
  const field = (label: string, value: string, labelWidth = 140) => {
    const y0 = doc.y;
    doc.text(label, L, y0, { width: labelWidth - 6 });
    const yLabel = doc.y;
    doc.text(`: ${value}`, L + labelWidth, y0, { width: width - labelWidth });
    doc.x = L;
    doc.y = Math.max(yLabel, doc.y);
  };
  const heading = (t: string) => {
    doc.moveDown(0.25);
    doc.font('Helvetica-Bold').fontSize(BODY).text(t, L, doc.y, { width });
    doc.font('Helvetica');
  };
  const items = (lines: readonly string[], size: number, marker: (i: number) => string) => {
    doc.fontSize(size);
    lines.forEach((line, i) => {
      const y0 = doc.y;
      doc.text(marker(i), L + 8, y0, { width: 14 });
      doc.text(line, L + 22, y0, { width: width - 22, align: 'justify' });
      doc.x = L;
    });
    doc.fontSize(BODY);
  };

  // The check of authenticity (issue #18): a QR code of the verification page in the letterhead's top-right
  // corner (beside the centred letterhead, clear of its lines), and the page and code in words in the first page's
  // bottom margin, so the letter keeps its one page.
  const v = opts.verification;
  if (v) {
    const qr = 40;
    doc.image(v.qrPng, L + width - qr, 22, { width: qr, height: qr });
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // drawing inside the margin must not start a new page
    doc
      .font('Helvetica')
      .fontSize(7)
      .text(
        'Keaslian surat ini dapat diperiksa dengan memindai kode QR di kanan atas, atau di:',
        L,
        doc.page.height - 25,
        { width, align: 'center', lineBreak: false },
      );
    doc.text(`${v.url}  ·  kode verifikasi ${formatNoticeCode(v.code)}`, L, doc.page.height - 16, {
      width,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
    doc.x = L;
    doc.y = doc.page.margins.top;
  }

  // Letterhead
  doc
    .font('Helvetica-Bold')
    .fontSize(12)
    .text('PEMERINTAH KABUPATEN KUTAI TIMUR', L, doc.y, { align: 'center', width });
  doc.fontSize(13).text('DINAS TENAGA KERJA DAN TRANSMIGRASI', { align: 'center', width });
  doc
    .font('Helvetica')
    .fontSize(8.5)
    .text('Kompleks Perkantoran Pemkab Kutai Timur, Bukit Pelangi, Sangatta, Kalimantan Timur', {
      align: 'center',
      width,
    });
  const yLine = doc.y + 3;
  doc
    .moveTo(L, yLine)
    .lineTo(L + width, yLine)
    .lineWidth(2)
    .stroke();
  doc
    .moveTo(L, yLine + 3)
    .lineTo(L + width, yLine + 3)
    .lineWidth(0.5)
    .stroke();
  doc.y = yLine + 10;

  doc.font('Helvetica').fontSize(BODY);
  const yTop = doc.y;
  doc.text(`Sangatta, ${tanggal(letterDate)}`, L, yTop, { align: 'right', width });
  doc.y = yTop;
  field('Nomor', number, 70);
  field('Sifat', 'Penting', 70);
  field('Lampiran', '-', 70);
  const policy = text.sanksi === 'pkwt_policy';
  field('Perihal', policy ? `Pembinaan: ${ruleName}` : `Surat Peringatan Pertama (SP-I): ${ruleName}`, 70);
  doc.moveDown(0.45);

  doc.text('Kepada Yth.', L, doc.y);
  doc.font('Helvetica-Bold').text(`Pimpinan ${row.employer_name}`, L, doc.y, { width });
  doc.font('Helvetica');
  field('NIB', row.nib);
  field('NPP BPJS Ketenagakerjaan', row.npp ?? 'belum terdaftar');
  field('Kecamatan', row.employer_district ?? '-');
  doc.text('di tempat', L, doc.y);
  doc.moveDown(0.45);

  doc.text(
    `Berdasarkan hasil pengawasan ketenagakerjaan atas data yang tercatat pada sistem Patuh (kasus nomor ${row.id}, ` +
      `pertama kali terdeteksi pada ${tanggal(opts.detectedOn)}), dengan ini kami sampaikan ` +
      // A policy finding is guidance, not a breach of law: the letter says so from its first sentence.
      (policy ? 'temuan mengenai ' : 'bahwa perusahaan Saudara belum memenuhi ') +
      `${text.kewajiban.charAt(0).toLowerCase()}${text.kewajiban.slice(1)}, dengan uraian sebagai berikut.`,
    L,
    doc.y,
    { align: 'justify', width },
  );

  heading('1. Temuan');
  if (row.worker_nik) {
    const y0 = doc.y;
    field('Nama pekerja', row.worker_name ?? '-');
    const y1 = doc.y;
    doc.text(`NIK: ${maskNik(row.worker_nik)}`, L + width / 2 + 20, y0, { width: width / 2 - 20 });
    doc.x = L;
    doc.y = Math.max(y1, doc.y);
  }
  doc.text(letterSentence(row.summary_id), L, doc.y, { align: 'justify', width });
  doc.text(text.temuan, L, doc.y, { align: 'justify', width });

  // The figures: scalars two to a row, then the lists.
  const facts: [string, string][] = [];
  const lists: [string, Record<string, unknown>[]][] = [];
  for (const [k, v] of Object.entries(evidence)) {
    if (LETTER_HIDDEN.has(k) || v === null || v === undefined) continue;
    if (k === 'chainOpenEnded' && v === false) continue;
    if (Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null)) {
      lists.push([k === 'chain' ? 'contracts' : k, v as Record<string, unknown>[]]);
      continue;
    }
    const t = formatEvidenceValue(k, v);
    if (t && t !== '-') facts.push([evidenceLabel(k), nbsp(t)]);
  }
  if (facts.length || lists.length) {
    doc.moveDown(0.25);
    doc.font('Helvetica-Bold').fontSize(SMALL).text('Rincian:', L, doc.y);
    doc.font('Helvetica');
    const colW = width / 2 - 6;
    for (let i = 0; i < facts.length; i += 2) {
      const y0 = doc.y;
      const cell = (f: [string, string] | undefined, x: number) => {
        if (!f) return y0;
        doc.font('Helvetica').text(`${f[0]}: `, x, y0, { width: colW, continued: true });
        doc.font('Helvetica-Bold').text(f[1]);
        doc.font('Helvetica');
        return doc.y;
      };
      const a = cell(facts[i], L);
      const b = cell(facts[i + 1], L + width / 2);
      doc.x = L;
      doc.y = Math.max(a, b);
    }
    for (const [k, xs] of lists) {
      doc.fontSize(SMALL).text(`${evidenceLabel(k)}:`, L, doc.y, { width });
      items(
        shortList(xs).map((x) => (typeof x === 'number' ? `… ${x} lainnya …` : nbsp(listItem(k, x)))),
        SMALL,
        () => '•',
      );
    }
    doc.fontSize(BODY);
  }

  heading('2. Dasar hukum');
  items(text.dasarHukum, SMALL, (i) => `${String.fromCharCode(97 + i)}.`);

  heading('3. Yang harus dilakukan');
  doc.text('Sehubungan dengan hal tersebut, Saudara diminta untuk:', L, doc.y, { width });
  items(
    text.tindakan.map((t) => t.replace('{batas}', batas)),
    BODY,
    (i) => `${String.fromCharCode(97 + i)}.`,
  );
  doc.moveDown(0.3);
  doc.text(SANCTION_TEXTS[text.sanksi], L, doc.y, { align: 'justify', width });

  // The closing and the signature stay together: if they do not fit under the text, both go to the next page.
  const closing = policy
    ? 'Demikian surat ini disampaikan untuk menjadi perhatian dan ditindaklanjuti.'
    : 'Demikian surat peringatan ini disampaikan untuk dilaksanakan.';
  const signatureHeight = 86;
  if (doc.y + 8 + doc.heightOfString(closing, { width }) + signatureHeight > bottom) doc.addPage();
  else doc.moveDown(0.4);
  doc.text(closing, L, doc.y, { width });
  doc.moveDown(0.8);
  const sx = L + width / 2 + 20;
  const sw = width / 2 - 20;
  const ySig = doc.y;
  doc.text('a.n. Kepala Dinas Tenaga Kerja dan Transmigrasi', sx, ySig, { width: sw });
  doc.text('Kabupaten Kutai Timur', sx, doc.y, { width: sw });
  doc.text('Pengawas Ketenagakerjaan,', sx, doc.y, { width: sw });
  const yName = doc.y + 28;
  doc.text('(.......................................)', sx, yName, { width: sw });
  doc.text('NIP. ..................................', sx, doc.y, { width: sw });
  // Tembusan at the bottom left, beside the signature.
  doc.fontSize(SMALL);
  let ty = ySig + 26;
  for (const t of [
    'Tembusan:',
    '1. Bupati Kutai Timur (sebagai laporan);',
    '2. BPJS Ketenagakerjaan Kantor Cabang Sangatta;',
    '3. Arsip.',
  ]) {
    doc.text(t, L, ty, { width: width / 2 - 10, lineBreak: false });
    ty += 10.5;
  }
  doc.end();
  return done;
}
