import { EntityManager } from 'typeorm';
import { SelfReportsRepository } from '@patuh/persistence';

/** Reading a stored submission's raw parts (self_report_parts, chunks of up to 4 MB), in the processing transaction. */
export class ReportParts {
  constructor(
    private readonly reports: SelfReportsRepository,
    private readonly m: EntityManager,
    readonly reportId: number,
  ) {}

  /** Chunks per part. */
  counts(): Promise<Map<string, number>> {
    return this.reports.countPartChunks(this.reportId, this.m);
  }

  /** The first two bytes of a part, as text (its layout). */
  head(part: string): Promise<string> {
    return this.reports.readPartHead(this.reportId, part, this.m);
  }

  /** The first chunk of a part (empty when missing). */
  async first(part: string): Promise<Buffer> {
    return (await this.reports.readPartChunk(this.reportId, part, 0, this.m)) ?? Buffer.alloc(0);
  }

  /** The part's chunks in order, one query each. */
  async *chunks(part: string, chunks: number): AsyncIterable<Buffer> {
    for (let seq = 0; seq < chunks; seq++) {
      const data = await this.reports.readPartChunk(this.reportId, part, seq, this.m);
      if (!data) throw new Error(`self-report ${this.reportId}: part ${part} chunk ${seq} is missing`);
      yield data;
    }
  }

  /** The part's chunks cut into small slices (see slices). */
  sliced(part: string, chunks: number): AsyncIterable<Buffer> {
    return slices(this.chunks(part, chunks));
  }

  /** The whole part in memory. */
  async whole(part: string, chunks: number): Promise<Buffer> {
    const bufs: Buffer[] = [];
    for await (const b of this.chunks(part, chunks)) bufs.push(b);
    return Buffer.concat(bufs);
  }
}

/**
 * Stored chunks (up to 4 MB) cut into 64 KB slices: a parser turns one write into all of its records at once,
 * so small writes keep the records in flight (and the worker's heap) small; backpressure does the rest.
 */
export async function* slices(chunks: AsyncIterable<Buffer>, size = 64 * 1024): AsyncIterable<Buffer> {
  for await (const chunk of chunks)
    for (let off = 0; off < chunk.length; off += size) yield chunk.subarray(off, off + size);
}
