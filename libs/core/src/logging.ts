import { Writable } from 'stream';
import { RequestMethod } from '@nestjs/common';
import { Params } from 'nestjs-pino';
import { maskNiks } from './mask';

/** Every serialized log line passes through here: NIKs never reach the logs whole, whoever logged them. */
export function maskingStream(out: NodeJS.WritableStream = process.stdout): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      out.write(maskNiks(chunk.toString()));
      done();
    },
  });
}

/** pino for both apps: JSON lines, secrets redacted, NIKs masked in the output stream. */
export function loggerParams(level: string, out?: NodeJS.WritableStream): Params {
  return {
    // Every route (path-to-regexp 8 syntax; nestjs-pino's default '*' is the legacy form).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: [
      {
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
        autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
      },
      maskingStream(out),
    ],
  };
}
