import { INestApplication } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { writeFileSync } from 'fs';
import fc from 'fast-check';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { OpenApiDoc, ResponseValidator } from '../support/openapi-validator';
import { TestStack } from '../support/stack';

/**
 * Shared pieces of the fuzz suites (issue #16): a fixed seed and run count (FUZZ_SEED, FUZZ_RUNS), the API built
 * as it runs with its real logger at debug into a buffer, an unhandled-rejection watch on the real process, requests
 * through Fastify's inject (no sockets), a small OpenAPI schema → fast-check arbitrary mapper, body mutations, and
 * the checks every response must pass.
 */

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 16016);
/** Runs per (operation, principal) in routes.e2e-spec.ts; per property in self-reports.e2e-spec.ts (× 4). */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 6));
/** fast-check options: the seed (so a failure is replayed with FUZZ_SEED=<seed>), and the counterexample printed. */
export function fuzzOptions<T>(numRuns: number, salt = 0): fc.Parameters<T> {
  return {
    seed: FUZZ_SEED + salt,
    numRuns,
    verbose: 1,
    // Shrinking replays requests against the live API; FUZZ_SHRINK=0 reports the first counterexample as found.
    endOnFailure: process.env.FUZZ_SHRINK === '0',
  };
}

/** `arb` one time in `oneIn`, else null (fc.option's freq is the other way round: the chance of null). */
export const sometimes = <T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

/** A valid NIK (region 640801, birth date DDMMYY with women's DD + 40, serial). */
export const validNik = fc
  .record({
    day: fc.integer({ min: 1, max: 28 }),
    female: fc.boolean(),
    month: fc.integer({ min: 1, max: 12 }),
    year: fc.integer({ min: 0, max: 99 }),
    serial: fc.integer({ min: 1, max: 9999 }),
  })
  .map(
    ({ day, female, month, year, serial }) =>
      `640801${String(day + (female ? 40 : 0)).padStart(2, '0')}${String(month).padStart(2, '0')}` +
      `${String(year).padStart(2, '0')}${String(serial).padStart(4, '0')}`,
  );

/** Strings that break naive code: unicode, control characters, SQL and path tricks, huge numbers. */
export const nastyString = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '1e3',
    '0x10',
    '9007199254740993',
    '99999999999999999999999999',
    '-9223372036854775809',
    'NaN',
    'Infinity',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    "' OR 1=1 --",
    '%00',
    '\u0000',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '😀👩‍👩‍👧',
    'ñ\u202e\ufeff',
    ' ',
    '6408014107950003',
    '640801410795000',
    '64080141079500031',
    '2024-02-30',
    '2024-13-01',
    'me',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
);

/** A path segment: anything but empty or a dot segment (a URL parser would resolve those before the server). */
export const pathSegment = (valid: fc.Arbitrary<string>) =>
  fc
    .oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: nastyString })
    .filter((s) => s.length > 0 && !/^(\.|%2e){1,2}$/i.test(s) && isEncodable(s));

export function isEncodable(s: string): boolean {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// OpenAPI schema → arbitrary

type Json = Record<string, unknown>;
export interface Operation {
  method: string;
  path: string;
  op: {
    parameters?: { name: string; in: string; required?: boolean; schema?: Json }[];
    requestBody?: { content?: Record<string, { schema?: Json }> };
    responses?: Record<string, unknown>;
    security?: unknown[];
  };
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) out.push({ method, path, op: op as Operation['op'] });
  return out;
}

/** Values by property name, so generated bodies are often valid (and reach past validation). */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

