/** Text helpers for summaries (no Intl: fast, identical on every machine). */
import { maskNik } from './nik';

function groupThousands(value: number, sep: string): string {
  let n = Math.round(value < 0 ? -value : value);
  let out = '';
  while (n >= 1000) {
    const r = n % 1000;
    out = sep + (r < 10 ? '00' + r : r < 100 ? '0' + r : String(r)) + out;
    n = (n - r) / 1000;
  }
  return (value < 0 && Math.round(-value) !== 0 ? '-' : '') + n + out;
}

/** 'Rp 1.234.567' (Indonesian grouping). */
export function rupiahId(n: number): string {
  return 'Rp ' + groupThousands(n, '.');
}

/** 'Rp 1,234,567' (English grouping). */
export function rupiahEn(n: number): string {
  return 'Rp ' + groupThousands(n, ',');
}

/** 'Siti Rahmawati (6408********0003)', or the masked NIK alone. */
export function workerLabel(nik: string, name: string | null | undefined): string {
  const masked = maskNik(nik);
  return name ? `${name} (${masked})` : masked;
}

export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** One decimal at most, for percentages in summaries. */
export function pct(n: number): string {
  return String(Math.round(n * 10) / 10);
}
