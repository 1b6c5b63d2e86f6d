import { execFileSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

/**
 * Lints `code` as if it were the file `filePath` with the project's own eslint.config.mjs (types off: the
 * dependency graph is a syntactic rule), in a child process (ESLint's config is an ES module). Returns the
 * messages of the rules that fired.
 */
function lint(filePath: string, code: string): { ruleId: string | null; message: string }[] {
  const script = `
    import { ESLint } from 'eslint';
    import tseslint from 'typescript-eslint';
    const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: [tseslint.configs.disableTypeChecked] });
    const [result] = await eslint.lintText(process.env.CODE, { filePath: process.env.FILE });
    process.stdout.write(JSON.stringify(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }))));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, CODE: code, FILE: join(ROOT, filePath) },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { ruleId: string | null; message: string }[];
}

const restricted = (messages: { ruleId: string | null; message: string }[]) =>
  messages.filter((m) => m.ruleId === 'no-restricted-imports');

describe('the dependency graph (boundaries.mjs) is enforced by lint', () => {
  it('fails an import of the engine from libs/cases (cases sit beside the engine, not above it)', () => {
    const messages = lint(
      'libs/cases/src/boundary-fixture.ts',
      "import { CaseWriter } from '@patuh/engine';\nexport const x = CaseWriter;\n",
    );
    expect(restricted(messages)).toHaveLength(1);
    expect(restricted(messages)[0]!.message).toMatch(/dependency graph/);
  });

  it('fails a deep import of engine internals from libs/alerts, and a relative one across libs', () => {
    const messages = lint(
      'libs/alerts/src/boundary-fixture.ts',
      "import { CaseWriter } from '@patuh/engine/case.writer';\nimport { X } from '../../engine/src/x';\nexport const y = [CaseWriter, X];\n",
    );
    expect(restricted(messages)).toHaveLength(2);
  });

  it('fails persistence importing a capability (SQL lives below the logic)', () => {
    const messages = lint(
      'libs/persistence/src/boundary-fixture.ts',
      "import { CaseQueueService } from '@patuh/cases';\nexport const z = CaseQueueService;\n",
    );
    expect(restricted(messages)).toHaveLength(1);
  });

  it('allows the imports the graph allows', () => {
    expect(
      restricted(
        lint(
          'libs/cases/src/boundary-fixture.ts',
          "import { CasesRepository } from '@patuh/persistence';\nimport { RULEBOOK } from '@patuh/rules';\nexport const w = [CasesRepository, RULEBOOK];\n",
        ),
      ),
    ).toEqual([]);
    expect(
      restricted(
        lint(
          'apps/api/src/boundary-fixture.ts',
          "import { SweepsService } from '@patuh/engine';\nexport const v = SweepsService;\n",
        ),
      ),
    ).toEqual([]);
  });
});
