import { INestApplication } from '@nestjs/common';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { TestStack } from './support/stack';

// @apidevtools/swagger-parser is CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SwaggerParser = require('@apidevtools/swagger-parser') as { validate(doc: unknown): Promise<unknown> };

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses?: Record<string, unknown>; tags?: string[]; summary?: string }>
  >;
};

/** Every route of CONTRACT §2-§7 under /api/v1 (method, OpenAPI path). */
const CONTRACT_ROUTES: [string, string][] = [
  ['post', '/api/v1/auth/login'],
  ['post', '/api/v1/users'],
  ['post', '/api/v1/employers'],
  ['get', '/api/v1/employers'],
  ['get', '/api/v1/employers/{id}'],
  ['patch', '/api/v1/employers/{id}'],
  ['post', '/api/v1/employers/{id}/api-keys'],
  ['delete', '/api/v1/employers/{id}/api-keys/{keyId}'],
  ['post', '/api/v1/self-reports'],
  ['get', '/api/v1/self-reports/{id}'],
  ['get', '/api/v1/self-reports'],
  ['post', '/api/v1/sponsored-coverage'],
  ['post', '/api/v1/bpjs-records'],
  ['get', '/api/v1/bpjs-records/loads'],
  ['post', '/api/v1/sweeps'],
  ['get', '/api/v1/sweeps/{id}'],
  ['get', '/api/v1/cases'],
  ['get', '/api/v1/cases/{id}'],
  ['post', '/api/v1/cases/{id}/assign'],
  ['post', '/api/v1/cases/{id}/transition'],
  ['post', '/api/v1/cases/{id}/notes'],
  ['get', '/api/v1/employer/cases'],
  ['get', '/api/v1/stats'],
  ['post', '/api/v1/alert-subscriptions'],
  ['get', '/api/v1/alert-deliveries'],
];
/** Routes this issue adds beyond the contract's list; they must be present. */
const CASE_ROUTES: [string, string][] = [
  ['get', '/api/v1/cases'],
  ['get', '/api/v1/cases/{id}'],
  ['post', '/api/v1/cases/{id}/assign'],
  ['post', '/api/v1/cases/{id}/transition'],
  ['post', '/api/v1/cases/{id}/notes'],
  ['get', '/api/v1/cases/{id}/notice.pdf'],
  ['get', '/api/v1/employer/cases'],
  ['get', '/api/v1/employer/cases/{id}'],
  ['get', '/api/v1/stats'],
  ['get', '/api/v1/stats/annual'],
  ['get', '/api/v1/employers'],
  ['get', '/api/v1/employers/{id}'],
  // the inspectors' console (issue #14)
  ['get', '/api/v1/workers/{nik}'],
  ['get', '/api/v1/stats/trend'],
  ['get', '/api/v1/cases/counts'],
  ['get', '/api/v1/users'],
  ['get', '/api/v1/users/me'],
  ['get', '/api/v1/users/assignable'],
  ['patch', '/api/v1/users/{id}'],
  ['post', '/api/v1/users/{id}/password'],
  ['post', '/api/v1/auth/password'],
];

describe('OpenAPI document (/api/docs-json)', () => {
  const stack = new TestStack('openapi');
  let api: INestApplication;
  let doc: Doc;
  const served = new Set<string>();

  beforeAll(async () => {
    await stack.setup();
    // Every route Fastify registers (method, OpenAPI-style path), recorded as the app registers it.
    api = await stack.startApi((app) =>
      app
        .getHttpAdapter()
        .getInstance()
        .addHook('onRoute', (r) => {
          const path = r.url.replace(/:(\w+)/g, '{$1}');
          for (const m of [r.method].flat()) served.add(`${m.toLowerCase()} ${path}`);
        }),
    );
    const res = await request(api.getHttpServer()).get('/api/docs-json').expect(200);
    doc = res.body as Doc;
  });
  afterAll(() => stack.teardown());

  it('is a valid OpenAPI 3 document (swagger-parser)', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
  });

  it('documents every contract route the app serves, and every case, stats and employer route', () => {
    expect(served.size).toBeGreaterThan(10);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)),
    );
    const missing = CONTRACT_ROUTES.map(([m, p]) => `${m} ${p}`).filter(
      (r) => served.has(r) && !documented.has(r),
    );
    expect(missing).toEqual([]);
    expect(CASE_ROUTES.map(([m, p]) => `${m} ${p}`).filter((r) => !documented.has(r))).toEqual([]);
    // and every route served under /api/v1 is documented
    // (a catch-all such as /api/v1/{*path}, e.g. a 404 fallback, is not an API route)
    const undocumented = [...served].filter(
      (r) => /^(get|post|put|patch|delete) \/api\/v1\//.test(r) && !r.includes('{*') && !documented.has(r),
    );
    expect(undocumented).toEqual([]);
  });

  it('passes the Redocly recommended rules with no error and no warning (redocly.yaml)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'patuh-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const cli = require.resolve('@redocly/cli/bin/cli.js');
      const r = spawnSync(
        process.execPath,
        [cli, 'lint', file, '--config', join(__dirname, '..', 'redocly.yaml'), '--format=json'],
        {
          encoding: 'utf8',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
          timeout: 60_000,
        },
      );
      const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
      };
      const problems = out.problems.map(
        (p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`,
      );
      expect(problems).toEqual([]);
      expect(out.totals.errors).toBe(0);
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every operation a success response, and every success response with a body a schema', () => {
    const missing: string[] = [];
    for (const [p, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops)) {
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        if (ok.length === 0) missing.push(`${m} ${p}: no 2xx response`);
        for (const [code, r] of ok) {
          if (code === '204') continue;
          const content = (r as { content?: Record<string, { schema?: unknown }> }).content ?? {};
          if (!Object.values(content).some((c) => c.schema)) missing.push(`${m} ${p} ${code}: no schema`);
        }
      }
    expect(missing).toEqual([]);
  });

  it('describes the case routes with response schemas, parameters and error responses', () => {
    const list = doc.paths['/api/v1/cases']!.get!;
    expect(list.responses).toHaveProperty('200');
    const params = (list as unknown as { parameters: { name: string }[] }).parameters.map((p) => p.name);
    expect(params).toEqual(
      expect.arrayContaining([
        'status',
        'rule',
        'severity',
        'employerId',
        'district',
        'assigneeId',
        'nik',
        'limit',
        'cursor',
      ]),
    );
    const transition = doc.paths['/api/v1/cases/{id}/transition']!.post!;
    expect(Object.keys(transition.responses!)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409']),
    );
    const schemas = (
      doc as unknown as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }
    ).components.schemas;
    expect(Object.keys(schemas.CaseView!.properties!)).toEqual(
      expect.arrayContaining([
        'id',
        'rule',
        'severity',
        'status',
        'employerId',
        'employerName',
        'workerNik',
        'workerName',
        'summary',
        'evidence',
        'legalBasis',
        'firstDetectedAt',
        'lastDetectedAt',
        'resolvedAt',
        'resolution',
        'assigneeId',
        'dueAt',
      ]),
    );
    expect(doc.paths['/api/v1/cases/{id}/notice.pdf']!.get!.responses!['200']).toMatchObject({
      content: { 'application/pdf': expect.anything() },
    });
  });
});
