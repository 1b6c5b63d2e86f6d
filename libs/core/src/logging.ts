import { Params } from 'nestjs-pino';
import { maskNiks } from './mask';

/** pino for both apps: JSON lines, secrets redacted, NIKs masked in every message and field. */
export function loggerParams(level: string, pretty = false): Params {
  return {
    pinoHttp: {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.body.password',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      formatters: {
        log: (obj: Record<string, unknown>) =>
          JSON.parse(maskNiks(JSON.stringify(obj))) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? maskNiks(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      customProps: () => ({}),
      autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({
          id: req.id,
          method: req.method,
          url: maskNiks(req.url),
        }),
      },
      ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
    },
  };
}
