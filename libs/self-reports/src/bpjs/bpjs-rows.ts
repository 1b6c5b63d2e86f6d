/**
 * Row rules of BPJS Ketenagakerjaan loads (CONTRACT §9, docs/bpjs-records.md). Pure functions: a raw row in (a JSON
 * object, a CSV record or an .xlsx row of cells), a normalized tuple or the row's field errors out. Each error has
 * an Indonesian `message` (for the data officer) and its English `messageEn`.
 */
import { isValidNik, PROGRAMS } from '@patuh/rules';
import { isRealDate } from '../rows';

export const BPJS_FIELDS = [
  { name: 'npp', required: true, example: '24000001', allowed: 'NPP: 1-32 huruf, angka, "." atau "-"' },
  { name: 'kpj', required: true, example: '24011234567', allowed: 'KPJ: 11 digit' },
  {
    name: 'nik',
    required: true,
    example: '6408014107950003',
    allowed: 'NIK: 16 digit, digit 7-12 tanggal lahir DDMMYY (perempuan: DD + 40)',
  },
  {
    name: 'programs',
    required: true,
    example: 'JKK|JKM|JHT|JP',
    allowed: `programs: ${PROGRAMS.join(', ')} (dipisah "|")`,
  },
  { name: 'effectiveFrom', required: true, example: '2024-01-01', allowed: 'effectiveFrom: YYYY-MM-DD' },
  {
    name: 'effectiveTo',
    required: false,
    example: '',
    allowed: 'effectiveTo: YYYY-MM-DD, kosong = masih aktif',
  },
  {
    name: 'reportedWage',
    required: true,
    example: '3900000',
    allowed: 'reportedWage: rupiah bulat >= 0, tanpa titik/koma',
  },
  {
    name: 'paidThrough',
    required: false,
    example: '2025-05',
    allowed:
      'paidThrough: YYYY-MM bulan terakhir iuran dibayar, tidak setelah bulan asOf; kosong = belum pernah',
  },
] as const;

export type BpjsField = (typeof BPJS_FIELDS)[number]['name'];
export const BPJS_FIELD_NAMES: readonly string[] = BPJS_FIELDS.map((f) => f.name);

/** The NPP's format, as employers.npp (apps/api employers DTO). */
export const NPP_PATTERN = /^[A-Za-z0-9.-]{1,32}$/;
const MAX_WAGE = 4_294_967_295; // INT UNSIGNED

/** One rejection reason: Indonesian for people, English beside it. */
export interface BpjsFieldError {
  field: string | null;
  message: string;
  messageEn: string;
}

export const BPJS_MSG = {
  required: (f: string) => e(f, `${f} wajib diisi`, `${f} is required`),
  unknownField: (f: string) => e(f, `kolom ${f} tidak dikenal`, `${f} is not a known field`),
  notObject: e(
    null,
    'baris harus berupa objek dengan nama kolom',
    'the row must be an object with named fields',
  ),
  npp: e('npp', 'NPP harus 1-32 huruf, angka, "." atau "-"', 'npp must be 1-32 letters, digits, "." or "-"'),
  kpj: e(
    'kpj',
    'KPJ harus 11 digit (nomor kartu BPJS Ketenagakerjaan)',
    'kpj must be 11 digits (the BPJS Ketenagakerjaan card number)',
  ),
  nikDigits: e(
    'nik',
    'NIK harus 16 digit (di spreadsheet, format kolom sebagai Teks)',
    'nik must be 16 digits (in a spreadsheet, format the column as Text)',
  ),
  nikDate: e(
    'nik',
    'digit 7-12 NIK harus tanggal lahir yang benar DDMMYY (perempuan: DD ditambah 40)',
    'nik digits 7-12 must be a real birth date DDMMYY (women add 40 to DD)',
  ),
  programs: e(
    'programs',
    `programs harus satu atau lebih dari ${PROGRAMS.join(', ')} (dipisah "|" di CSV)`,
    `programs must be one or more of ${PROGRAMS.join(', ')} (separated by "|" in CSV)`,
  ),
  date: (f: string) =>
    e(
      f,
      `${f} harus tanggal yang benar dengan format YYYY-MM-DD`,
      `${f} must be a real date written YYYY-MM-DD`,
    ),
  toBeforeFrom: e(
    'effectiveTo',
    'effectiveTo tidak boleh sebelum effectiveFrom',
    'effectiveTo must be on or after effectiveFrom',
  ),
  wage: e(
    'reportedWage',
    'reportedWage harus bilangan bulat rupiah, nol atau lebih, tanpa titik atau koma (mis. 3900000)',
    'reportedWage must be a whole number of rupiah, zero or more, without dots or commas (e.g. 3900000)',
  ),
  month: e(
    'paidThrough',
    'paidThrough harus bulan yang benar dengan format YYYY-MM',
    'paidThrough must be a real month written YYYY-MM',
  ),
  paidAfterAsOf: (asOf: string) =>
    e(
      'paidThrough',
      `paidThrough tidak boleh setelah bulan asOf (${asOf.slice(0, 7)})`,
      `paidThrough must not be after the month of asOf (${asOf.slice(0, 7)})`,
    ),
  duplicate: e(
    null,
    'baris dengan npp, nik dan effectiveFrom yang sama sudah ada sebelumnya di muatan ini',
    'a row with the same npp, nik and effectiveFrom appears earlier in this load',
  ),
};

