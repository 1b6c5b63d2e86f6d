import { fairPriority, jobPriority, JobName, MAX_PRIORITY } from './jobs';

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
});
