import { bpjsTemplateCsv, checkBpjsHeader, checkBpjsRow, isRealMonth } from './bpjs-rows';

const good = {
  npp: '24000001',
  kpj: '24011234567',
  nik: '6408014107950003',
  programs: 'JKK|JKM|JHT|JP',
  effectiveFrom: '2024-01-01',
  effectiveTo: '',
  reportedWage: '3900000',
  paidThrough: '2025-05',
};
const fields = (raw: unknown, asOf = '2025-06-30') => {
  const r = checkBpjsRow(raw, asOf);
  return r.ok ? [] : r.errors.map((e) => e.field);
};

describe('BPJS load rows', () => {
  it('normalizes a good row (programs in canonical order, paidThrough as the first day of its month)', () => {
    expect(checkBpjsRow({ ...good, programs: 'jp|JKK|jkm|JHT' }, '2025-06-30')).toEqual({
      ok: true,
      row: [
        '24000001',
        '6408014107950003',
        '2024-01-01',
        '24011234567',
        'JKK,JKM,JHT,JP',
        null,
        3900000,
        '2025-05-01',
      ],
    });
    expect(checkBpjsRow({ ...good, paidThrough: null, reportedWage: 0 }, '2025-06-30')).toMatchObject({
      ok: true,
      row: expect.arrayContaining([0, null]),
    });
  });

  it('rejects each bad field with an Indonesian message and its English', () => {
    expect(fields({ ...good, npp: 'NPP 1' })).toEqual(['npp']);
    expect(fields({ ...good, kpj: '2401123456' })).toEqual(['kpj']);
    expect(fields({ ...good, nik: '6408013207950003' })).toEqual(['nik']); // 32 July
    expect(fields({ ...good, nik: 6408014107950003 })).toEqual(['nik']); // a number has lost digits
    expect(fields({ ...good, programs: 'JKK|JKN' })).toEqual(['programs']);
    expect(fields({ ...good, effectiveFrom: '2024-02-30' })).toEqual(['effectiveFrom']);
    expect(fields({ ...good, effectiveTo: '2023-12-31' })).toEqual(['effectiveTo']);
    expect(fields({ ...good, reportedWage: '3.900.000' })).toEqual(['reportedWage']);
    expect(fields({ ...good, reportedWage: -1 })).toEqual(['reportedWage']);
    expect(fields({ ...good, paidThrough: '2025-13' })).toEqual(['paidThrough']);
    expect(fields({ ...good, paidThrough: '2025-07' })).toEqual(['paidThrough']);
    expect(fields({ ...good, paidThrough: '2025-06' })).toEqual([]);
    expect(fields({ ...good, salary: 1 })).toEqual(['salary']);
    const { npp: _npp, ...noNpp } = good;
    expect(fields(noNpp)).toEqual(['npp']);
    const r = checkBpjsRow({ ...good, kpj: 'x' }, '2025-06-30');
    expect(r.ok ? null : r.errors[0]).toEqual({
      field: 'kpj',
      message: expect.stringMatching(/KPJ harus 11 digit/),
      messageEn: expect.stringMatching(/kpj must be 11 digits/),
    });
    // The NPP of a rejected row is kept when it is itself valid (the load counts rejections per NPP).
    expect(checkBpjsRow({ ...good, kpj: 'x' }, '2025-06-30')).toMatchObject({ ok: false, npp: '24000001' });
    expect(checkBpjsRow({ ...good, npp: '' }, '2025-06-30')).toMatchObject({ ok: false, npp: null });
  });

  it('checks months, header rows, and writes a template whose example row is a comment', () => {
    expect(isRealMonth('2025-02')).toBe(true);
    expect(isRealMonth('2025-2')).toBe(false);
    expect(
      checkBpjsHeader(['NPP', 'kpj', 'nik', 'programs', 'Effective From', 'reported_wage']).errors,
    ).toEqual([]);
    expect(checkBpjsHeader(['npp', 'npp', 'salary']).errors).toEqual(
      expect.arrayContaining(['column npp appears twice', expect.stringMatching(/unknown column "salary"/)]),
    );
    const lines = bpjsTemplateCsv().split('\r\n');
    expect(lines[0]).toBe('npp,kpj,nik,programs,effectiveFrom,effectiveTo,reportedWage,paidThrough');
    expect(lines.slice(1).every((l) => l === '' || l.startsWith('#'))).toBe(true);
  });
});
