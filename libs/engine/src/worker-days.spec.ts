import { decodeWorkerDays, encodeWorkerDays, type WorkerDays } from './worker-days';

describe('worker days, as employer_evaluations.worker_days keeps them', () => {
  it('round-trips days (none ahead too) and finding counts, 24 bytes a worker', () => {
    const days: WorkerDays = new Map([
      ['6408010101900401', { day: '2026-03-16', findings: 3 }],
      ['6408010101900402', { day: null, findings: 0 }],
      ['6408010101900403', { day: '2099-12-31', findings: 4_000_000_000 }],
    ]);
    const buf = encodeWorkerDays(days)!;
    expect(buf.length).toBe(3 * 24);
    expect(decodeWorkerDays(buf)).toEqual(days);
    expect(decodeWorkerDays(encodeWorkerDays(new Map())!)).toEqual(new Map());
  });

  it('records none for a NIK that does not fit its 16 bytes, and reads none from bytes that are not a record', () => {
    expect(encodeWorkerDays(new Map([['64080101019004', { day: null, findings: 0 }]]))).toBeNull();
    expect(encodeWorkerDays(new Map([['640801010190040é', { day: null, findings: 0 }]]))).toBeNull();
    expect(decodeWorkerDays(Buffer.alloc(25))).toBeNull();
  });
});
