/**
 * NIK (Nomor Induk Kependudukan) helpers: 16 digits; digits 1–6 the region, 7–12 the birth date DDMMYY (women
 * add 40 to DD), 13–16 a serial number.
 */
import { daysFromCivil, daysInMonth, formatDay, tryParseIsoDate } from './dates';
import type { IsoDate } from './types';

function isSixteenDigits(nik: unknown): nik is string {
  if (typeof nik !== 'string' || nik.length !== 16) return false;
  for (let i = 0; i < 16; i++) {
    const c = nik.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function two(nik: string, i: number): number {
  return (nik.charCodeAt(i) - 48) * 10 + nik.charCodeAt(i + 1) - 48;
}

function realDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** 16 digits whose digits 7–12 are a real date DDMMYY (DD + 40 for women) in the 1900s or the 2000s. */
export function isValidNik(nik: unknown): nik is string {
  if (!isSixteenDigits(nik)) return false;
  let dd = two(nik, 6);
  const mm = two(nik, 8);
  const yy = two(nik, 10);
  if (dd > 40) dd -= 40;
  return realDate(1900 + yy, mm, dd) || realDate(2000 + yy, mm, dd);
}

/** True when DD carries the +40 that marks a woman. Null for an invalid NIK. */
export function isFemaleNik(nik: string): boolean | null {
  return isValidNik(nik) ? two(nik, 6) > 40 : null;
}

/**
 * Birth day number from a NIK, choosing the century (CONTRACT §6) that puts the birth within the 100 years
 * before `judgedDay`: 20YY when that is a real date not after `judgedDay`, otherwise 19YY when real; null when the
 * NIK is invalid or no century gives a real date. (A 14-year-old is 14, not 114: no minimum age is assumed.)
 */
export function birthDayFromNik(nik: string, judgedDay: number): number | null {
  if (!isSixteenDigits(nik)) return null;
  let dd = two(nik, 6);
  const mm = two(nik, 8);
  const yy = two(nik, 10);
  if (dd > 40) dd -= 40;
  if (realDate(2000 + yy, mm, dd)) {
    const day = daysFromCivil(2000 + yy, mm, dd);
    if (day <= judgedDay) return day;
  }
  if (realDate(1900 + yy, mm, dd)) return daysFromCivil(1900 + yy, mm, dd);
  return null;
}

/**
 * The birth date a NIK encodes, as judged on `judgedOn` (the day whose age matters): the century that puts the
 * birth within the 100 years before that day (20YY when not after it, else 19YY). Null for an invalid NIK.
 */
export function birthDateFromNik(nik: string, judgedOn: IsoDate): IsoDate | null {
  const cutoff = tryParseIsoDate(judgedOn);
  if (cutoff === null)
    throw new RangeError(`not a calendar date in YYYY-MM-DD form: ${JSON.stringify(judgedOn)}`);
  const day = birthDayFromNik(nik, cutoff);
  return day === null ? null : formatDay(day);
}

/** '6408014107950003' → '6408********0003' (first four and last four kept; short strings fully masked). */
export function maskNik(nik: string | null | undefined): string {
  if (!nik) return '';
  if (nik.length <= 8) return '*'.repeat(nik.length);
  return nik.slice(0, 4) + '*'.repeat(nik.length - 8) + nik.slice(-4);
}
