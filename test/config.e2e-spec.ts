import { spawnSync } from 'child_process';
import { join } from 'path';

const root = join(__dirname, '..');

function startApi(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 60_000 },
  );
}

describe('configuration is validated at start', () => {
  it.each([
    ['PORT', 'not-a-port'],
    ['DATABASE_URL', 'postgres://x'],
    ['BUSINESS_TZ', 'Mars/Olympus'],
    ['SWEEP_CRON', 'every night'],
  ])('a bad %s stops the API with one line naming it', (variable, value) => {
    const res = startApi({ [variable]: value });
    expect(res.status).toBe(78);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Invalid configuration: ${variable}`);
  });
});
