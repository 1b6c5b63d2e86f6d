/**
 * Calendar-date arithmetic on integer day numbers (days since 1970-01-01), computed arithmetically with
 * Howard Hinnant's days-from-civil algorithm. No `Date`, no time zones, no drift: 2024-01-01..2024-12-31 is
 * 366 days everywhere. The public API speaks ISO `YYYY-MM-DD` strings; rules parse each date once.
 */
import type { IsoDate } from './types';

/** Day number standing for "no end" (an open-ended contract or enrolment): year ~275,000, still a small integer. */
export const OPEN_END = 100_000_000;
/** Day number standing for "no such day". */
export const NO_DAY = -100_000_000;

/** Day number of a proleptic Gregorian calendar date (1970-01-01 → 0). Month 1..12. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400; // 0..399
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = (((153 * mp + 2) / 5) | 0) + d - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}

function computeCivil(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097; // 0..146096
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const d = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

/**
 * Memo of civil dates and ISO strings for the days 1900-01-01..2079-06-06 (the days the rules meet): filled on
 * first use, invisible to callers (a pure function stays pure).
 */
const MEMO_BASE = -25567; // 1900-01-01
const MEMO_SIZE = 65536;
const civilMemo = new Int32Array(MEMO_SIZE);
const isoMemo: (string | undefined)[] = new Array<string | undefined>(MEMO_SIZE);

/** Inverse of daysFromCivil, packed as the integer yyyymmdd (no allocation). */
export function civilFromDays(day: number): number {
  const i = day - MEMO_BASE;
  if (i >= 0 && i < MEMO_SIZE) {
    const p = civilMemo[i];
    if (p !== 0) return p;
    return (civilMemo[i] = computeCivil(day));
  }
  return computeCivil(day);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

/** Day number of an ISO date, or null when the string is not a real `YYYY-MM-DD` date (years 0001..9999). */
export function tryParseIsoDate(s: unknown): number | null {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45)
    return null;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return daysFromCivil(y, m, d);
}

/** Day number of an ISO date; throws RangeError on anything that is not a real `YYYY-MM-DD` date. */
export function parseIsoDate(s: IsoDate): number {
  const d = tryParseIsoDate(s);
  if (d === null) throw new RangeError(`not a calendar date in YYYY-MM-DD form: ${JSON.stringify(s)}`);
  return d;
}

export function isIsoDate(s: unknown): s is IsoDate {
  return tryParseIsoDate(s) !== null;
}

/** The year of a (valid) ISO date string, read from its first four digits. */
export function yearOfIso(s: IsoDate): number {
  return (
    (s.charCodeAt(0) - 48) * 1000 +
    (s.charCodeAt(1) - 48) * 100 +
    (s.charCodeAt(2) - 48) * 10 +
    s.charCodeAt(3) -
    48
  );
}

const PAD2: string[] = [];
for (let i = 0; i < 100; i++) PAD2.push(i < 10 ? '0' + i : String(i));

function computeIso(day: number): IsoDate {
  const p = civilFromDays(day);
  const y = Math.floor(p / 10000);
  const md = p - y * 10000;
  const m = Math.floor(md / 100);
  const d = md - m * 100;
  const ys = y >= 1000 ? String(y) : y >= 100 ? '0' + y : y >= 10 ? '00' + y : '000' + y;
  return ys + '-' + PAD2[m] + '-' + PAD2[d];
}

/** ISO `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): IsoDate {
  const i = day - MEMO_BASE;
  if (i >= 0 && i < MEMO_SIZE) return isoMemo[i] ?? (isoMemo[i] = computeIso(day));
  return computeIso(day);
}

/** Adds whole months to a day number; the day of month is clamped to the end of the target month. */
export function addMonthsToDay(day: number, months: number): number {
  const p = civilFromDays(day);
  const y = Math.floor(p / 10000);
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const dim = daysInMonth(ny, nm);
  return daysFromCivil(ny, nm, d > dim ? dim : d);
}

/**
 * CONTRACT §6 "N months after day D": the same calendar day N months later, or the first day of the following
 * month where that day does not exist (60 months after 2024-02-29 is 2029-03-01; 1 month after 01-31 is 03-01).
 * A span from D is within N months when its last day is before this day.
 */
export function monthsAfterDay(day: number, months: number): number {
  const p = civilFromDays(day);
  const y = Math.floor(p / 10000);
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  if (d <= daysInMonth(ny, nm)) return daysFromCivil(ny, nm, d);
  return nm === 12 ? daysFromCivil(ny + 1, 1, 1) : daysFromCivil(ny, nm + 1, 1);
}

/** The largest n ≥ 0 with monthsAfterDay(from, n) ≤ toExclusive (whole months of service in [from, toExclusive)). */
export function wholeMonthsAfter(from: number, toExclusive: number): number {
  if (toExclusive <= from) return 0;
  const a = civilFromDays(from);
  const b = civilFromDays(toExclusive);
  let n =
    (Math.floor(b / 10000) - Math.floor(a / 10000)) * 12 +
    ((Math.floor(b / 100) % 100) - (Math.floor(a / 100) % 100));
  if (n < 0) n = 0;
  while (n > 0 && monthsAfterDay(from, n) > toExclusive) n--;
  while (monthsAfterDay(from, n + 1) <= toExclusive) n++;
  return n;
}

/** Adds whole years (as 12 months each, so 29 February clamps to 28 February). */
export function addYearsToDay(day: number, years: number): number {
  return addMonthsToDay(day, years * 12);
}

/** The largest n ≥ 0 with addMonthsToDay(from, n) ≤ toExclusive (whole months in [from, toExclusive)). */
export function wholeMonthsBetween(from: number, toExclusive: number): number {
  if (toExclusive <= from) return 0;
  const a = civilFromDays(from);
  const b = civilFromDays(toExclusive);
  let n =
    (Math.floor(b / 10000) - Math.floor(a / 10000)) * 12 +
    ((Math.floor(b / 100) % 100) - (Math.floor(a / 100) % 100));
  if (n < 0) n = 0;
  while (n > 0 && addMonthsToDay(from, n) > toExclusive) n--;
  while (addMonthsToDay(from, n + 1) <= toExclusive) n++;
  return n;
}

/** Whole years of age on `day` for someone born on `birthDay` (a 29 February birthday falls on 1 March). */
export function ageOn(birthDay: number, day: number): number {
  const b = civilFromDays(birthDay);
  const t = civilFromDays(day);
  const by = Math.floor(b / 10000);
  const ty = Math.floor(t / 10000);
  return ty - by - (t - ty * 10000 < b - by * 10000 ? 1 : 0);
}

// ISO-string conveniences for callers (rules work on day numbers).

export function addDays(date: IsoDate, days: number): IsoDate {
  return formatDay(parseIsoDate(date) + days);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return formatDay(addMonthsToDay(parseIsoDate(date), months));
}

/** Number of days from `from` to `to`, both included (2024-01-01..2024-12-31 → 366); 0 when `to` < `from`. */
export function daysBetweenInclusive(from: IsoDate, to: IsoDate): number {
  const n = parseIsoDate(to) - parseIsoDate(from) + 1;
  return n > 0 ? n : 0;
}

/** Compares two ISO dates as calendar dates (valid ISO strings also compare correctly as strings). */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return parseIsoDate(a) - parseIsoDate(b);
}
