/** A sweep batch: one job, one transaction. `chunks` counts how many of its employers, in order, are read at once. */
export interface PlannedBatch {
  employerIds: number[];
  chunks: number[];
}

export interface BatchLimits {
  /** Employers per batch at most (SWEEP_BATCH_SIZE). */
  employers: number;
  /** A batch closes before it would pass this many contracts (SWEEP_BATCH_CONTRACTS). */
  contracts: number;
  /** A chunk closes before it would pass this many contracts (SWEEP_CHUNK_CONTRACTS). */
  chunkContracts: number;
}

/**
 * The limits for a sweep of `employers` employers holding `contracts` contracts: the configured ones, tightened so a
 * sweep that would fit in fewer than `minBatches` batches is cut into at least that many (as many as it has
 * employers when fewer), balanced by contracts and by employers, each a job another worker can take. A small sweep
 * (an incremental night, a district) is then shared by the pool instead of falling on one worker; a large one keeps
 * the configured batches. Chunks are not touched.
 */
export function limitsForSweep(
  limits: BatchLimits,
  totals: { employers: number; contracts: number },
  minBatches: number,
): BatchLimits {
  if (minBatches <= 1) return limits;
  return {
    // Rounded down, so a sweep of at least `minBatches` employers gets at least that many batches.
    employers: Math.max(1, Math.min(limits.employers, Math.floor(totals.employers / minBatches))),
    contracts: Math.max(1, Math.min(limits.contracts, Math.floor(totals.contracts / minBatches))),
    chunkContracts: limits.chunkContracts,
  };
}

/**
 * Cuts a sweep's employers, fed in id order with their contract counts, into batches and chunks within batches.
 * Pure and deterministic, so a re-planned sweep gets the same batches. An employer larger than a limit gets a
 * chunk (and a batch) of its own; it is never split.
 */
export class BatchPlanner {
  readonly batches: PlannedBatch[] = [];
  private current: PlannedBatch = { employerIds: [], chunks: [] };
  private weight = 0;
  private chunkWeight = 0;
  private chunkLength = 0;

  constructor(private readonly limits: BatchLimits) {}

  add(employerId: number, contracts: number): void {
    const c = this.current;
    if (
      c.employerIds.length &&
      (this.weight + contracts > this.limits.contracts || c.employerIds.length >= this.limits.employers)
    )
      this.closeBatch();
    else if (this.chunkLength && this.chunkWeight + contracts > this.limits.chunkContracts) this.closeChunk();
    this.current.employerIds.push(employerId);
    this.weight += contracts;
    this.chunkWeight += contracts;
    this.chunkLength++;
  }

  finish(): PlannedBatch[] {
    if (this.current.employerIds.length) this.closeBatch();
    return this.batches;
  }

  private closeChunk(): void {
    if (this.chunkLength) this.current.chunks.push(this.chunkLength);
    this.chunkLength = 0;
    this.chunkWeight = 0;
  }

  private closeBatch(): void {
    this.closeChunk();
    this.batches.push(this.current);
    this.current = { employerIds: [], chunks: [] };
    this.weight = 0;
  }
}

/** The employer ids of a batch cut into its chunks (one chunk when `chunks` is absent or does not fit). */
export function chunkIds(employerIds: number[], chunks?: number[]): number[][] {
  if (!chunks?.length || chunks.some((n) => !Number.isInteger(n) || n < 1))
    return employerIds.length ? [employerIds] : [];
  if (chunks.reduce((a, b) => a + b, 0) !== employerIds.length) return [employerIds];
  const out: number[][] = [];
  let at = 0;
  for (const n of chunks) {
    out.push(employerIds.slice(at, at + n));
    at += n;
  }
  return out;
}

/**
 * Cuts a sweep's employers (fed in id order with their contract counts) at the batch starts stored when the sweep
 * first started, so a re-planned or re-driven sweep gets the same batches (same numbers, same employers) even when
 * contract counts, and so BatchPlanner's cuts, have changed since. Chunks are cut afresh (they bound a worker's
 * memory, not what a batch holds). A batch whose employers are all gone stays, empty, so numbering holds.
 */
export class FixedPlanner {
  private readonly batches: PlannedBatch[];
  private at = 0;
  private chunkWeight = 0;
  private chunkLength = 0;

  constructor(
    private readonly starts: readonly number[],
    private readonly chunkContracts: number,
  ) {
    this.batches = starts.map(() => ({ employerIds: [], chunks: [] }));
  }

  add(employerId: number, contracts: number): void {
    if (!this.batches.length) return;
    const before = this.at;
    while (this.at + 1 < this.starts.length && employerId >= this.starts[this.at + 1]!) this.at++;
    if (this.at !== before) this.closeChunk(before);
    else if (this.chunkLength && this.chunkWeight + contracts > this.chunkContracts) this.closeChunk(this.at);
    this.batches[this.at]!.employerIds.push(employerId);
    this.chunkWeight += contracts;
    this.chunkLength++;
  }

  finish(): PlannedBatch[] {
    if (this.batches.length) this.closeChunk(this.at);
    return this.batches;
  }

  private closeChunk(batch: number): void {
    if (this.chunkLength) this.batches[batch]!.chunks.push(this.chunkLength);
    this.chunkLength = 0;
    this.chunkWeight = 0;
  }
}
