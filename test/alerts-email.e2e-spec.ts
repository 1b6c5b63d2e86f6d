import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DigestService, Digest } from '@patuh/alerts';
import { todayIn } from '@patuh/config';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';
import { startSmtp } from './support/smtp';

type Mail = { to: string[]; raw: string; subject: string; text: string };

/** Unfolds headers and decodes quoted-printable: enough to read what nodemailer sent. */
function readMail(raw: string, to: string[]): Mail {
  const [head] = raw.split(/\r?\n\r?\n/);
  const unfolded = head!.replace(/\r?\n[ \t]+/g, ' ');
  const subject = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const text = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return { to, raw, subject, text };
}

describe('alerts by email: case alerts and the daily digest (SMTP)', () => {
  let stack: TestStack;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  /** What arrived so far, headers unfolded and quoted-printable decoded. */
  const mails = (): Mail[] => smtp.mails.map((m) => readMail(m.raw, m.to));
  let api: INestApplication;
  let workers: INestApplication[];
  let ds: DataSource;
  let seed: Seed;
  let token: string;
  let nik = 6408020000000000;
  const http = () => request(api.getHttpServer());

  async function casesIn(
    district: string,
    opts: { npp?: string | null; enrolled?: boolean } = {},
  ): Promise<number[]> {
    const employerId = await seed.employer({
      scale: 'small',
      npp: opts.npp === undefined ? null : opts.npp,
      district,
    });
    const w = await seed.worker(String(++nik));
    await seed.contract({ employerId, workerId: w, ref: `E-${nik}`, start: '2025-01-01', end: '2025-12-31' });
    if (opts.enrolled)
      await seed.enrolment({ employerId, workerId: w, programs: 'JKK,JKM,JHT', from: '2025-02-01' });
    const res = await http()
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ asOf: '2025-06-30', employerIds: [employerId] });
    await eventually(async () => {
      const s = await http().get(`/api/v1/sweeps/${res.body.id}`).set(bearer(token));
      return s.body.status === 'completed' ? true : undefined;
    });
    return (
      (await ds.query('SELECT id FROM cases WHERE employer_id = ? ORDER BY id', [employerId])) as {
        id: number;
      }[]
    ).map((r) => r.id);
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    stack = new TestStack('alerts_email', {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Patuh Kutim <patuh@kutaitimurkab.go.id>',
      PUBLIC_URL: 'https://patuh.kutaitimurkab.go.id',
      ALERT_POLL_MS: '300',
      WEBHOOK_BACKOFF_MS: '100',
    });
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    workers = [await stack.startWorker(), await stack.startWorker()];
    token = await login(api, sup.email, sup.password);
  });
  afterAll(async () => {
    await stack.teardown();
    await smtp.close();
  });

  it('emails a case alert naming the event, rule and employer, with a link to the case in the console', async () => {
    const sub = await http()
      .post('/api/v1/alert-subscriptions')
      .set(bearer(token))
      .send({
        channel: 'email',
        target: 'pengawas.sangatta@kutaitimurkab.go.id',
        events: ['case.opened'],
        minSeverity: 'low',
        district: 'Sangatta Selatan',
      });
    expect(sub.status).toBe(201);
    const caseIds = await casesIn('Sangatta Selatan');
    const got = await eventually(async () => {
      const m = mails().filter((x) => x.to.includes('pengawas.sangatta@kutaitimurkab.go.id'));
      return m.length === caseIds.length ? m : undefined;
    });
    const cases = (await ds.query(
      'SELECT c.id, c.rule, e.name FROM cases c JOIN employers e ON e.id = c.employer_id WHERE c.id IN (?)',
      [caseIds],
    )) as { id: number; rule: string; name: string }[];
    for (const c of cases) {
      const mail = got.find((m) => m.subject.includes(`(#${c.id})`))!;
      expect(mail).toBeDefined();
      expect(mail.subject).toBe(`[Patuh] Kasus baru / New case: ${c.rule} - ${c.name} (#${c.id})`);
      expect(mail.raw).toMatch(/^To: pengawas\.sangatta@kutaitimurkab\.go\.id/m);
      expect(mail.raw).toMatch(/^From: Patuh Kutim <patuh@kutaitimurkab\.go\.id>/m);
      expect(mail.text).toContain(`https://patuh.kutaitimurkab.go.id/console/cases/${c.id}`);
      expect(mail.text).toContain('Lihat kasus');
      expect(mail.text).toContain('Open the case');
      expect(mail.raw).toMatch(/Content-Type: text\/html/);
    }
    const deliveries = await http()
      .get('/api/v1/alert-deliveries')
      .query({ subscriptionId: sub.body.id })
      .set(bearer(token));
    expect(deliveries.body.items.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
  });

  it('sends one digest per subscriber per day, grouped by severity and rule, filtered by district and severity', async () => {
    const subscribe = async (target: string, minSeverity: string, district?: string) => {
      const res = await http()
        .post('/api/v1/alert-subscriptions')
        .set(bearer(token))
        .send({ channel: 'email', target, events: ['digest.daily'], minSeverity, district });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const all = await subscribe('kepala@kutaitimurkab.go.id', 'low', 'Sangkulirang');
    const severe = await subscribe('kabid@kutaitimurkab.go.id', 'high', 'Sangkulirang');
    const elsewhere = await subscribe('telukpandan@kutaitimurkab.go.id', 'low', 'Teluk Pandan');

    const a = await casesIn('Sangkulirang');
    const b = await casesIn('Sangkulirang', { npp: '24001111', enrolled: true });
    await casesIn('Rantau Pulung'); // another district: in no digest above
    const mine = [...a, ...b];
    // Two of them are overdue.
    await ds.query('UPDATE cases SET due_at = ? WHERE id IN (?)', [
      new Date(Date.now() - 3600_000),
      mine.slice(0, 2),
    ]);

    const digest = workers.map((w) => w.get(DigestService));
    const tz = stack.env.BUSINESS_TZ;
    // Before DIGEST_HOUR (07:00 WITA by default) nothing is sent: 04:00 WITA.
    expect(await digest[0]!.sendDigests(new Date('2026-11-24T20:00:00Z'))).toBe(0);

    const now = new Date();
    const made = await Promise.all([...digest, ...digest].map((d) => d.sendDigests(now, { force: true })));
    expect(made.reduce((x, y) => x + y, 0)).toBe(3); // one per subscription, however many workers
    expect(await digest[1]!.sendDigests(now, { force: true })).toBe(0);

    const date = todayIn(tz, now);
    const rows = (await ds.query(
      `SELECT subscription_id, dedupe_key, payload FROM alert_deliveries WHERE event = 'digest.daily'`,
    )) as { subscription_id: number; dedupe_key: string; payload: string }[];
    expect(rows.map((r) => r.subscription_id).sort()).toEqual([all, severe, elsewhere].sort());
    expect(rows.every((r) => r.dedupe_key === `digest-${date}`)).toBe(true);

    const expected = (await ds.query(
      `SELECT severity, rule, COUNT(*) AS n, MIN(severity_rank) AS r FROM cases WHERE id IN (?) GROUP BY severity, rule ORDER BY r, rule`,
      [mine],
    )) as { severity: string; rule: string; n: number; r: number }[];
    const payloadOf = (id: number) =>
      (JSON.parse(rows.find((r) => r.subscription_id === id)!.payload) as { digest: Digest }).digest;

    const d1 = payloadOf(all);
    expect(d1).toMatchObject({ date, district: 'Sangkulirang', minSeverity: 'low' });
    expect(d1.newCases.total).toBe(mine.length);
    expect(d1.newCases.groups.map((g) => [g.severity, g.rule, g.count])).toEqual(
      expected.map((e) => [e.severity, e.rule, Number(e.n)]),
    );
    expect(d1.overdueCases.total).toBe(2);
    expect(d1.overdueCases.groups.flatMap((g) => g.cases.map((c) => c.id)).sort()).toEqual(
      mine.slice(0, 2).sort(),
    );

    const d2 = payloadOf(severe);
    const severeExpected = expected.filter((e) => e.r <= 2);
    expect(d2.newCases.total).toBe(severeExpected.reduce((s, e) => s + Number(e.n), 0));
    expect(d2.newCases.groups.every((g) => ['high', 'critical'].includes(g.severity))).toBe(true);

    const d3 = payloadOf(elsewhere);
    expect(d3.newCases.total).toBe(0);
    expect(d3.overdueCases.total).toBe(0);

    // The mails themselves.
    const digests = await eventually(async () => {
      const m = mails().filter((x) => x.subject.includes('Daily digest'));
      return m.length === 3 ? m : undefined;
    });
    const toAll = digests.find((m) => m.to.includes('kepala@kutaitimurkab.go.id'))!;
    expect(toAll.subject).toBe(
      `[Patuh] Ringkasan harian / Daily digest ${date} - Sangkulirang: ${mine.length} kasus baru / new, 2 lewat tenggat / overdue`,
    );
    for (const e of expected) expect(toAll.text).toContain(`${e.rule}: ${e.n}`);
    for (const id of mine)
      expect(toAll.text).toContain(`https://patuh.kutaitimurkab.go.id/console/cases/${id}`);
    const toElsewhere = digests.find((m) => m.to.includes('telukpandan@kutaitimurkab.go.id'))!;
    expect(toElsewhere.text).toContain('(tidak ada)');
  });
});
