/**
 * Row rules for self-reports and the sponsored-coverage list (CONTRACT §4). Pure functions: a raw row in (a JSON
 * object, or a CSV record of strings), either a normalized tuple or the row's field errors out. Every message is
 * English then Indonesian, written for a payroll clerk.
 */
import { isValidNik, PROGRAMS } from '@patuh/rules';
import { Districts } from '@patuh/config/districts';

export type EntityName = 'workers' | 'contracts' | 'enrolments' | 'rows';
export const EMPLOYER_ENTITIES = ['workers', 'contracts', 'enrolments'] as const;
export type EmployerEntity = (typeof EMPLOYER_ENTITIES)[number];

export interface FieldSpec {
  name: string;
  required: boolean;
  example: string;
}

/** Field names (JSON keys and CSV headers), in template order. */
export const FIELDS: Record<EntityName, FieldSpec[]> = {
  workers: [
    { name: 'nik', required: true, example: '6408014107950003' },
    { name: 'name', required: true, example: 'Siti Rahmawati' },
    { name: 'birthDate', required: false, example: '1995-07-01' },
  ],
  contracts: [
    { name: 'ref', required: true, example: 'PKWT-2024-017' },
    { name: 'nik', required: true, example: '6408014107950003' },
    { name: 'type', required: true, example: 'PKWT' },
    { name: 'startDate', required: true, example: '2024-01-01' },
    { name: 'endDate', required: false, example: '2024-12-31' },
    { name: 'monthlyWage', required: true, example: '3900000' },
    { name: 'position', required: false, example: 'Operator' },
    { name: 'compensationPaid', required: false, example: '3900000' },
    { name: 'compensationPaidOn', required: false, example: '2025-01-03' },
  ],
  enrolments: [
    { name: 'nik', required: true, example: '6408014107950003' },
    { name: 'kpj', required: true, example: '24011234567' },
    { name: 'programs', required: true, example: 'JKK|JKM|JHT|JP' },
    { name: 'effectiveFrom', required: true, example: '2024-01-01' },
    { name: 'effectiveTo', required: false, example: '' },
    { name: 'reportedWage', required: false, example: '3900000' },
  ],
  rows: [
    { name: 'nik', required: true, example: '6408014107950003' },
    { name: 'programs', required: true, example: 'JKK|JKM' },
    { name: 'effectiveFrom', required: true, example: '2025-01-01' },
    { name: 'effectiveTo', required: false, example: '2025-12-31' },
    { name: 'district', required: false, example: 'Sangatta Utara' },
  ],
};

export interface RowFieldError {
  field: string | null;
  message: string;
}

