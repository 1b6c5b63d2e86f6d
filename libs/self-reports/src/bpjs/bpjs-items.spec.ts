import { bpjsCsvItems, BpjsItem } from './bpjs-items';

async function items(text: string, chunk = 7): Promise<BpjsItem[]> {
  const buf = Buffer.from(text, 'utf8');
  async function* chunks() {
    for (let o = 0; o < buf.length; o += chunk) yield buf.subarray(o, o + chunk);
  }
  const out: BpjsItem[] = [];
  for await (const it of bpjsCsvItems(chunks())) out.push(it);
  return out;
}

describe('BPJS CSV rows, streamed', () => {
  it('reads records in any chunking, placed by their line; skips blank and "#" lines; quoted fields by csv-parse', async () => {
    const text =
      '\ufeffNPP;KPJ;nik;programs;Effective From;effectiveTo;reportedWage;paidThrough\r\n' +
      '#24000001;24011234567;6408014107950003;JKK;2024-01-01;;1;2025-05\r\n' +
      '\r\n' +
      'A1; 24011234567 ;6408014107950003;JKK|JKM;2024-01-01;;3900000;2025-05\r\n' +
      'A2;"2401;1234567";6408014107950003;"JKK\nJKM";2024-01-01;;3900000;2025-05\n' +
      'A3;1;2\n' +
      'A4;x;"unclosed\n';
    for (const size of [1, 5, 64, 10_000]) {
      const got = await items(text, size);
      expect(got).toEqual([
        {
          row: 4,
          r: {
            npp: 'A1',
            kpj: '24011234567',
            nik: '6408014107950003',
            programs: 'JKK|JKM',
            effectiveFrom: '2024-01-01',
            effectiveTo: '',
            reportedWage: '3900000',
            paidThrough: '2025-05',
          },
        },
        { row: 5, r: expect.objectContaining({ npp: 'A2', kpj: '2401;1234567', programs: 'JKK\nJKM' }) },
        { row: 7, skip: expect.objectContaining({ messageEn: expect.stringMatching(/number of fields/) }) },
        { row: 8, skip: expect.objectContaining({ messageEn: expect.stringMatching(/never closed/) }) },
      ]);
    }
  });
});