const calendarDate = fc
  .date({ min: new Date('1950-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

export class SchemaArbitraries {
  constructor(
    private readonly doc: OpenApiDoc & { components?: { schemas?: Record<string, Json> } },
    private readonly hints: Hints = {},
  ) {}

  private resolve(s: Json): Json {
    const ref = s.$ref as string | undefined;
    if (!ref) return s;
    const name = ref.replace('#/components/schemas/', '');
    return (this.doc.components?.schemas?.[name] ?? {}) as Json;
  }

  /** An arbitrary of values conforming to the schema (mostly: hints may bend it toward the domain). */
  of(schema: Json | undefined, depth = 0, name?: string): fc.Arbitrary<unknown> {
    if (!schema || depth > 6) return fc.constant(null);
    if (name && this.hints[name]) return this.hints[name];
    const s = this.resolve(schema);
    let base: fc.Arbitrary<unknown>;
    const alts = (s.oneOf ?? s.anyOf) as Json[] | undefined;
    if (alts?.length) base = fc.oneof(...alts.map((a) => this.of(a, depth + 1, name)));
    else if (Array.isArray(s.allOf) && s.allOf.length) base = this.of(s.allOf[0] as Json, depth + 1, name);
    else if (Array.isArray(s.enum) && s.enum.length) base = fc.constantFrom(...(s.enum as unknown[]));
    else base = this.byType(s, depth);
    return s.nullable ? fc.option(base, { nil: null, freq: 6 }) : base;
  }

  private byType(s: Json, depth: number): fc.Arbitrary<unknown> {
    const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
    switch (type) {
      case 'string': {
        if (s.format === 'date') return calendarDate;
        if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
        if (s.format === 'email') return fc.emailAddress();
        const minLength = Number(s.minLength ?? 0);
        const maxLength = Math.min(Number(s.maxLength ?? 40), Math.max(minLength, 200));
        return fc.string({ minLength, maxLength });
      }
      case 'integer':
      case 'number':
        return fc.integer({
          min: s.minimum === undefined ? -5 : Number(s.minimum),
          max: s.maximum === undefined ? 100_000_000 : Math.min(Number(s.maximum), Number.MAX_SAFE_INTEGER),
        });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.of(s.items as Json, depth + 1), {
          minLength: Number(s.minItems ?? 0),
          maxLength: Math.min(Number(s.maxItems ?? 3), 3),
        });
      case 'object': {
        const props = (s.properties ?? {}) as Record<string, Json>;
        const required = (s.required ?? []) as string[];
        if (!Object.keys(props).length) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue());
        return fc.record(
          Object.fromEntries(Object.entries(props).map(([k, v]) => [k, this.of(v, depth + 1, k)])),
          { requiredKeys: required.filter((r) => r in props) },
        );
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  /** A value for a query or path parameter, written as it travels (a string). */
  param(schema: Json | undefined, name: string): fc.Arbitrary<string> {
    return this.of(schema, 0, name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations of a valid JSON value

const odd = fc.oneof(
  fc.constantFrom<unknown>(null, 0, -1, 1.5, 1e308, -1e308, '', true, false, [], {}, [null], { '': null }),
  fc.constant('x'.repeat(70_000)),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer().map((n) => n * 1_000_000_000),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Nested `depth` deep, as JSON text (no recursion in the generator itself). */
export const deepJson = (depth: number, leaf = '1') => '['.repeat(depth) + leaf + ']'.repeat(depth);

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'drop'; at: number }
  | { kind: 'extra'; at: number; key: string; value: unknown }
  | { kind: 'wrap'; at: number }
  | { kind: 'deep'; at: number; depth: number }
  | { kind: 'dupe'; at: number; times: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: odd }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('extra' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', 'employerId', 'role'), fc.string()),
    value: odd,
  }),
  fc.record({ kind: fc.constant('wrap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('deep' as const), at: fc.nat(), depth: fc.constantFrom(50, 3000) }),
  fc.record({ kind: fc.constant('dupe' as const), at: fc.nat(), times: fc.constantFrom(2, 500) }),
);

/** The containers of a JSON value (objects and arrays), depth first. */
function containers(v: unknown, out: (Json | unknown[])[] = []): (Json | unknown[])[] {
  if (v && typeof v === 'object') {
    out.push(v as Json);
    for (const c of Object.values(v as Json)) containers(c, out);
  }
  return out;
}

const DEEP = '\u0000deep\u0000';

/** Applies the mutations to a copy of `value` and returns the JSON text (deep nesting is spliced in as text). */
export function mutateJson(value: unknown, mutations: Mutation[]): string {
  const root = { v: structuredClone(value) as unknown };
  const deep: string[] = [];
  for (const m of mutations) {
    const all = containers(root);
    const target = all[m.at % all.length]!;
    const keys = Object.keys(target);
    const key = keys.length ? keys[m.at % keys.length]! : undefined;
    const set = (k: string, v: unknown) => {
      if (Array.isArray(target)) target[Number(k)] = v;
      else
        Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
    };
    switch (m.kind) {
      case 'replace':
        if (key !== undefined) set(key, m.value);
        break;
      case 'drop':
        if (key !== undefined) {
          if (Array.isArray(target)) target.splice(Number(key), 1);
          else delete target[key];
        }
        break;
      case 'extra':
        if (Array.isArray(target)) target.push(m.value);
        else set(m.key, m.value);
        break;
      case 'wrap':
        if (key !== undefined) set(key, [(target as Json)[key]]);
        break;
      case 'deep':
        if (key !== undefined) {
          deep.push(deepJson(m.depth, JSON.stringify((target as Json)[key]) ?? 'null'));
          set(key, `${DEEP}${deep.length - 1}`);
        }
        break;
      case 'dupe':
        if (Array.isArray(target) && target.length) {
          const copy = target.slice();
          for (let i = 1; i < m.times; i++) target.push(...copy);
        }
        break;
    }
  }
  const text = JSON.stringify(root.v) ?? 'null';
  return text.replace(/"\\u0000deep\\u0000(\d+)"/g, (_, i: string) => deep[Number(i)]!);
}

// ---------------------------------------------------------------------------------------------------------------
// Requests, logs and checks

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}
export interface Received {
  status: number;
  type: string;
  body: string;
  headers: Record<string, unknown>;
}

const NIK_RE = /(?<!\d)\d{16}(?!\d)/g;

export class FuzzApi {
  app!: INestApplication;
  validator!: ResponseValidator;
  doc!: OpenApiDoc;
  /** Every log line the API wrote (pino, through its masking stream), and anything on the console. */
  readonly logs: string[] = [];
  /** Every 16-digit number sent (a NIK or not): none may appear whole in a log line. */
  readonly sentNiks = new Set<string>();
  readonly unhandled: string[] = [];
  private spies: jest.SpyInstance[] = [];
  private unwatch?: () => void;
  private logsChecked = 0;
  private forwarded = 0;

  constructor(readonly stack: TestStack) {}

  /** The API as main.ts builds it (its pino logger on), logs captured, rejections watched. */
  async start(): Promise<this> {
    this.capture();
    const watch = (globalThis as { __watchUnhandledRejections?: (fn: (r: unknown) => void) => () => void })
      .__watchUnhandledRejections;
    if (!watch) throw new Error('run the fuzz suites in test/fuzz/environment.ts (see the docblock)');
    this.unwatch = watch((r) => this.unhandled.push(r instanceof Error ? (r.stack ?? r.message) : String(r)));
    this.app = this.stack.track(await createApiApp(this.stack.config));
    await this.app.init();
    this.app.flushLogs(); // as listen() does: Nest's buffered start-up logs out, its logger live from here
    await this.fastify().ready();
    this.doc = (JSON.parse((await this.send({ method: 'GET', url: '/api/docs-json', headers: {} })).body) ??
      {}) as OpenApiDoc;
    this.validator = new ResponseValidator(this.doc);
    return this;
  }

  stop(): void {
    // FUZZ_LOG_FILE=<path>: the captured log lines, to read a failure's stack.
    if (process.env.FUZZ_LOG_FILE) writeFileSync(process.env.FUZZ_LOG_FILE, this.logs.join('\n'));
    this.unwatch?.();
    this.spies.splice(0).forEach((s) => s.mockRestore());
  }

  private capture() {
    const grab =
      (passthrough?: (chunk: unknown, ...rest: unknown[]) => boolean) =>
      (chunk: unknown, ...rest: unknown[]) => {
        const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
        // jest's own reporter writes here too: pass its output on, keep the API's (JSON lines).
        if (passthrough && !text.startsWith('{')) return passthrough(chunk, ...rest);
        this.logs.push(text);
        return true;
      };
    const out = process.stdout.write.bind(process.stdout) as (c: unknown, ...r: unknown[]) => boolean;
    const err = process.stderr.write.bind(process.stderr) as (c: unknown, ...r: unknown[]) => boolean;
    this.spies.push(jest.spyOn(process.stdout, 'write').mockImplementation(grab(out) as never));
    this.spies.push(jest.spyOn(process.stderr, 'write').mockImplementation(grab(err) as never));
    for (const m of ['log', 'error', 'warn', 'info', 'debug'] as const)
      this.spies.push(
        jest
          .spyOn(console, m)
          .mockImplementation((...a: unknown[]) =>
            this.logs.push(
              a.map((x) => (x instanceof Error ? `${x.message} ${x.stack}` : String(x))).join(' '),
            ),
          ),
      );
  }

  fastify() {
    return (this.app as NestFastifyApplication).getHttpAdapter().getInstance();
  }

  /** One request through Fastify's inject; a fresh X-Forwarded-For unless the request sets one (per-IP limits). */
  async send(req: Sent): Promise<Received> {
    const text = `${req.url}\n${JSON.stringify(req.headers)}\n${
      req.payload === undefined
        ? ''
        : Buffer.isBuffer(req.payload)
          ? req.payload.toString('latin1')
          : req.payload
    }`;
    for (const m of text.matchAll(NIK_RE)) this.sentNiks.add(m[0]);
    for (const m of decodeSafe(req.url).matchAll(NIK_RE)) this.sentNiks.add(m[0]);
    const n = ++this.forwarded;
    const headers: Record<string, string> = {
      'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      ...Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v])),
    };
    const res = await this.fastify().inject({
      method: req.method.toUpperCase() as 'GET',
      url: req.url,
      headers,
      ...(req.payload === undefined ? {} : { payload: req.payload }),
    });
    return {
      status: res.statusCode,
      type: String(res.headers['content-type'] ?? ''),
      body: res.body,
      headers: res.headers,
    };
  }

  /** Log lines written since the last call that hold a number we sent whole (a NIK unmasked). */
  leakedNiks(): string[] {
    const fresh = this.logs.slice(this.logsChecked);
    this.logsChecked = this.logs.length;
    const leaks: string[] = [];
    for (const line of fresh)
      for (const m of line.matchAll(NIK_RE))
        if (this.sentNiks.has(m[0])) leaks.push(`${m[0]} in: ${line.slice(0, 300)}`);
    return leaks;
  }

  /**
   * What is wrong with this response to (method, path template): a 5xx; a status the operation does not document;
   * a 4xx that is not application/problem+json with type, title and the same status; a documented JSON body that
   * does not match its schema. Plus, for every call: an unhandled rejection, or a NIK we sent logged whole.
   */
  problems(method: string, template: string, res: Received): string[] {
    const out: string[] = [];
    const where = `${method.toUpperCase()} ${template} → ${res.status}`;
    if (res.status >= 500) out.push(`${where}: server error ${res.body.slice(0, 400)}`);
    const op = this.doc.paths[template]?.[method];
    const documented = op?.responses?.[String(res.status)];
    if (!documented)
      out.push(`${where}: status not documented (${Object.keys(op?.responses ?? {}).join(', ')})`);
    const type = res.type.split(';')[0]!.trim();
    if (res.status >= 400) {
      let body: { type?: unknown; title?: unknown; status?: unknown; errors?: unknown } | undefined;
      try {
        body = JSON.parse(res.body) as typeof body;
      } catch {
        body = undefined;
      }
      if (type !== 'application/problem+json')
        out.push(`${where}: content type ${res.type}, not problem+json`);
      if (
        !body ||
        typeof body.type !== 'string' ||
        typeof body.title !== 'string' ||
        body.status !== res.status ||
        (body.errors !== undefined && !Array.isArray(body.errors))
      )
        out.push(`${where}: not a problem body: ${res.body.slice(0, 300)}`);
    } else if (documented && type === 'application/json' && res.status !== 204) {
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        out.push(`${where}: body is not JSON`);
      }
      if (body !== undefined)
        out.push(...this.validator.errors(method, template, res.status, res.type, body));
    }
    out.push(...this.unhandled.splice(0).map((u) => `unhandled rejection: ${u.slice(0, 500)}`));
    out.push(...this.leakedNiks().map((l) => `NIK logged whole: ${l}`));
    return out;
  }
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A multipart/form-data body with these files (name, file name, content) and form fields. */
export function multipart(
  files: { field: string; filename?: string; content: Buffer | string; type?: string }[],
  boundary = '----patuhfuzz7MA4YWxkTrZu0gW',
): { payload: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const f of files) {
    const disposition =
      `form-data; name="${f.field}"` + (f.filename === undefined ? '' : `; filename="${f.filename}"`);
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${f.type ?? 'text/csv'}\r\n\r\n`,
      ),
      Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content, 'utf8'),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Runs an async property; on failure returns fast-check's report (seed, path, counterexample) and the first
 * failure's message, instead of throwing.
 */
export async function check<T>(
  arb: fc.Arbitrary<T>,
  predicate: (v: T) => Promise<void>,
  params: fc.Parameters<[T]>,
): Promise<string | undefined> {
  let first: string | undefined;
  const details = await fc.check(
    fc.asyncProperty(arb, async (v) => {
      try {
        await predicate(v);
      } catch (e) {
        first ??= e instanceof Error ? e.message : String(e);
        throw e;
      }
    }),
    params,
  );
  if (!details.failed) return undefined;
  const report = fc.defaultReportMessage(details) ?? 'failed';
  return `${report.split('\n').slice(0, 3).join('\n').slice(0, 3000)}\nfirst failure: ${first}`;
}
