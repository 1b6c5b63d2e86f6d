/** BPJS Ketenagakerjaan programs as bit masks (cheap set operations in the hot path). */
import { PROGRAMS, type Program } from './types';

export const PROGRAM_BIT: Readonly<Record<Program, number>> = { JKK: 1, JKM: 2, JHT: 4, JP: 8, JKP: 16 };
/** Programs with an employer-paid contribution the estimates count (JKP has no extra employer cost). */
export const CHARGEABLE_MASK = PROGRAM_BIT.JKK | PROGRAM_BIT.JKM | PROGRAM_BIT.JHT | PROGRAM_BIT.JP;

/** Bit of one program name (0 for anything else); compares characters, not property lookups. */
export function programBit(p: string): number {
  if (p.length === 2) return p === 'JP' ? 8 : 0;
  if (p.length !== 3 || p.charCodeAt(0) !== 74 /* J */) return 0;
  const b = p.charCodeAt(1);
  const c = p.charCodeAt(2);
  if (b === 75 /* K */) return c === 75 ? 1 : c === 77 ? 2 : c === 80 ? 16 : 0; // JKK, JKM, JKP
  return b === 72 /* H */ && c === 84 /* T */ ? 4 : 0; // JHT
}

export function programMask(programs: readonly string[]): number {
  let mask = 0;
  for (let i = 0; i < programs.length; i++) {
    const p = programs[i];
    if (typeof p === 'string') mask |= programBit(p);
  }
  return mask;
}

/** The programs of a mask, in the canonical order JKK, JKM, JHT, JP, JKP. */
export function programsOf(mask: number): Program[] {
  const out: Program[] = [];
  for (const p of PROGRAMS) if (mask & PROGRAM_BIT[p]) out.push(p);
  return out;
}
