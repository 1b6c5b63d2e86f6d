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
 * Where a small sweep's batches start, as indexes into its employers (in id order, with their contract counts): cut
 * into min(k, employers) batches, no fewer, balanced by contracts and by employers at once (an employer weighs its
 * share of the sweep's contracts plus its share of its employers, and a batch starts at the employer whose middle
 * passes the next k-th of the whole). Pure and deterministic. A very large employer fills its batch alone and the
 * batches after it are cut as the rest allows; no batch is ever empty.
 */
export function balancedStarts(counts: readonly number[], k: number): number[] {
  const n = counts.length;
  const groups = Math.min(Math.max(1, Math.floor(k)), n);
  if (!n) return [];
  const contracts = counts.reduce((a, c) => a + c, 0);
  const weight = (c: number) => (contracts ? c / contracts : 0) + 1 / n;
  const total = contracts ? 2 : 1;
  const starts = [0];
  let before = weight(counts[0]!);
  for (let j = 1; j < n && starts.length < groups; j++) {
    const w = weight(counts[j]!);
    // As many employers left as batches still to open: each opens one. Else the next k-th boundary decides.
    if (n - j <= groups - starts.length || before + w / 2 >= (starts.length * total) / groups) starts.push(j);
    before += w;
  }
  return starts;
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

  /** Adds the next employer; `newBatch` closes the current batch first (a balanced cut, balancedStarts). */
  add(employerId: number, contracts: number, newBatch = false): void {
    const c = this.current;
    if (
      c.employerIds.length &&
      (newBatch ||
        this.weight + contracts > this.limits.contracts ||
        c.employerIds.length >= this.limits.employers)
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

/**
 * The first plan of a sweep's employers (in id order, with their contract counts): batches cut at the configured
 * limits, except that a sweep those would cut into fewer than `minBatches` batches (an incremental night with few
 * changes, a district) is cut at balancedStarts into min(minBatches, employers) batches of about equal work (more
 * only where a configured limit still closes one), each a job another worker can take: the pool shares it instead
 * of one worker doing most of it. A large sweep keeps the configured batches. Chunks are cut at the chunk limit.
 */
export function planSweep(
  ids: readonly number[],
  counts: readonly number[],
  limits: BatchLimits,
  minBatches: number,
): PlannedBatch[] {
  const cut = (starts?: ReadonlySet<number>) => {
    const planner = new BatchPlanner(limits);
    for (let i = 0; i < ids.length; i++) planner.add(ids[i]!, counts[i]!, starts?.has(i) ?? false);
    return planner.finish();
  };
  const configured = cut();
  if (configured.length >= Math.min(minBatches, ids.length)) return configured;
  return cut(new Set(balancedStarts(counts, minBatches)));
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
