import { useState } from 'react';
import i18next from 'i18next';

type Lang = 'id' | 'en';
const currentLang = (): Lang => (i18next.resolvedLanguage === 'en' ? 'en' : 'id');

/**
 * Dates, money and numbers as an Indonesian reader expects: `2 Desember 2026`, `Rp 3.743.820`.
 * Rupiah and numbers use id-ID grouping in both languages (the figures on a notice letter must match).
 */
const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'id-ID');
const TZ = 'Asia/Makassar'; // BUSINESS_TZ (WITA)

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function fmt(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = make()));
  return f;
}

/** '2026-12-02' → '2 Desember 2026' (en: '2 December 2026'). A timestamp gives its WITA date. */
export function formatDate(value: string | null | undefined, lang: Lang = currentLang()): string {
  if (!value) return '–';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return fmt(
    `d-${lang}-${dateOnly}`,
    () =>
      new Intl.DateTimeFormat(locale(lang), {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: dateOnly ? 'UTC' : TZ,
      }),
  ).format(d);
}

/** Short date for dense tables: '2 Des 2026'. */
export function formatDateShort(value: string | null | undefined, lang: Lang = currentLang()): string {
  if (!value) return '–';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return fmt(
    `s-${lang}-${dateOnly}`,
    () =>
      new Intl.DateTimeFormat(locale(lang), {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: dateOnly ? 'UTC' : TZ,
      }),
  ).format(d);
}

/** An ISO timestamp → '2 Desember 2026 14.05 WITA' (en: '2 December 2026 14:05 WITA'). */
export function formatDateTime(value: string | null | undefined, lang: Lang = currentLang()): string {
  if (!value) return '–';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const time = fmt(
    `t-${lang}`,
    () =>
      new Intl.DateTimeFormat(locale(lang), {
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
        timeZone: TZ,
      }),
  ).format(d);
  return `${formatDate(value, lang)} ${time} WITA`;
}

const numberFormat = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });

/** 3743820 → '3.743.820'. */
export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '–' : numberFormat.format(n);
}

/** 3743820 → 'Rp 3.743.820' (integer rupiah). */
export function formatRupiah(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '–' : `Rp ${numberFormat.format(Math.round(n))}`;
}

/** Whole days from `from` (ISO) to now. */
export function daysSince(value: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(value).getTime()) / 86_400_000));
}

/** "Now" for a component, fixed when it mounts (render stays pure). */
export function useNow(): number {
  const [now] = useState(() => Date.now());
  return now;
}
