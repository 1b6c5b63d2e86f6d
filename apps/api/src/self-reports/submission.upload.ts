import {
  CallHandler,
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  mixin,
  NestInterceptor,
  Type,
} from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { badRequest, ProblemException } from '@patuh/core';
import { Principal } from '../auth/principal';

const tooLarge = () =>
  new ProblemException(413, 'Payload Too Large', 'The request body is larger than the limit');

/**
 * Accepts JSON (already parsed, within SELF_REPORT_MAX_BYTES, by the global body parser) or multipart/form-data
 * with at most `maxFiles` files, each within SELF_REPORT_MAX_BYTES, held in memory; any other type → 415.
 */
export function SubmissionUpload(maxFiles: number): Type<NestInterceptor> {
  @Injectable()
  class SubmissionUploadInterceptor implements NestInterceptor {
    private readonly upload: RequestHandler;

    constructor(@Inject(APP_CONFIG) config: AppConfig) {
      this.upload = multer({
        storage: multer.memoryStorage(),
        limits: {
          fileSize: config.env.SELF_REPORT_MAX_BYTES,
          files: maxFiles,
          fields: 10,
          fieldSize: 1024,
          headerPairs: 200,
        },
      }).any();
    }

    async intercept(ctx: ExecutionContext, next: CallHandler) {
      const req = ctx.switchToHttp().getRequest<Request>();
      const res = ctx.switchToHttp().getResponse<Response>();
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'multipart/form-data') {
        await new Promise<void>((resolve, reject) =>
          this.upload(req, res, (err?: unknown) => {
            if (!err) return resolve();
            const code = (err as { code?: string }).code;
            if (code === 'LIMIT_FILE_SIZE') return reject(tooLarge());
            if (code === 'LIMIT_FILE_COUNT')
              return reject(badRequest(`Send at most ${maxFiles} file${maxFiles > 1 ? 's' : ''}`));
            reject(badRequest(`The multipart body could not be read (${(err as Error).message})`));
          }),
        );
      } else if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
        throw new ProblemException(
          415,
          'Unsupported Media Type',
          'Send application/json, or multipart/form-data with CSV files',
        );
      }
      return next.handle();
    }
  }
  return mixin(SubmissionUploadInterceptor);
}

/**
 * Rate limit per API key (or per user for admin uploads): SELF_REPORT_RATE_LIMIT submissions per
 * SELF_REPORT_RATE_TTL_MS, on the throttler's storage. Runs after the AuthGuard (so it knows the principal);
 * over the limit → 429 problem with Retry-After (seconds).
 */
@Injectable()
export class SubmissionThrottleGuard implements CanActivate {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const p = req.principal;
    const tracker = !p ? `ip-${req.ip}` : p.kind === 'employer' ? `key-${p.keyId}` : `user-${p.userId}`;
    const limit = this.config.env.SELF_REPORT_RATE_LIMIT;
    const ttl = this.config.env.SELF_REPORT_RATE_TTL_MS;
    const r = await this.storage.increment(`self-report-${tracker}`, ttl, limit, ttl, 'self-report');
    res.setHeader('X-RateLimit-Limit', String(limit));
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - r.totalHits)));
    res.setHeader('X-RateLimit-Reset', String(r.timeToExpire));
    if (r.isBlocked)
      throw new ProblemException(
        429,
        'Too Many Requests',
        `At most ${limit} submissions per ${Math.round(ttl / 1000)} s for one key; retry after ${r.timeToBlockExpire} s`,
        undefined,
        { 'Retry-After': String(Math.max(1, r.timeToBlockExpire)) },
      );
    return true;
  }
}
