import { existsSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { ConfigError } from './env';

/** Finds the repository root (the folder holding nest-cli.json), from a start folder upwards. */
export function findRepoRoot(start = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'nest-cli.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * Where the regency's reference data comes from, in order: REFERENCE_PATH; the shared reference beside the
 * repository (../shared/reference/kutim.json, the authoritative copy); the copy shipped in reference/ (used in
 * Docker images and on machines without shared/; a test keeps it identical to the shared one).
 */
export function referenceCandidates(explicit?: string): string[] {
  if (explicit) return [resolve(explicit)];
  const root = findRepoRoot();
  return [resolve(root, '../shared/reference/kutim.json'), resolve(root, 'reference/kutim.json')];
}

export function loadReferenceJson(explicit?: string): { path: string; data: unknown } {
  const candidates = referenceCandidates(explicit);
  const path = candidates.find((p) => existsSync(p));
  if (!path)
    throw new ConfigError('REFERENCE_PATH', `no reference file found (looked in ${candidates.join(', ')})`);
  try {
    return { path, data: JSON.parse(readFileSync(path, 'utf8')) as unknown };
  } catch (e) {
    throw new ConfigError('REFERENCE_PATH', `${path} is not valid JSON: ${(e as Error).message}`);
  }
}
