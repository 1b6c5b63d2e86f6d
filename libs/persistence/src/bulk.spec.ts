import { byteRuns, ROW_SHAPES, shapedChunks, valueBytes } from './bulk';

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
