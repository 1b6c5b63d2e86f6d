/**
 * npm run bench:console [-- --workers 600] [--runs 5]
 *
 * The built console in headless chromium (Debian's, through playwright-core) against the API serving it, on
 * seeded data in a throwaway database (test/browser/harness.ts: its own database and queue prefix):
 *   - N workers (default 600) at 60 employers across Kutai Timur's districts, with contracts, late or missing
 *     enrolments and PKWT chains, swept once, so the queue is full;
 *   - one worker with 40 back-to-back PKWT contracts (6½ years: past the 60-month limit).
 * Measures, each over `runs` fresh browser contexts (cold cache), the median and every run:
 *   1. the queue's first load: JavaScript transferred (bytes on the wire as chromium asks for them, brotli) and the
 *      same files' gzip size (the .gz the build writes), with the number of JS files;
 *   2. navigation → the queue's rows on screen (ms from navigation start to the first row in the DOM);
 *   3. case page → timeline drawn (ms from the click on a row in the queue to the SVG timeline in the DOM);
 *   4. the 40-contract worker's case: scripting time (CDP ScriptDuration) from the click to its timeline drawn.
 * Not a test: prints the figures, one JSON line last. Targets (issue #14): ≤ 250 kB gzipped JS, ≤ 1 s, ≤ 500 ms,
 * ≤ 100 ms.
 */
import { existsSync, statSync } from 'fs';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { ConsoleHarness, signIn } from '../test/browser/harness';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const WORKERS = Number(arg('workers', '600'));
const RUNS = Number(arg('runs', '5'));
const log = (m: string) => console.error(`[bench:console] ${m}`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const DISTRICTS = ['Bengalon', 'Sangatta Utara', 'Sangatta Selatan', 'Telen', 'Muara Wahau', 'Kaliorang'];

async function seed(h: ConsoleHarness): Promise<{ longWorkerNik: string }> {
  const s = h.seed;
  const employers: number[] = [];
  for (let e = 0; e < 60; e++)
    employers.push(
      await s.employer({
        name: `PT Bench ${String(e + 1).padStart(2, '0')} Kutim`,
        district: DISTRICTS[e % DISTRICTS.length],
        scale: e % 3 === 0 ? 'medium' : 'small',
      }),
    );
  for (let w = 0; w < WORKERS; w++) {
    const nik = `640801${String(100000 + w).padStart(6, '0')}${String(1000 + (w % 9000)).padStart(4, '0')}`;
    const id = await s.worker(nik.slice(0, 16), `Pekerja Bench ${w + 1}`);
    const emp = employers[w % employers.length]!;
    const y = 2021 + (w % 4);
    const n = 1 + (w % 3);
    for (let k = 0; k < n; k++)
      await s.contract({
        employerId: emp,
        workerId: id,
        ref: `B-${w}-${k}`,
        start: `${y + k}-01-01`,
        end: `${y + k}-12-31`,
      });
    if (w % 4 !== 0) await s.enrolment({ employerId: emp, workerId: id, from: `${y}-0${1 + (w % 8)}-15` });
  }
  const longNik = '6408019999000040';
  const long = await s.worker(longNik, 'Pekerja Empat Puluh Kontrak');
  for (let k = 0; k < 40; k++) {
    const start = new Date(Date.UTC(2019, 2 * k, 1)).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(2019, 2 * k + 2, 0)).toISOString().slice(0, 10);
    await s.contract({
      employerId: employers[0]!,
      workerId: long,
      ref: `L40-${String(k + 1).padStart(2, '0')}`,
      start,
      end,
    });
  }
  await s.enrolment({ employerId: employers[0]!, workerId: long, from: '2020-03-01', to: '2022-12-31' });
  await s.enrolment({ employerId: employers[0]!, workerId: long, from: '2024-02-01', programs: 'JKK,JKM' });
  log(`seeded ${WORKERS + 1} workers at ${employers.length} employers; sweeping`);
  await h.sweep('2025-06-30');
  return { longWorkerNik: longNik };
}

