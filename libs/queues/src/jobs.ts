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
  /** Make one attempt of one alert delivery (webhook or email); the attempt number guards against repeats. */
  DeliverAlert = 'deliver-alert',
  /** Escalate open/in_review cases past their dueAt (once per case) and write their case.escalated deliveries. */
  CheckEscalations = 'check-escalations',
  /** Write the day's digest.daily deliveries (once per subscription per day). */
  SendDigest = 'send-digest',
  /** Check and upsert the rows of one stored self-report (or sponsored-coverage upload), then re-evaluate. */
  ProcessSelfReport = 'process-self-report',
  /**
   * Check and store the rows of one BPJS Ketenagakerjaan load, update which load each NPP is judged on, then
   * re-evaluate the employers it names; for a deleted load, purge its records and re-evaluate them likewise.
   */
  ProcessBpjsLoad = 'process-bpjs-load',
}

export interface JobPayloads {
  /** `round` > 0: the reaper re-drove a start that was lost; its batches get that round's job ids. */
  [JobName.SweepStart]: { sweepId: number; round?: number };
  /** `chunks`: how many of `employerIds`, in order, are read and evaluated together (one chunk when absent). */
  /** `round`: 0 for the sweep's first enqueue, n for the reaper's n-th re-drive (absent: 0). */
  [JobName.EvaluateBatch]: {
    sweepId: number;
    batchNo: number;
    employerIds: number[];
    chunks?: number[];
    round?: number;
  };
  [JobName.EvaluateEmployer]: { employerId: number };
  [JobName.DeliverAlert]: { deliveryId: number; attempt: number };
  [JobName.CheckEscalations]: { at: string };
  [JobName.SendDigest]: { at: string };
  [JobName.ProcessSelfReport]: { selfReportId: number };
  [JobName.ProcessBpjsLoad]: { loadId: number };
}

/** Which queue each job travels on. */
export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  [JobName.SweepStart]: QueueName.Evaluation,
  [JobName.EvaluateBatch]: QueueName.Evaluation,
  [JobName.EvaluateEmployer]: QueueName.Evaluation,
  [JobName.DeliverAlert]: QueueName.Alerts,
  [JobName.CheckEscalations]: QueueName.Alerts,
  [JobName.SendDigest]: QueueName.Alerts,
  [JobName.ProcessSelfReport]: QueueName.Ingest,
  [JobName.ProcessBpjsLoad]: QueueName.Ingest,
};

export type JobPayload<J extends JobName> = JobPayloads[J];

/** BullMQ's largest priority (2^21 - 1); 1 is the highest. */
export const MAX_PRIORITY = 2_097_151;

/** A priority in BullMQ's range: 1 + `ahead` (the jobs of the same owner queued before this one), capped. */
export const fairPriority = (ahead: number): number =>
  Math.min(MAX_PRIORITY, 1 + Math.max(0, Math.floor(ahead)));

/**
 * Fair queueing (BullMQ OSS has no groups): every job on the evaluation and ingest queues carries a priority,
 * lower first, FIFO within one priority. A job's priority is 1 + the number of jobs of the same owner queued
 * before it, so the queue is served round robin: the first job of every owner runs before any owner's second.
 * A sweep's batch n has priority 1 + n (two sweeps interleave, and an employer's evaluation after a self-report
 * waits for at most one batch of each running sweep); a sweep's start and an employer's evaluation (deduplicated
 * per employer, so one in the queue at a time) have priority 1. A self-report's rank among its employer's reports
 * in flight is known only to the database: its producer passes `priority` (see SelfReportsService.enqueue); 1 is
 * the fallback. Alerts keep plain FIFO (no priority). Jobs without a priority would run before every prioritized
 * one, so every producer of these queues goes through JobProducer, which sets it.
 */
export function jobPriority<J extends JobName>(name: J, payload: JobPayload<J>): number | undefined {
  switch (name) {
    case JobName.EvaluateBatch:
      return fairPriority((payload as JobPayload<JobName.EvaluateBatch>).batchNo);
    case JobName.SweepStart:
    case JobName.EvaluateEmployer:
    case JobName.ProcessSelfReport:
      return 1;
    default:
      return undefined;
  }
}

/**
 * The incarnation of a row, for its job ids: its creation time in ms, base 36. A database restored from a backup
 * hands out the same sweep and report ids again while Redis keeps the old jobs (BullMQ silently drops an add whose
 * id exists); the new row's creation time differs, so its ids do too, while a redelivery of the same row's job
 * computes the same id.
 */
export const incarnation = (createdAt: Date): string => createdAt.getTime().toString(36);

const round = (r: number) => (r > 0 ? `-r${r}` : '');

/** Deterministic job ids (no ":"). `round` > 0: the reaper's n-th re-drive (a fresh id beside the lost one). */
export const jobIds = {
  sweepStart: (sweepId: number, createdAt: Date, r = 0) =>
    `sweep-${sweepId}-${incarnation(createdAt)}-start${round(r)}`,
  evaluateBatch: (sweepId: number, createdAt: Date, batchNo: number, r = 0) =>
    `sweep-${sweepId}-${incarnation(createdAt)}-batch-${batchNo}${round(r)}`,
  evaluateEmployer: (employerId: number) => `employer-${employerId}-evaluate`,
  processSelfReport: (selfReportId: number, receivedAt: Date, r = 0) =>
    `self-report-${selfReportId}-${incarnation(receivedAt)}${round(r)}`,
  processBpjsLoad: (loadId: number, receivedAt: Date) => `bpjs-load-${loadId}-${incarnation(receivedAt)}`,
  purgeBpjsLoad: (loadId: number, receivedAt: Date) =>
    `bpjs-load-${loadId}-${incarnation(receivedAt)}-deleted`,
  deliverAlert: (deliveryId: number, attempt: number) => `delivery-${deliveryId}-${attempt}`,
  checkEscalations: (tick: string) => `escalations-${tick.replace(/[^0-9A-Za-z]/g, '')}`,
  sendDigest: (tick: string) => `digest-${tick.replace(/[^0-9A-Za-z]/g, '')}`,
};
