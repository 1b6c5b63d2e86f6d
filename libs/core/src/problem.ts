import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem. Throw it anywhere in HTTP code; the filter renders it as application/problem+json. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super({ title, detail, errors }, status);
  }
}

export const notFound = (what = 'Resource') => new ProblemException(404, 'Not Found', `${what} not found`);
export const conflict = (detail: string) => new ProblemException(409, 'Conflict', detail);
export const badRequest = (detail: string, errors?: FieldError[]) =>
  new ProblemException(400, 'Bad Request', detail, errors);

const TYPE_BASE = 'https://patuh.kutaitimurkab.go.id/problems/';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ path, message });
    if (e.children?.length) out.push(...flatten(e.children, path));
  }
  return out;
}

/** Global validation: whitelist, reject unknown fields, transform; failures become a 400 problem with field paths. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      new ProblemException(400, 'Bad Request', 'The request has invalid fields', flatten(errors)),
  });
}

/** Renders every error as application/problem+json: type, title, status, detail, and errors[] for field faults. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let title = 'Internal Server Error';
    let detail: string | undefined = 'An unexpected error occurred';
    let errors: FieldError[] | undefined;
    let headers: Record<string, string> | undefined;

    if (exception instanceof ProblemException) {
      status = exception.getStatus();
      ({ title, detail, errors, headers } = exception);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      title = HttpStatus[status] ? titleCase(HttpStatus[status]) : exception.name;
      if (typeof body === 'string') detail = body;
      else {
        const b = body as { message?: string | string[]; error?: string };
        detail = Array.isArray(b.message) ? b.message.join('; ') : (b.message ?? exception.message);
      }
      if (status === 413) detail = 'The request body is larger than the limit';
    } else {
      // Errors raised by Fastify before a handler runs (body parsing, content type) carry a statusCode and a code.
      const e = exception as { code?: string; statusCode?: number; message?: string };
      if (e && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
        status = e.statusCode;
        title = titleCase(HttpStatus[status] ?? 'Bad Request');
        detail =
          status === 413
            ? 'The request body is larger than the limit'
            : status === 415
              ? 'The request body has a content type this route does not accept'
              : e.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
                ? 'The request body is not valid JSON'
                : (e.message ?? title);
      } else {
        this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      }
    }
    if (headers) for (const [k, v] of Object.entries(headers)) res.header(k, v);
    res
      .status(status)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: TYPE_BASE + slug(title),
          title,
          status,
          detail,
          ...(errors && errors.length ? { errors } : {}),
        }),
      );
  }
}

function titleCase(enumName: string): string {
  return enumName
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** A problem+json body, for replies made outside Nest's filter (Fastify hooks that answer before a route runs). */
export function problemJson(status: number, title: string, detail: string): string {
  return JSON.stringify({ type: TYPE_BASE + slug(title), title, status, detail });
}
