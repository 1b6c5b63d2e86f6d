/**
 * The evidence of a case as a reader sees it: Indonesian labels for every key the rules write (and those rulebook
 * v2 adds), values formatted as the office writes them (`Rp 3.743.820`, `2 Desember 2026`), and, for a key no one
 * has labelled yet, a humanised Indonesian fallback built from its words: never the raw camelCase key.
 */

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

/** '2026-12-02' → '2 Desember 2026'. */
export function tanggal(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS_ID[(m ?? 1) - 1]} ${y}`;
}

/** 3743820 → 'Rp 3.743.820' (whole rupiah, dots between thousands, whatever the process locale). */
export function rupiah(n: number): string {
  const v = Math.round(n);
  const digits = String(Math.abs(v)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${v < 0 ? '-' : ''}Rp ${digits}`;
}

/** 1234.5 → '1.234,5'. */
export function angka(n: number): string {
  const [int, frac] = String(Math.round(n * 100) / 100).split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = int!.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${digits}${frac ? ',' + frac : ''}`;
}

/** Labels for the evidence keys of rulebook v1 and v2 (CONTRACT §6), in Indonesian. */
export const EVIDENCE_LABELS: Readonly<Record<string, string>> = {
  // dates and the day judged
  asOf: 'Tanggal penilaian',
  referenceDay: 'Tanggal acuan penilaian',
  // enrolment
  enrolmentGraceDays: 'Masa tenggang pendaftaran (hari)',
  uncoveredPeriods: 'Periode bekerja tanpa kepesertaan',
  totalUncoveredDays: 'Jumlah hari kerja tanpa kepesertaan',
  uncoveredSince: 'Tidak terdaftar sejak',
  everEnrolled: 'Pernah didaftarkan',
  enrolments: 'Kepesertaan yang tercatat',
  enrolmentFrom: 'Kepesertaan berlaku sejak',
  effectiveFrom: 'Berlaku sejak',
  effectiveTo: 'Berlaku sampai',
  kpj: 'Nomor KPJ',
  // contributions
  estimatedUnpaidContributions: 'Perkiraan iuran yang tidak dibayar',
  contributionsByProgram: 'Perkiraan iuran per program',
  programsCharged: 'Program yang diperhitungkan',
  jkkRiskGroup: 'Kelompok tingkat risiko JKK',
  jkkRiskGroupAssumed: 'Kelompok risiko JKK diperkirakan',
  estimatePeriod: 'Periode perhitungan iuran',
  // programs
  scale: 'Skala usaha',
  requiredPrograms: 'Program yang wajib',
  enrolledPrograms: 'Program yang diikuti',
  missingPrograms: 'Program yang belum diikuti',
  programs: 'Program',
  jpRequired: 'Wajib Jaminan Pensiun',
  birthDate: 'Tanggal lahir',
  birthDateSource: 'Sumber tanggal lahir',
  ageOnReferenceDay: 'Umur pada tanggal acuan (tahun)',
  pensionAge: 'Usia pensiun yang berlaku (tahun)',
  // wages
  contractRef: 'Nomor perjanjian kerja',
  contractWage: 'Upah menurut perjanjian kerja',
  reportedWage: 'Upah yang dilaporkan ke BPJS Ketenagakerjaan',
  shortfall: 'Selisih upah per bulan',
  shortfallPct: 'Selisih (%)',
  wageTolerancePct: 'Toleransi selisih upah (%)',
  monthlyWage: 'Upah per bulan',
  minimumWage: 'Upah minimum',
  umk: 'Upah minimum kabupaten (UMK)',
  umkYear: 'Tahun UMK',
  umsk: 'Upah minimum sektoral (UMSK)',
  minimumKind: 'Jenis upah minimum',
  monthlyShortfall: 'Kekurangan upah per bulan',
  wageShortfallToDate: 'Kekurangan upah sampai tanggal penilaian',
  totalWageShortfallToDate: 'Jumlah kekurangan upah sampai tanggal penilaian',
  worstContractRef: 'Perjanjian kerja dengan selisih terbesar',
  unknownUmkYearsSkipped: 'Tahun tanpa data upah minimum (tidak dinilai)',
  years: 'Tahun di bawah upah minimum',
  yearsBelowMinimum: 'Tahun di bawah upah minimum',
  year: 'Tahun',
  monthsBelow: 'Bulan di bawah upah minimum',
  monthsBelowMinimum: 'Bulan di bawah upah minimum',
  rupiahShort: 'Kekurangan upah',
  totalRupiahShort: 'Jumlah kekurangan upah',
  // contracts and chains
  contracts: 'Perjanjian kerja',
  contractsInForce: 'Perjanjian kerja yang berlaku',
  ref: 'Nomor perjanjian kerja',
  type: 'Jenis perjanjian kerja',
  startDate: 'Tanggal mulai',
  endDate: 'Tanggal berakhir',
  kind: 'Sifat perjanjian',
  gapDays: 'Jeda dari perjanjian sebelumnya (hari)',
  employerId: 'Nomor perusahaan',
  chainStart: 'Awal rangkaian PKWT',
  chainEnd: 'Akhir rangkaian PKWT',
  chainOpenEnded: 'PKWT terakhir tanpa tanggal berakhir',
  spanDays: 'Lama rangkaian PKWT (hari)',
  spanMonths: 'Lama rangkaian PKWT (bulan)',
  pkwtMaxTotalMonths: 'Batas jangka waktu PKWT (bulan)',
  lastLawfulDay: 'Hari terakhir dalam batas jangka waktu',
  daysOverLimit: 'Lewat batas (hari)',
  monthsOverLimit: 'Lewat batas (bulan)',
  pkwtChainGapDays: 'Jeda terpanjang dalam satu rangkaian (hari)',
  pkwtContracts: 'Jumlah PKWT dalam rangkaian',
  extensions: 'Jumlah perpanjangan',
  renewals: 'Jumlah pembaruan',
  pkwtSerialMinContracts: 'Batas jumlah PKWT berturut-turut',
  serialLookbackMonths: 'Masa peninjauan (bulan)',
  lookbackFrom: 'Ditinjau sejak',
  breaches: 'Pelanggaran',
  contractors: 'Perusahaan alih daya',
  stillRunningOnAsOf: 'Masih berjalan pada tanggal penilaian',
  legacyRegimeUntil: 'Ketentuan lama berlaku sampai',
  legacyContracts: 'Jumlah PKWT sebelum PP 35/2021',
  count: 'Jumlah',
  limit: 'Batas',
  minGapDays: 'Jeda minimum (hari)',
  durationDays: 'Lama (hari)',
  durationMonths: 'Lama (bulan)',
  limitMonths: 'Batas (bulan)',
  code: 'Jenis pelanggaran',
  // compensation (v2)
  compensationOwed: 'Uang kompensasi yang wajib dibayar',
  compensationPaid: 'Uang kompensasi yang dibayar',
  compensationPaidOn: 'Tanggal pembayaran uang kompensasi',
  compensationShortfall: 'Kekurangan uang kompensasi',
  compensationDueDays: 'Batas waktu pembayaran kompensasi (hari)',
  compensationDueOn: 'Uang kompensasi jatuh tempo',
  monthsOfService: 'Masa kerja (bulan)',
  serviceMonths: 'Masa kerja (bulan)',
  serviceDays: 'Masa kerja (hari)',
  totalCompensationOwed: 'Jumlah uang kompensasi yang wajib dibayar',
  totalCompensationShortfall: 'Jumlah kekurangan uang kompensasi',
  // underage (v2)
  age: 'Umur (tahun)',
  ageYears: 'Umur (tahun)',
  ageAtStart: 'Umur pada awal perjanjian kerja (tahun)',
  ageOnStart: 'Umur pada awal perjanjian kerja (tahun)',
  youngestAge: 'Umur termuda selama bekerja (tahun)',
  minimumAge: 'Batas umur (tahun)',
  minimumWorkingAge: 'Batas umur kerja (tahun)',
  underageFrom: 'Bekerja di bawah umur sejak',
  underageTo: 'Bekerja di bawah umur sampai',
  underageDays: 'Hari kerja di bawah umur',
  turns18On: 'Genap 18 tahun pada',
  // PKWT compensation (v2: PKWT_COMPENSATION_UNPAID)
  totalOwed: 'Jumlah uang kompensasi yang wajib dibayar',
  totalPaid: 'Jumlah uang kompensasi yang dilaporkan dibayar',
  totalShort: 'Jumlah kekurangan uang kompensasi',
  compensationAtStake: 'Uang kompensasi yang masih harus dibayar',
  contractsNotReported: 'PKWT tanpa laporan pembayaran uang kompensasi',
  contractsPaidShort: 'PKWT dengan uang kompensasi yang dibayar kurang',
  newRegimeFrom: 'Ketentuan PP 35/2021 berlaku sejak',
  serviceFrom: 'Masa kerja dihitung sejak',
  wholeMonths: 'Masa kerja (bulan penuh)',
  remainderDays: 'Sisa masa kerja (hari)',
  owed: 'Uang kompensasi terutang',
  paid: 'Uang kompensasi yang dibayar',
  paidOn: 'Tanggal pembayaran',
  short: 'Kekurangan',
  status: 'Status pembayaran',
  // PKWT before PP 35/2021 (v2: PKWT_LEGACY_BREACH)
  sequenceStart: 'Awal urutan PKWT',
  sequenceEnd: 'Akhir urutan PKWT',
  stillEmployedOnAsOf: 'Masih bekerja pada tanggal penilaian',
  requiredGapDaysMoreThan: 'Jeda wajib lebih dari (hari)',
  // child worker (v2: UNDERAGE_WORKER)
  firstContractDay: 'Hari pertama perjanjian kerja',
  ageOnFirstContractDay: 'Umur pada hari pertama perjanjian kerja (tahun)',
  adultOn: 'Genap berumur 18 tahun pada',
  stillUnderageOnAsOf: 'Masih di bawah umur pada tanggal penilaian',
  underageContractDays: 'Hari kerja sebagai anak',
  contractsWhileUnderage: 'Perjanjian kerja selama di bawah umur',
  adultAge: 'Batas umur anak (tahun)',
  pensionAgeReachedOn: 'Mencapai usia pensiun pada',
  // minimum wage by year (v2: WAGE_BELOW_MINIMUM)
  kbli: 'Kode KBLI',
  sector: 'Sektor (UMSK)',
  worstYear: 'Tahun dengan selisih terbesar',
  yearsWithoutMinimumSkipped: 'Tahun tanpa data upah minimum (tidak dinilai)',
  minimum: 'Upah minimum',
  lowestWage: 'Upah terendah',
  daysBelow: 'Hari di bawah upah minimum',
  // contributions (v2)
  jpCapEstimated: 'Bulan dengan batas upah JP diperkirakan',
  // periods
  from: 'Dari',
  to: 'Sampai',
  days: 'Jumlah hari',
  // employer level
  npp: 'NPP BPJS Ketenagakerjaan',
  contractsInForceOnAsOf: 'Perjanjian kerja yang berlaku pada tanggal penilaian',
  activeContracts: 'Perjanjian kerja aktif',
  workersInForceOnAsOf: 'Pekerja pada tanggal penilaian',
  lastSelfReportProcessedOn: 'Laporan mandiri terakhir diproses',
  daysSinceLastReport: 'Hari sejak laporan terakhir',
  dueBy: 'Laporan berikutnya paling lambat',
  selfReportMaxAgeDays: 'Batas umur laporan (hari)',
  // sponsored coverage
  sponsoredPrograms: 'Program yang ditanggung Pemkab',
  sponsoredFrom: 'Ditanggung Pemkab sejak',
  overlapDays: 'Hari bekerja sambil ditanggung Pemkab',
  sponsoredMonthlyPremium: 'Iuran per bulan yang dibayar Pemkab',
  estimatedPublicCost: 'Perkiraan biaya yang ditanggung Pemkab',
  enrolledByEmployerOnAsOf: 'Didaftarkan perusahaan pada tanggal penilaian',
  // BPJS records (§9)
  paidThrough: 'Iuran dibayar sampai bulan',
  monthsInArrears: 'Tunggakan (bulan)',
  arrearsGraceMonths: 'Masa tenggang tunggakan (bulan)',
  bpjsRecordsAsOf: 'Data BPJS per tanggal',
  source: 'Sumber data',
  bpjsLoadId: 'Nomor muatan data BPJS Ketenagakerjaan',
  bpjsLoadAsOf: 'Data BPJS Ketenagakerjaan per tanggal',
  claimedEnrolments: 'Kepesertaan yang dilaporkan pemberi kerja',
  bpjsRecords: 'Kepesertaan menurut data BPJS Ketenagakerjaan',
  judgedMonth: 'Bulan penilaian tunggakan',
  arrearsFrom: 'Tunggakan sejak bulan',
  arrearsTo: 'Tunggakan sampai bulan',
  bpjsWage: 'Upah menurut data BPJS Ketenagakerjaan',
  arrearsByMonth: 'Tunggakan per bulan',
  contributionsOwed: 'Iuran yang menunggak',
  latePaymentFinePctPerMonth: 'Denda keterlambatan per bulan (%)',
  estimatedLateFine: 'Perkiraan denda keterlambatan',
  lateFineIsEstimate: 'Denda merupakan perkiraan',
  month: 'Bulan',
  contributions: 'Iuran',
  monthsLate: 'Terlambat (bulan)',
  lateFine: 'Perkiraan denda',
};

/** Words of camelCase keys, for the fallback label. */
const WORDS: Readonly<Record<string, string>> = {
  above: 'di atas',
  after: 'setelah',
  and: 'dan',
  before: 'sebelum',
  below: 'di bawah',
  birth: 'lahir',
  chain: 'rangkaian',
  covered: 'dilindungi',
  coverage: 'kepesertaan',
  gap: 'jeda',
  group: 'kelompok',
  missing: 'tidak ada',
  not: 'tidak',
  number: 'nomor',
  or: 'atau',
  rate: 'tarif',
  required: 'wajib',
  risk: 'risiko',
  share: 'bagian',
  sponsored: 'ditanggung Pemkab',
  uncovered: 'tanpa kepesertaan',
  under: 'di bawah',
  with: 'dengan',
  without: 'tanpa',
  age: 'umur',
  amount: 'jumlah',
  as: '',
  at: 'pada',
  average: 'rata-rata',
  monthly: 'per bulan',
  by: 'per',
  compensation: 'kompensasi',
  contract: 'perjanjian kerja',
  contracts: 'perjanjian kerja',
  contribution: 'iuran',
  contributions: 'iuran',
  cost: 'biaya',
  count: 'jumlah',
  date: 'tanggal',
  day: 'hari',
  days: 'hari',
  due: 'jatuh tempo',
  employer: 'perusahaan',
  end: 'akhir',
  enrolment: 'kepesertaan',
  enrolments: 'kepesertaan',
  estimated: 'perkiraan',
  from: 'sejak',
  in: 'dalam',
  last: 'terakhir',
  limit: 'batas',
  max: 'maksimum',
  min: 'minimum',
  minimum: 'minimum',
  month: 'bulan',
  months: 'bulan',
  of: '',
  on: 'pada',
  over: 'lewat',
  owed: 'terutang',
  paid: 'dibayar',
  pct: '(%)',
  period: 'periode',
  periods: 'periode',
  program: 'program',
  programs: 'program',
  ref: 'nomor',
  report: 'laporan',
  reported: 'dilaporkan',
  rupiah: 'rupiah',
  service: 'masa kerja',
  short: 'kurang',
  shortfall: 'kekurangan',
  since: 'sejak',
  start: 'awal',
  to: 'sampai',
  total: 'jumlah',
  unpaid: 'belum dibayar',
  wage: 'upah',
  wages: 'upah',
  worker: 'pekerja',
  workers: 'pekerja',
  year: 'tahun',
  years: 'tahun',
};

/** 'compensationDueDays' → 'Kompensasi jatuh tempo hari': a readable stand-in until someone labels the key. */
export function humaniseKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((w) => {
      const lower = w.toLowerCase();
      const t = WORDS[lower];
      if (t !== undefined) return t;
      return /^[A-Z0-9]{2,}$/.test(w) ? w : lower; // acronyms (UMK, NPP, JP) stay as written
    })
    .filter((w) => w !== '');
  const text = words.join(' ') || 'keterangan';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function evidenceLabel(key: string): string {
  return EVIDENCE_LABELS[key] ?? humaniseKey(key);
}

/** The label inside a sentence: its first letter small unless it starts an acronym ('Upah …' → 'upah …', 'NPP …' stays). */
export function inlineLabel(key: string): string {
  const l = evidenceLabel(key);
  return /^[A-Z][A-Z]/.test(l) ? l : l.charAt(0).toLowerCase() + l.slice(1);
}

/** Keys whose numbers are rupiah. */
const RUPIAH_KEY =
  /wage|contribution|cost|premium|shortfall(?!pct)|short$|umk|umsk|rupiah|compensation(?!due)|owed|paid(?!on|through)|amount|minimum$|fine(?!pct|isestimate)/i;
/** Not money: counts of contracts (contractsPaidShort), days, months, years, ages, dates. */
const NOT_RUPIAH = /pct|days|months|year|on$|from$|to$|count|gap|below|number|(?<!w)age$|^contracts/i;

export function isRupiahKey(key: string): boolean {
  return RUPIAH_KEY.test(key) && !NOT_RUPIAH.test(key);
}

const CODE_WORDS: Readonly<Record<string, string>> = {
  PKWT_DURATION_EXCEEDED: 'melampaui batas jangka waktu PKWT',
  PKWT_SERIAL_RENEWAL: 'PKWT berturut-turut melebihi batas jumlah',
  FIRST_PKWT_OVER_LIMIT: 'PKWT pertama melebihi 2 tahun',
  TOO_MANY_EXTENSIONS: 'diperpanjang lebih dari sekali',
  EXTENSION_OVER_LIMIT: 'perpanjangan melebihi 1 tahun',
  TOO_MANY_RENEWALS: 'diperbarui lebih dari sekali',
  RENEWAL_OVER_LIMIT: 'pembaruan melebihi 2 tahun',
  RENEWAL_GAP_TOO_SHORT: 'pembaruan sebelum masa tenggang 30 hari',
  EARLY_RENEWAL: 'pembaruan sebelum lewat masa tenggang 30 hari',
  early_renewal: 'pembaruan sebelum masa tenggang',
  employer_report: 'laporan pemberi kerja',
  bpjs_records: 'data BPJS Ketenagakerjaan',
  not_reported: 'belum dilaporkan',
  short: 'dibayar kurang',
  paid: 'dibayar penuh',
  palm_oil: 'kelapa sawit',
  coal: 'batu bara',
  first: 'pertama',
  extension: 'perpanjangan',
  renewal: 'pembaruan',
  overlap: 'tumpang tindih',
  nik: 'dari NIK',
  record: 'data kependudukan yang tercatat',
  reported: 'dilaporkan',
  UMK: 'UMK',
  UMSK: 'UMSK',
  micro: 'mikro',
  small: 'kecil',
  medium: 'menengah',
  large: 'besar',
};

/** A code-like string value in words ('TOO_MANY_EXTENSIONS' → 'diperpanjang lebih dari sekali'). */
export function valueWords(s: string): string {
  const w = CODE_WORDS[s];
  if (w !== undefined) return w;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(s)) return s.toLowerCase().replace(/_/g, ' ');
  return s;
}

/**
 * One evidence value as text: rupiah for money keys, dates as '2 Desember 2026', booleans ya/tidak, lists
 * joined, small objects as 'label: value' pairs. '' for what a line of text cannot hold (big nested lists).
 */
export function formatEvidenceValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'boolean') return v ? 'ya' : 'tidak';
  if (typeof v === 'number') return isRupiahKey(key) ? rupiah(v) : /year/i.test(key) ? String(v) : angka(v);
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? tanggal(v) : valueWords(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '-';
    if (v.every((x) => typeof x !== 'object' || x === null))
      return v.map((x) => formatEvidenceValue(key, x)).join(', ');
    return '';
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.from === 'string' && typeof o.to === 'string' && Object.keys(o).length <= 3)
      return (
        `${tanggal(o.from)} s.d. ${tanggal(o.to)}` +
        (typeof o.capUsed === 'number' ? ` (dihitung dengan batas upah ${rupiah(o.capUsed)})` : '')
      );
    const parts = Object.entries(o)
      .map(([k, x]) => {
        const acronym = /^[A-Z0-9]{2,5}$/.test(k); // JKK, JKM…: the parent key says what the figure is
        const t = formatEvidenceValue(acronym && isRupiahKey(key) ? key : k, x);
        if (!t) return '';
        return acronym ? `${k} ${t}` : `${inlineLabel(k)} ${t}`;
      })
      .filter(Boolean);
    return parts.join('; ');
  }
  return String(v);
}
