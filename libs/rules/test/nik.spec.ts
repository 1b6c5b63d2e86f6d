import { birthDateFromNik, isFemaleNik, isValidNik, maskNik } from '../src';

describe('NIK helpers', () => {
  it('accepts 16 digits whose digits 7–12 are a real DDMMYY date (women +40)', () => {
    expect(isValidNik('6408014107950003')).toBe(true); // woman born 01-07-95
    expect(isValidNik('6408011203880001')).toBe(true); // man born 12-03-88
    expect(isValidNik('6408017101000001')).toBe(true); // woman born 31-01-00 (71 − 40 = 31)
  });

  it('rejects wrong lengths, non-digits and impossible dates', () => {
    expect(isValidNik('640801410795000')).toBe(false);
    expect(isValidNik('64080141079500031')).toBe(false);
    expect(isValidNik('6408014107950a03')).toBe(false);
    expect(isValidNik('6408013202950003')).toBe(false); // day 32
    expect(isValidNik('6408017202950003')).toBe(false); // day 72 − 40 = 32
    expect(isValidNik('6408010013950003')).toBe(false); // day 00
    expect(isValidNik('6408011513950003')).toBe(false); // month 13
    expect(isValidNik('6408013002950003')).toBe(false); // 30 February
    expect(isValidNik('6408012902010003')).toBe(false); // 29 February 1901 / 2001
    expect(isValidNik('6408012902000003')).toBe(true); // 29 February 2000
    expect(isValidNik('6408012902960003')).toBe(true); // 29 February 1996
    expect(isValidNik(null)).toBe(false);
  });

  it('derives the birth date, choosing the century within the 100 years before the day judged', () => {
    expect(birthDateFromNik('6408014107950003', '2025-06-30')).toBe('1995-07-01');
    expect(birthDateFromNik('6408011203880001', '2025-06-30')).toBe('1988-03-12');
    expect(birthDateFromNik('6408011203050001', '2025-06-30')).toBe('2005-03-12');
    expect(birthDateFromNik('6408011203150001', '2014-12-31')).toBe('1915-03-12');
    expect(birthDateFromNik('6408011203050001', '2004-12-31')).toBe('1905-03-12');
    expect(birthDateFromNik('6408011203150001', '2040-01-01')).toBe('2015-03-12');
    expect(birthDateFromNik('6408012902000003', '1999-01-01')).toBeNull(); // 1900-02-29 does not exist
    expect(birthDateFromNik('1234', '2025-01-01')).toBeNull();
  });

  it('reads a 14-year-old as 14, not 114 (v1 guessed the century from a minimum age)', () => {
    // Born 2011-03-12, judged on 2025-06-30: 2011 is within the 100 years before, 1911 is not.
    expect(birthDateFromNik('6408011203110001', '2025-06-30')).toBe('2011-03-12');
    // The day itself counts; the day before the birth in 2011 puts it in 1911.
    expect(birthDateFromNik('6408011203110001', '2011-03-12')).toBe('2011-03-12');
    expect(birthDateFromNik('6408011203110001', '2011-03-11')).toBe('1911-03-12');
  });

  it('tells women by DD + 40', () => {
    expect(isFemaleNik('6408014107950003')).toBe(true);
    expect(isFemaleNik('6408011203880001')).toBe(false);
    expect(isFemaleNik('x')).toBeNull();
  });

  it('masks all but the first and last four digits', () => {
    expect(maskNik('6408014107950003')).toBe('6408********0003');
    expect(maskNik('12345678')).toBe('********');
    expect(maskNik(null)).toBe('');
  });
});
