import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Seed } from '../support/seed';
import { bearer, eventually, TestStack } from '../support/stack';

/**
 * The browser tests' harness: a private TestStack (own database and queue prefix) with the API listening on a
 * free port and serving the BUILT console, a worker for sweeps, and Debian's chromium driven by playwright-core.
 * The console is built once (vite) when dist/console is missing or older than its sources, so `npm test` works
 * on a fresh clone after `npm ci`.
 */
const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'dist/console/index.html');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds apps/console into dist/console unless the build is newer than every source file. */
export function ensureConsoleBuilt(): void {
  const sources = Math.max(
    newestMtime(join(ROOT, 'apps/console/src')),
    statSync(join(ROOT, 'apps/console/index.html')).mtimeMs,
    statSync(join(ROOT, 'apps/console/vite.config.ts')).mtimeMs,
  );
  if (existsSync(DIST) && statSync(DIST).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/console/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      // jest sets NODE_ENV=test, which would give React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}

export type Users = Record<
  'admin' | 'supervisor' | 'inspector' | 'inspector2',
  { id: number; email: string; password: string; name: string }
>;

export class ConsoleHarness {
  readonly stack: TestStack;
  api!: INestApplication;
  baseUrl = '';
  browser!: Browser;
  ds!: DataSource;
  seed!: Seed;
  users = {} as Users;
  private contexts: BrowserContext[] = [];

  constructor(suite: string) {
    // The browser and supertest connect from loopback, which plays the trusted proxy here (TRUST_PROXY): each
    // context's X-Forwarded-For (nextClientAddress) is then its client address, with its own sign-in bucket.
    this.stack = new TestStack(suite, { TRUST_PROXY: 'loopback' });
  }

  async start(): Promise<this> {
    ensureConsoleBuilt();
    await this.stack.setup();
    this.ds = await this.stack.db();
    this.seed = new Seed(this.ds);
    for (const [key, role, name] of [
      ['admin', 'admin', 'Admin Kutim'],
      ['supervisor', 'supervisor', 'Sri Wahyuni'],
      ['inspector', 'inspector', 'Andi Pratama'],
      ['inspector2', 'inspector', 'Rina Kartika'],
    ] as const) {
      const u = await this.stack.createUser(role, `${key}@test.local`, `${key}-password-1`);
      await this.ds.query('UPDATE users SET name = ? WHERE id = ?', [name, u.id]);
      this.users[key] = { ...u, name };
    }
    this.api = await this.stack.startApi();
    await this.api.listen(0, '127.0.0.1');
    const addr = this.api.getHttpServer().address() as { port: number };
    this.baseUrl = `http://127.0.0.1:${addr.port}`;
    await this.stack.startWorker();
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    return this;
  }

  http() {
    return request(this.api.getHttpServer());
  }

  /**
   * Sign-in is throttled at 10 a minute per client address, and this stack trusts X-Forwarded-For from loopback:
   * each browser context and each token request here comes from an address of its own.
   */
  private clients = 0;
  nextClientAddress(): string {
    this.clients++;
    return `10.14.${Math.floor(this.clients / 250)}.${(this.clients % 250) + 1}`;
  }

  async token(user: keyof Users): Promise<string> {
    const res = await this.http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', this.nextClientAddress())
      .send({ email: this.users[user].email, password: this.users[user].password })
      .expect(200);
    return (res.body as { accessToken: string }).accessToken;
  }

  /** A sweep as of `asOf`, run by the worker, waited for. */
  async sweep(asOf: string): Promise<void> {
    const tok = await this.token('supervisor');
    const s = await this.http().post('/api/v1/sweeps').set(bearer(tok)).send({ asOf });
    if (s.status !== 202) throw new Error(`sweep: ${s.status} ${JSON.stringify(s.body)}`);
    await eventually(async () => {
      const r = await this.http().get(`/api/v1/sweeps/${s.body.id}`).set(bearer(tok));
      return r.body.status === 'completed' ? true : undefined;
    }, 60_000);
  }

  /** A fresh browser context (its own sessionStorage) and page, in English unless told otherwise. */
  async newPage(opts: { lang?: 'en' | 'id' } = {}): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      extraHTTPHeaders: { 'X-Forwarded-For': this.nextClientAddress() },
    });
    this.contexts.push(context);
    const lang = opts.lang ?? 'en';
    await context.addInitScript((l) => {
      const ls = (
        globalThis as unknown as {
          localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
        }
      ).localStorage;
      if (!ls.getItem('patuh.lang')) ls.setItem('patuh.lang', l);
    }, lang);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser?.close().catch(() => undefined);
    await this.stack.teardown();
  }
}

/** Signs in through the form (labels `Email` and `Password` in English) and waits to leave the sign-in page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/console/login'))
    await page.goto(new URL('/console/login', page.url()).href);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/console/login'));
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page as it is now: fails on any serious or critical violation, naming each. */
export async function axeCheck(page: Page): Promise<void> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(async () => {
    const w = globalThis as unknown as {
      document: unknown;
      axe: { run: (ctx: unknown, opts: object) => Promise<unknown> };
    };
    return w.axe.run(w.document, { resultTypes: ['violations'] });
  })) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length)
    throw new Error(
      `axe: ${bad.length} serious/critical violation(s) on ${page.url()}:\n` +
        bad
          .map(
            (v) =>
              `- ${v.id} (${v.impact}): ${v.help} at ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 5)
                .join(', ')}`,
          )
          .join('\n'),
    );
}

/** A screenshot into docs/screenshots/<name>.png (committed; shown in the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ROOT, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  writeFileSync(join(dir, `${name}.png`), await page.screenshot({ fullPage: true }));
}

/**
 * A PDF's text, read with pdf-parse in a plain node process (pdf.js loads its worker with a dynamic import,
 * which jest's VM sandbox refuses).
 */
export function pdfText(pdf: Buffer): string {
  const script =
    "const { PDFParse } = require('pdf-parse'); const chunks = [];" +
    "process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {" +
    'const p = new PDFParse({ data: Buffer.concat(chunks) }); const r = await p.getText(); await p.destroy();' +
    'process.stdout.write(r.text); });';
  return execFileSync(process.execPath, ['-e', script], { input: pdf, cwd: __dirname, encoding: 'utf8' });
}