function e(field: string | null, message: string, messageEn: string): BpjsFieldError {
  return { field, message, messageEn };
}

/** A checked row: the bpjs_records columns but load_id, in column order. */
export type BpjsRecordTuple = [
  npp: string,
  nik: string,
  effectiveFrom: string,
  kpj: string,
  programs: string,
  effectiveTo: string | null,
  reportedWage: number,
  /** The first day of the last month paid (`paidThrough: "YYYY-MM"` → `YYYY-MM-01`), or null. */
  paidThrough: string | null,
];

export type BpjsCheck =
  { ok: true; row: BpjsRecordTuple } | { ok: false; errors: BpjsFieldError[]; npp: string | null };

const present = (v: unknown) =>
  !(v === undefined || v === null || (typeof v === 'string' && v.trim() === ''));
const text = (v: unknown): string | null =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;

/**
 * Memo of a pure check over a small set of values (dates, months, program lists repeat across a load's rows):
 * a province-size load checks a few thousand distinct values, not a million. Bounded: cleared when full.
 */
function memo<T>(f: (v: string) => T, max = 20_000): (v: string) => T {
  const seen = new Map<string, T>();
  return (v) => {
    let r = seen.get(v);
    if (r === undefined && !seen.has(v)) {
      if (seen.size >= max) seen.clear();
      seen.set(v, (r = f(v)));
    }
    return r as T;
  };
}
const realDate = memo(isRealDate);

/** A real month "YYYY-MM" (1900-2100). */
export const isRealMonth = memo((v: string): boolean => /^\d{4}-\d{2}$/.test(v) && isRealDate(`${v}-01`));

/** A programs list written as text ("JKK|JKM"): its canonical form ("JKK,JKM"), or null when not valid. */
const programsOfText = memo((v: string): string | null => programsOf(v.split(/[|,]/)));

function programsOf(list: unknown[]): string | null {
  const set = new Set<string>();
  for (const p of list) {
    if (typeof p !== 'string') return null;
    const code = p.trim().toUpperCase();
    if (!code) continue;
    if (!(PROGRAMS as readonly string[]).includes(code)) return null;
    set.add(code);
  }
  return set.size ? PROGRAMS.filter((p) => set.has(p)).join(',') : null;
}

/**
 * Checks one row of a load whose `asOf` is given. `npp` on a failure is the row's NPP when that field itself is
 * valid (the load counts the NPP's rejected rows: an NPP with holes is not judged on this load).
 */
