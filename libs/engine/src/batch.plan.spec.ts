import fc from 'fast-check';
import {
  BatchLimits,
  BatchPlanner,
  chunkIds,
  FixedPlanner,
  limitsForSweep,
  PlannedBatch,
} from './batch.plan';

const plan = (limits: BatchLimits, sizes: number[]): PlannedBatch[] => {
  const p = new BatchPlanner(limits);
  sizes.forEach((n, i) => p.add(i + 1, n));
  return p.finish();
};

describe('BatchPlanner', () => {
  const limits = { employers: 3, contracts: 100, chunkContracts: 40 };

  it('cuts batches at the contract budget and chunks at the chunk budget, never splitting an employer', () => {
    expect(plan(limits, [30, 20, 45, 10, 200, 5])).toEqual([
      // 30 + 20 > 40 closes a chunk; 45 would pass 40 again; 30 + 20 + 45 = 95 ≤ 100 stays one batch of 3 employers
      { employerIds: [1, 2, 3], chunks: [1, 1, 1] },
      // 10 + 200 > 100: the large employer gets a batch (and a chunk) of its own
      { employerIds: [4], chunks: [1] },
      { employerIds: [5], chunks: [1] },
      { employerIds: [6], chunks: [1] },
    ]);
  });

  it('closes a batch at the employer limit and keeps small employers together in one chunk', () => {
    expect(plan(limits, [1, 2, 3, 4, 5, 6, 7])).toEqual([
      { employerIds: [1, 2, 3], chunks: [3] },
      { employerIds: [4, 5, 6], chunks: [3] },
      { employerIds: [7], chunks: [1] },
    ]);
    expect(plan(limits, [])).toEqual([]);
  });

  it('keeps every employer once, in order, within every limit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 300 }), { maxLength: 200 }),
        fc.record({
          employers: fc.integer({ min: 1, max: 20 }),
          contracts: fc.integer({ min: 1, max: 500 }),
          chunkContracts: fc.integer({ min: 1, max: 500 }),
        }),
        (sizes, l) => {
          const batches = plan(l, sizes);
          expect(batches.flatMap((b) => b.employerIds)).toEqual(sizes.map((_, i) => i + 1));
          for (const b of batches) {
            expect(b.employerIds.length).toBeGreaterThan(0);
            expect(b.employerIds.length).toBeLessThanOrEqual(l.employers);
            expect(b.chunks.reduce((a, n) => a + n, 0)).toBe(b.employerIds.length);
            const weight = (ids: number[]) => ids.reduce((a, id) => a + sizes[id - 1]!, 0);
            // Over a budget only when one employer alone is over it.
            if (b.employerIds.length > 1) expect(weight(b.employerIds)).toBeLessThanOrEqual(l.contracts);
            for (const chunk of chunkIds(b.employerIds, b.chunks)) {
              expect(chunk.length).toBeGreaterThan(0);
              if (chunk.length > 1) expect(weight(chunk)).toBeLessThanOrEqual(l.chunkContracts);
            }
          }
        },
      ),
    );
  });
});

describe('limitsForSweep', () => {
  const limits = { employers: 200, contracts: 4000, chunkContracts: 1500 };
  const total = (sizes: number[]) => ({
    employers: sizes.length,
    contracts: sizes.reduce((a, n) => a + n, 0),
  });

  it('keeps the configured limits for a sweep larger than the minimum number of batches', () => {
    expect(limitsForSweep(limits, { employers: 4000, contracts: 442_000 }, 4)).toEqual(limits);
    expect(limitsForSweep(limits, { employers: 10, contracts: 100 }, 1)).toEqual(limits);
  });

  it('cuts a small sweep (43 employers, 4,730 contracts: two batches by the defaults) into four or more', () => {
    const sizes = Array.from({ length: 43 }, () => 110);
    expect(plan(limits, sizes)).toHaveLength(2);
    const l = limitsForSweep(limits, total(sizes), 4);
    expect(l).toEqual({ employers: 10, contracts: 1182, chunkContracts: 1500 });
    const batches = plan(l, sizes);
    expect(batches).toHaveLength(5);
    // Balanced: no batch holds more than a fifth and a bit of the work.
    for (const b of batches) expect(b.employerIds.length).toBeLessThanOrEqual(10);
  });

  it('gives at least min(employers, minBatches) batches, each within the configured limits (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 300 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 16 }),
        fc.record({
          employers: fc.integer({ min: 1, max: 50 }),
          contracts: fc.integer({ min: 1, max: 5000 }),
          chunkContracts: fc.integer({ min: 1, max: 500 }),
        }),
        (sizes, k, configured) => {
          const l = limitsForSweep(configured, total(sizes), k);
          expect(l.employers).toBeLessThanOrEqual(configured.employers);
          expect(l.contracts).toBeLessThanOrEqual(configured.contracts);
          expect(l.chunkContracts).toBe(configured.chunkContracts);
          const batches = plan(l, sizes);
          expect(batches.length).toBeGreaterThanOrEqual(Math.min(sizes.length, k));
          expect(batches.flatMap((b) => b.employerIds)).toEqual(sizes.map((_, i) => i + 1));
        },
      ),
    );
  });
});

describe('chunkIds', () => {
  it('cuts ids by the chunk sizes, and falls back to one chunk when the sizes do not fit', () => {
    expect(chunkIds([1, 2, 3, 4], [1, 3])).toEqual([[1], [2, 3, 4]]);
    expect(chunkIds([1, 2, 3], undefined)).toEqual([[1, 2, 3]]);
    expect(chunkIds([1, 2, 3], [2, 2])).toEqual([[1, 2, 3]]);
    expect(chunkIds([1, 2], [0, 2])).toEqual([[1, 2]]);
    expect(chunkIds([], [])).toEqual([]);
  });
});

describe('FixedPlanner', () => {
  const limits = { employers: 3, contracts: 100, chunkContracts: 40 };
  const fixed = (starts: number[], sizes: number[], chunk = limits.chunkContracts) => {
    const p = new FixedPlanner(starts, chunk);
    sizes.forEach((n, i) => p.add(i + 1, n));
    return p.finish();
  };

  it('re-cuts a sweep at its stored batch starts: the same batches as the first plan, whatever the counts now', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 60 }),
        (sizes, later) => {
          const first = plan(limits, sizes);
          const starts = first.map((b) => b.employerIds[0]!);
          // Same counts: exactly the first plan, chunks included.
          expect(fixed(starts, sizes)).toEqual(first);
          // Other counts now (contracts reported meanwhile): the same employers in the same batch numbers.
          const now = sizes.map((n, i) => later[i] ?? n);
          const again = fixed(starts, now);
          expect(again.map((b) => b.employerIds)).toEqual(first.map((b) => b.employerIds));
          for (const b of again) expect(chunkIds(b.employerIds, b.chunks).flat()).toEqual(b.employerIds);
        },
      ),
    );
  });

  it('keeps an empty batch where its employers are gone, so batch numbers hold', () => {
    const p = new FixedPlanner([1, 5, 9], 40);
    for (const id of [1, 2, 9]) p.add(id, 1);
    expect(p.finish()).toEqual([
      { employerIds: [1, 2], chunks: [2] },
      { employerIds: [], chunks: [] },
      { employerIds: [9], chunks: [1] },
    ]);
  });
});
