import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'crypto';
import type { Env } from '@patuh/config';

/**
 * Webhook signing secrets. We must sign every delivery with the secret itself (HMAC needs the key), so a hash
 * would be useless: the secret is encrypted at rest with AES-256-GCM instead, under ALERT_SECRET_KEY (or a key
 * derived from JWT_SECRET). A database dump alone does not reveal the secrets.
 */
const DEV_KEY_MATERIAL = 'patuh-development-alert-key (set ALERT_SECRET_KEY or JWT_SECRET)';

export function alertKey(env: Pick<Env, 'ALERT_SECRET_KEY' | 'JWT_SECRET'>): Buffer {
  const material =
    env.ALERT_SECRET_KEY ?? (env.JWT_SECRET ? `patuh-alerts|${env.JWT_SECRET}` : DEV_KEY_MATERIAL);
  return createHash('sha256').update(material).digest();
}

export function newWebhookSecret(): string {
  return 'whsec_' + randomBytes(32).toString('base64url');
}

/** "v1.<iv>.<tag>.<ciphertext>", base64url parts. */
export function encryptSecret(secret: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ct.toString('base64url'),
  ].join('.');
}

export function decryptSecret(stored: string, key: Buffer): string {
  const [v, iv, tag, ct] = stored.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unreadable webhook secret');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

/** The X-Patuh-Signature value: "sha256=" + hex HMAC-SHA256 of the raw body with the secret. */
export function signBody(body: string | Buffer, secret: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}
