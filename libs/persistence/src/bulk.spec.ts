import { budgetedChunkSizes, byteRuns, ROW_SHAPES, shapedChunks, valueBytes, valueBytesBound } from './bulk';

describe('shapedChunks', () => {
  it('covers every row once, in order, with chunk sizes from the fixed shapes only', () => {
    for (const n of [0, 1, 4, 5, 6, 99, 400, 401, 531, 1234]) {
      const rows = Array.from({ length: n }, (_, i) => i);
      const chunks = shapedChunks(rows);
      expect(chunks.flat()).toEqual(rows);
      for (const c of chunks) expect(ROW_SHAPES).toContain(c.length);
    }
    // Largest first: 531 = 400 + 100 + 25 + 5 + 1.
    expect(shapedChunks(Array.from({ length: 531 }, (_, i) => i)).map((c) => c.length)).toEqual([
      400, 100, 25, 5, 1,
    ]);
  });
});

describe('byteRuns', () => {
  it('cuts rows into consecutive runs within the byte budget, in order; an oversized row runs alone', () => {
    const rows = [3, 3, 3, 9, 1, 1, 12, 2];
    const runs = byteRuns(rows, (r) => r, 8);
    expect(runs).toEqual([[3, 3], [3], [9], [1, 1], [12], [2]]);
    expect(runs.flat()).toEqual(rows);
    expect(byteRuns([], (r: number) => r, 8)).toEqual([]);
  });

  it('estimates a row by its values: strings by UTF-8 bytes', () => {
    expect(valueBytes(['é'])).toBe(2 + 4);
    expect(valueBytes([1, null, 'ab'])).toBe(8 + 1 + 2 + 4);
  });
});

describe('budgetedChunkSizes', () => {
  const row = (s: string) => [s, 1, null];
  it('keeps the shaped chunks when their upper bound fits, counting no bytes', () => {
    const rows = Array.from({ length: 531 }, () => row('x'.repeat(10)));
    expect(budgetedChunkSizes(rows, 1_000_000)).toEqual([400, 100, 25, 5, 1]);
  });

  it('cuts a chunk whose bound passes the budget by its exact bytes, every chunk a shape and within budget', () => {
    // 400 rows of 100 ASCII characters: bound 3·100+4+8+1 = 313 bytes each, exactly 100+4+8+1 = 113.
    const rows = Array.from({ length: 400 }, () => row('a'.repeat(100)));
    const budget = 113 * 150; // exact: 150 rows a run; bound: 53 rows
    const sizes = budgetedChunkSizes(rows, budget);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(400);
    for (const s of sizes) expect(ROW_SHAPES).toContain(s);
    // Runs of 150 (exact), each shaped 100 + 25 + 25: not the 53-row runs a bound would have cut.
    expect(sizes.slice(0, 3)).toEqual([100, 25, 25]);
    let i = 0;
    for (const s of sizes) {
      expect(rows.slice(i, i + s).reduce((n, r) => n + valueBytes(r), 0)).toBeLessThanOrEqual(budget);
      i += s;
    }
  });

  it('bounds multi-byte text from above: 3 bytes a UTF-16 code unit', () => {
    for (const s of ['é', '€', '😀', 'Kutai Timur', 'ꦏꦸꦠꦻ']) {
      expect(valueBytesBound([s])).toBeGreaterThanOrEqual(valueBytes([s]));
    }
  });
});