/** Records, from navigation start, when the first queue row and the timeline appear in the DOM. */
async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const g = globalThis as unknown as {
      __marks: Record<string, number>;
      document: { querySelector(s: string): unknown; documentElement: unknown };
      performance: { now(): number };
      MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void };
    };
    g.__marks = {};
    new g.MutationObserver(() => {
      if (!g.__marks.rows && g.document.querySelector('tbody tr[data-case-id]'))
        g.__marks.rows = g.performance.now();
      if (g.document.querySelector('svg[role="img"][aria-label^="Timeline"]')) {
        if (!g.__marks.timeline) g.__marks.timeline = g.performance.now();
      } else g.__marks.timeline = 0;
    }).observe(g.document, { childList: true, subtree: true });
  });
}
const mark = (page: Page, name: string) =>
  page.evaluate((n) => (globalThis as unknown as { __marks: Record<string, number> }).__marks[n] ?? 0, name);
const now = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { performance: { now(): number } }).performance.now());

async function main(): Promise<void> {
  const h = await new ConsoleHarness('bench_console').start();
  try {
    const { longWorkerNik } = await seed(h);
    const tok = await h.token('admin');
    const long = await h
      .http()
      .get(`/api/v1/cases?nik=${longWorkerNik}&limit=5`)
      .set('Authorization', `Bearer ${tok}`);
    const longCase =
      (long.body.items as { id: number; rule: string }[]).find((c) => c.rule === 'PKWT_DURATION_EXCEEDED') ??
      (long.body.items as { id: number }[])[0];
    if (!longCase) throw new Error('the 40-contract worker has no case');
    const queueTotal = (
      await h.http().get('/api/v1/cases?limit=1&counts=true').set('Authorization', `Bearer ${tok}`)
    ).body.counts;
    log(`queue: ${JSON.stringify(queueTotal)}; 40-contract case #${longCase.id}`);

    const runs: Record<string, number>[] = [];
    for (let r = 0; r < RUNS; r++) {
      const page = await h.newPage();
      await page.goto(h.url('/console/login'));
      await signIn(page, h.users.inspector.email, h.users.inspector.password);
      // The queue's first load, cold: a fresh context for the measured navigation (the session copied over).
      const session = await page.evaluate(() =>
        (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
        ).sessionStorage.getItem('patuh.session'),
      );
      const p2 = await h.newPage();
      await p2.addInitScript((s) => {
        (
          globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
        ).sessionStorage.setItem('patuh.session', s!);
      }, session);
      await instrument(p2);
      const cdp = await p2.context().newCDPSession(p2);
      await cdp.send('Network.enable');
      await cdp.send('Performance.enable');
      const js = new Map<string, { url: string; bytes: number }>();
      cdp.on(
        'Network.responseReceived',
        (e: { requestId: string; type: string; response: { url: string } }) => {
          if (e.type === 'Script') js.set(e.requestId, { url: e.response.url, bytes: 0 });
        },
      );
      cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
        const x = js.get(e.requestId);
        if (x) x.bytes = e.encodedDataLength;
      });
      await p2.goto(h.url('/console/cases'));
      await p2.locator('tbody tr[data-case-id]').first().waitFor();
      await p2.waitForLoadState('networkidle');
      const rowsMs = await mark(p2, 'rows');
      const files = [...js.values()];
      const jsBytes = files.reduce((a, f) => a + f.bytes, 0);
      const jsGzip = files.reduce((a, f) => {
        const gz = join(
          __dirname,
          '../dist/console/assets',
          `${new URL(f.url).pathname.split('/').pop()}.gz`,
        );
        return a + (existsSync(gz) ? statSync(gz).size : 0);
      }, 0);

      // Case page → timeline drawn, from a click in the queue (the case page's chunk loads then).
      await p2.locator('tbody tr[data-case-id]').nth(0).waitFor();
      const firstWorkerRow = p2
        .locator('tbody tr[data-case-id]')
        .filter({ hasText: 'Pekerja Bench' })
        .first();
      const metric = (m: { metrics: { name: string; value: number }[] }) =>
        m.metrics.find((x) => x.name === 'ScriptDuration')!.value;
      const b0 = await cdp.send('Performance.getMetrics');
      const t0 = await now(p2);
      await firstWorkerRow.locator('a[data-case-link]').click();
      await p2.locator('svg[role="img"][aria-label^="Timeline"]').waitFor();
      const timelineMs = (await mark(p2, 'timeline')) - t0;
      const shortScriptMs = (metric(await cdp.send('Performance.getMetrics')) - metric(b0)) * 1000;
      // The same short case again, its chunk loaded: the case page's own scripting with a small timeline.
      await p2.goBack();
      await p2.locator('tbody tr[data-case-id]').first().waitFor();
      await p2.waitForLoadState('networkidle');
      const b1 = await cdp.send('Performance.getMetrics');
      await firstWorkerRow.locator('a[data-case-link]').click();
      await p2.locator('svg[role="img"][aria-label^="Timeline"]').waitFor();
      const warmShortScriptMs = (metric(await cdp.send('Performance.getMetrics')) - metric(b1)) * 1000;

      // The 40-contract worker: scripting from the click to its timeline drawn.
      await p2.goto(h.url(`/console/cases?nik=${longWorkerNik}`));
      await p2.locator('tbody tr[data-case-id]').first().waitFor();
      await p2.waitForLoadState('networkidle');
      const before = await cdp.send('Performance.getMetrics');
      const s0 = await now(p2);
      await p2.locator(`a[href="/console/cases/${longCase.id}"]`).click();
      await p2.locator('svg[role="img"][aria-label^="Timeline"] g[data-kind="contract"]').nth(39).waitFor();
      const longTimelineMs = (await mark(p2, 'timeline')) - s0;
      const after = await cdp.send('Performance.getMetrics');
      const longScriptMs = (metric(after) - metric(before)) * 1000;
      runs.push({
        jsBytes,
        jsGzip,
        jsFiles: files.length,
        rowsMs,
        timelineMs,
        shortScriptMs,
        warmShortScriptMs,
        longScriptMs,
        longTimelineMs,
      });
      log(
        `run ${r + 1}: JS ${(jsBytes / 1024).toFixed(1)} kB on the wire (${(jsGzip / 1024).toFixed(1)} kB gzip, ${files.length} files); ` +
          `rows ${rowsMs.toFixed(0)} ms; timeline ${timelineMs.toFixed(0)} ms (scripting ${shortScriptMs.toFixed(1)} ms, again ${warmShortScriptMs.toFixed(1)} ms); 40 contracts: ${longScriptMs.toFixed(1)} ms scripting, drawn in ${longTimelineMs.toFixed(0)} ms`,
      );
      await page.context().close();
      await p2.context().close();
    }
    const out = {
      bench: 'console',
      workers: WORKERS + 1,
      runs: RUNS,
      queueFirstLoadJsKbWire: +(median(runs.map((r) => r.jsBytes)) / 1024).toFixed(1),
      queueFirstLoadJsKbGzip: +(median(runs.map((r) => r.jsGzip)) / 1024).toFixed(1),
      queueFirstLoadJsFiles: median(runs.map((r) => r.jsFiles)),
      navigationToRowsMs: Math.round(median(runs.map((r) => r.rowsMs))),
      casePageToTimelineMs: Math.round(median(runs.map((r) => r.timelineMs))),
      casePageScriptingMs: +median(runs.map((r) => r.shortScriptMs)).toFixed(1),
      casePageScriptingWarmMs: +median(runs.map((r) => r.warmShortScriptMs)).toFixed(1),
      timeline40ScriptingMs: +median(runs.map((r) => r.longScriptMs)).toFixed(1),
      timeline40DrawnMs: Math.round(median(runs.map((r) => r.longTimelineMs))),
      every: runs,
    };
    console.log(JSON.stringify(out));
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
