import type { AppConfig } from '@patuh/config';
import { Districts } from '@patuh/config';
import type { UserEntity, UsersRepository } from '@patuh/persistence';
import { EmployersService } from './employers.service';
import { hasRoleAtLeast, rolesAtLeast } from './roles';
import { UserStates } from './user-states';
import { UsersService } from './users.service';

/** UsersService's rules with the repository replaced by an in-memory one (no database needed for logic). */
class MemoryUsers {
  rows = new Map<number, UserEntity>();
  saves = 0;
  async findById(id: number) {
    const u = this.rows.get(id);
    return u ? ({ ...u } as UserEntity) : null;
  }
  async save(u: UserEntity) {
    this.saves++;
    this.rows.set(u.id, { ...u });
    return u;
  }
  async findState(id: number) {
    const u = this.rows.get(id);
    return u ? { active: u.active, role: u.role, tokenVersion: u.tokenVersion } : null;
  }
}

describe('UsersService (repository replaced)', () => {
  const config = {
    env: {},
    districts: new Districts(['Bengalon', 'Sangatta Utara']),
  } as unknown as AppConfig;
  let repo: MemoryUsers;
  let states: UserStates;
  let service: UsersService;

  beforeEach(() => {
    repo = new MemoryUsers();
    const base = {
      email: 'x@y.z',
      name: 'X',
      passwordHash: 'h',
      createdAt: new Date(0),
      updatedAt: new Date(0),
    };
    repo.rows.set(1, {
      ...base,
      id: 1,
      role: 'admin',
      districts: null,
      active: true,
      tokenVersion: 0,
    } as UserEntity);
    repo.rows.set(2, {
      ...base,
      id: 2,
      role: 'inspector',
      districts: null,
      active: true,
      tokenVersion: 3,
    } as UserEntity);
    const users = repo as unknown as UsersRepository;
    states = new UserStates(users);
    const employers = new EmployersService({} as never, config, {} as never);
    service = new UsersService(users, config, employers, states);
  });

  it('a role change or deactivation bumps the token version and evicts the cached state; a rename does not bump', async () => {
    await states.load(2);
    await service.update(2, { name: 'Y' }, 1);
    expect(repo.rows.get(2)!.tokenVersion).toBe(3);
    expect(states.cached(2)).toBeUndefined();
    await service.update(2, { role: 'supervisor' }, 1);
    expect(repo.rows.get(2)!.tokenVersion).toBe(4);
    await service.update(2, { active: false }, 1);
    expect(repo.rows.get(2)).toMatchObject({ active: false, tokenVersion: 5 });
    await service.update(2, { active: true }, 1);
    expect(repo.rows.get(2)).toMatchObject({ active: true, tokenVersion: 5 });
  });

  it('an admin cannot deactivate or demote themself (409), and nothing is saved', async () => {
    await expect(service.update(1, { active: false }, 1)).rejects.toMatchObject({ status: 409 });
    await expect(service.update(1, { role: 'inspector' }, 1)).rejects.toMatchObject({ status: 409 });
    expect(repo.saves).toBe(0);
  });

  it('districts are stored canonical, de-duplicated, comma-separated; an unknown one is a 400 naming its index', async () => {
    await service.update(2, { districts: [' bengalon', 'Sangatta Utara', 'BENGALON'] }, 1);
    expect(repo.rows.get(2)!.districts).toBe('Bengalon,Sangatta Utara');
    await expect(service.update(2, { districts: ['Bengalon', 'Jakarta'] }, 1)).rejects.toMatchObject({
      status: 400,
    });
    await service.update(2, { districts: [] }, 1);
    expect(repo.rows.get(2)!.districts).toBeNull();
  });

  it('the one role rank: admin ⊇ supervisor ⊇ inspector', () => {
    expect(rolesAtLeast('inspector').sort()).toEqual(['admin', 'inspector', 'supervisor']);
    expect(rolesAtLeast('supervisor').sort()).toEqual(['admin', 'supervisor']);
    expect(hasRoleAtLeast('supervisor', 'admin')).toBe(false);
    expect(hasRoleAtLeast('admin', 'inspector')).toBe(true);
  });
});
