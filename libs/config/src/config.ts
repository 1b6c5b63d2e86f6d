import { ConfigError, Env, parseEnv } from './env';
import { loadReferenceJson } from './reference';

/** Everything the apps read from outside at start: the validated environment and the reference data. */
export interface AppConfig {
  env: Env;
  /** The regency reference file (kutim.json), parsed; typed by the rules library that consumes it. */
  reference: unknown;
  referencePath: string;
  /** RULE_PARAMETERS as JSON (overrides of the rulebook defaults), already parsed. */
  ruleParameterOverrides: Record<string, unknown>;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = parseEnv(source);
  const { path, data } = loadReferenceJson(env.REFERENCE_PATH);
  let ruleParameterOverrides: Record<string, unknown> = {};
  if (env.RULE_PARAMETERS) {
    try {
      const parsed = JSON.parse(env.RULE_PARAMETERS) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      ruleParameterOverrides = parsed as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError('RULE_PARAMETERS', `must be a JSON object (${(e as Error).message})`);
    }
  }
  return { env, reference: data, referencePath: path, ruleParameterOverrides };
}

/** Parses a mysql:// URL into the connection fields mysql2 and TypeORM want. */
export function parseDatabaseUrl(databaseUrl: string): {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
} {
  const u = new URL(databaseUrl);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    username: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password || ''),
    database: decodeURIComponent(u.pathname.replace(/^\//, '') || 'patuh'),
  };
}

/**
 * mysql2 connection options for a DATABASE_URL, as Patuh always connects: UTC timestamps, DATE columns as
 * 'YYYY-MM-DD' strings. `database: false` connects to the server only (to create or drop the database).
 */
export function mysqlConnectionOptions(databaseUrl: string, opts: { database?: boolean } = {}) {
  const c = parseDatabaseUrl(databaseUrl);
  return {
    host: c.host,
    port: c.port,
    user: c.username,
    password: c.password,
    ...(opts.database === false ? {} : { database: c.database }),
    timezone: 'Z' as const,
    dateStrings: ['DATE' as const],
  };
}

export function withDatabase(databaseUrl: string, database: string): string {
  const u = new URL(databaseUrl);
  u.pathname = '/' + database;
  return u.toString();
}
