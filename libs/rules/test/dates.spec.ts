import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addMonthsToDay,
  ageOn,
  daysBetweenInclusive,
  daysInMonth,
  formatDay,
  isIsoDate,
  parseIsoDate,
  tryParseIsoDate,
  wholeMonthsBetween,
} from '../src';

describe('calendar dates', () => {
  it('numbers days from 1970-01-01', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('1970-01-02')).toBe(1);
    expect(parseIsoDate('1969-12-31')).toBe(-1);
    expect(parseIsoDate('2000-03-01')).toBe(11017);
    expect(parseIsoDate('2024-01-01')).toBe(19723);
  });

  it('counts a leap year as 366 days and a common year as 365', () => {
    expect(daysBetweenInclusive('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysBetweenInclusive('2023-01-01', '2023-12-31')).toBe(365);
    expect(daysBetweenInclusive('2000-01-01', '2000-12-31')).toBe(366);
    expect(daysBetweenInclusive('1900-01-01', '1900-12-31')).toBe(365);
    expect(daysBetweenInclusive('2024-03-01', '2024-02-29')).toBe(0);
  });

  it('knows the length of February', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
  });

  it('rejects what is not a real YYYY-MM-DD date', () => {
    for (const bad of [
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-1-01',
      '24-01-01',
      '2024/01/01',
      '',
      'abcd-ef-gh',
      '2024-01-01T00:00:00Z',
    ])
      expect(tryParseIsoDate(bad)).toBeNull();
    expect(tryParseIsoDate(20240101)).toBeNull();
    expect(() => parseIsoDate('2023-02-29')).toThrow(RangeError);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it('adds months clamping to the end of the month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2020-01-01', 60)).toBe('2025-01-01');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2025-11-30', -24)).toBe('2023-11-30');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
  });

  it('counts whole months', () => {
    const d = parseIsoDate;
    expect(wholeMonthsBetween(d('2020-01-01'), d('2025-01-01'))).toBe(60);
    expect(wholeMonthsBetween(d('2020-01-01'), d('2024-12-31'))).toBe(59);
    expect(wholeMonthsBetween(d('2024-01-31'), d('2024-02-29'))).toBe(1);
    expect(wholeMonthsBetween(d('2024-01-31'), d('2024-02-28'))).toBe(0);
  });

  it('computes ages in whole years, a 29 February birthday falling on 1 March', () => {
    const d = parseIsoDate;
    expect(ageOn(d('1968-05-10'), d('2025-05-09'))).toBe(56);
    expect(ageOn(d('1968-05-10'), d('2025-05-10'))).toBe(57);
    expect(ageOn(d('2000-02-29'), d('2021-02-28'))).toBe(20);
    expect(ageOn(d('2000-02-29'), d('2021-03-01'))).toBe(21);
  });

  it('round-trips every day between 0001 and 9999 (property)', () => {
    const lo = parseIsoDate('0001-01-01');
    const hi = parseIsoDate('9999-12-30');
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), (day) => {
        const iso = formatDay(day);
        expect(parseIsoDate(iso)).toBe(day);
        expect(formatDay(day + 1) > iso).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with a naive month walk for addMonths (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: parseIsoDate('1950-01-01'), max: parseIsoDate('2090-12-31') }),
        fc.integer({ min: -150, max: 150 }),
        (day, n) => {
          const [y, m, dd] = formatDay(day).split('-').map(Number);
          const total = y * 12 + (m - 1) + n;
          const ny = Math.floor(total / 12);
          const nm = total - ny * 12 + 1;
          const expected = `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(dd, daysInMonth(ny, nm))).padStart(2, '0')}`;
          expect(formatDay(addMonthsToDay(day, n))).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
