import { INestApplication } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'net';
import { chromium } from 'playwright-core';
import { withDatabase } from '@patuh/config';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { freePort, PrivateRedis, until } from '../support/faults/procs';
import { TestStack } from '../support/stack';
import { CHROMIUM, ensureConsoleBuilt } from '../browser/harness';

const DB = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/';

/**
 * Hostile HTTP clients: every response carries the security headers (nosniff, no framing, a CSP), and a client
 * that sends its body a byte at a time (slow loris) is cut off at the request timeout instead of being held.
 */
describe('fault: hostile HTTP clients (headers, slow bodies)', () => {
  const redis = new PrivateRedis();
  let stack: TestStack;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    await redis.start();
    stack = new TestStack('f_http', {
      DATABASE_URL: withDatabase(DB, `patuh_f_http_${process.pid}`),
      REDIS_URL: redis.url,
    });
    await stack.setup();
    ensureConsoleBuilt();
    app = stack.track(
      await createApiApp(stack.config, {
        logger: false,
        timeouts: { requestTimeoutMs: 2000, headersTimeoutMs: 1500 },
      }),
    );
    const port = await freePort(21000);
    await (app as NestFastifyApplication).listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  }, 120_000);
  afterAll(async () => {
    await stack.teardown();
    await redis.stop();
  });

  it.each(['/', '/console/', '/api/v1/cases', '/api/v1/health/live', '/health/live', '/api/docs'])(
    'security headers on %s',
    async (path) => {
      const res = await fetch(base + path, { redirect: 'manual' });
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    },
  );

  it('the console and Swagger UI render in chromium under the CSP with no violation', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox'],
      headless: true,
    });
    try {
      for (const [path, selector] of [
        ['/console/', 'input'],
        ['/api/docs', '.swagger-ui .info'],
      ] as const) {
        const page = await browser.newPage();
        const violations: string[] = [];
        page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
        });
        await page.exposeFunction('reportCsp', (v: string) => violations.push(v));
        await page.addInitScript(() => {
          const w = globalThis as unknown as {
            document: { addEventListener(t: string, f: (e: { violatedDirective: string }) => void): void };
            reportCsp(v: string): void;
          };
          w.document.addEventListener('securitypolicyviolation', (e) => w.reportCsp(e.violatedDirective));
        });
        const res = await page.goto(base + path);
        expect(res?.status()).toBe(200);
        await page.waitForSelector(selector, { timeout: 30_000 });
        expect({ path, violations }).toEqual({ path, violations: [] });
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('a slow-loris body is cut off at the request timeout', async () => {
    const [host, port] = base.replace('http://', '').split(':');
    const sock = connect(Number(port), host);
    let closed = false;
    let reply = '';
    sock.on('data', (d) => (reply += d.toString()));
    sock.on('close', () => (closed = true));
    sock.on('error', () => undefined);
    await new Promise((r) => sock.once('connect', r));
    sock.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    );
    const started = Date.now();
    // One byte every 300 ms: never idle long enough for an idle timeout, never finished.
    const drip = setInterval(() => !closed && sock.write(' '), 300);
    try {
      await until('connection closed by the server', async () => closed, 20_000, 50);
    } finally {
      clearInterval(drip);
      sock.destroy();
    }
    const held = Date.now() - started;
    expect(held).toBeGreaterThanOrEqual(1500);
    expect(held).toBeLessThan(15_000);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers that never end are cut off at the headers timeout', async () => {
    const [host, port] = base.replace('http://', '').split(':');
    const sock = connect(Number(port), host);
    let closed = false;
    sock.on('close', () => (closed = true));
    sock.on('error', () => undefined);
    await new Promise((r) => sock.once('connect', r));
    sock.write('GET /api/v1/health/live HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => !closed && sock.write('X-A: b\r\n'), 300);
    try {
      await until('connection closed by the server', async () => closed, 20_000, 50);
    } finally {
      clearInterval(drip);
      sock.destroy();
    }
  });
});