export const MSG = {
  required: (f: string) => `${f} is required / ${f} wajib diisi`,
  unknownField: (f: string) => `${f} is not a known field / kolom ${f} tidak dikenal`,
  notObject: 'the row must be an object with named fields / baris harus berupa objek dengan nama kolom',
  nikDigits:
    'nik must be 16 digits (in a spreadsheet, format the column as Text) / NIK harus 16 digit (di spreadsheet, format kolom sebagai Teks)',
  nikDate:
    'nik digits 7-12 must be a real birth date DDMMYY (women add 40 to DD) / digit 7-12 NIK harus tanggal lahir yang benar DDMMYY (perempuan: DD ditambah 40)',
  date: (f: string) =>
    `${f} must be a real date written YYYY-MM-DD / ${f} harus tanggal yang benar dengan format YYYY-MM-DD`,
  birthDateNik:
    'birthDate does not match the birth date in the NIK (digits 7-12, DDMMYY) / birthDate tidak sesuai dengan tanggal lahir pada NIK (digit 7-12, DDMMYY)',
  tooLong: (f: string, n: number) =>
    `${f} must be at most ${n} characters / ${f} paling banyak ${n} karakter`,
  text: (f: string) => `${f} must be text / ${f} harus berupa teks`,
  type: 'type must be PKWT (fixed-term) or PKWTT (permanent) / type harus PKWT (waktu tertentu) atau PKWTT (waktu tidak tertentu)',
  pkwtEnd:
    'a PKWT (fixed-term) contract needs an endDate / kontrak PKWT (waktu tertentu) wajib memiliki endDate',
  endBeforeStart: 'endDate must be on or after startDate / endDate tidak boleh sebelum startDate',
  toBeforeFrom:
    'effectiveTo must be on or after effectiveFrom / effectiveTo tidak boleh sebelum effectiveFrom',
  wage: (f: string) =>
    `${f} must be a positive whole number of rupiah, without dots or commas (e.g. 3900000) / ${f} harus bilangan bulat positif dalam rupiah, tanpa titik atau koma (mis. 3900000)`,
  amount: (f: string) =>
    `${f} must be a whole number of rupiah, zero or more, without dots or commas (e.g. 3900000) / ${f} harus bilangan bulat rupiah, nol atau lebih, tanpa titik atau koma (mis. 3900000)`,
  paidBeforeStart:
    'compensationPaidOn must not be before startDate / compensationPaidOn tidak boleh sebelum startDate',
  programs: `programs must be one or more of ${PROGRAMS.join(', ')} (separated by "|" in CSV) / programs harus satu atau lebih dari ${PROGRAMS.join(', ')} (dipisah "|" di CSV)`,
  kpj: 'kpj must be 11 digits (the BPJS Ketenagakerjaan card number) / KPJ harus 11 digit (nomor kartu BPJS Ketenagakerjaan)',
  district:
    'district must be a kecamatan of Kutai Timur (e.g. Sangatta Utara) / district harus kecamatan di Kutai Timur (mis. Sangatta Utara)',
  tooManyContracts: (max: number) =>
    `this NIK already has ${max} contracts in this report, the most one report may carry for one worker: split the history over several reports / NIK ini sudah memiliki ${max} kontrak dalam laporan ini, batas untuk satu pekerja per laporan: bagi riwayatnya ke beberapa laporan`,
  unknownWorker:
    'this employer has not reported a worker with this NIK: send the worker in workers (in this report or an earlier one of yours) / pemberi kerja ini belum melaporkan pekerja dengan NIK ini: kirim dulu di workers (di laporan ini atau laporan Anda sebelumnya)',
};

const MAX_WAGE = 4_294_967_295; // INT UNSIGNED
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

type Raw = Record<string, unknown>;

/** Empty string, null and undefined count as "not given". Strings are trimmed. */
function present(v: unknown): boolean {
  return !(v === undefined || v === null || (typeof v === 'string' && v.trim() === ''));
}
function str(v: unknown): string | null {
  return typeof v === 'string' ? v.trim() : null;
}

