import { messageIn, parseCsv, rejectedCsv, rowNumber } from './csv';

describe('portal CSV (the clerk’s file read as the API reads it)', () => {
  it('numbers rows as a spreadsheet does: header row 1, blank lines count, a quoted line break does not', () => {
    const f = parseCsv(
      '\uFEFFnik,name,birthDate\r\n6408014107950003,Siti,1995-07-01\r\n\r\n"6408011203880011","Rahma, ""Ita""\nbaris dua",\r\n6408010101900001,Budi,\r\n',
    );
    expect(f.delimiter).toBe(',');
    expect(f.header).toEqual({ cells: ['nik', 'name', 'birthDate'], row: 1 });
    expect(f.records.map((r) => r.row)).toEqual([2, 4, 5]);
    expect(f.records[1]!.cells).toEqual(['6408011203880011', 'Rahma, "Ita"\nbaris dua', '']);
    expect(rowNumber(f, 2)).toBe(5);
    expect(rowNumber(undefined, 2)).toBe(4);
  });

  it('reads a semicolon file (Indonesian Excel) and gives back only the rejected rows under the same header', () => {
    const f = parseCsv('nik;name\n111;A\n222;"B;C"\n333;D\n');
    expect(f.delimiter).toBe(';');
    const out = rejectedCsv(f, [2, 1, 2, 9]);
    expect(out).toBe('\uFEFFnik;name\r\n222;"B;C"\r\n333;D\r\n');
    expect(parseCsv(out).records.map((r) => r.cells)).toEqual([
      ['222', 'B;C'],
      ['333', 'D'],
    ]);
  });

  it('shows the API’s bilingual messages in the reader’s language', () => {
    const m = 'endDate must be on or after startDate / endDate tidak boleh sebelum startDate';
    expect(messageIn(m, 'id')).toBe('endDate tidak boleh sebelum startDate');
    expect(messageIn(m, 'en')).toBe('endDate must be on or after startDate');
    expect(messageIn('plain', 'id')).toBe('plain');
  });
});
