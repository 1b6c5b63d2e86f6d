import { createHmac } from 'crypto';
import { backoffMs, caseLink, matches } from './alerts.shared';
import { alertKey, decryptSecret, encryptSecret, newWebhookSecret, signBody } from './secrets';
import { addressProblem, checkTargetUrl, TargetRefused } from './target-policy';

const dev = { NODE_ENV: 'development' as const, WEBHOOK_ALLOW_PRIVATE: undefined, WEBHOOK_ALLOWED_HOSTS: '' };
const prod = { ...dev, NODE_ENV: 'production' as const };

describe('alerts: target policy', () => {
  it('always refuses link-local, metadata and non-http(s) targets', () => {
    for (const t of [
      'http://169.254.169.254/x',
      'http://[fe80::1]/',
      'http://metadata.google.internal/',
      'ftp://a.b/',
      'http://u:p@example.org/',
      'http://0.0.0.0/',
    ])
      expect(() => checkTargetUrl(t, dev)).toThrow(TargetRefused);
  });
  it('allows loopback and private outside production, refuses them in production unless allowed', () => {
    expect(() => checkTargetUrl('http://127.0.0.1:8080/h', dev)).not.toThrow();
    expect(() => checkTargetUrl('http://10.1.2.3/h', prod)).toThrow(TargetRefused);
    expect(() => checkTargetUrl('http://localhost/h', prod)).toThrow(TargetRefused);
    expect(() => checkTargetUrl('http://10.1.2.3/h', { ...prod, WEBHOOK_ALLOW_PRIVATE: true })).not.toThrow();
    expect(() =>
      checkTargetUrl('http://10.1.2.3/h', { ...prod, WEBHOOK_ALLOWED_HOSTS: 'x.y, 10.1.2.3' }),
    ).not.toThrow();
    expect(() => checkTargetUrl('https://hooks.example.org/patuh', prod)).not.toThrow();
    expect(addressProblem('::ffff:169.254.169.254', dev)).toMatch(/metadata|link-local/);
    expect(addressProblem('8.8.8.8', prod)).toBeNull();
  });
});

describe('alerts: secrets, signature, backoff, matching', () => {
  it('encrypts secrets (AES-256-GCM) and signs bodies with HMAC-SHA256', () => {
    const key = alertKey({ ALERT_SECRET_KEY: undefined, JWT_SECRET: 'x'.repeat(32) });
    const secret = newWebhookSecret();
    const enc = encryptSecret(secret, key);
    expect(enc).not.toContain(secret);
    expect(decryptSecret(enc, key)).toBe(secret);
    expect(() =>
      decryptSecret(enc, alertKey({ ALERT_SECRET_KEY: 'another-key-0123456789', JWT_SECRET: undefined })),
    ).toThrow();
    expect(signBody('{}', 'k')).toBe('sha256=' + createHmac('sha256', 'k').update('{}').digest('hex'));
  });
  it('backs off exponentially with a cap', () => {
    const env = { WEBHOOK_BACKOFF_MS: 30_000, WEBHOOK_BACKOFF_MAX_MS: 6 * 3600_000 };
    expect([1, 2, 3, 4].map((n) => backoffMs(env, n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(env, 20)).toBe(6 * 3600_000);
  });
  it('matches events, minimum severity and district', () => {
    const sub = {
      id: 1,
      channel: 'webhook' as const,
      target: '',
      events: 'case.opened,case.escalated',
      min_severity: 'high',
      district: 'Bengalon',
    };
    expect(matches(sub, 'case.opened', 'critical', 'Bengalon')).toBe(true);
    expect(matches(sub, 'case.opened', 'medium', 'Bengalon')).toBe(false);
    expect(matches(sub, 'case.reopened', 'critical', 'Bengalon')).toBe(false);
    expect(matches(sub, 'case.opened', 'high', 'Busang')).toBe(false);
    expect(matches({ ...sub, district: null }, 'case.opened', 'high', 'Busang')).toBe(true);
    expect(caseLink({ PUBLIC_URL: undefined }, 7)).toBe('http://127.0.0.1:3000/console/cases/7');
    expect(caseLink({ PUBLIC_URL: 'https://p.example/' }, 7)).toBe('https://p.example/console/cases/7');
  });
});
