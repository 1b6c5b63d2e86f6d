import { ROW_SHAPES, shapedChunks } from './bulk';

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
