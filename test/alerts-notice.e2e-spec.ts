import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';
import { ReceivedMail, startSmtp } from './support/smtp';

/**
 * CONTRACT §7 / issue 7: moving a case to notice_sent emails the employer's contact the written warning, with the
 * notice PDF attached, through the alert outbox (same transaction as the transition, retried like any delivery).
 */
describe('employer notice on notice_sent', () => {
  let stack: TestStack;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let mails: ReceivedMail[];
  let api: INestApplication;
  let ds: DataSource;
  let token: string;
  let seed: Seed;
  const http = () => request(api.getHttpServer());

  const caseFor = async (contactEmail: string | null): Promise<number> => {
    const employerId = await seed.employer({
      scale: 'small',
      npp: '24001111',
      district: 'Bengalon',
      name: `PT Notis ${contactEmail ?? 'tanpa email'}`,
    });
    await ds.query('UPDATE employers SET contact_email = ? WHERE id = ?', [contactEmail, employerId]);
    const w = await seed.worker(`64080101019${String(employerId).padStart(5, '0')}`, 'Rahmat Hidayat');
    await seed.contract({
      employerId,
      workerId: w,
      ref: `N-${employerId}`,
      start: '2025-01-01',
      end: '2025-12-31',
    });
    const sweep = await http()
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ asOf: '2025-06-30', employerIds: [employerId] });
    await eventually(async () =>
      (await http().get(`/api/v1/sweeps/${sweep.body.id}`).set(bearer(token))).body.status === 'completed'
        ? true
        : undefined,
    );
    const [c] = (await ds.query(`SELECT id FROM cases WHERE employer_id = ? AND rule = 'ENROLMENT_MISSING'`, [
      employerId,
    ])) as { id: number }[];
    for (const to of ['in_review', 'confirmed', 'notice_sent']) {
      const res = await http()
        .post(`/api/v1/cases/${c!.id}/transition`)
        .set(bearer(token))
        .send({ to, note: `ke ${to}` });
      expect(res.status).toBeLessThan(300);
    }
    return c!.id;
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    mails = smtp.mails;
    stack = new TestStack('alerts_notice', {
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://patuh.example.go.id',
      ALERT_POLL_MS: '500',
    });
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    await stack.startWorker();
    token = await login(api, sup.email, sup.password);
  });
  afterAll(async () => {
    await stack.teardown();
    await smtp.close();
  });

  it('emails the employer the written warning with the notice PDF attached, once', async () => {
    const caseId = await caseFor('hrd@notis.co.id');
    const mail = await eventually(async () => mails.find((m) => m.to.includes('hrd@notis.co.id')), 30_000);
    const head = mail.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    expect(head).toMatch(/^Subject: .*Surat Peringatan/im);
    expect(mail.raw).toMatch(/Content-Type: application\/pdf/i);
    expect(mail.raw).toContain(`surat-peringatan-${caseId}.pdf`);
    expect(mail.raw).toContain('X-Patuh-Event: case.notice_sent');
    // The SMTP server has the mail before the worker, told it was accepted, marks the delivery: wait for that.
    const deliveries = () =>
      ds.query(
        `SELECT status, event, subscription_id FROM alert_deliveries WHERE case_id = ? AND event = 'case.notice_sent'`,
        [caseId],
      ) as Promise<{ status: string; subscription_id: number }[]>;
    const rows = await eventually(async () => {
      const r = await deliveries();
      return r.some((d) => d.status === 'pending') ? undefined : r;
    }, 30_000);
    expect(rows).toEqual([expect.objectContaining({ status: 'delivered', subscription_id: 0 })]);
    await new Promise((r) => setTimeout(r, 1500)); // a poller tick: nothing is sent twice
    expect(mails.filter((m) => m.to.includes('hrd@notis.co.id'))).toHaveLength(1);
  });

  it('records the notice as undeliverable, with the reason, when the employer has no contact email', async () => {
    const caseId = await caseFor(null);
    const row = await eventually(async () => {
      const [r] = (await ds.query(
        `SELECT status, last_error FROM alert_deliveries WHERE case_id = ? AND event = 'case.notice_sent'`,
        [caseId],
      )) as {
        status: string;
        last_error: string;
      }[];
      return r && r.status !== 'pending' ? r : undefined;
    });
    expect(row).toEqual({ status: 'undeliverable', last_error: expect.stringMatching(/no contact email/) });
    const listed = await http().get('/api/v1/alert-deliveries').query({ caseId }).set(bearer(token));
    expect(listed.status).toBe(200);
    expect(listed.body.items[0]).toMatchObject({ event: 'case.notice_sent', status: 'undeliverable' });
  });
});
