import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { AlertDeliveriesRepository, AlertSubscriptionsRepository } from '@patuh/persistence';
import { TestStack } from '../support/stack';

describe('AlertSubscriptionsRepository and AlertDeliveriesRepository (real MySQL)', () => {
  const stack = new TestStack('repo_alerts');
  let ds: DataSource;
  let subs: AlertSubscriptionsRepository;
  let deliveries: AlertDeliveriesRepository;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    subs = new AlertSubscriptionsRepository(ds);
    deliveries = new AlertDeliveriesRepository(ds);
  });
  afterAll(() => stack.teardown());

  const subscribe = (target: string) =>
    subs.insert({
      channel: 'webhook',
      target,
      events: 'case.opened,case.escalated',
      minSeverity: 'medium',
      district: null,
      secretEnc: null,
      createdByUserId: null,
      createdAt: new Date(),
    });
  const delivery = (subscriptionId: number, dedupeKey: string) => ({
    uuid: randomUUID(),
    subscriptionId,
    event: 'case.opened',
    dedupeKey,
    caseId: null,
    payload: JSON.stringify({ hello: dedupeKey }),
  });

  it('subscriptions: matchable means active and not paused; resume clears the pause and the streak', async () => {
    const a = await subscribe('https://a.example/hook');
    const b = await subscribe('https://b.example/hook');
    expect((await subs.listMatchable()).map((s) => s.id)).toEqual([a, b]);
    await subs.deactivate(b);
    expect((await subs.listMatchable()).map((s) => s.id)).toEqual([a]);
    expect((await subs.list(false)).map((s) => s.id)).toEqual([a]);
    expect((await subs.list(true)).map((s) => s.id)).toEqual([a, b]);

    const t0 = new Date('2026-01-01T00:00:00Z');
    await subs.noteFailing(a, t0);
    await subs.noteFailing(a, new Date('2026-01-01T01:00:00Z')); // the streak keeps its start
    expect((await subs.findById(a))!.failing_since).toEqual(t0);
    // Failing since t0: pausing at t0 + 30 min with a 1 h threshold does nothing; after the hour, once.
    expect(
      await subs.pauseIfFailingSince(a, new Date('2026-01-01T00:30:00Z'), 'r', new Date(t0.getTime() - 1)),
    ).toBe(false);
    const at = new Date('2026-01-01T02:00:00Z');
    expect(await subs.pauseIfFailingSince(a, at, 'down', t0)).toBe(true);
    expect(await subs.pauseIfFailingSince(a, at, 'down', t0)).toBe(false);
    expect(await subs.listMatchable()).toEqual([]);
    await subs.resume(a);
    const resumed = (await subs.findById(a))!;
    expect([resumed.paused_at, resumed.paused_reason, resumed.failing_since]).toEqual([null, null, null]);
    await subs.noteFailing(a, t0);
    await subs.clearFailing(a);
    expect((await subs.findById(a))!.failing_since).toBeNull();
  });

  it('lists active admins only, for the pause email', async () => {
    await stack.createUser('admin', 'admin@x.test');
    await stack.createUser('supervisor', 'sup@x.test');
    const gone = await stack.createUser('admin', 'gone@x.test');
    await ds.query('UPDATE users SET active = 0 WHERE id = ?', [gone.id]);
    expect(await subs.listActiveAdminEmails()).toEqual(['admin@x.test']);
  });

  it('insertMany is idempotent on (subscription, dedupe key): a repeat makes no row and no id', async () => {
    const s = await subscribe('https://c.example/hook');
    const now = new Date();
    const first = await deliveries.insertMany([delivery(s, 'k1'), delivery(s, 'k2')], now);
    expect(first).toHaveLength(2);
    const again = await deliveries.insertMany([delivery(s, 'k1'), delivery(s, 'k3')], now);
    expect(again).toHaveLength(1);
    expect(await deliveries.listSubscriptionIdsWithKey('k1')).toEqual(new Set([s]));
    const listed = await deliveries.list({ subscriptionId: s }, 10);
    expect(listed.map((d) => d.pk)).toEqual([...first, ...again].sort((a, b) => b - a));
    expect(listed[0]).toMatchObject({
      channel: 'webhook',
      target: 'https://c.example/hook',
      status: 'pending',
    });
    const page = await deliveries.list({ subscriptionId: s, beforeId: listed[0]!.pk }, 10);
    expect(page.map((d) => d.pk)).toEqual(listed.slice(1).map((d) => d.pk));
  });

  it('one claim per attempt: two workers racing for attempt 1 get it once; the lease blocks a repeat', async () => {
    const s = await subscribe('https://d.example/hook');
    const now = new Date();
    const [id] = await deliveries.insertMany([delivery(s, 'race')], now);
    const lease = new Date(now.getTime() + 60_000);
    const claims = await Promise.all([
      deliveries.claimAttempt(id!, 1, now, lease),
      deliveries.claimAttempt(id!, 1, now, lease),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Attempt 2 while attempt 1's lease runs: refused; after it lapses: taken.
    expect(await deliveries.claimAttempt(id!, 2, now, lease)).toBe(false);
    expect(await deliveries.claimAttempt(id!, 2, new Date(lease.getTime() + 1), lease)).toBe(true);
    // Not due to the poller while leased.
    expect((await deliveries.listDue(new Date(now.getTime() + 1000), 100)).map((d) => d.id)).not.toContain(
      id,
    );
  });

  it('attempt log: in progress, abandoned by the next attempt, finished with status and duration', async () => {
    const s = await subscribe('https://e.example/hook');
    const now = new Date();
    const [id] = await deliveries.insertMany([delivery(s, 'log')], now);
    const a1 = await deliveries.insertAttempt(id!, 1, 'in progress', now);
    await deliveries.abandonEarlierAttempts(id!, 2, 'in progress', 'abandoned');
    const a2 = await deliveries.insertAttempt(id!, 2, 'in progress', now);
    await deliveries.finishAttempt(a2, 200, null, 12);
    const log = await deliveries.listAttempts(id!);
    expect(log.map((a) => [a.attempt, a.http_status, a.error, a.duration_ms])).toEqual([
      [1, null, 'abandoned', 0],
      [2, 200, null, 12],
    ]);
    expect(a1).toBeLessThan(a2);
  });

  it('retry, end, deliver and resend move the status only from the expected one', async () => {
    const s = await subscribe('https://f.example/hook');
    const now = new Date();
    const [id] = await deliveries.insertMany([delivery(s, 'life')], now);
    expect(await deliveries.claimAttempt(id!, 1, now, new Date(now.getTime() + 1000))).toBe(true);
    const next = new Date(now.getTime() + 5000);
    expect(await deliveries.scheduleRetry(id!, 2, 'stale attempt', next)).toBe(false);
    expect(await deliveries.scheduleRetry(id!, 1, 'HTTP 500', next)).toBe(true);
    expect(await deliveries.findForSend(id!)).toMatchObject({
      channel: 'webhook',
      active: 1,
      attempt_base: 0,
    });
    await deliveries.markEnded(id!, 1, 'failed', 'gave up');
    expect(
      (await deliveries.findByUuid((await deliveries.list({ subscriptionId: s }, 1))[0]!.uuid))!.status,
    ).toBe('failed');
    expect(await deliveries.makePendingAgain(id!, now)).toBe(true);
    expect(await deliveries.makePendingAgain(id!, now)).toBe(false);
    expect(await deliveries.findAttempts(id!)).toBe(1);
    await deliveries.markDelivered(id!, now);
    const d = (await deliveries.list({ subscriptionId: s }, 1))[0]!;
    expect(d.status).toBe('delivered');
    expect(await deliveries.findIdByUuid(d.uuid)).toBe(id);
    expect(JSON.parse((await deliveries.findPayload(id!))!)).toEqual({ hello: 'life' });
  });
});