export function isRealDate(v: string): boolean {
  if (v.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const y = +v.slice(0, 4);
  const m = +v.slice(5, 7);
  const d = +v.slice(8, 10);
  if (y < MIN_YEAR || y > MAX_YEAR) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

class RowChecker {
  readonly errors: RowFieldError[] = [];
  constructor(private readonly row: Raw) {}

  fail(field: string | null, message: string): null {
    this.errors.push({ field, message });
    return null;
  }

  private value(f: string, required: boolean): unknown {
    const v = this.row[f];
    if (!present(v)) return required ? this.fail(f, MSG.required(f)) : null;
    return v;
  }

  nik(f = 'nik'): string | null {
    const v = this.value(f, true);
    if (v === null) return null;
    const s = str(v);
    if (s === null || !/^\d{16}$/.test(s)) return this.fail(f, MSG.nikDigits);
    if (!isValidNik(s)) return this.fail(f, MSG.nikDate);
    return s;
  }

  text(f: string, max: number, required: boolean): string | null {
    const v = this.value(f, required);
    if (v === null) return null;
    const s = str(v);
    if (s === null) return this.fail(f, MSG.text(f));
    if (s.length > max) return this.fail(f, MSG.tooLong(f, max));
    return s;
  }

  date(f: string, required: boolean): string | null {
    const v = this.value(f, required);
    if (v === null) return null;
    const s = str(v);
    if (s === null || !isRealDate(s)) return this.fail(f, MSG.date(f));
    return s;
  }

  wage(f: string, required: boolean): number | null {
    const v = this.value(f, required);
    if (v === null) return null;
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && /^\d+$/.test(v.trim())) n = Number(v.trim());
    else return this.fail(f, MSG.wage(f));
    if (!Number.isInteger(n) || n <= 0 || n > MAX_WAGE) return this.fail(f, MSG.wage(f));
    return n;
  }

  /** Whole rupiah ≥ 0 (a paid amount may be zero), up to the largest integer held exactly. */
  amount(f: string, required: boolean): number | null {
    const v = this.value(f, required);
    if (v === null) return null;
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && /^\d+$/.test(v.trim())) n = Number(v.trim());
    else return this.fail(f, MSG.amount(f));
    if (!Number.isSafeInteger(n) || n < 0) return this.fail(f, MSG.amount(f));
    return n;
  }

  programs(f = 'programs'): string | null {
    const v = this.value(f, true);
    if (v === null) return null;
    let list: unknown[];
    if (Array.isArray(v)) list = v;
    else if (typeof v === 'string') list = v.split(/[|,]/);
    else return this.fail(f, MSG.programs);
    const set = new Set<string>();
    for (const p of list) {
      if (typeof p !== 'string') return this.fail(f, MSG.programs);
      const code = p.trim().toUpperCase();
      if (!code) continue;
      if (!(PROGRAMS as readonly string[]).includes(code)) return this.fail(f, MSG.programs);
      set.add(code);
    }
    if (!set.size) return this.fail(f, MSG.programs);
    return PROGRAMS.filter((p) => set.has(p)).join(',');
  }

  unknownFields(entity: EntityName): void {
    const known = FIELDS[entity];
    for (const k of Object.keys(this.row))
      if (!known.some((f) => f.name === k)) this.fail(k, MSG.unknownField(k));
  }
}

/** The NIK's embedded birth date as MM-DD and YY, for comparing with a stated birthDate. */
function nikBirthParts(nik: string): { mmdd: string; yy: string } {
  let dd = +nik.slice(6, 8);
  if (dd > 40) dd -= 40;
  return { mmdd: `${nik.slice(8, 10)}-${String(dd).padStart(2, '0')}`, yy: nik.slice(10, 12) };
}

export type WorkerRow = [nik: string, name: string, birthDate: string | null];
export type ContractRow = [
  ref: string,
  nik: string,
  type: 'PKWT' | 'PKWTT',
  startDate: string,
  endDate: string | null,
  monthlyWage: number,
  position: string | null,
  compensationPaid: number | null,
  compensationPaidOn: string | null,
];
export type EnrolmentRow = [
  nik: string,
  kpj: string,
  programs: string,
  effectiveFrom: string,
  effectiveTo: string | null,
  reportedWage: number | null,
];
export type SponsoredRow = [
  nik: string,
  programs: string,
  effectiveFrom: string,
  effectiveTo: string | null,
  district: string | null,
];

export type CheckResult<T> = { ok: true; row: T } | { ok: false; errors: RowFieldError[] };

function start(raw: unknown, entity: EntityName): RowChecker | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const c = new RowChecker(raw as Raw);
  c.unknownFields(entity);
  return c;
}
const notObject = { ok: false as const, errors: [{ field: null, message: MSG.notObject }] };
function done<T>(c: RowChecker, row: T): CheckResult<T> {
  return c.errors.length ? { ok: false, errors: c.errors } : { ok: true, row };
}

export function checkWorker(raw: unknown): CheckResult<WorkerRow> {
  const c = start(raw, 'workers');
  if (!c) return notObject;
  const nik = c.nik();
  const name = c.text('name', 200, true);
  const birthDate = c.date('birthDate', false);
  if (nik && birthDate) {
    const { mmdd, yy } = nikBirthParts(nik);
    if (birthDate.slice(5) !== mmdd || birthDate.slice(2, 4) !== yy) c.fail('birthDate', MSG.birthDateNik);
  }
  return done(c, [nik!, name!, birthDate]);
}