export function checkBpjsRow(raw: unknown, asOf: string): BpjsCheck {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, errors: [BPJS_MSG.notObject], npp: null };
  const r = raw as Record<string, unknown>;
  const errors: BpjsFieldError[] = [];
  for (const k of Object.keys(r)) if (!BPJS_FIELD_NAMES.includes(k)) errors.push(BPJS_MSG.unknownField(k));
  const need = (f: string): string | null => {
    if (!present(r[f])) {
      errors.push(BPJS_MSG.required(f));
      return null;
    }
    return text(r[f]);
  };

  let npp = need('npp');
  if (npp !== null && !NPP_PATTERN.test(npp)) {
    errors.push(BPJS_MSG.npp);
    npp = null;
  } else if (npp === null && present(r.npp)) errors.push(BPJS_MSG.npp);

  let kpj = need('kpj');
  if (kpj !== null && !/^\d{11}$/.test(kpj)) {
    errors.push(BPJS_MSG.kpj);
    kpj = null;
  } else if (kpj === null && present(r.kpj)) errors.push(BPJS_MSG.kpj);

  let nik: string | null = null;
  if (!present(r.nik)) errors.push(BPJS_MSG.required('nik'));
  else {
    const s = typeof r.nik === 'string' ? r.nik.trim() : null;
    if (s === null || !/^\d{16}$/.test(s)) errors.push(BPJS_MSG.nikDigits);
    else if (!isValidNik(s)) errors.push(BPJS_MSG.nikDate);
    else nik = s;
  }

  let programs: string | null = null;
  if (!present(r.programs)) errors.push(BPJS_MSG.required('programs'));
  else {
    const v = r.programs;
    programs = Array.isArray(v) ? programsOf(v) : typeof v === 'string' ? programsOfText(v) : null;
    if (programs === null) errors.push(BPJS_MSG.programs);
  }

  const date = (f: string, required: boolean): string | null => {
    if (!present(r[f])) {
      if (required) errors.push(BPJS_MSG.required(f));
      return null;
    }
    const s = typeof r[f] === 'string' ? (r[f] as string).trim() : null;
    if (s === null || !realDate(s)) {
      errors.push(BPJS_MSG.date(f));
      return null;
    }
    return s;
  };
  const from = date('effectiveFrom', true);
  const to = date('effectiveTo', false);
  if (from && to && to < from) errors.push(BPJS_MSG.toBeforeFrom);

  let wage: number | null = null;
  if (!present(r.reportedWage)) errors.push(BPJS_MSG.required('reportedWage'));
  else {
    const v = r.reportedWage;
    const n =
      typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > MAX_WAGE) errors.push(BPJS_MSG.wage);
    else wage = n;
  }

  let paidThrough: string | null = null;
  if (present(r.paidThrough)) {
    const s = typeof r.paidThrough === 'string' ? r.paidThrough.trim() : null;
    if (s === null || !isRealMonth(s)) errors.push(BPJS_MSG.month);
    else if (s > asOf.slice(0, 7)) errors.push(BPJS_MSG.paidAfterAsOf(asOf));
    else paidThrough = `${s}-01`;
  }

  if (errors.length) return { ok: false, errors, npp };
  return { ok: true, row: [npp!, nik!, from!, kpj!, programs!, to, wage!, paidThrough] };
}

/** CSV/xlsx header cell → field name, forgiving case, spaces, "_" and "-" ("Effective From" → effectiveFrom). */
export function bpjsHeader(cell: string): string | null {
  const key = cell.replace(/[\s_-]/g, '').toLowerCase();
  return BPJS_FIELD_NAMES.find((f) => f.toLowerCase() === key) ?? null;
}

/** Checks a header row: known names only, each once, every required field present. */
export function checkBpjsHeader(cells: readonly string[]): { columns?: string[]; errors: string[] } {
  const errors: string[] = [];
  const columns: string[] = [];
  for (const cell of cells) {
    const name = bpjsHeader(cell);
    if (!name)
      errors.push(`unknown column "${cell.slice(0, 40)}"; the columns are ${BPJS_FIELD_NAMES.join(', ')}`);
    else if (columns.includes(name)) errors.push(`column ${name} appears twice`);
    else columns.push(name);
  }
  for (const f of BPJS_FIELDS)
    if (f.required && !columns.includes(f.name)) errors.push(`the column ${f.name} is missing`);
  return errors.length ? { errors } : { columns, errors };
}

/** A row whose first cell begins with "#" is a comment (the templates' example row): skipped, never checked. */
export const isCommentCell = (v: unknown) => typeof v === 'string' && v.trimStart().startsWith('#');

/** The CSV template: the header row, one example row marked "#", and the allowed values as "#" comment lines. */
export function bpjsTemplateCsv(): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [
    BPJS_FIELDS.map((f) => f.name).join(','),
    BPJS_FIELDS.map((f, i) => cell(i === 0 ? `#${f.example}` : f.example)).join(','),
    '# Baris yang diawali "#" (seperti contoh di atas) dilewati / rows starting with "#" are skipped',
    '# asOf: kirim sebagai parameter ?asOf=YYYY-MM-DD / send as the query parameter ?asOf=YYYY-MM-DD',
    ...BPJS_FIELDS.map((f) => `# ${f.allowed}${f.required ? ' (wajib)' : ''}`),
  ];
  return lines.join('\r\n') + '\r\n';
}
