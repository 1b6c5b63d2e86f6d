/**
 * Contract chains (CONTRACT §6): a worker's contracts sorted by start (ties: end, then ref); the next contract
 * joins the chain when gapDays = next.start − previous.end − 1 ≤ pkwtChainGapDays, where "previous end" is the
 * latest end of the chain so far (so a contract overlapping a longer one still measures from the longer one)
 * and an open-ended previous contract always lets the next one join.
 */
import { formatDay, OPEN_END } from './dates';
import { compareContracts, prepareContracts, type PContract } from './prepared';
import type { ContractFact, IsoDate } from './types';

/** first: opens the chain; extension: starts the day after; renewal: starts after a gap; overlap: starts before the previous end. */
export type LinkKind = 'first' | 'extension' | 'renewal' | 'overlap';

export interface PChainLink {
  readonly contract: PContract;
  /** Days between the chain's end so far and this start (negative = overlap); null for the first link or after an open-ended contract. */
  readonly gapDays: number | null;
  readonly kind: LinkKind;
}

export interface PChain {
  readonly links: PChainLink[];
  readonly start: number;
  /** Latest end (OPEN_END when a contract is open-ended). */
  maxEnd: number;
}

/** Chains of already prepared and sorted contracts; with pkwtOnly, PKWTT contracts are left out entirely. */
export function chainPrepared(sorted: readonly PContract[], gapDays: number, pkwtOnly: boolean): PChain[] {
  const chains: PChain[] = [];
  let cur: PChain | null = null;
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i];
    if (pkwtOnly && !c.pkwt) continue;
    if (cur !== null) {
      if (cur.maxEnd >= OPEN_END) {
        cur.links.push({ contract: c, gapDays: null, kind: 'overlap' });
        continue;
      }
      const gap = c.s - cur.maxEnd - 1;
      if (gap <= gapDays) {
        cur.links.push({
          contract: c,
          gapDays: gap,
          kind: gap < 0 ? 'overlap' : gap === 0 ? 'extension' : 'renewal',
        });
        if (c.e > cur.maxEnd) cur.maxEnd = c.e;
        continue;
      }
    }
    cur = { links: [{ contract: c, gapDays: null, kind: 'first' }], start: c.s, maxEnd: c.e };
    chains.push(cur);
  }
  return chains;
}

/** The last day a chain runs: its latest end, an open-ended contract running to max(asOf, its start). */
export function chainLastDay(chain: PChain, asOfDay: number): number {
  let last = chain.start;
  for (let i = 0; i < chain.links.length; i++) {
    const c = chain.links[i].contract;
    const end = c.open ? (asOfDay > c.s ? asOfDay : c.s) : c.e;
    if (end > last) last = end;
  }
  return last;
}

export interface ContractChainLink {
  contract: ContractFact;
  gapDays: number | null;
  kind: LinkKind;
}

export interface ContractChain {
  chainStart: IsoDate;
  /** Latest end date of the chain; null when a contract in it is open-ended. */
  lastEnd: IsoDate | null;
  links: ContractChainLink[];
}

function toPublic(chains: PChain[]): ContractChain[] {
  return chains.map((ch) => ({
    chainStart: formatDay(ch.start),
    lastEnd: ch.maxEnd >= OPEN_END ? null : formatDay(ch.maxEnd),
    links: ch.links.map((l) => ({ contract: l.contract.fact, gapDays: l.gapDays, kind: l.kind })),
  }));
}

/** The chains of the given contracts (all types, any order), by the chain rule with `gapDays`. */
export function buildChains(contracts: readonly ContractFact[], gapDays: number): ContractChain[] {
  return toPublic(chainPrepared(prepareContracts(contracts), gapDays, false));
}

/**
 * The PKWT chains the chain rules judge: the PKWT contracts alone, chained by the gap rule. A PKWTT is not a
 * link and does not break a chain (docs/rules.md: a PKWTT after a chain ends it because no PKWT follows; a
 * short PKWTT slipped between PKWTs cannot reset the clock).
 */
export function buildPkwtChains(contracts: readonly ContractFact[], gapDays: number): ContractChain[] {
  return toPublic(chainPrepared(prepareContracts(contracts), gapDays, true));
}

export { compareContracts };
