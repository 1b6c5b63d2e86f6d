import { defaultParameters, mergeParameters, RulebookParameters } from '@patuh/rules';
import { Districts } from './districts';
import { ConfigError, Env, parseEnv } from './env';
import { loadReferenceJson } from './reference';
import { parseReference, Reference } from './reference.schema';

/**
 * Everything the apps read from outside at start, parsed once into typed values: the validated environment, the
 * reference data, the district canonicaliser and the rulebook's parameters for this deployment.
 */
export interface AppConfig {
  env: Env;
  /** The regency reference file (kutim.json), validated (reference.schema.ts). */
  reference: Reference;
  referencePath: string;
  /** The regency's kecamatan (reference data): the one canonicaliser of district names. */
  districts: Districts;
  /** RULE_PARAMETERS as JSON (overrides of the rulebook defaults), already parsed. */
  ruleParameterOverrides: Record<string, unknown>;
  /** The rulebook's parameters: the defaults from the reference data, then RULE_PARAMETERS, merged once. */
  ruleParameters: RulebookParameters;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = parseEnv(source);
  const { path, data } = loadReferenceJson(env.REFERENCE_PATH);
  const reference = parseReference(data, path);
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
  const defaults = defaultParameters(reference);
  let ruleParameters: RulebookParameters;
  try {
    ruleParameters = mergeParameters(defaults, ruleParameterOverrides as Partial<RulebookParameters>);
  } catch (e) {
    throw new ConfigError('RULE_PARAMETERS', (e as Error).message);
  }
  return {
    env,
    reference,
    referencePath: path,
    districts: new Districts(reference.regency.districts),
    ruleParameterOverrides,
    ruleParameters,
  };
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
