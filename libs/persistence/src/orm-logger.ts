import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { maskNiks, maskSecrets } from '@patuh/core';

/** What the ORM may write to the logs: NIKs, password hashes and API keys masked, as on every other line. */
export function maskForLog(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Error) text = value.message;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return maskSecrets(maskNiks(text));
}

/**
 * The ORM's one logging path (issue #16, item 4): TypeORM's own console loggers print a failed query with its
 * parameters whole, around pino and its masking stream. This one masks the SQL, the parameters and the error
 * message, and writes through Nest's logger (pino in the apps). As the previous `logging: ['error']`: failed
 * queries are errors, slow queries and the ORM's warnings are warnings, the rest is not logged.
 */
export class MaskingOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger = new NestLogger('TypeORM')) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string, parameters?: unknown): void {
    const params =
      parameters && (!Array.isArray(parameters) || parameters.length) ? maskForLog(parameters) : '';
    const code =
      error instanceof Error && 'code' in error ? ` [${String((error as { code: unknown }).code)}]` : '';
    this.logger.error(
      `query failed${code}: ${maskForLog(error)} -- ${maskForLog(query)}${params ? ` -- PARAMETERS: ${params}` : ''}`,
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${maskForLog(query)}`);
  }

  logSchemaBuild(): void {}

  logMigration(): void {}

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(maskForLog(message));
  }
}
