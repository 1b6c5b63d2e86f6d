import { INestApplication } from '@nestjs/common';
import { createHmac } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AlertsOutbox, EscalationService } from '@patuh/alerts';
import { bearer, eventually, login, TestStack } from './support/stack';
import { Seed } from './support/seed';

type Hit = { headers: IncomingMessage['headers']; body: string };
type Delivery = {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  caseId: number;
  event: string;
};

/** A real HTTP receiver on 127.0.0.1; `answer` decides each response (per delivery id). */
class Receiver {
  hits: Hit[] = [];
  answer: (hit: Hit, nth: number) => number = () => 200;
  private server!: Server;
  url = '';
  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const hit = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.hits.push(hit);
        const nth = this.hits.filter(
          (h) => h.headers['x-patuh-delivery'] === hit.headers['x-patuh-delivery'],
        ).length;
        res.statusCode = this.answer(hit, nth);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }
  byDelivery(): Map<string, Hit[]> {
    const m = new Map<string, Hit[]>();
    for (const h of this.hits) {
      const id = String(h.headers['x-patuh-delivery']);
      m.set(id, [...(m.get(id) ?? []), h]);
    }
    return m;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

const sign = (body: string, secret: string) =>
  'sha256=' + createHmac('sha256', secret).update(body).digest('hex');

describe('alerts: subscriptions, webhook deliveries, escalation (CONTRACT §7)', () => {
  const stack = new TestStack('alerts', {
    WEBHOOK_BACKOFF_MS: '100',
    WEBHOOK_BACKOFF_MAX_MS: '400',
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_TIMEOUT_MS: '2000',
    ALERT_POLL_MS: '300',
    WORKER_CONCURRENCY: '4',
  });
  let api: INestApplication;
  let workers: INestApplication[];
  let ds: DataSource;
  let seed: Seed;
  let token: string;
  let inspectorToken: string;
  const receiver = new Receiver();
  let nikSeq = 6408010000000000;

  const http = () => request(api.getHttpServer());

  /** An employer in `district` with one never-enrolled worker and no NPP: a sweep opens several cases. */
  async function casesIn(district: string): Promise<number[]> {
    const employerId = await seed.employer({ scale: 'small', npp: null, district });
    const w = await seed.worker(String(++nikSeq));
    await seed.contract({
      employerId,
      workerId: w,
      ref: `R-${nikSeq}`,
      start: '2025-01-01',
      end: '2025-12-31',
    });
    const res = await http()
      .post('/api/v1/sweeps')
      .set(bearer(token))
      .send({ asOf: '2025-06-30', employerIds: [employerId] });
    expect(res.status).toBe(202);
    await eventually(async () => {
      const s = await http().get(`/api/v1/sweeps/${res.body.id}`).set(bearer(token));
      return s.body.status === 'completed' ? s.body : undefined;
    });
    const rows = (await ds.query('SELECT id FROM cases WHERE employer_id = ? ORDER BY id', [employerId])) as {
      id: number;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    return rows.map((r) => r.id);
  }

  async function subscribe(body: Record<string, unknown>): Promise<{ id: number; secret?: string }> {
    const res = await http().post('/api/v1/alert-subscriptions').set(bearer(token)).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: number; secret?: string };
  }

  const deliveriesOf = async (subscriptionId: number): Promise<Delivery[]> => {
    const res = await http()
      .get('/api/v1/alert-deliveries')
      .query({ subscriptionId, limit: 200 })
      .set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.items as Delivery[];
  };
  const settled = (subscriptionId: number, n: number) =>
    eventually(async () => {
      const d = await deliveriesOf(subscriptionId);
      return d.length === n && d.every((x) => x.status !== 'pending') ? d : undefined;
    });

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    seed = new Seed(ds);
    await receiver.start();
    const sup = await stack.createUser('supervisor');
    const insp = await stack.createUser('inspector');
    api = await stack.startApi();
    // Two workers throughout: nothing below may be delivered twice.
    workers = [await stack.startWorker(), await stack.startWorker()];
    token = await login(api, sup.email, sup.password);
    inspectorToken = await login(api, insp.email, insp.password);
  });
  afterAll(async () => {
    await stack.teardown();
    await receiver.stop();
  });

  it('validates subscriptions, shows a webhook secret once, and keeps it encrypted', async () => {
    const bad = async (body: Record<string, unknown>, path: string) => {
      const res = await http().post('/api/v1/alert-subscriptions').set(bearer(token)).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    };
    const ok = { channel: 'webhook', target: receiver.url, events: ['case.opened'], minSeverity: 'low' };
    await bad({ ...ok, channel: 'sms' }, 'channel');
    await bad({ ...ok, events: ['case.closed'] }, 'events');
    await bad({ ...ok, events: [] }, 'events');
    await bad({ ...ok, minSeverity: 'urgent' }, 'minSeverity');
    await bad({ ...ok, district: 'Gotham' }, 'district');
    await bad({ ...ok, target: 'ftp://example.org/x' }, 'target');
    await bad({ ...ok, target: 'http://169.254.169.254/latest/meta-data' }, 'target');
    await bad({ ...ok, target: 'http://[fe80::1]/x' }, 'target');
    await bad({ ...ok, target: 'http://metadata.google.internal/x' }, 'target');
    await bad({ ...ok, channel: 'email', target: 'not-an-address' }, 'target');

    const forbidden = await http().post('/api/v1/alert-subscriptions').set(bearer(inspectorToken)).send(ok);
    expect(forbidden.status).toBe(403);
    expect((await http().post('/api/v1/alert-subscriptions').send(ok)).status).toBe(401);

    const created = await http()
      .post('/api/v1/alert-subscriptions')
      .set(bearer(token))
      .send({ ...ok, district: 'Telen' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      channel: 'webhook',
      events: ['case.opened'],
      minSeverity: 'low',
      district: 'Telen',
      active: true,
    });
    expect(created.body.secret).toMatch(/^whsec_/);
    const [row] = (await ds.query('SELECT secret_enc FROM alert_subscriptions WHERE id = ?', [
      created.body.id,
    ])) as { secret_enc: string }[];
    expect(row!.secret_enc).not.toContain(created.body.secret.slice(6));

    const list = await http().get('/api/v1/alert-subscriptions').set(bearer(token));
    expect(list.status).toBe(200);
    const mine = (list.body.items as Record<string, unknown>[]).find((s) => s.id === created.body.id)!;
    expect(mine).toBeDefined();
    expect(mine.secret).toBeUndefined();
    expect(mine.secretEnc).toBeUndefined();

    const email = await http()
      .post('/api/v1/alert-subscriptions')
      .set(bearer(token))
      .send({ channel: 'email', target: 'pengawas@kutaitimurkab.go.id', events: ['digest.daily'] });
    expect(email.status).toBe(201);
    expect(email.body.secret).toBeUndefined();
    expect(email.body.minSeverity).toBe('low');

    const del = await http().delete(`/api/v1/alert-subscriptions/${created.body.id}`).set(bearer(token));
    expect(del.status).toBe(200);
    expect(del.body.active).toBe(false);
    await http().delete(`/api/v1/alert-subscriptions/${email.body.id}`).set(bearer(token)).expect(200);
    const after = await http().get('/api/v1/alert-subscriptions').set(bearer(token));
    expect((after.body.items as { id: number }[]).map((s) => s.id)).not.toContain(created.body.id);
  });

  it('retries a failing receiver with the same delivery id and a valid signature until it succeeds', async () => {
    const sub = await subscribe({
      channel: 'webhook',
      target: receiver.url,
      events: ['case.opened'],
      minSeverity: 'low',
      district: 'Bengalon',
    });
    receiver.answer = (_hit, nth) => (nth <= 2 ? 500 : 200);
    const caseIds = await casesIn('Bengalon');
    const done = await settled(sub.id, caseIds.length);
    expect(done.every((d) => d.status === 'delivered' && d.attempts === 3 && d.event === 'case.opened')).toBe(
      true,
    );
    expect(done.map((d) => d.caseId).sort()).toEqual([...caseIds].sort());

    const hits = receiver.byDelivery();
    for (const d of done) {
      const got = hits.get(d.id)!;
      expect(got).toHaveLength(3); // fails twice, then succeeds: the same id three times
      for (const h of got) {
        expect(h.headers['x-patuh-event']).toBe('case.opened');
        expect(h.headers['content-type']).toMatch(/application\/json/);
        expect(h.headers['x-patuh-signature']).toBe(sign(h.body, sub.secret!));
        expect(h.body).toBe(got[0]!.body); // byte-identical on every attempt
      }
      const body = JSON.parse(got[0]!.body) as {
        id: string;
        event: string;
        occurredAt: string;
        case: { id: number; status: string; employerName: string };
      };
      expect(body).toMatchObject({ id: d.id, event: 'case.opened', case: { id: d.caseId, status: 'open' } });
      expect(new Date(body.occurredAt).toISOString()).toBe(body.occurredAt);
      expect(body.case.employerName).toEqual(expect.any(String));
    }

    const one = await http().get(`/api/v1/alert-deliveries/${done[0]!.id}`).set(bearer(token));
    expect(one.status).toBe(200);
    expect(one.body.attemptLog.map((a: { httpStatus: number }) => a.httpStatus)).toEqual([500, 500, 200]);
    expect(one.body.attemptLog[0].error).toBe('HTTP 500 Internal Server Error');
    expect(one.body.payload.id).toBe(done[0]!.id);
    expect(
      (await http().get('/api/v1/alert-deliveries/00000000-0000-0000-0000-000000000000').set(bearer(token)))
        .status,
    ).toBe(404);
    expect((await http().get('/api/v1/alert-deliveries').set(bearer(inspectorToken))).status).toBe(403);
    await http().delete(`/api/v1/alert-subscriptions/${sub.id}`).set(bearer(token)).expect(200);
  });

  it('gives one delivery per case event per matching subscription and never delivers one twice with two workers', async () => {
    receiver.answer = () => 200;
    const a = await subscribe({
      channel: 'webhook',
      target: receiver.url + '?a',
      events: ['case.opened', 'case.reopened'],
      minSeverity: 'low',
      district: 'Busang',
    });
    const b = await subscribe({
      channel: 'webhook',
      target: receiver.url + '?b',
      events: ['case.opened'],
      minSeverity: 'low',
    });
    // Not matching: another district, and an event it did not ask for.
    const other = await subscribe({
      channel: 'webhook',
      target: receiver.url,
      events: ['case.opened'],
      minSeverity: 'low',
      district: 'Sandaran',
    });
    const none = await subscribe({
      channel: 'webhook',
      target: receiver.url,
      events: ['case.escalated'],
      minSeverity: 'low',
    });
    const before = receiver.hits.length;

    // Both workers' pollers and explicit polls race the immediate enqueue.
    const outboxes = workers.map((w) => w.get(AlertsOutbox));
    const caseIds = [
      ...(await casesIn('Busang')),
      ...(await casesIn('Busang')),
      ...(await casesIn('Busang')),
    ];
    await Promise.all(outboxes.flatMap((o) => [o.enqueueDue(), o.enqueueDue()]));
    const da = await settled(a.id, caseIds.length);
    const db = await settled(b.id, caseIds.length);
    expect(await deliveriesOf(other.id)).toEqual([]);
    expect(await deliveriesOf(none.id)).toEqual([]);
    expect([...da, ...db].every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);

    await new Promise((r) => setTimeout(r, 1000)); // let any stray duplicate job arrive
    const hits = receiver.hits.slice(before);
    const ids = hits.map((h) => String(h.headers['x-patuh-delivery']));
    expect(new Set(ids).size).toBe(ids.length); // never twice
    expect(ids.sort()).toEqual([...da, ...db].map((d) => d.id).sort());
    const dup = await ds.query(
      `SELECT subscription_id, dedupe_key FROM alert_deliveries GROUP BY subscription_id, dedupe_key HAVING COUNT(*) > 1`,
    );
    expect(dup).toEqual([]);
    for (const s of [a, b, other, none])
      await http().delete(`/api/v1/alert-subscriptions/${s.id}`).set(bearer(token)).expect(200);
  });

  it('ends an unreachable target failed with the error, and resends it on request with the same id', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const sub = await subscribe({
      channel: 'webhook',
      target: `http://127.0.0.1:${port}/nobody`,
      events: ['case.opened'],
      minSeverity: 'low',
      district: 'Kaliorang',
    });
    const caseIds = await casesIn('Kaliorang');
    const done = await settled(sub.id, caseIds.length);
    for (const d of done) {
      expect(d).toMatchObject({ status: 'failed', attempts: 3 });
      expect(d.lastError).toMatch(/ECONNREFUSED/);
    }
    const failed = await http()
      .get('/api/v1/alert-deliveries')
      .query({ status: 'failed', subscriptionId: sub.id })
      .set(bearer(token));
    expect(failed.body.items).toHaveLength(caseIds.length);

    // Page through with a cursor.
    const p1 = await http()
      .get('/api/v1/alert-deliveries')
      .query({ subscriptionId: sub.id, limit: 1 })
      .set(bearer(token));
    expect(p1.body.items).toHaveLength(1);
    expect(p1.body.nextCursor).toEqual(expect.any(String));
    const p2 = await http()
      .get('/api/v1/alert-deliveries')
      .query({ subscriptionId: sub.id, limit: 1, cursor: p1.body.nextCursor })
      .set(bearer(token));
    expect(p2.body.items[0].id).not.toBe(p1.body.items[0].id);

    const target = done[0]!;
    const delivered = await http().post(`/api/v1/alert-deliveries/${target.id}/resend`).set(bearer(token));
    expect(delivered.status).toBe(202);
    expect(delivered.body.id).toBe(target.id);
    const again = await eventually(async () => {
      const d = (await http().get(`/api/v1/alert-deliveries/${target.id}`).set(bearer(token))).body;
      return d.status === 'failed' && d.attempts === 6 ? d : undefined;
    });
    expect(again.attemptLog.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(again.lastError).toMatch(/ECONNREFUSED/);

    const pending = (await deliveriesOf(sub.id)).find((d) => d.status !== 'failed');
    expect(pending).toBeUndefined();
    // Only failed or undeliverable deliveries can be resent.
    const okSub = await subscribe({
      channel: 'webhook',
      target: receiver.url,
      events: ['case.opened'],
      minSeverity: 'low',
      district: 'Muara Wahau',
    });
    receiver.answer = () => 200;
    const okCases = await casesIn('Muara Wahau');
    const okDone = await settled(okSub.id, okCases.length);
    expect(
      (await http().post(`/api/v1/alert-deliveries/${okDone[0]!.id}/resend`).set(bearer(token))).status,
    ).toBe(409);
    for (const s of [sub, okSub])
      await http().delete(`/api/v1/alert-subscriptions/${s.id}`).set(bearer(token)).expect(200);
  });

  it('pauses a subscription whose every attempt failed for a day, and resumes it on request', async () => {
    receiver.answer = () => 503;
    const sub = await subscribe({
      channel: 'webhook',
      target: receiver.url,
      events: ['case.opened'],
      minSeverity: 'low',
      district: 'Kongbeng',
    });
    const first = await casesIn('Kongbeng');
    const done = await settled(sub.id, first.length);
    expect(done.every((d) => d.status === 'failed')).toBe(true);
    let s = (await http().get(`/api/v1/alert-subscriptions/${sub.id}`).set(bearer(token))).body;
    expect(s.failingSince).toEqual(expect.any(String));
    expect(s.pausedAt).toBeNull();
    // The failure streak began a day ago; the next failed attempt pauses it.
    await ds.query('UPDATE alert_subscriptions SET failing_since = ? WHERE id = ?', [
      new Date(Date.now() - 25 * 3600_000),
      sub.id,
    ]);
    await http().post(`/api/v1/alert-deliveries/${done[0]!.id}/resend`).set(bearer(token)).expect(202);
    s = await eventually(async () => {
      const v = (await http().get(`/api/v1/alert-subscriptions/${sub.id}`).set(bearer(token))).body;
      return v.pausedAt ? v : undefined;
    });
    expect(s.pausedReason).toMatch(/HTTP 503/);
    // Paused: new case events make no deliveries for it.
    await casesIn('Kongbeng');
    expect(await deliveriesOf(sub.id)).toHaveLength(first.length);
    const resumed = await http().post(`/api/v1/alert-subscriptions/${sub.id}/resume`).set(bearer(token));
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ pausedAt: null, pausedReason: null, failingSince: null });
    await http().delete(`/api/v1/alert-subscriptions/${sub.id}`).set(bearer(token)).expect(200);
  });

  it('delivers an outbox row whose job was never enqueued (Redis or workers down at commit): the poller finds it', async () => {
    receiver.answer = () => 200;
    const sub = await subscribe({
      channel: 'webhook',
      target: receiver.url,
      events: ['case.opened'],
      minSeverity: 'low',
      district: 'Long Mesangat',
    });
    const [caseId] = (await ds.query('SELECT id FROM cases ORDER BY id LIMIT 1')) as { id: number }[];
    const uuid = '7f1d2c3b-0000-4000-8000-000000000001';
    // Exactly what the outbox commits, with no job behind it.
    await ds.query(
      `INSERT INTO alert_deliveries (uuid, subscription_id, event, dedupe_key, case_id, payload, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, 'case.opened', 'case-event-999999', ?, ?, 'pending', 0, ?, ?)`,
      [
        uuid,
        sub.id,
        caseId!.id,
        JSON.stringify({
          id: uuid,
          event: 'case.opened',
          occurredAt: new Date().toISOString(),
          case: { id: caseId!.id },
        }),
        new Date(),
        new Date(),
      ],
    );
    const d = await eventually(async () => {
      const v = (await http().get(`/api/v1/alert-deliveries/${uuid}`).set(bearer(token))).body;
      return v.status === 'delivered' ? v : undefined;
    });
    expect(d.attempts).toBe(1);
    expect(receiver.hits.filter((h) => h.headers['x-patuh-delivery'] === uuid)).toHaveLength(1);
    await http().delete(`/api/v1/alert-subscriptions/${sub.id}`).set(bearer(token)).expect(200);
  });

  it('escalates each overdue case once, however many workers check', async () => {
    receiver.answer = () => 200;
    const sub = await subscribe({
      channel: 'webhook',
      target: receiver.url,
      events: ['case.escalated'],
      minSeverity: 'low',
      district: 'Karangan',
    });
    const caseIds = await casesIn('Karangan');
    expect(await deliveriesOf(sub.id)).toEqual([]); // it did not ask for case.opened
    const past = new Date(Date.now() - 3600_000);
    await ds.query('UPDATE cases SET due_at = ? WHERE id IN (?)', [past, caseIds]);
    const notYet = caseIds[0]!;
    await ds.query('UPDATE cases SET due_at = ? WHERE id = ?', [new Date(Date.now() + 86_400_000), notYet]);
    const overdue = caseIds.filter((id) => id !== notYet);

    const services = workers.map((w) => w.get(EscalationService));
    const now = new Date();
    const counts = await Promise.all([...services, ...services].map((s) => s.checkEscalations(now)));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(overdue.length); // other suites' cases may be overdue too
    expect(await Promise.all(services.map((s) => s.checkEscalations(new Date())))).toEqual([0, 0]);

    const events = (await ds.query(
      `SELECT case_id, actor_user_id FROM case_events WHERE type = 'escalated' AND case_id IN (?)`,
      [caseIds],
    )) as { case_id: number; actor_user_id: number | null }[];
    expect(events.map((e) => e.case_id).sort()).toEqual([...overdue].sort());
    expect(events.every((e) => e.actor_user_id === null)).toBe(true);

    const done = await settled(sub.id, overdue.length);
    expect(done.every((d) => d.status === 'delivered' && d.event === 'case.escalated')).toBe(true);
    expect(done.map((d) => d.caseId).sort()).toEqual([...overdue].sort());
    const hits = receiver.hits.filter((h) => h.headers['x-patuh-event'] === 'case.escalated');
    const ids = hits.map((h) => String(h.headers['x-patuh-delivery']));
    expect(new Set(ids).size).toBe(ids.length);
    const body = JSON.parse(hits[0]!.body) as { event: string; case: { dueAt: string } };
    expect(body.event).toBe('case.escalated');
    expect(new Date(body.case.dueAt).getTime()).toBeLessThan(now.getTime());
    await http().delete(`/api/v1/alert-subscriptions/${sub.id}`).set(bearer(token)).expect(200);
  });

  it('records email alerts as undeliverable when SMTP_URL is not configured', async () => {
    const sub = await subscribe({
      channel: 'email',
      target: 'pengawas@kutaitimurkab.go.id',
      events: ['case.opened'],
      minSeverity: 'low',
      district: 'Kaubun',
    });
    const caseIds = await casesIn('Kaubun');
    const done = await settled(sub.id, caseIds.length);
    expect(done.every((d) => d.status === 'undeliverable' && d.lastError === 'SMTP_URL not configured')).toBe(
      true,
    );
    const resend = await http().post(`/api/v1/alert-deliveries/${done[0]!.id}/resend`).set(bearer(token));
    expect(resend.status).toBe(202);
    await http().delete(`/api/v1/alert-subscriptions/${sub.id}`).set(bearer(token)).expect(200);
  });
});
