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
import '@fastify/multipart';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { badRequest, ProblemException } from '@patuh/core';
import { SelfReportsService } from '@patuh/self-reports';
import { Principal } from '../auth/principal';

/** One file of a multipart submission, read whole (within SELF_REPORT_MAX_BYTES). */
export interface UploadedPart {
  fieldname: string;
  filename: string;
  /** The part's Content-Type as sent (e.g. the .xlsx type). */
  mimetype?: string;
  buffer: Buffer;
}
export type SubmissionRequest = FastifyRequest & { uploads?: UploadedPart[]; principal?: Principal };

const tooLarge = () =>
  new ProblemException(413, 'Payload Too Large', 'The request body is larger than the limit');

/**
 * Accepts JSON (already parsed, within SELF_REPORT_MAX_BYTES, by Fastify's body parser) or multipart/form-data
 * with at most `maxFiles` files, each within SELF_REPORT_MAX_BYTES, read into memory (@fastify/multipart);
 * any other type → 415.
 */
export function SubmissionUpload(maxFiles: number): Type<NestInterceptor> {
  @Injectable()
  class SubmissionUploadInterceptor implements NestInterceptor {
    constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

    async intercept(ctx: ExecutionContext, next: CallHandler) {
      const req = ctx.switchToHttp().getRequest<SubmissionRequest>();
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'multipart/form-data') req.uploads = await this.read(req);
      else if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
        throw new ProblemException(
          415,
          'Unsupported Media Type',
          'Send application/json, or multipart/form-data with CSV files or one .xlsx workbook',
        );
      }
      return next.handle();
    }

    private async read(req: SubmissionRequest): Promise<UploadedPart[]> {
      const uploads: UploadedPart[] = [];
      try {
        const parts = req.parts({
          limits: {
            fileSize: this.config.env.SELF_REPORT_MAX_BYTES,
            files: maxFiles,
            fields: 10,
            fieldSize: 1024,
            headerPairs: 200,
          },
        });
        for await (const part of parts) {
          if (part.type !== 'file') continue; // form fields carry nothing a submission needs
          uploads.push({
            fieldname: part.fieldname,
            filename: part.filename,
            mimetype: part.mimetype,
            buffer: await part.toBuffer(),
          });
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        if (code === 'FST_FILES_LIMIT')
          throw badRequest(`Send at most ${maxFiles} file${maxFiles > 1 ? 's' : ''}`);
        throw badRequest(`The multipart body could not be read (${(err as Error).message})`);
      }
      return uploads;
    }
  }
  return mixin(SubmissionUploadInterceptor);
}

/**
 * Rate limit per API key (or per user for admin uploads): SELF_REPORT_RATE_LIMIT submissions per
 * SELF_REPORT_RATE_TTL_MS, on the throttler's storage; and at most SELF_REPORT_MAX_IN_FLIGHT reports of one
 * employer (or of the sponsored list) queued or processing at once. Runs after the AuthGuard (so it knows the
 * principal) and before a multipart body is read; over either limit → 429 problem with Retry-After (seconds), and
 * nothing is stored. The in-flight count is read when the submission arrives: submissions sent at the same instant
 * can overshoot it by as many as arrive together.
 */
@Injectable()
export class SubmissionThrottleGuard implements CanActivate {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: SelfReportsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<SubmissionRequest>();
    const res = ctx.switchToHttp().getResponse<FastifyReply>();
    const p = req.principal;
    const tracker = !p
      ? `ip-${req.ip}`
      : p.kind === 'employer' && p.keyId !== undefined
        ? `key-${p.keyId}`
        : `user-${p.userId}`;
    const limit = this.config.env.SELF_REPORT_RATE_LIMIT;
    const ttl = this.config.env.SELF_REPORT_RATE_TTL_MS;
    const r = await this.storage.increment(`self-report-${tracker}`, ttl, limit, ttl, 'self-report');
    res.header('X-RateLimit-Limit', String(limit));
    res.header('X-RateLimit-Remaining', String(Math.max(0, limit - r.totalHits)));
    res.header('X-RateLimit-Reset', String(r.timeToExpire));
    if (r.isBlocked)
      throw new ProblemException(
        429,
        'Too Many Requests',
        `At most ${limit} submissions per ${Math.round(ttl / 1000)} s for one key; retry after ${r.timeToBlockExpire} s`,
        undefined,
        { 'Retry-After': String(Math.max(1, r.timeToBlockExpire)) },
      );
    if (p) await this.inFlightLimit(p);
    return true;
  }

  private async inFlightLimit(p: Principal): Promise<void> {
    const max = this.config.env.SELF_REPORT_MAX_IN_FLIGHT;
    const n =
      p.kind === 'employer'
        ? await this.reports.inFlight('employer', p.employerId)
        : await this.reports.inFlight('sponsored', 0);
    if (n < max) return;
    const retry = this.config.env.SELF_REPORT_IN_FLIGHT_RETRY_S;
    const [en, id] =
      p.kind === 'employer'
        ? ['of this employer', 'dari pemberi kerja ini']
        : ['of the sponsored-coverage list', 'daftar pekerja rentan'];
    throw new ProblemException(
      429,
      'Too Many Requests',
      `${n} reports ${en} are still queued or being processed (at most ${max} at once); ` +
        `send this one again once they are processed (retry after ${retry} s) / ` +
        `${n} laporan ${id} masih antre atau sedang diproses (paling banyak ${max} sekaligus); ` +
        `kirim ulang laporan ini setelah laporan tersebut selesai diproses (coba lagi setelah ${retry} detik)`,
      undefined,
      { 'Retry-After': String(retry) },
    );
  }
}
