import { JwtService, type JwtVerifyOptions } from '@nestjs/jwt';

/**
 * How every access token is verified (issue #16, item 9): HS256 only (a token signed with the right secret
 * but another algorithm, or `alg: none`, is refused) and `exp` required (jsonwebtoken accepts a token without
 * one as never expiring). The sign side is JwtModule's signOptions (HS256, JWT_TTL_SECONDS).
 */
export const JWT_VERIFY_OPTIONS: JwtVerifyOptions = { algorithms: ['HS256'] };

export async function verifyAccessToken<T extends object>(jwt: JwtService, token: string): Promise<T> {
  const claims = await jwt.verifyAsync<T & { exp?: unknown }>(token, JWT_VERIFY_OPTIONS);
  if (typeof claims.exp !== 'number') throw new Error('the access token has no exp');
  // A user id, as signed at login: a string sub ("1 OR 1=1") reached SQL as the actor (issue #16, the fuzz suite).
  const sub = (claims as { sub?: unknown }).sub;
  if (typeof sub !== 'number' || !Number.isSafeInteger(sub) || sub < 1)
    throw new Error('the access token names no user');
  return claims;
}
