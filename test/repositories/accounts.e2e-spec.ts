import { DataSource } from 'typeorm';
import { EmployersRepository, isDuplicateKey, UsersRepository } from '@patuh/persistence';
import { Seed } from '../support/seed';
import { TestStack } from '../support/stack';

describe('UsersRepository and EmployersRepository (real MySQL)', () => {
  const stack = new TestStack('repo_accounts');
  let ds: DataSource;
  let users: UsersRepository;
  let employers: EmployersRepository;
  let seed: Seed;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    users = new UsersRepository(ds);
    employers = new EmployersRepository(ds);
    seed = new Seed(ds);
  });
  afterAll(() => stack.teardown());

  it('users: insert, a duplicate email refused, state and credentials by one read', async () => {
    const u = await users.insert({
      email: 'ani@x.test',
      name: 'Ani',
      role: 'inspector',
      districts: 'Bengalon',
      passwordHash: 'scrypt$x',
    });
    const dup = await users
      .insert({ email: 'ani@x.test', name: 'B', role: 'admin', districts: null, passwordHash: 'h' })
      .catch((e: unknown) => e);
    expect(isDuplicateKey(dup)).toBe(true);
    expect(await users.findState(u.id)).toEqual({ active: true, role: 'inspector', tokenVersion: 0 });
    expect(await users.findState(u.id + 100)).toBeNull();
    expect(await users.findCredentials('ani@x.test')).toEqual({
      role: 'inspector',
      active: true,
      passwordHash: 'scrypt$x',
    });
    u.tokenVersion += 1;
    u.active = false;
    await users.save(u);
    expect(await users.findState(u.id)).toEqual({ active: false, role: 'inspector', tokenVersion: 1 });
    expect((await users.findByEmail('ani@x.test'))?.id).toBe(u.id);
    expect(await users.count()).toBe(1);
  });

  it('users: the assignable list is active users of the given roles, by name', async () => {
    await users.insert({
      email: 'zed@x.test',
      name: 'Zed',
      role: 'admin',
      districts: null,
      passwordHash: 'h',
    });
    await users.insert({
      email: 'bob@x.test',
      name: 'Bob',
      role: 'supervisor',
      districts: null,
      passwordHash: 'h',
    });
    expect(
      (await users.listActiveWithRoles(['inspector', 'supervisor', 'admin'])).map((u) => u.name),
    ).toEqual(['Bob', 'Zed']);
    expect((await users.listActiveWithRoles(['admin'])).map((u) => u.name)).toEqual(['Zed']);
    expect((await users.list()).map((u) => u.email)).toEqual(['ani@x.test', 'zed@x.test', 'bob@x.test']);
  });

  it('employers: filtered keyset list, duplicate NIB refused, links both ways', async () => {
    const principal = await seed.employer({ name: 'PT Induk', district: 'Bengalon', scale: 'large' });
    const c1 = await seed.employer({ name: 'CV Satu', principalEmployerId: principal });
    const c2 = await seed.employer({ name: 'CV Dua', principalEmployerId: principal });
    expect((await employers.list({}, 10)).map((e) => e.id)).toEqual([principal, c1, c2]);
    expect((await employers.list({ afterId: principal }, 10)).map((e) => e.id)).toEqual([c1, c2]);
    expect((await employers.list({ district: 'Bengalon' }, 10)).map((e) => e.id)).toEqual([principal]);
    expect((await employers.list({ q: 'CV' }, 1)).map((e) => e.id)).toEqual([c1]);
    expect((await employers.list({ scopeEmployerId: c2 }, 10)).map((e) => e.id)).toEqual([c2]);
    const nib = (await employers.findById(c1))!.nib;
    const dup = await employers
      .insert({
        nib,
        name: 'Copy',
        scale: 'small',
        npp: null,
        district: null,
        kbli: null,
        jkkRiskGroup: null,
        contactEmail: null,
        principalEmployerId: null,
      })
      .catch((e: unknown) => e);
    expect(isDuplicateKey(dup)).toBe(true);
    expect(await employers.links(principal)).toEqual([
      { id: c2, name: 'CV Dua', district: 'Sangatta Utara', link: 'contractor' },
      { id: c1, name: 'CV Satu', district: 'Sangatta Utara', link: 'contractor' },
    ]);
    expect(await employers.links(c1)).toEqual([
      { id: principal, name: 'PT Induk', district: 'Bengalon', link: 'principal' },
    ]);
  });

  it('employers: contract counts on a day, the enrolled among the active, the contract mix, open cases', async () => {
    const e = await seed.employer({});
    const w1 = await seed.worker('6408010101950001');
    const w2 = await seed.worker('6408010101950002');
    await seed.contract({
      employerId: e,
      workerId: w1,
      ref: 'A',
      type: 'PKWT',
      start: '2025-01-01',
      end: '2025-12-31',
    });
    await seed.contract({
      employerId: e,
      workerId: w2,
      ref: 'B',
      type: 'PKWTT',
      start: '2024-01-01',
      end: null,
    });
    await seed.enrolment({ employerId: e, workerId: w2, from: '2024-01-01' });
    expect(await employers.contractCounts(e, '2025-06-01')).toEqual({
      workers: 2,
      active: 2,
      activePkwt: 1,
      activePkwtt: 1,
    });
    expect(await employers.contractCounts(e, '2026-06-01')).toMatchObject({ active: 1, activePkwt: 0 });
    expect(await employers.countEnrolledActive(e, '2025-06-01')).toBe(1);
    expect((await employers.contractMix(e)).sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { type: 'PKWT', n: 1, workers: 1 },
      { type: 'PKWTT', n: 1, workers: 1 },
    ]);
    expect(await employers.countOpenCasesByRule(e)).toEqual([]);
    expect(await employers.processedSelfReports(e)).toEqual({ n: 0, at: null });
  });

  it('API keys: only an unrevoked key authenticates; revoking twice reports no change', async () => {
    const e = await seed.employer({});
    const k = await employers.insertKey({
      employerId: e,
      keyHash: 'f'.repeat(64),
      prefix: 'pth_ffff',
      label: 'payroll',
      createdByUserId: null,
    });
    expect(await employers.findActiveKeyByHash('f'.repeat(64))).toEqual({ id: k.id, employerId: e });
    expect(await employers.revokeKey(e + 1, k.id, new Date())).toBe(false);
    expect(await employers.revokeKey(e, k.id, new Date())).toBe(true);
    expect(await employers.revokeKey(e, k.id, new Date())).toBe(false);
    expect(await employers.keyExists(e, k.id)).toBe(true);
    expect(await employers.findActiveKeyByHash('f'.repeat(64))).toBeNull();
    expect((await employers.listKeys(e)).map((x) => x.revokedAt !== null)).toEqual([true]);
  });
});
