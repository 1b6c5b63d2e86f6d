import { buildChains, buildPkwtChains } from '../src';
import { contract } from './helpers';

describe('contract chains', () => {
  it('joins a contract after a gap of exactly pkwtChainGapDays and not one day more', () => {
    const a = contract('2024-01-01', '2024-06-30', { ref: 'A' });
    const joined = contract('2024-07-31', '2024-12-31', { ref: 'B' }); // 30 days: 07-01..07-30
    const split = contract('2024-08-01', '2024-12-31', { ref: 'B' }); // 31 days
    const c1 = buildChains([a, joined], 30);
    expect(c1).toHaveLength(1);
    expect(c1[0].links[1]).toMatchObject({ gapDays: 30, kind: 'renewal' });
    expect(buildChains([a, split], 30)).toHaveLength(2);
    expect(buildChains([a, split], 31)).toHaveLength(1);
    expect(buildChains([a, joined], 0)).toHaveLength(2);
  });

  it('calls the next-day contract an extension, a later one a renewal, an earlier one an overlap', () => {
    const chain = buildChains(
      [
        contract('2024-01-01', '2024-06-30', { ref: 'A' }),
        contract('2024-07-01', '2024-09-30', { ref: 'B' }),
        contract('2024-10-11', '2024-12-31', { ref: 'C' }),
        contract('2024-12-01', '2025-03-31', { ref: 'D' }),
      ],
      30,
    );
    expect(chain).toHaveLength(1);
    expect(chain[0].links.map((l) => [l.contract.ref, l.kind, l.gapDays])).toEqual([
      ['A', 'first', null],
      ['B', 'extension', 0],
      ['C', 'renewal', 10],
      ['D', 'overlap', -31],
    ]);
    expect(chain[0].chainStart).toBe('2024-01-01');
    expect(chain[0].lastEnd).toBe('2025-03-31');
  });

  it('measures the gap from the latest end so far, not the previous contract', () => {
    const chains = buildChains(
      [
        contract('2024-01-01', '2024-12-31', { ref: 'LONG' }),
        contract('2024-02-01', '2024-02-28', { ref: 'SHORT' }),
        contract('2025-01-10', '2025-06-30', { ref: 'NEXT' }),
      ],
      30,
    );
    expect(chains).toHaveLength(1);
    expect(chains[0].links[2]).toMatchObject({ gapDays: 9, kind: 'renewal' });
  });

  it('lets any contract join after an open-ended one', () => {
    const chains = buildChains(
      [contract('2020-01-01', null, { ref: 'OPEN' }), contract('2024-01-01', '2024-12-31')],
      30,
    );
    expect(chains).toHaveLength(1);
    expect(chains[0].lastEnd).toBeNull();
    expect(chains[0].links[1]).toMatchObject({ kind: 'overlap', gapDays: null });
  });

  it('sorts by start date whatever the input order (ties: end, then ref)', () => {
    const a = contract('2024-01-01', '2024-03-31', { ref: 'B' });
    const b = contract('2024-01-01', '2024-03-31', { ref: 'A' });
    const c = contract('2024-04-01', '2024-06-30', { ref: 'C' });
    const forward = buildChains([a, b, c], 30);
    const backward = buildChains([c, b, a], 30);
    expect(backward).toEqual(forward);
    expect(forward[0].links.map((l) => l.contract.ref)).toEqual(['A', 'B', 'C']);
  });

  it('leaves PKWTT contracts out of PKWT chains without breaking them', () => {
    const contracts = [
      contract('2020-01-01', '2021-12-31', { ref: 'P1' }),
      contract('2022-01-01', '2022-01-10', { ref: 'T', type: 'PKWTT' }),
      contract('2022-01-11', '2023-12-31', { ref: 'P2' }),
      contract('2024-01-01', null, { ref: 'PERM', type: 'PKWTT' }),
    ];
    const pkwt = buildPkwtChains(contracts, 30);
    expect(pkwt).toHaveLength(1);
    expect(pkwt[0].links.map((l) => l.contract.ref)).toEqual(['P1', 'P2']);
    expect(pkwt[0].links[1]).toMatchObject({ gapDays: 10, kind: 'renewal' });
    expect(buildChains(contracts, 30)[0].links).toHaveLength(4);
  });
});
