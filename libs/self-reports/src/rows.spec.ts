import {
  canonicalHeader,
  checkContract,
  checkEnrolment,
  checkSponsored,
  checkWorker,
  isRealDate,
  templateCsv,
} from './rows';
import {
  canonicalJson,
  canonicalJsonLines,
  checkCsvHeader,
  checkJsonShape,
  csvLineBound,
} from './submission';

const fieldsOf = (r: { ok: boolean; errors?: { field: string | null }[] }) =>
  r.ok ? [] : r.errors!.map((e) => e.field);

describe('self-report row rules', () => {
  it('NIK: 16 digits with a real DDMMYY (women +40)', () => {
    expect(checkWorker({ nik: '6408014107950003', name: 'Siti' }).ok).toBe(true);
    expect(fieldsOf(checkWorker({ nik: '640801410795000', name: 'x' }))).toEqual(['nik']);
    expect(fieldsOf(checkWorker({ nik: '6408017207950003', name: 'x' }))).toEqual(['nik']); // DD 72 → 32
    expect(fieldsOf(checkWorker({ nik: 6408014107950003, name: 'x' }))).toEqual(['nik']); // a number, not text
  });

  it('birthDate must match the NIK', () => {
    expect(checkWorker({ nik: '6408014107950003', name: 'S', birthDate: '1995-07-01' }).ok).toBe(true);
    expect(fieldsOf(checkWorker({ nik: '6408014107950003', name: 'S', birthDate: '1995-07-02' }))).toEqual([
      'birthDate',
    ]);
  });

  it('contracts: type, PKWT end date, order of dates, wages', () => {
    const c = {
      ref: 'A',
      nik: '6408014107950003',
      type: 'PKWT',
      startDate: '2024-01-01',
      endDate: '2024-12-31',
      monthlyWage: '3900000',
    };
    expect(checkContract(c)).toEqual({
      ok: true,
      row: ['A', '6408014107950003', 'PKWT', '2024-01-01', '2024-12-31', 3900000, null, null, null],
    });
    expect(fieldsOf(checkContract({ ...c, endDate: '' }))).toEqual(['endDate']);
    expect(checkContract({ ...c, type: 'PKWTT', endDate: '' }).ok).toBe(true);
    expect(fieldsOf(checkContract({ ...c, endDate: '2023-12-31' }))).toEqual(['endDate']);
    expect(fieldsOf(checkContract({ ...c, monthlyWage: '3.900.000' }))).toEqual(['monthlyWage']);
    expect(fieldsOf(checkContract({ ...c, monthlyWage: 0 }))).toEqual(['monthlyWage']);
    expect(fieldsOf(checkContract({ ...c, type: 'X', startDate: '2024-02-30' }))).toEqual([
      'type',
      'startDate',
    ]);
  });

  it('contracts: compensationPaid is whole rupiah ≥ 0, compensationPaidOn a real date not before the start', () => {
    const c = {
      ref: 'A',
      nik: '6408014107950003',
      type: 'PKWT',
      startDate: '2024-01-01',
      endDate: '2024-12-31',
      monthlyWage: 3900000,
    };
    expect(checkContract({ ...c, compensationPaid: '3900000', compensationPaidOn: '2025-01-03' })).toEqual({
      ok: true,
      row: [
        'A',
        '6408014107950003',
        'PKWT',
        '2024-01-01',
        '2024-12-31',
        3900000,
        null,
        3900000,
        '2025-01-03',
      ],
    });
    expect(checkContract({ ...c, compensationPaid: 0 }).ok).toBe(true);
    expect(checkContract({ ...c, compensationPaidOn: '2024-01-01' }).ok).toBe(true);
    for (const bad of [-1, 1.5, '3.900.000', 'tiga juta', true])
      expect(fieldsOf(checkContract({ ...c, compensationPaid: bad }))).toEqual(['compensationPaid']);
    expect(fieldsOf(checkContract({ ...c, compensationPaidOn: '2024-02-30' }))).toEqual([
      'compensationPaidOn',
    ]);
    expect(fieldsOf(checkContract({ ...c, compensationPaidOn: '2023-12-31' }))).toEqual([
      'compensationPaidOn',
    ]);
    expect(fieldsOf(checkContract({ ...c, compensationPaidAt: '2025-01-03' }))).toEqual([
      'compensationPaidAt',
    ]);
  });

  it('enrolments and sponsored rows: kpj, programs, districts', () => {
    const e = {
      nik: '6408014107950003',
      kpj: '24011234567',
      programs: 'jkk|JKM|JKK',
      effectiveFrom: '2024-01-01',
    };
    expect(checkEnrolment(e)).toEqual({
      ok: true,
      row: ['6408014107950003', '24011234567', 'JKK,JKM', '2024-01-01', null, null],
    });
    expect(fieldsOf(checkEnrolment({ ...e, kpj: '2401123456', programs: '' }))).toEqual(['kpj', 'programs']);
    const s = { nik: '6408014107950003', programs: ['JKK'], effectiveFrom: '2025-01-01' };
    expect(checkSponsored({ ...s, district: 'bengalon' }, ['Bengalon'])).toMatchObject({ ok: true });
    expect(fieldsOf(checkSponsored({ ...s, district: 'Jakarta' }, ['Bengalon']))).toEqual(['district']);
  });

  it('dates are real and plausible', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('1850-01-01')).toBe(false);
    expect(isRealDate('01/02/2024')).toBe(false);
  });

  it('headers, templates and the JSON shape', () => {
    expect(canonicalHeader('contracts', 'Start Date')).toBe('startDate');
    expect(checkCsvHeader('workers', 'workers.csv', Buffer.from('\ufeffNIK;Name\r\n')).header).toEqual({
      delimiter: ';',
      columns: ['nik', 'name'],
    });
    expect(checkCsvHeader('workers', 'workers.csv', Buffer.from('nik,nama\n')).errors).toHaveLength(2);
    expect(templateCsv('workers')).toBe(
      'nik,name,birthDate\r\n6408014107950003,Siti Rahmawati,1995-07-01\r\n',
    );
    expect(checkJsonShape({ workers: [] }, 'employer', 10)).toHaveLength(1);
    expect(checkJsonShape({ workers: [{}], extra: [] }, 'employer', 10)).toHaveLength(1);
    expect(csvLineBound(Buffer.from('h\n1\n2'))).toBe(2);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const lines = canonicalJsonLines({ contracts: [{ b: 1 }], workers: [{ a: 1 }, { a: 2 }] }, [
      'workers',
      'contracts',
    ]);
    expect(lines).toBe('{\n"workers":[\n{"a":1},\n{"a":2}\n],\n"contracts":[\n{"b":1}\n]\n}');
    expect(JSON.parse(lines)).toEqual({ workers: [{ a: 1 }, { a: 2 }], contracts: [{ b: 1 }] });
  });
});
