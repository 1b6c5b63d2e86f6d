import { fairPriority, jobIds, jobPriority, JobName, MAX_PRIORITY } from './jobs';

describe('fair-queueing priorities', () => {
  it('1 + the jobs of the same owner ahead, within BullMQ’s range', () => {
    expect(fairPriority(0)).toBe(1);
    expect(fairPriority(3)).toBe(4);
    expect(fairPriority(-2)).toBe(1);
    expect(fairPriority(10_000_000)).toBe(MAX_PRIORITY);
  });

  it('a sweep batch by its number; starts, employer evaluations and self-reports 1; alerts none', () => {
    const batch = (batchNo: number) =>
      jobPriority(JobName.EvaluateBatch, { sweepId: 1, batchNo, employerIds: [1] });
    expect([0, 1, 7].map(batch)).toEqual([1, 2, 8]);
    expect(jobPriority(JobName.SweepStart, { sweepId: 1 })).toBe(1);
    expect(jobPriority(JobName.EvaluateEmployer, { employerId: 3 })).toBe(1);
    expect(jobPriority(JobName.ProcessSelfReport, { selfReportId: 9 })).toBe(1);
    expect(jobPriority(JobName.DeliverAlert, { deliveryId: 1, attempt: 1 })).toBeUndefined();
    expect(jobPriority(JobName.SendDigest, { at: 'x' })).toBeUndefined();
  });

  it("job ids carry the row's creation time: the same row the same id, a restored database's reused id another", () => {
    const at = new Date('2026-12-02T01:00:00.000Z');
    const later = new Date('2026-12-02T01:00:00.001Z');
    for (const id of [jobIds.processBpjsLoad, jobIds.purgeBpjsLoad, jobIds.processSelfReport]) {
      expect(id(7, at)).toBe(id(7, new Date(at.getTime())));
      expect(id(7, at)).not.toBe(id(7, later));
      expect(id(7, at)).not.toMatch(/:/);
    }
    expect(jobIds.processBpjsLoad(7, at)).not.toBe(jobIds.purgeBpjsLoad(7, at));
    expect(jobIds.sweepStart(3, at)).not.toBe(jobIds.sweepStart(3, later));
  });
});
