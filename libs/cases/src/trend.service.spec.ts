import { isoWeekOf, midnightIn } from './trend.service';

describe('trend weeks', () => {
  it('labels Mondays with their ISO 8601 week (the year of the Thursday)', () => {
    expect(isoWeekOf('2026-11-30')).toBe('2026-W49');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2021-01-04')).toBe('2021-W01');
    expect(isoWeekOf('2020-12-28')).toBe('2020-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
  });

  it('finds midnight in the business zone, with or without summer time', () => {
    expect(midnightIn('2026-12-01', 'Asia/Makassar').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(midnightIn('2026-07-06', 'Europe/Amsterdam').toISOString()).toBe('2026-07-05T22:00:00.000Z');
    expect(midnightIn('2026-01-05', 'Europe/Amsterdam').toISOString()).toBe('2026-01-04T23:00:00.000Z');
  });
});
