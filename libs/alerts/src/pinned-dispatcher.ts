import { lookup as dnsLookup, type LookupAddress } from 'dns';
import { isIP, type LookupFunction } from 'net';
import { Agent, buildConnector } from 'undici';
import { addressProblem, allowedHosts, portProblem, type TargetEnv } from './target-policy';

/**
 * The webhook delivery's connections (issue #16, item 1: DNS rebinding). The target was checked when the
 * subscription was made and before the send, but fetch resolves the name again; this dispatcher makes the
 * address the socket connects to the address that was checked: every connection resolves the host itself,
 * checks every address against the policy and connects only to allowed ones (none allowed: the connection
 * fails, nothing is sent). IP literals and the port are checked again per connection. Hosts named in
 * WEBHOOK_ALLOWED_HOSTS are trusted as the policy trusts them.
 */
export type Resolver = (
  host: string,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (host, callback) =>
  dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => callback(err, addresses ?? []));

export class TargetRefusedAtConnect extends Error {
  readonly code = 'ERR_WEBHOOK_TARGET_REFUSED';
  constructor(reason: string) {
    super(`target refused at connect: ${reason}`);
  }
}

/** A net/tls `lookup` that answers only with addresses the policy allows. */
export function pinnedLookup(env: TargetEnv, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const host = hostname.toLowerCase();
    resolve(host, (err, all) => {
      if (err) return callback(err, '', 0);
      const trusted = allowedHosts(env).has(host);
      const ok = all.filter(
        (a) =>
          (!options.family || a.family === options.family) && (trusted || !addressProblem(a.address, env)),
      );
      if (!ok.length) {
        const why = all.map((a) => `${a.address} (${addressProblem(a.address, env) ?? 'wrong family'})`);
        return callback(
          new TargetRefusedAtConnect(`${host} resolves to no allowed address: ${why.join(', ') || 'none'}`),
          '',
          0,
        );
      }
      if ((options as { all?: boolean }).all) return callback(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

/** An undici Agent whose every connection goes only to an address (and port) the policy allows. */
export function createPinnedDispatcher(env: TargetEnv, resolve?: Resolver): Agent {
  const base = buildConnector({ lookup: pinnedLookup(env, resolve) } as buildConnector.BuildOptions);
  const trusted = allowedHosts(env);
  return new Agent({
    connect: (opts, callback) => {
      const host = opts.hostname.toLowerCase().replace(/^\[|\]$/g, '');
      const port = Number(opts.port || (opts.protocol === 'https:' ? 443 : 80));
      const problem =
        portProblem(port, env) ?? (isIP(host) && !trusted.has(host) ? addressProblem(host, env) : null);
      if (problem)
        return callback(new TargetRefusedAtConnect(`${opts.hostname}:${port} is ${problem}`), null);
      return base(opts, callback);
    },
  });
}

/** The `dispatcher` of the global fetch's RequestInit (undici's Agent, typed by Node's bundled undici-types). */
export type FetchDispatcher = NonNullable<RequestInit['dispatcher']>;

const shared = new WeakMap<TargetEnv, FetchDispatcher>();

/** One pinned dispatcher per configuration (connections are pooled in it), for the global fetch. */
export function pinnedDispatcher(env: TargetEnv): FetchDispatcher {
  let d = shared.get(env);
  if (!d) shared.set(env, (d = createPinnedDispatcher(env) as unknown as FetchDispatcher));
  return d;
}
