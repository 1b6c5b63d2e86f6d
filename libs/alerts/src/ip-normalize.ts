import { isIP } from 'net';

/**
 * The one canonical spelling of an IP address, for the SSRF policy (issue #16): IPv4 dotted quad, or IPv6
 * compressed lower case without a zone. IPv6 addresses that carry an IPv4 address are reduced to that IPv4, so
 * the IPv4 ranges decide: IPv4-mapped (::ffff:a.b.c.d, any spelling: ::ffff:7f00:1, 0:0:0:0:0:ffff:127.0.0.1),
 * IPv4-compatible (::a.b.c.d, deprecated), SIIT (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96 and 64:ff9b:1::/48)
 * and 6to4 (2002:AABB:CCDD::/16). Returns null for anything that is not an IP address.
 */
export function normalizeIp(input: string): string | null {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const kind = isIP(s);
  if (kind === 4) return s.split('.').map(Number).join('.');
  if (kind !== 6) return null;
  const g = groups(s);
  if (!g) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (SIIT)
  if (zero(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(g[6]!, g[7]!);
  // ::a.b.c.d (compatible), but not :: and ::1
  if (zero(0, 6) && (g[6] !== 0 || g[7]! > 1)) return v4(g[6]!, g[7]!);
  // NAT64: 64:ff9b::/96 and the local-use 64:ff9b:1::/48
  if (g[0] === 0x64 && g[1] === 0xff9b && (zero(2, 6) || g[2] === 1)) return v4(g[6]!, g[7]!);
  // 6to4: 2002:AABB:CCDD::/16
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return compress(g);
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded dotted IPv4 tail is two groups). */
function groups(s: string): number[] | null {
  let text = s;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -tail[1]!.length) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string) => (h === '' ? [] : h.split(':').map((x) => parseInt(x, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const all = [...head, ...new Array<number>(Math.max(fill, 0)).fill(0), ...rest];
  if (all.length !== 8 || all.some((x) => !Number.isInteger(x) || x < 0 || x > 0xffff)) return null;
  return all;
}

/** RFC 5952 text: the longest run (2+) of zero groups becomes "::". */
function compress(g: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
