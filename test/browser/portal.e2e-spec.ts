import ExcelJS from 'exceljs';
import { readFileSync } from 'fs';
import type { Page } from 'playwright-core';
import { bearer } from '../support/stack';
import { axeCheck, ConsoleHarness, pdfText, screenshot, signIn } from './harness';

/**
 * The employer portal (/portal, CONTRACT §8, issue #18) in chromium against the API serving the built app: an HR
 * clerk signs in and lands on the portal, downloads a template, uploads CSVs with one good and one bad row, reads
 * the bad row by its spreadsheet row number, downloads only the rejected rows, fixes and re-uploads them and sees
 * the report processed; sees the firm's own findings with what to do, and "not found" for another firm's; downloads
 * its warning letter; makes and revokes an API key. Staff opening /portal are told where they belong. axe-core on
 * every page; screenshots into docs/screenshots/portal-*.png.
 */
describe('employer portal (/portal) in chromium', () => {
  const h = new ConsoleHarness('portal_web');
  const ids: Record<string, number> = {};
  const clerk = { email: 'hrd@sawit-wahau.local', password: 'kata-sandi-hrd-1' };
  let noticeCase = 0;
  let otherCase = 0;
  /** The text of the letter the clerk downloaded (its verification code is checked at /verify). */
  let letterText = '';

  beforeAll(async () => {
    await h.start();
    const s = h.seed;
    ids.A = await s.employer({ name: 'PT Sawit Muara Wahau', district: 'Muara Wahau', npp: '24000777' });
    ids.B = await s.employer({ name: 'CV Kebun Lain Telen', district: 'Telen', npp: '24000888' });
    const w1 = await s.worker('6408010101900001', 'Yohanes Lahang');
    await s.contract({
      employerId: ids.A,
      workerId: w1,
      ref: 'SMW-01',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    const w2 = await s.worker('6408010202900002', 'Dewi Lestari');
    await s.contract({
      employerId: ids.B,
      workerId: w2,
      ref: 'KLT-01',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    await h.sweep('2025-06-30');

    const admin = await h.token('admin');
    const made = await h
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ ...clerk, role: 'employer', name: 'Bu Rina (HRD)', employerId: ids.A });
    expect(made.status).toBe(201);

    const cases = (await h.http().get('/api/v1/cases?limit=200').set(bearer(admin)).expect(200)).body
      .items as { id: number; employerId: number; rule: string }[];
    noticeCase = cases.find((c) => c.employerId === ids.A && c.rule === 'ENROLMENT_MISSING')!.id;
    otherCase = cases.find((c) => c.employerId === ids.B)!.id;
    const sup = await h.token('supervisor');
    for (const to of ['in_review', 'confirmed', 'notice_sent'])
      await h
        .http()
        .post(`/api/v1/cases/${noticeCase}/transition`)
        .set(bearer(sup))
        .send({ to, note: 'uji' })
        .expect(200);
  }, 180_000);
  afterAll(() => h.close());

  async function clerkPage(lang: 'en' | 'id' = 'en'): Promise<Page> {
    const page = await h.newPage({ lang });
    await page.goto(h.url('/console/login'));
    if (lang === 'en') await signIn(page, clerk.email, clerk.password);
    else {
      await page.getByLabel('Email').fill(clerk.email);
      await page.getByLabel('Kata sandi', { exact: true }).fill(clerk.password);
      await page.getByRole('button', { name: 'Masuk' }).click();
    }
    await page.waitForURL((u) => u.pathname === '/portal' || u.pathname === '/portal/');
    return page;
  }

  it('an employer user signs in on the one sign-in page and lands on /portal (Indonesian by default)', async () => {
    const page = await clerkPage('id');
    await page.getByRole('heading', { level: 1, name: 'PT Sawit Muara Wahau' }).waitFor();
    await page.getByRole('heading', { name: '2. Unggah laporan' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Menu portal' })
      .getByRole('link', { name: 'Temuan' })
      .waitFor();
    await axeCheck(page);
    await screenshot(page, 'portal-home');
    // The console is not its place: /console/... sends it back to the portal.
    await page.goto(h.url('/console/cases'));
    await page.waitForURL((u) => u.pathname.startsWith('/portal'));
  });

  it('downloads a CSV template', async () => {
    const page = await clerkPage();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the template workers.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('workers.csv');
    expect(readFileSync((await download.path())!, 'utf8')).toMatch(/^nik,name,birthDate\r?\n/);
  });

  it('uploads CSVs with one good and one bad row, names the bad row by its row number, gives back only that row, and takes the fixed row', async () => {
    const page = await clerkPage();
    const workers = [
      'nik,name,birthDate',
      '6408014107950003,Siti Rahmawati,1995-07-01',
      '64080112038800,Rahmat Hidayat,',
      '',
    ].join('\r\n');
    const contracts = [
      'ref,nik,type,startDate,endDate,monthlyWage,position',
      'SMW-02,6408014107950003,PKWT,2025-01-01,2025-12-31,3900000,Pemanen',
      '',
    ].join('\r\n');
    await page.setInputFiles('#upload-workers', {
      name: 'pekerja.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(workers),
    });
    await page.setInputFiles('#upload-contracts', {
      name: 'kontrak.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(contracts),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/portal\/reports\/\d+$/);
    const firstId = Number(/reports\/(\d+)/.exec(page.url())![1]);
    const status = page.getByRole('region', { name: 'Status' });
    await status.getByText('Processed', { exact: true }).waitFor({ timeout: 60_000 });
    await status.getByText('Your data has been judged again', { exact: false }).waitFor({ timeout: 60_000 });

    const rejected = page.getByRole('table', { name: 'Rejected rows' });
    const rows = rejected.getByRole('row');
    expect(await rows.count()).toBe(2); // header + the one bad row
    const cells = await rows.nth(1).getByRole('cell').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['workers.csv', '3', 'nik']);
    expect(cells[3]).toMatch(/^nik must be 16 digits/);
    await axeCheck(page);
    await screenshot(page, 'portal-report-rejected');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the rejected rows of workers.csv' }).click(),
    ]);
    const back = readFileSync((await download.path())!, 'utf8');
    expect(back.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'nik,name,birthDate',
      '64080112038800,Rahmat Hidayat,',
      '',
    ]);

    // Fixed in "Excel", and uploaded again: the report is processed with nothing rejected.
    await page.getByRole('link', { name: 'Upload the fixed files' }).click();
    await page.setInputFiles('#upload-workers', {
      name: 'workers-rejected.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(back.replace('64080112038800', '6408011203880011')),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(
      (u) => /\/portal\/reports\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${firstId}`),
    );
    await page.getByRole('region', { name: 'Status' }).getByText('Processed', { exact: true }).waitFor({
      timeout: 60_000,
    });
    const counts = page.getByRole('table', { name: 'Rows per file' });
    expect(
      await counts
        .getByRole('row', { name: /workers\.csv/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['1', '0']);
    expect(await page.getByRole('table', { name: 'Rejected rows' }).count()).toBe(0);
    await screenshot(page, 'portal-report-processed');

    // Both reports in the history, newest first.
    await page
      .getByRole('navigation', { name: 'Portal menu' })
      .getByRole('link', { name: 'Reports' })
      .click();
    const history = page.getByRole('table', { name: 'Report history' });
    await history.getByRole('link', { name: `Report #${firstId}` }).waitFor();
    expect(await history.getByRole('row').count()).toBe(3);
  }, 180_000);

  it('downloads the .xlsx template, uploads a workbook with a good and a bad row, reads the bad one by sheet and Excel row, gets it back as a workbook, fixes and re-uploads it', async () => {
    const page = await clerkPage();
    const [tpl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the template laporan-mandiri.xlsx' }).click(),
    ]);
    const template = new ExcelJS.Workbook();
    await template.xlsx.load(readFileSync((await tpl.path())!) as unknown as ArrayBuffer);
    expect(template.worksheets.map((w) => w.name)).toEqual([
      'petunjuk',
      'workers',
      'contracts',
      'enrolments',
    ]);
    // The clerk fills the template's workers sheet under its example row: one good row, one NIK typed as a number.
    const sheet = template.getWorksheet('workers')!;
    sheet.getRow(3).values = ['6408015505920002', 'Rina Teks', '1992-05-15'];
    sheet.getRow(4).values = [6408010303900003, 'Budi Angka', ''];
    await page.setInputFiles('#upload-workbook', {
      name: 'laporan-desember.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await template.xlsx.writeBuffer()),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/portal\/reports\/\d+$/);
    const status = page.getByRole('region', { name: 'Status' });
    await status.getByText('Processed', { exact: true }).waitFor({ timeout: 60_000 });
    const rows = page.getByRole('table', { name: 'Rejected rows' }).getByRole('row');
    expect(await rows.count()).toBe(2);
    const cells = await rows.nth(1).getByRole('cell').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['sheet workers', '4', 'nik']);
    expect(cells[3]).toMatch(/Text/);
    await axeCheck(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the rejected rows (.xlsx)' }).click(),
    ]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = back.getWorksheet('workers')!;
    expect(ws.rowCount).toBe(2);
    ws.getCell('A2').value = '6408010303900003';
    await page.goto(h.url('/portal'));
    await page.setInputFiles('#upload-workbook', {
      name: 'laporan-diperbaiki.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await back.xlsx.writeBuffer()),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/portal\/reports\/\d+$/);
    await page.getByRole('region', { name: 'Status' }).getByText('Processed', { exact: true }).waitFor({
      timeout: 60_000,
    });
    expect(await page.getByRole('table', { name: 'Rejected rows' }).count()).toBe(0);
  });

  it("shows the firm's own findings with what to do, and another firm's finding is not found", async () => {
    const page = await clerkPage();
    await page.goto(h.url('/portal/cases'));
    const table = page.getByRole('table', { name: 'Open findings' });
    await table.waitFor();
    const links = await table
      .locator('a[href^="/portal/cases/"]')
      .evaluateAll((as) =>
        as.map((a) => (a as unknown as { getAttribute(n: string): string | null }).getAttribute('href')),
      );
    expect(links).toContain(`/portal/cases/${noticeCase}`);
    expect(links).not.toContain(`/portal/cases/${otherCase}`);
    await axeCheck(page);
    await screenshot(page, 'portal-cases');

    await table.locator(`a[href="/portal/cases/${noticeCase}"]`).click();
    await page
      .getByRole('heading', { level: 1, name: 'Worker not enrolled in BPJS Ketenagakerjaan' })
      .waitFor();
    await page
      .getByRole('region', { name: 'What to do' })
      .getByText(/Enrol the worker/)
      .waitFor();
    await page
      .getByRole('region', { name: 'The data that shows it is cleared' })
      .getByText(/enrolments\.csv/)
      .waitFor();
    await axeCheck(page);
    await screenshot(page, 'portal-case');

    await page.goto(h.url(`/portal/cases/${otherCase}`));
    await page.getByRole('heading', { level: 1, name: 'Finding not found' }).waitFor();
    expect(await page.getByText('CV Kebun Lain Telen').count()).toBe(0);
    await axeCheck(page);
  });

  it('downloads the warning letter the office sent', async () => {
    const page = await clerkPage();
    await page.goto(h.url('/portal/notices'));
    const table = page.getByRole('table', { name: 'Warning letters' });
    await table.waitFor();
    await axeCheck(page);
    await screenshot(page, 'portal-notices');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      table.getByRole('button', { name: `Download the letter for finding #${noticeCase} (PDF)` }).click(),
    ]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf)).toContain('PT Sawit Muara Wahau');
    letterText = pdfText(pdf).replace(/\s+/g, ' ');
  });

  it('/verify/{code} (no sign-in) confirms the letter by the code printed on it, and rejects a made-up code', async () => {
    const code = /kode verifikasi ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(letterText)?.[1];
    expect(code).toEqual(expect.any(String));
    // The QR code's page, as a bank or a tender committee opens it: no session in this browser context.
    const page = await h.newPage({ lang: 'en' });
    await page.goto(h.url(`/verify/${code!}?lang=en`));
    const result = page.getByRole('status').filter({ hasText: 'This letter is genuine' });
    await result.waitFor();
    const table = page.getByRole('table', { name: 'The letter' });
    await expect(table.getByText('PT Sawit Muara Wahau').count()).resolves.toBe(1);
    await expect(table.getByText(new RegExp(`^560/${noticeCase}/SP-I/`)).count()).resolves.toBe(1);
    await expect(table.getByText('Notice sent').count()).resolves.toBe(1);
    // Nothing personal: not the worker's name, not the NIK.
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain('Yohanes');
    expect(body).not.toMatch(/6408\d{12}/);
    await axeCheck(page);
    await screenshot(page, 'verify');

    await page.goto(h.url('/verify/ABCD-EFGH-JKMN-PQRS?lang=en'));
    await page.getByRole('alert').filter({ hasText: 'Unknown code' }).waitFor();
    await axeCheck(page);
    // Indonesian by default.
    await page.goto(h.url(`/verify/${code!}?lang=id`));
    await page.getByRole('status').filter({ hasText: 'Surat ini asli' }).waitFor();
  });

  it('makes an API key shown once, which works, and revokes it', async () => {
    const page = await clerkPage();
    await page.goto(h.url('/portal/keys'));
    await page.getByLabel('Label').fill('sistem penggajian');
    await page.getByRole('button', { name: 'Make key' }).click();
    const key = (await page.getByLabel('API key', { exact: true }).textContent())!.trim();
    expect(key).toMatch(/^patuh_/);
    await h.http().get(`/api/v1/employers/${ids.A}`).set(bearer(key)).expect(200);
    await axeCheck(page);
    await screenshot(page, 'portal-keys');
    await page.getByRole('button', { name: /^Revoke key / }).click();
    await page.getByText(/^Revoked /).waitFor();
    await h.http().get(`/api/v1/employers/${ids.A}`).set(bearer(key)).expect(401);
  });

  it('staff opening /portal are told it is for employers and pointed to the console', async () => {
    const page = await h.newPage();
    await page.goto(h.url('/portal'));
    await page.waitForURL(/\/console\/login/);
    await signIn(page, h.users.inspector.email, h.users.inspector.password);
    await page.waitForURL(/\/console\/cases/);
    await page.goto(h.url('/portal'));
    await page.getByRole('alert').getByText('This portal is for employers').waitFor();
    await page.getByRole('link', { name: "Open the inspectors' console" }).waitFor();
    await axeCheck(page);
  });
});
