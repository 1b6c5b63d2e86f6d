/**
 * Every queue and job Patuh has, and the one payload type of each job. Payloads carry ids only: the database
 * row holds the truth, so a job delivered twice reads the same state and changes nothing the second time.
 * A job id must not contain ":" (BullMQ); ids built here use "-" and "_".
 */
export enum QueueName {
  Evaluation = 'evaluation',
  Ingest = 'ingest',
  Alerts = 'alerts',
}

export enum JobName {
  /** Count a sweep's employers and fan out one EvaluateBatch job per page of employer ids. */
  SweepStart = 'sweep-start',
  /** Evaluate a page of employers for a sweep and reconcile their cases. */
  EvaluateBatch = 'evaluate-batch',
  /** Evaluate one employer now (after a self-report), outside any sweep. Deduplicated per employer. */
  EvaluateEmployer = 'evaluate-employer',
}

export interface JobPayloads {
  [JobName.SweepStart]: { sweepId: number };
  [JobName.EvaluateBatch]: { sweepId: number; batchNo: number; employerIds: number[] };
  [JobName.EvaluateEmployer]: { employerId: number; selfReportId?: number };
}

/** Which queue each job travels on. */
export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  [JobName.SweepStart]: QueueName.Evaluation,
  [JobName.EvaluateBatch]: QueueName.Evaluation,
  [JobName.EvaluateEmployer]: QueueName.Evaluation,
};

export type JobPayload<J extends JobName> = JobPayloads[J];

/** Deterministic job ids (no ":"). */
export const jobIds = {
  sweepStart: (sweepId: number) => `sweep-${sweepId}-start`,
  evaluateBatch: (sweepId: number, batchNo: number) => `sweep-${sweepId}-batch-${batchNo}`,
  evaluateEmployer: (employerId: number) => `employer-${employerId}-evaluate`,
  processSelfReport: (selfReportId: number) => `self-report-${selfReportId}`,
};
