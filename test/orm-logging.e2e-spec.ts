import { Logger } from '@nestjs/common';
import { TestStack } from './support/stack';

/** Issue #16, item 4: TypeORM's failed-query log printed parameters and SQL whole (NIKs, password hashes). */
describe('ORM logging masks NIKs and secrets', () => {
  const stack = new TestStack('orm_logging');
  const NIK = '6408014107950003';
  const HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA';
  const KEY = 'patuh_' + 'Ab1-_'.repeat(8) + 'xyz';
  let out: string[] = [];
  const spies: jest.SpyInstance[] = [];

  beforeAll(() => stack.setup());
  afterAll(() => stack.teardown());
  beforeEach(() => {
    out = [];
    const grab = (...args: unknown[]) => {
      out.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '));
      return true;
    };
    for (const m of ['log', 'error', 'warn', 'info', 'debug'] as const)
      spies.push(jest.spyOn(console, m).mockImplementation(grab));
    spies.push(jest.spyOn(process.stdout, 'write').mockImplementation(grab as never));
    spies.push(jest.spyOn(process.stderr, 'write').mockImplementation(grab as never));
    for (const m of ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'] as const)
      spies.push(jest.spyOn(Logger.prototype, m).mockImplementation(grab));
  });
  afterEach(() => spies.splice(0).forEach((s) => s.mockRestore()));

  it('logs a failed query with a NIK, a password hash and an API key, none of them whole', async () => {
    const ds = await stack.db();
    await expect(
      ds.query(`SELECT * FROM no_such_table WHERE nik = ? AND password_hash = ? AND api_key = ?`, [
        NIK,
        HASH,
        KEY,
      ]),
    ).rejects.toThrow();
    await expect(
      ds.query(`SELECT nik FROM no_such_table WHERE nik = '${NIK}' AND h = '${HASH}'`),
    ).rejects.toThrow();
    // A constraint error whose message itself names the value.
    await ds.query(`CREATE TABLE t_nik (nik CHAR(16) PRIMARY KEY)`);
    await ds.query(`INSERT INTO t_nik VALUES (?)`, [NIK]);
    await expect(ds.query(`INSERT INTO t_nik VALUES (?)`, [NIK])).rejects.toThrow(/Duplicate/);
    const logged = out.join('\n');
    expect(logged).toMatch(/no_such_table/); // the failures were logged ...
    expect(logged).toMatch(/6408\*{8}0003/); // ... with the NIK masked as everywhere else
    expect(logged).not.toContain(NIK);
    expect(logged).not.toContain('c2FsdHNhbHRzYWx0c2FsdA');
    expect(logged).not.toContain('aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA');
    expect(logged).not.toContain(KEY);
  });
});
