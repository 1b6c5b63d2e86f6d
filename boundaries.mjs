// The allowed dependency graph between the project's parts, written once. eslint.config.mjs turns it into
// no-restricted-imports rules (an import of any other @patuh/* lib fails lint); docs/architecture.md draws it;
// test/lint/boundaries.spec.ts proves a forbidden import fails.
//
// Read "engine: [...]" as "libs/engine may import these libs". A lib not listed may not be imported.
export const LIBS = [
  'rules',
  'config',
  'queues',
  'core',
  'persistence',
  'engine',
  'cases',
  'self-reports',
  'alerts',
  'accounts',
];

export const ALLOWED = {
  // Pure: the rulebook, dates, findings. No framework, no I/O, no other lib.
  rules: [],
  // Environment, reference data and rule parameters, parsed once.
  config: ['rules'],
  // Job names, payloads, producer and dispatcher.
  queues: ['config'],
  // Cross-cutting HTTP/ops helpers (problems, paging, health, metrics, logging).
  core: ['config', 'queues'],
  // Entities, migrations and every SQL statement (repositories); core for the one masking of NIKs and secrets,
  // which the ORM's log lines go through like every other line.
  persistence: ['config', 'core'],
  // Capabilities: logic only, their SQL in persistence.
  engine: ['rules', 'config', 'queues', 'core', 'persistence'],
  cases: ['rules', 'config', 'core', 'persistence'],
  'self-reports': ['rules', 'config', 'queues', 'core', 'persistence'],
  alerts: ['rules', 'config', 'queues', 'core', 'persistence', 'cases'],
  accounts: ['rules', 'config', 'core', 'persistence', 'cases'],
};

// The apps compose the libs; the console (browser code) imports none of them.
export const APPS = {
  api: LIBS,
  worker: LIBS,
  console: [],
};

/** no-restricted-imports options forbidding every @patuh/* lib not in `allowed`. */
export function restrictedImports(allowed) {
  const forbidden = LIBS.filter((l) => !allowed.includes(l));
  return {
    patterns: forbidden.length
      ? [
          {
            group: forbidden.flatMap((l) => [`@patuh/${l}`, `@patuh/${l}/*`]),
            message: `Against the dependency graph (boundaries.mjs, docs/architecture.md): this part may import only ${
              allowed.length ? allowed.map((l) => '@patuh/' + l).join(', ') : 'no @patuh/* lib'
            }.`,
          },
          {
            // A relative path into another lib (../../engine/src/x, ../../../libs/engine/src/x).
            regex: `^(\\.\\./)+(libs/)?(${forbidden.join('|')})(/|$)`,
            message:
              'Import another lib by its @patuh/* name, and only along the dependency graph (boundaries.mjs).',
          },
        ]
      : [],
  };
}
