import { nestedDeeperThan } from './problem';

describe('nestedDeeperThan (the validation pipe refuses bodies nested past MAX_BODY_DEPTH)', () => {
  const nest = (depth: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  };

  it('counts levels of objects and arrays, scalars not', () => {
    expect(nestedDeeperThan(1, 0)).toBe(false);
    expect(nestedDeeperThan({}, 1)).toBe(false);
    expect(nestedDeeperThan({ a: [{ b: 'x' }] }, 3)).toBe(false);
    expect(nestedDeeperThan({ a: [{ b: 'x' }] }, 2)).toBe(true);
    expect(nestedDeeperThan(nest(32), 32)).toBe(false);
    expect(nestedDeeperThan(nest(33), 32)).toBe(true);
  });

  it('walks a body a hundred thousand deep without recursion', () => {
    expect(nestedDeeperThan(nest(100_000), 32)).toBe(true);
  });
});
