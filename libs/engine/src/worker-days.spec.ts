import type { ExistingCase } from './reconcile.plan';
import { decodeWorkerDays, encodeWorkerDays, workerHashOf, type WorkerRecord } from './worker-days';

describe('worker days, as employer_evaluations.worker_days keeps them', () => {
  it('round-trips the employer hash and each worker: day (none ahead too), findings and hash, 32 bytes a worker', () => {
    const record: WorkerRecord = {
      employer: '0123456789abcdef',
      workers: new Map([
        ['6408010101900401', { day: '2026-03-16', findings: 3, hash: 'ffffffffffffffff' }],
        ['6408010101900402', { day: null, findings: 0, hash: '0000000000000000' }],
        ['6408010101900403', { day: '2099-12-31', findings: 4_000_000_000, hash: '8000000000000001' }],
      ]),
    };
    const buf = encodeWorkerDays(record)!;
    expect(buf.length).toBe(9 + 3 * 32);
    expect(decodeWorkerDays(buf)).toEqual(record);
    const empty: WorkerRecord = { employer: '0000000000000000', workers: new Map() };
    expect(decodeWorkerDays(encodeWorkerDays(empty)!)).toEqual(empty);
  });

  it('records none for a NIK that does not fit its 16 bytes, and reads none from bytes that are not a record', () => {
    const one = (nik: string): WorkerRecord => ({
      employer: '0123456789abcdef',
      workers: new Map([[nik, { day: null, findings: 0, hash: '0000000000000000' }]]),
    });
    expect(encodeWorkerDays(one('64080101019004'))).toBeNull();
    expect(encodeWorkerDays(one('640801010190040é'))).toBeNull();
    expect(decodeWorkerDays(Buffer.alloc(9 + 31))).toBeNull();
    // The first format (24 bytes a worker, no header) reads as none: its first byte is a NIK's digit.
    expect(decodeWorkerDays(Buffer.from('6408010101900401'.padEnd(24, '\0'), 'latin1'))).toBeNull();
  });

  it("hashes what a worker's part reads: its rows and its cases' standing, not their order or evidence", () => {
    const w = {
      nik: '6408010101900401',
      name: null,
      birthDate: null,
      contracts: [],
      enrolments: [],
      sponsored: [],
    };
    const c = (rule: string, status: string, severity: string, evidenceHash = 'a'): ExistingCase =>
      ({ rule, subjectKey: '6408010101900401|', status, severity, evidenceHash }) as ExistingCase;
    const base = workerHashOf(
      [w],
      [c('ENROLMENT_MISSING', 'open', 'high'), c('UNDERAGE_WORKER', 'open', 'critical')],
    );
    expect(
      workerHashOf(
        [w],
        [c('UNDERAGE_WORKER', 'open', 'critical'), c('ENROLMENT_MISSING', 'open', 'high', 'b')],
      ),
    ).toBe(base);
    expect(
      workerHashOf(
        [w],
        [c('ENROLMENT_MISSING', 'in_review', 'high'), c('UNDERAGE_WORKER', 'open', 'critical')],
      ),
    ).not.toBe(base);
    expect(
      workerHashOf(
        [w],
        [c('ENROLMENT_MISSING', 'open', 'critical'), c('UNDERAGE_WORKER', 'open', 'critical')],
      ),
    ).not.toBe(base);
    expect(
      workerHashOf(
        [{ ...w, name: 'Siti' }],
        [c('ENROLMENT_MISSING', 'open', 'high'), c('UNDERAGE_WORKER', 'open', 'critical')],
      ),
    ).not.toBe(base);
  });
});