export function checkContract(raw: unknown): CheckResult<ContractRow> {
  const c = start(raw, 'contracts');
  if (!c) return notObject;
  const ref = c.text('ref', 64, true);
  const nik = c.nik();
  let type: 'PKWT' | 'PKWTT' | null = null;
  const t = (raw as Raw).type;
  if (!present(t)) c.fail('type', MSG.required('type'));
  else {
    const s = str(t)?.toUpperCase();
    if (s === 'PKWT' || s === 'PKWTT') type = s;
    else c.fail('type', MSG.type);
  }
  const startDate = c.date('startDate', true);
  const endDate = c.date('endDate', false);
  if (type === 'PKWT' && !present((raw as Raw).endDate)) c.fail('endDate', MSG.pkwtEnd);
  if (startDate && endDate && endDate < startDate) c.fail('endDate', MSG.endBeforeStart);
  const wage = c.wage('monthlyWage', true);
  const position = c.text('position', 120, false);
  const compensationPaid = c.amount('compensationPaid', false);
  const compensationPaidOn = c.date('compensationPaidOn', false);
  if (startDate && compensationPaidOn && compensationPaidOn < startDate)
    c.fail('compensationPaidOn', MSG.paidBeforeStart);
  return done(c, [
    ref!,
    nik!,
    type!,
    startDate!,
    endDate,
    wage!,
    position,
    compensationPaid,
    compensationPaidOn,
  ]);
}

export function checkEnrolment(raw: unknown): CheckResult<EnrolmentRow> {
  const c = start(raw, 'enrolments');
  if (!c) return notObject;
  const nik = c.nik();
  let kpj: string | null = null;
  const k = (raw as Raw).kpj;
  if (!present(k)) c.fail('kpj', MSG.required('kpj'));
  else {
    const s = str(k);
    if (s === null || !/^\d{11}$/.test(s)) c.fail('kpj', MSG.kpj);
    else kpj = s;
  }
  const programs = c.programs();
  const from = c.date('effectiveFrom', true);
  const to = c.date('effectiveTo', false);
  if (from && to && to < from) c.fail('effectiveTo', MSG.toBeforeFrom);
  const wage = c.wage('reportedWage', false);
  return done(c, [nik!, kpj!, programs!, from!, to, wage]);
}

/** `districts`: the canonicaliser (AppConfig.districts), or the names themselves. */
export function checkSponsored(
  raw: unknown,
  districts: Districts | readonly string[],
): CheckResult<SponsoredRow> {
  const c = start(raw, 'rows');
  if (!c) return notObject;
  const nik = c.nik();
  const programs = c.programs();
  const from = c.date('effectiveFrom', true);
  const to = c.date('effectiveTo', false);
  if (from && to && to < from) c.fail('effectiveTo', MSG.toBeforeFrom);
  let district: string | null = null;
  const d = (raw as Raw).district;
  if (present(d)) {
    const s = str(d);
    const index = districts instanceof Districts ? districts : new Districts(districts);
    const match = s === null ? undefined : index.canonical(s);
    if (!match) c.fail('district', MSG.district);
    else district = match;
  }
  return done(c, [nik!, programs!, from!, to, district]);
}

/** CSV header cell → field name, forgiving case, spaces, "_" and "-" ("Start Date", "start_date" → startDate). */
export function canonicalHeader(entity: EntityName, header: string): string | null {
  const key = header.replace(/[\s_-]/g, '').toLowerCase();
  return FIELDS[entity].find((f) => f.name.toLowerCase() === key)?.name ?? null;
}

/** The downloadable template: header row and one example row. */
export function templateCsv(entity: EntityName): string {
  const fields = FIELDS[entity];
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return fields.map((f) => f.name).join(',') + '\r\n' + fields.map((f) => cell(f.example)).join(',') + '\r\n';
}
