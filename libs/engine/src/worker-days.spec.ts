import { decodeWorkerDays, encodeWorkerDays, type WorkerRecord } from './worker-days';

const KEY = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';

describe('worker days, as employer_evaluations.worker_days keeps them', () => {
  it('round-trips the input revision, the ruleset key and each worker: its day (none ahead too) and findings', () => {
    const record: WorkerRecord = {
      inputRev: '18446744073709551615',
      rulesetKey: KEY,
      workers: new Map([
        ['6408010101900401', { day: '2026-03-16', findings: 3 }],
        ['6408010101900402', { day: null, findings: 0 }],
        ['6408010101900403', { day: '2099-12-31', findings: 4_000_000_000 }],
      ]),
    };
    const buf = encodeWorkerDays(record)!;
    expect(buf.length).toBe(49 + 3 * 24);
    expect(decodeWorkerDays(buf)).toEqual(record);
    const empty: WorkerRecord = { inputRev: '0', rulesetKey: KEY, workers: new Map() };
    expect(decodeWorkerDays(encodeWorkerDays(empty)!)).toEqual(empty);
  });

  it('records none for a NIK that does not fit its 16 bytes, and reads none from bytes that are not a record', () => {
    const one = (nik: string): WorkerRecord => ({
      inputRev: '7',
      rulesetKey: KEY,
      workers: new Map([[nik, { day: null, findings: 0 }]]),
    });
    expect(encodeWorkerDays(one('64080101019004'))).toBeNull();
    expect(encodeWorkerDays(one('640801010190040é'))).toBeNull();
    expect(encodeWorkerDays({ ...one('6408010101900401'), rulesetKey: 'not a key' })).toBeNull();
    const good = encodeWorkerDays(one('6408010101900401'))!;
    expect(decodeWorkerDays(good.subarray(0, good.length - 1))).toBeNull();
    // Another format (the first byte): read as no record, so the employer is judged whole.
    const other = Buffer.from(good);
    other.writeUInt8(2, 0);
    expect(decodeWorkerDays(other)).toBeNull();
  });
});
