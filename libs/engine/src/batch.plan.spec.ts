import fc from 'fast-check';
import {
  BatchLimits,
  BatchPlanner,
  chunkIds,
  balancedStarts,
  FixedPlanner,
  PlannedBatch,
  planSweep,
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

describe('planSweep', () => {
  const limits = { employers: 200, contracts: 4000, chunkContracts: 1500 };
  const sweep = (sizes: number[], k: number, l: BatchLimits = limits) =>
    planSweep(
      sizes.map((_, i) => i + 1),
      sizes,
      l,
      k,
    );
  const contracts = (b: PlannedBatch, sizes: number[]) =>
    b.employerIds.reduce((a, id) => a + sizes[id - 1]!, 0);

  it('keeps the configured batches for a sweep of at least the minimum number of them', () => {
    const sizes = Array.from({ length: 4000 }, (_, i) => 50 + (i % 120));
    expect(sweep(sizes, 4)).toEqual(plan(limits, sizes));
    expect(sweep([10, 20, 30], 1)).toEqual(plan(limits, [10, 20, 30]));
  });

  it('cuts a small sweep (43 employers, 4,730 contracts: two batches by the defaults) into exactly four, balanced', () => {
    const sizes = Array.from({ length: 43 }, (_, i) => 60 + ((i * 37) % 100));
    expect(plan(limits, sizes).length).toBeLessThan(4);
    const batches = sweep(sizes, 4);
    expect(batches).toHaveLength(4);
    const total = sizes.reduce((a, n) => a + n, 0);
    for (const b of batches) {
      // About a quarter of the work each, by contracts and by employers.
      expect(contracts(b, sizes)).toBeGreaterThan(total / 4 - 160);
      expect(contracts(b, sizes)).toBeLessThan(total / 4 + 160);
      expect(b.employerIds.length).toBeGreaterThanOrEqual(9);
      expect(b.employerIds.length).toBeLessThanOrEqual(12);
    }
    // Two workers: two batches, not more.
    expect(sweep(sizes, 2)).toHaveLength(2);
  });

  it('gives a very large employer a batch of its own and still min(employers, k) batches', () => {
    const batches = sweep([5, 5, 3000, 5, 5, 5], 4);
    expect(batches.map((b) => b.employerIds)).toEqual([[1, 2], [3], [4], [5, 6]]);
  });

  it('gives at least min(employers, k) batches, every employer once in order, within the configured limits (property)', () => {
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
          const batches = sweep(sizes, k, configured);
          const alone = plan(configured, sizes);
          expect(batches.length).toBeGreaterThanOrEqual(Math.min(sizes.length, k));
          expect(batches.length).toBeGreaterThanOrEqual(alone.length);
          // A small sweep gets exactly min(employers, k) unless a configured limit closes one more.
          if (alone.length < Math.min(sizes.length, k) && alone.length <= 1)
            expect(batches.length).toBe(Math.min(sizes.length, k));
          expect(batches.flatMap((b) => b.employerIds)).toEqual(sizes.map((_, i) => i + 1));
          for (const b of batches) {
            expect(b.employerIds.length).toBeGreaterThan(0);
            expect(b.employerIds.length).toBeLessThanOrEqual(configured.employers);
            if (b.employerIds.length > 1)
              expect(contracts(b, sizes)).toBeLessThanOrEqual(configured.contracts);
          }
        },
      ),
    );
  });
});

describe('balancedStarts', () => {
  it('starts min(k, n) batches, the first at 0, strictly increasing (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 10_000 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 32 }),
        (c, k) => {
          const s = balancedStarts(c, k);
          expect(s).toHaveLength(Math.min(k, c.length));
          if (c.length) expect(s[0]).toBe(0);
          for (let i = 1; i < s.length; i++) expect(s[i]!).toBeGreaterThan(s[i - 1]!);
          if (s.length) expect(s[s.length - 1]!).toBeLessThan(c.length);
        },
      ),
    );
  });

  it('cuts equal employers evenly', () => {
    expect(balancedStarts([10, 10, 10, 10, 10, 10, 10, 10], 4)).toEqual([0, 2, 4, 6]);
    expect(balancedStarts([0, 0, 0, 0], 2)).toEqual([0, 2]);
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
