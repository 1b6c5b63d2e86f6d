import { daysSince, formatDate, formatDateTime, formatNumber, formatRupiah } from './format';

/** The console's dates and money as CONTRACT §8 and issue #14 write them (Intl, no i18next needed). */
describe('console formatting (apps/console/src/lib/format.ts)', () => {
  it('writes dates as "2 Desember 2026" in Indonesian and "2 December 2026" in English', () => {
    expect(formatDate('2026-12-02', 'id')).toBe('2 Desember 2026');
    expect(formatDate('2026-12-02', 'en')).toBe('2 December 2026');
    expect(formatDate('2025-01-01', 'id')).toBe('1 Januari 2025');
    // A timestamp is its day in WITA: 20:30 UTC on 1 Dec is 04:30 on 2 Dec in Sangatta.
    expect(formatDate('2026-12-01T20:30:00Z', 'id')).toBe('2 Desember 2026');
    expect(formatDate(null)).toBe('–');
  });

  it('writes timestamps in WITA', () => {
    expect(formatDateTime('2026-12-01T20:30:00Z', 'en')).toBe('2 December 2026 04:30 WITA');
  });

  it('writes rupiah as "Rp 3.743.820" in both languages, and numbers with Indonesian grouping', () => {
    expect(formatRupiah(3743820)).toBe('Rp 3.743.820');
    expect(formatRupiah(0)).toBe('Rp 0');
    expect(formatRupiah(1499.6)).toBe('Rp 1.500');
    expect(formatNumber(160000)).toBe('160.000');
    expect(formatRupiah(undefined)).toBe('–');
  });

  it('counts whole days since a timestamp', () => {
    expect(daysSince('2026-12-01T00:00:00Z', Date.parse('2026-12-03T12:00:00Z'))).toBe(2);
  });
});
