import { INestApplication } from '@nestjs/common';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import { createPinnedDispatcher } from '../libs/alerts/src/pinned-dispatcher';
import { bearer, login, TestStack } from './support/stack';

/** Issue #16, item 1: SSRF through IPv6 spellings of internal addresses, any port, and DNS rebinding. */
describe('webhook targets in production (SSRF)', () => {
  const stack = new TestStack('webhook_ssrf', { NODE_ENV: 'production' });
  let api: INestApplication;
  let token: string;
  let server: Server;
  let port = 0;
  let hits = 0;

  beforeAll(async () => {
    await stack.setup();
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    token = await login(api, sup.email, sup.password);
    server = createServer((req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await stack.teardown();
    await new Promise((r) => server.close(r));
  });

  const subscribe = (target: string) =>
    request(api.getHttpServer())
      .post('/api/v1/alert-subscriptions')
      .set(bearer(token))
      .send({ channel: 'webhook', target, events: ['case.opened'], minSeverity: 'low' });

  it.each([
    () => `http://[::ffff:127.0.0.1]:${port}/hook`,
    () => `http://[::ffff:7f00:1]:${port}/hook`,
    () => `http://[0:0:0:0:0:ffff:127.0.0.1]:${port}/hook`,
    () => `http://[::127.0.0.1]:${port}/hook`,
    () => 'http://[::ffff:7f00:1]/hook',
    () => 'http://[::ffff:a9fe:a9fe]/latest/meta-data',
    () => 'http://[64:ff9b::7f00:1]/hook',
    () => 'http://[2002:7f00:1::]/hook',
    () => 'http://[::ffff:10.0.0.1]/hook',
    () => 'http://[::1]/hook',
    () => 'http://127.0.0.1/hook',
    () => `http://localhost:${port}/hook`,
    () => 'http://93.184.216.34:6379/',
    () => 'https://93.184.216.34:8443/hook',
  ])('refuses target %# with 400 problem+json naming the target', async (t) => {
    const res = await subscribe(t());
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain('target');
  });

  it('accepts a public address on 443 (the refusals above are the policy, not a broken route)', async () => {
    const res = await subscribe('https://93.184.216.34/hook');
    expect(res.status).toBe(201);
  });

  const refused = async (sent: Promise<Response>) => {
    const err = (await sent.then(
      () => null,
      (e: unknown) => e,
    )) as { cause?: unknown } | null;
    // (jest's realm makes undici re-wrap the cause, so its message is what is compared, not its code)
    expect(String(err?.cause)).toMatch(/target refused at connect: /);
  };

  it('refuses at connect time a host name that resolves to 127.0.0.1, and sends nothing', async () => {
    const prodAnyPort = { ...stack.env, WEBHOOK_ALLOWED_PORTS: '*' };
    const before = hits;
    // The system resolver: localhost is 127.0.0.1 (or ::1).
    const sys = createPinnedDispatcher(prodAnyPort);
    await refused(
      fetch(`http://localhost:${port}/hook`, { method: 'POST', body: '{}', dispatcher: sys as never }),
    );
    // DNS rebinding: a name that was public when checked and answers 127.0.0.1 when the socket is opened.
    let answers = 0;
    const rebinding = createPinnedDispatcher(prodAnyPort, (_h, cb) =>
      cb(null, [
        answers++ === 0 ? { address: '::ffff:7f00:1', family: 6 } : { address: '127.0.0.1', family: 4 },
      ]),
    );
    for (let i = 0; i < 2; i++)
      await refused(
        fetch(`http://hooks.example.org:${port}/hook`, {
          method: 'POST',
          body: '{}',
          dispatcher: rebinding as never,
        }),
      );
    // A literal that the URL check would have caught is caught again per connection, as is the port.
    const prod = createPinnedDispatcher(stack.env);
    await refused(
      fetch(`http://[::ffff:7f00:1]:${port}/hook`, { method: 'POST', body: '{}', dispatcher: prod as never }),
    );
    expect(hits).toBe(before);
    // Control: the same dispatcher where loopback is allowed delivers (the refusals are the policy).
    const allowed = createPinnedDispatcher({ ...prodAnyPort, WEBHOOK_ALLOW_PRIVATE: true }, (_h, cb) =>
      cb(null, [{ address: '127.0.0.1', family: 4 }]),
    );
    const ok = await fetch(`http://hooks.example.org:${port}/hook`, {
      method: 'POST',
      body: '{}',
      dispatcher: allowed as never,
    });
    expect(ok.status).toBe(200);
    expect(hits).toBe(before + 1);
    await Promise.all([sys, rebinding, prod, allowed].map((d) => d.close()));
  });
});
