import { readFileSync } from 'fs';
import type { Page } from 'playwright-core';
import { bearer } from '../support/stack';
import { axeCheck, ConsoleHarness, pdfText, screenshot, signIn } from './harness';

/**
 * The inspectors' console in a real browser (Debian chromium, playwright-core) against the API serving the built
 * app: sign-in, the queue and its filters in the URL, a case with its timeline, the workflow, the notice, the
 * dismissal, two people editing one case, an alert email's link, the English switch, the keyboard, axe-core.
 */
type CaseRow = {
  id: number;
  rule: string;
  status: string;
  district: string;
  employerName: string;
  workerNik: string | null;
  evidence: Record<string, unknown>;
  assigneeId: number | null;
  version: number;
};

describe('console (CONTRACT §8) in chromium', () => {
  const h = new ConsoleHarness('console_web');
  let tok: string;
  const ids: Record<string, number> = {};
  let cases: CaseRow[] = [];
  const byRule = (rule: string, employerId?: number) =>
    cases.find(
      (c) =>
        c.rule === rule &&
        (employerId === undefined || (c as unknown as { employerId: number }).employerId === employerId),
    )!;

  beforeAll(async () => {
    await h.start();
    const s = h.seed;
    ids.A = await s.employer({
      name: 'PT Bara Kutai Lestari',
      district: 'Bengalon',
      npp: '24000001',
      scale: 'small',
    });
    ids.w1 = await s.worker('6408010101900001', 'Siti Rahmawati');
    await s.contract({
      employerId: ids.A,
      workerId: ids.w1,
      ref: 'BKL-001',
      start: '2025-01-01',
      end: '2025-12-31',
      wage: 3_800_000,
    });
    ids.w3 = await s.worker('6408010303900003', 'Budi Santoso');
    for (const [i, y] of [2022, 2023, 2024].entries())
      await s.contract({
        employerId: ids.A,
        workerId: ids.w3,
        ref: `BKL-3${i}`,
        start: `${y}-07-01`,
        end: `${y + 1}-06-30`,
      });
    await s.enrolment({ employerId: ids.A, workerId: ids.w3, programs: 'JKK,JKM,JHT', from: '2022-09-01' });
    ids.B = await s.employer({
      name: 'CV Kebun Sawit Telen',
      district: 'Telen',
      npp: '24009999',
      scale: 'medium',
    });
    await s.processedReport(ids.B, new Date('2025-06-01T03:00:00Z'));
    ids.w4 = await s.worker('6408014404900004', 'Dewi Lestari');
    await s.contract({
      employerId: ids.B,
      workerId: ids.w4,
      ref: 'KST-01',
      type: 'PKWTT',
      start: '2024-01-01',
      end: null,
    });
    await s.enrolment({ employerId: ids.B, workerId: ids.w4, from: '2024-01-15' });
    ids.w5 = await s.worker('6408015505900005', 'Yohanes Lahang');
    await s.contract({
      employerId: ids.B,
      workerId: ids.w5,
      ref: 'KST-02',
      start: '2025-02-01',
      end: '2026-01-31',
    });
    await h.sweep('2025-06-30');
    tok = await h.token('admin');
    const r = await h
      .http()
      .get('/api/v1/cases?limit=200&status=open,in_review,confirmed,notice_sent,resolved,dismissed')
      .set(bearer(tok))
      .expect(200);
    cases = r.body.items as CaseRow[];
    expect(cases.length).toBeGreaterThanOrEqual(4);
  }, 180_000);
  afterAll(() => h.close());

  const caseNow = async (id: number) =>
    (await h.http().get(`/api/v1/cases/${id}`).set(bearer(tok)).expect(200)).body as CaseRow & {
      events: { type: string; note: string | null; toStatus: string | null }[];
      contracts: unknown[];
    };

  async function signedIn(
    user: 'admin' | 'supervisor' | 'inspector' | 'inspector2',
    path = '/console/cases',
  ): Promise<Page> {
    const page = await h.newPage();
    await page.goto(h.url(path));
    await page.waitForURL(/\/console\/login/);
    await signIn(page, h.users[user].email, h.users[user].password);
    return page;
  }

  it('signs in: a wrong password is refused in words, the right one opens the queue, the session survives a reload, sign-out ends it', async () => {
    const page = await h.newPage();
    await page.goto(h.url('/'));
    await page.waitForURL(/\/console\/login\?next=%2Fcases/);
    await axeCheck(page);
    await page.getByLabel('Email').fill(h.users.inspector.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), 'Wrong email or password.');
    await page.getByLabel('Password', { exact: true }).fill(h.users.inspector.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/cases$/);
    await page.getByRole('table').waitFor();
    await page.reload();
    await page.getByRole('table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/cases');
    // An inspector sees no admin menu; a supervisor does.
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/login/);
    await page.goto(h.url('/console/cases'));
    await page.waitForURL(/\/console\/login\?next=%2Fcases/);
    const sup = await signedIn('supervisor');
    await sup.getByRole('link', { name: 'Admin' }).waitFor();
  });

  it('the queue: most severe first, filtered by district then rule with the URL and the counts following; axe; screenshot', async () => {
    const page = await signedIn('inspector');
    const table = page.getByRole('table', { name: /Cases/ });
    await table.waitFor();
    const activeTab = page.getByRole('tab', { name: /All active/ });
    const countAll = Number(await activeTab.locator('.mantine-Badge-label').innerText());
    const openCases = cases.filter((c) => !['resolved', 'dismissed'].includes(c.status));
    expect(countAll).toBe(openCases.length);
    expect(await table.locator('tbody tr').count()).toBe(openCases.length);
    // Every row links to its case.
    const hrefs = await table
      .locator('tbody a[data-case-link]')
      .evaluateAll((as) => as.map((a) => (a as unknown as { pathname: string }).pathname));
    expect(hrefs.every((href) => /^\/console\/cases\/\d+$/.test(href ?? ''))).toBe(true);
    // Most severe first.
    const rank = { critical: 0, high: 1, medium: 2, low: 3 } as Record<string, number>;
    const shown = await table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => Number((r as unknown as { dataset: { caseId: string } }).dataset.caseId)),
      );
    const sev = shown.map(
      (id) => rank[(cases.find((c) => c.id === id) as unknown as { severity: string }).severity],
    );
    expect([...sev].sort((a, b) => a - b)).toEqual(sev);
    await axeCheck(page);
    await screenshot(page, 'queue');

    await pickOption(page, 'District', 'Bengalon');
    await page.waitForURL(/district=Bengalon/);
    const inBengalon = openCases.filter((c) => c.district === 'Bengalon');
    await waitForRows(page, inBengalon.length);
    await expectText(activeTab.locator('.mantine-Badge-label'), String(inBengalon.length));
    const districts = await table.locator('tbody tr td:nth-child(5)').allInnerTexts();
    expect(new Set(districts)).toEqual(new Set(['Bengalon']));

    await pickOption(page, 'Rule', /ENROLMENT_MISSING/);
    await page.waitForURL(
      (u) =>
        u.searchParams.get('rule') === 'ENROLMENT_MISSING' && u.searchParams.get('district') === 'Bengalon',
    );
    const both = inBengalon.filter((c) => c.rule === 'ENROLMENT_MISSING');
    expect(both.length).toBeGreaterThan(0);
    await waitForRows(page, both.length);
    await expectText(activeTab.locator('.mantine-Badge-label'), String(both.length));

    // The URL is the state: opening it afresh shows the same filtered queue.
    const shared = page.url();
    const other = await signedIn('inspector2', new URL(shared).pathname + new URL(shared).search);
    expect(other.url()).toBe(shared);
    await waitForRows(other, both.length);
  });

  it('a user with districts starts with the queue filtered to them', async () => {
    await h
      .http()
      .post('/api/v1/users')
      .set(bearer(tok))
      .send({
        email: 'telen@test.local',
        password: 'password-telen-1',
        role: 'inspector',
        name: 'Inspektur Telen',
        districts: ['Telen'],
      })
      .expect(201);
    const page = await h.newPage();
    await page.goto(h.url('/console/cases'));
    await page.waitForURL(/\/console\/login/);
    await signIn(page, 'telen@test.local', 'password-telen-1');
    await page.waitForURL(
      (u) => u.pathname === '/console/cases' && u.searchParams.get('district') === 'Telen',
    );
    const inTelen = cases.filter(
      (c) => c.district === 'Telen' && !['resolved', 'dismissed'].includes(c.status),
    );
    expect(inTelen.length).toBeGreaterThan(0);
    await waitForRows(page, inTelen.length);
    const districts = await page.locator('tbody tr td:nth-child(5)').allInnerTexts();
    expect(new Set(districts)).toEqual(new Set(['Telen']));
  });

  it('opens a case from the queue: rule code as text, evidence in words, a timeline with one bar per contract and the evidence’s gap', async () => {
    const target = byRule('ENROLMENT_MISSING', ids.A);
    const page = await signedIn('inspector', `/console/cases?rule=ENROLMENT_MISSING&employerId=${ids.A}`);
    await page.locator(`a[href="/console/cases/${target.id}"]`).click();
    await page.waitForURL(new RegExp(`/console/cases/${target.id}$`));
    await expectText(page.getByTestId('rule-code'), 'ENROLMENT_MISSING');
    await page.getByRole('heading', { name: 'Worker not enrolled in BPJS Ketenagakerjaan' }).waitFor();
    const evidence = await page.getByTestId('evidence').innerText();
    expect(evidence).toContain('Days uncovered');
    for (const raw of [
      'totalUncoveredDays',
      'estimatedUnpaidContributions',
      'uncoveredPeriods',
      'referenceDay',
    ])
      expect(evidence).not.toContain(raw);
    expect(evidence).toMatch(/Rp \d{1,3}(\.\d{3})+/);

    const svg = page.locator('svg[role="img"][aria-label^="Timeline"]');
    await svg.waitFor();
    const detail = await caseNow(target.id);
    expect(await svg.locator('g[data-kind="contract"]').count()).toBe(detail.contracts.length);
    const contractTitle = await svg.locator('g[data-kind="contract"] > title').first().textContent();
    expect(contractTitle).toContain('BKL-001');
    expect(contractTitle).toContain('1 January 2025');
    const gapTitles = await svg.locator('g[data-kind="gap"] > title').allTextContents();
    expect(gapTitles.length).toBeGreaterThan(0);
    const drawn = gapTitles.map((tt) => Number(/(\d+) days?$/.exec(tt)![1])).reduce((a, b) => a + b, 0);
    expect(drawn).toBe(target.evidence.totalUncoveredDays);
    expect(gapTitles[0]).toContain('1 January 2025');
    // Keyboard focus shows an item's details.
    await svg.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('timeline-detail').innerText()).toMatch(
      /No BPJS Ketenagakerjaan coverage|Contract/,
    );
    await axeCheck(page);
    await screenshot(page, 'case');
  });

  it('assign to me, start review, confirm; then the notice downloads as a PDF with the employer’s name and no raw keys', async () => {
    const target = byRule('ENROLMENT_MISSING', ids.A);
    const page = await signedIn('inspector', `/console/cases/${target.id}`);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'assigned' }), 'The case has been assigned.');
    await page.getByRole('button', { name: 'Start review' }).click();
    await page.getByRole('button', { name: 'Confirm', exact: true }).waitFor();
    await page.getByLabel('Note').fill('Checked the payroll on site.');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByRole('button', { name: 'Send notice' }).waitFor();
    const now = await caseNow(target.id);
    expect(now.status).toBe('confirmed');
    expect(now.assigneeId).toBe(h.users.inspector.id);
    expect(
      now.events.some((e) => e.toStatus === 'confirmed' && e.note === 'Checked the payroll on site.'),
    ).toBe(true);
    await expectText(page.getByTestId('history'), 'Checked the payroll on site.');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download notice' }).click(),
    ]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('PT Bara Kutai Lestari');
    for (const raw of [
      'totalUncoveredDays',
      'estimatedUnpaidContributions',
      'pkwtContracts',
      'chainOpenEnded',
    ])
      expect(text).not.toContain(raw);
  });

  it('dismissal: no Dismiss button for an inspector; a supervisor dismisses with a reason, which is required', async () => {
    const target = cases.find((c) => c.status === 'open' && c.rule === 'ENROLMENT_LATE')!;
    const insp = await signedIn('inspector', `/console/cases/${target.id}`);
    await insp.getByRole('button', { name: 'Start review' }).waitFor();
    expect(await insp.getByRole('button', { name: 'Dismiss', exact: true }).count()).toBe(0);

    const sup = await signedIn('supervisor', `/console/cases/${target.id}`);
    await sup.getByRole('button', { name: 'Dismiss', exact: true }).click();
    const dialog = sup.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Dismiss the case' }).click();
    await expectText(dialog, 'Give the reason for dismissing the case.');
    await dialog.getByLabel('Reason').fill('Worker was a director, not an employee.');
    await dialog.getByRole('button', { name: 'Dismiss the case' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expectText(sup.getByRole('status').filter({ hasText: 'now' }), 'The case is now: Dismissed.');
    const now = await caseNow(target.id);
    expect(now.status).toBe('dismissed');
    expect(now.events.at(-1)!.note).toBe('Worker was a director, not an employee.');
  });

  it('two browsers on one case: the second one’s stale move is refused, it is told so and the case reloads', async () => {
    const target = cases.find((c) => c.status === 'open' && c.workerNik === '6408015505900005')!;
    const first = await signedIn('inspector', `/console/cases/${target.id}`);
    const second = await signedIn('inspector2', `/console/cases/${target.id}`);
    await second.getByRole('button', { name: 'Start review' }).waitFor();
    await first.getByRole('button', { name: 'Start review' }).click();
    await first.getByRole('button', { name: 'Confirm', exact: true }).waitFor();
    await second.getByRole('button', { name: 'Start review' }).click();
    await expectText(second.getByRole('alert'), 'Someone else changed this case');
    // Reloaded: the second browser now shows the case as the first left it.
    await second.getByRole('button', { name: 'Confirm', exact: true }).waitFor();
    expect(await second.getByText('In review', { exact: true }).count()).toBeGreaterThan(0);
    const now = await caseNow(target.id);
    expect(now.status).toBe('in_review');
    expect(now.events.filter((e) => e.toStatus === 'in_review')).toHaveLength(1);
  });

  it('an alert email’s link opens its case after sign-in; an expired session returns to the page after signing in again', async () => {
    const target = byRule('ENROLMENT_MISSING', ids.A);
    const page = await h.newPage();
    await page.goto(h.url(`/console/cases/${target.id}`));
    await page.waitForURL(/\/console\/login\?next=/);
    await signIn(page, h.users.inspector.email, h.users.inspector.password);
    await page.waitForURL(new RegExp(`/console/cases/${target.id}$`));
    await expectText(page.getByTestId('rule-code'), 'ENROLMENT_MISSING');

    // The token expires: the next page goes to sign-in and then back to where the user was.
    await page.evaluate(() => {
      const s = JSON.parse(
        (globalThis as unknown as { sessionStorage: Store }).sessionStorage.getItem('patuh.session')!,
      );
      s.expiresAt = Date.now() - 1000;
      (globalThis as unknown as { sessionStorage: Store }).sessionStorage.setItem(
        'patuh.session',
        JSON.stringify(s),
      );
    });
    await page.goto(h.url(`/console/cases?district=Telen`));
    await page.waitForURL(/\/console\/login\?next=.*expired=1/);
    await expectText(page.getByRole('status'), 'Your session has ended');
    await signIn(page, h.users.inspector.email, h.users.inspector.password);
    await page.waitForURL(
      (u) => u.pathname === '/console/cases' && u.searchParams.get('district') === 'Telen',
    );

    // A token the server no longer accepts (401) does the same.
    await page.evaluate(() => {
      const s = JSON.parse(
        (globalThis as unknown as { sessionStorage: Store }).sessionStorage.getItem('patuh.session')!,
      );
      s.token = 'not-a-token';
      (globalThis as unknown as { sessionStorage: Store }).sessionStorage.setItem(
        'patuh.session',
        JSON.stringify(s),
      );
    });
    await page.goto(h.url(`/console/cases/${target.id}`));
    await page.waitForURL(/\/console\/login\?next=%2Fcases%2F\d+&expired=1/);
  });

  it('Indonesian by default; ?lang=en switches to English and is remembered; the switch goes back', async () => {
    const page = await h.newPage({ lang: 'id' });
    await page.goto(h.url('/console/login'));
    await page.getByLabel('Kata sandi', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.goto(h.url('/console/login?lang=en'));
    await page.getByLabel('Password', { exact: true }).waitFor();
    await page.goto(h.url('/console/login'));
    await page.getByLabel('Password', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByLabel('Kata sandi', { exact: true }).waitFor();
    await signIn2(page);
    await page.getByRole('table').waitFor();
    await expectText(page.getByRole('heading', { level: 1 }), 'Antrean kasus');
    await page.goto(h.url('/console/cases?lang=en'));
    await expectText(page.getByRole('heading', { level: 1 }), 'Case queue');
  });

  async function signIn2(page: Page) {
    await page.getByLabel('Email').fill(h.users.inspector.email);
    await page.getByLabel('Kata sandi', { exact: true }).fill(h.users.inspector.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(/\/console\/cases/);
  }

  it('keyboard only: j/k and the arrows move through the queue, Enter opens the case', async () => {
    const page = await signedIn('inspector');
    const rows = page.locator('tbody a[data-case-link]');
    await rows.first().waitFor();
    const ids2 = await page
      .locator('tbody tr')
      .evaluateAll((r) => r.map((x) => (x as unknown as { dataset: { caseId: string } }).dataset.caseId));
    expect(ids2.length).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('j');
    expect(await activeRow(page)).toBe(ids2[0]);
    await page.keyboard.press('j');
    expect(await activeRow(page)).toBe(ids2[1]);
    await page.keyboard.press('ArrowUp');
    expect(await activeRow(page)).toBe(ids2[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/console/cases/${ids2[1]}$`));
    await page.getByTestId('rule-code').waitFor();
  });

  it('the API serves the built app: / redirects in, any /console/* path is the app (no-cache), hashed assets cached for a year and pre-compressed, a missing asset is a 404, /api untouched', async () => {
    const root = await h.http().get('/').expect(302);
    expect(root.headers.location).toBe('/console/cases');
    const deep = await h.http().get('/console/cases/123/whatever').expect(200);
    expect(deep.headers['content-type']).toMatch(/^text\/html/);
    expect(deep.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/console\/assets\/index-[^"]+\.js)"/.exec(deep.text)![1]!;
    const asset = await h.http().get(script).set('Accept-Encoding', 'gzip').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['cache-control']).toContain('max-age=31536000');
    expect(asset.headers['content-encoding']).toBe('gzip');
    await h.http().get('/console/assets/index-nothere.js').expect(404);
    const api = await h.http().get('/api/v1/cases').expect(401);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    await h.http().get('/health/live').expect(200);
  });

  it('an unknown console path shows the app’s own not-found page; axe on it', async () => {
    const page = await h.newPage();
    await page.goto(h.url('/console/nothing-here'));
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await axeCheck(page);
  });
});

/** The data-case-id of the table row holding the focused element. */
const activeRow = (page: Page) =>
  page.evaluate(
    () =>
      (
        globalThis as unknown as {
          document: { activeElement: { closest(s: string): { dataset: { caseId?: string } } | null } | null };
        }
      ).document.activeElement?.closest('tr')?.dataset.caseId,
  );

type Store = { getItem(k: string): string | null; setItem(k: string, v: string): void };

async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  const until = Date.now() + 10_000;
  let last = '';
  while (Date.now() < until) {
    last =
      (await locator
        .first()
        .innerText()
        .catch(() => '')) ?? '';
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected "${text}", got "${last}"`);
}

async function waitForRows(page: Page, n: number): Promise<void> {
  const until = Date.now() + 10_000;
  let count = -1;
  while (Date.now() < until) {
    count = await page.locator('tbody tr[data-case-id]').count();
    if (count === n && !(await page.locator('[aria-busy="true"]').count())) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${n} rows, saw ${count}`);
}

/** Picks an option of a Mantine Select by its label. */
async function pickOption(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}
