import { lookup } from 'dns/promises';
import { isIP } from 'net';
import type { Env } from '@patuh/config';
import { normalizeIp } from './ip-normalize';

/**
 * Where webhooks may go (SSRF guard). Always refused: anything but http(s), URLs with credentials, link-local
 * (169.254.0.0/16, fe80::/10, which includes the cloud metadata address 169.254.169.254), other metadata
 * endpoints, "this network" (0.0.0.0/8, ::), multicast and reserved ranges. Private and loopback ranges are
 * allowed when WEBHOOK_ALLOW_PRIVATE is true (its default outside production). Hosts named in
 * WEBHOOK_ALLOWED_HOSTS are always allowed. Checked when a subscription is made (400) and before every send,
 * after DNS resolution (the delivery fails), and again on every connection the delivery opens (pinned-dispatcher.ts).
 * IPv6 spellings of IPv4 addresses (::ffff:7f00:1, ::127.0.0.1, NAT64, 6to4) are judged as that IPv4 address.
 * Ports: 80 and 443, plus WEBHOOK_ALLOWED_PORTS; any port outside production while that is unset.
 */
export type TargetEnv = Pick<Env, 'NODE_ENV' | 'WEBHOOK_ALLOW_PRIVATE' | 'WEBHOOK_ALLOWED_HOSTS'> &
  Partial<Pick<Env, 'WEBHOOK_ALLOWED_PORTS'>>;

const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata',
  'metadata.azure.internal',
  'instance-data',
]);
const METADATA_IPS = new Set(['169.254.169.254', '100.100.100.200', 'fd00:ec2::254', '168.63.129.16']);

export class TargetRefused extends Error {}

export function allowedHosts(env: TargetEnv): Set<string> {
  return new Set(
    env.WEBHOOK_ALLOWED_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
}

function allowPrivate(env: TargetEnv): boolean {
  return env.WEBHOOK_ALLOW_PRIVATE ?? env.NODE_ENV !== 'production';
}

/** null when the port may be used, else the reason. */
export function portProblem(port: number, env: TargetEnv): string | null {
  const listed = env.WEBHOOK_ALLOWED_PORTS?.trim();
  if (listed === '*' || (!listed && env.NODE_ENV !== 'production')) return null;
  if (port === 80 || port === 443) return null;
  if (listed && listed.split(',').some((p) => Number(p.trim()) === port)) return null;
  return `port ${port}, which is not allowed (80, 443 and WEBHOOK_ALLOWED_PORTS)`;
}

function v4(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** null when the address may be used, else the reason. */
export function addressProblem(ip: string, env: TargetEnv): string | null {
  const lower = normalizeIp(ip) ?? ip.toLowerCase().replace(/^\[|\]$/g, '');
  if (METADATA_IPS.has(lower)) return 'a cloud metadata address';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return addressProblem(mapped[1]!, env);
  const kind = isIP(lower);
  if (kind === 4) {
    const [a, b] = v4(lower) as [number, number, number, number];
    if (a === 169 && b === 254) return 'a link-local address';
    if (a === 0) return 'a "this network" address';
    if (a >= 224) return 'a multicast or reserved address';
    if (
      (a === 192 && b === 0 && (v4(lower)[2] === 0 || v4(lower)[2] === 2)) ||
      (a === 198 && (b === 18 || b === 19 || (b === 51 && v4(lower)[2] === 100))) ||
      (a === 203 && b === 0 && v4(lower)[2] === 113)
    )
      return 'a reserved or documentation address';
    const priv =
      a === 10 ||
      a === 127 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127);
    if (priv && !allowPrivate(env)) return 'a private or loopback address (WEBHOOK_ALLOW_PRIVATE is off)';
    return null;
  }
  if (kind === 6) {
    if (lower === '::') return 'the unspecified address';
    if (/^fe[89ab]/.test(lower)) return 'a link-local address';
    if (/^ff/.test(lower)) return 'a multicast address';
    if (/^2001:db8(:|$)/.test(lower) || /^100::/.test(lower) || /^2001:(0:|:)/.test(lower))
      return 'a reserved, documentation or Teredo address';
    const priv = lower === '::1' || /^f[cd]/.test(lower) || /^fe[c-f]/.test(lower);
    if (priv && !allowPrivate(env)) return 'a private or loopback address (WEBHOOK_ALLOW_PRIVATE is off)';
    return null;
  }
  return 'not an IP address';
}

/** Checks what can be checked without DNS; returns the parsed URL. Throws TargetRefused with the reason. */
export function checkTargetUrl(target: string, env: TargetEnv): URL {
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    throw new TargetRefused('is not a URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new TargetRefused('must be an http:// or https:// URL');
  if (u.username || u.password) throw new TargetRefused('must not carry credentials');
  const port = portProblem(Number(u.port || (u.protocol === 'https:' ? 443 : 80)), env);
  if (port) throw new TargetRefused(`uses ${port}`);
  const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (allowedHosts(env).has(host)) return u;
  if (METADATA_HOSTS.has(host)) throw new TargetRefused('points at a cloud metadata endpoint');
  if (isIP(host)) {
    const p = addressProblem(host, env);
    if (p) throw new TargetRefused(`points at ${p}`);
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    const p = addressProblem('127.0.0.1', env);
    if (p) throw new TargetRefused(`points at ${p}`);
  }
  return u;
}

/** Full check before a send: the URL, then every address its host resolves to. */
export async function checkTargetResolved(target: string, env: TargetEnv): Promise<URL> {
  const u = checkTargetUrl(target, env);
  const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (allowedHosts(env).has(host) || isIP(host)) return u;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (e) {
    throw new Error(
      `DNS lookup of ${host} failed: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      { cause: e },
    );
  }
  for (const a of addresses) {
    const p = addressProblem(a.address, env);
    if (p) throw new TargetRefused(`${host} resolves to ${a.address}, ${p}`);
  }
  return u;
}
