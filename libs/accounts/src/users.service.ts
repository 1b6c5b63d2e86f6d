import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { badRequest, conflict, hashPassword, notFound, verifyPassword } from '@patuh/core';
import { isDuplicateKey, Role, UserEntity, UsersRepository } from '@patuh/persistence';
import { EmployersService } from './employers.service';
import { rolesAtLeast } from './roles';
import { UserStates } from './user-states';

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** Kecamatan this user works (their queue starts filtered to them); empty = all. */
  districts: string[];
  /** The employer of an `employer` user; null for the office's users. */
  employerId: number | null;
  active: boolean;
  createdAt: string;
}

export interface AssignableUserView {
  id: number;
  name: string;
  role: Role;
  districts: string[];
}

const districtsOf = (u: { districts: string | null }): string[] =>
  u.districts ? u.districts.split(',').filter((d) => d.length > 0) : [];

export const toUserView = (u: UserEntity): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  districts: districtsOf(u),
  employerId: u.employerId ?? null,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
});

export interface UserChanges {
  role?: Role;
  name?: string;
  districts?: string[] | null;
  active?: boolean;
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly employers: EmployersService,
    private readonly states: UserStates,
  ) {}

  /** Canonical kecamatan names (reference data), de-duplicated, stored comma-separated; [] or null = all. */
  private districtsColumn(districts: string[] | null | undefined): string | null {
    if (!districts || districts.length === 0) return null;
    const out: string[] = [];
    districts.forEach((d, i) => {
      const c = this.employers.canonicalDistrict(d, `districts[${i}]`) as string;
      if (!out.includes(c)) out.push(c);
    });
    return out.join(',');
  }

  async create(input: {
    email: string;
    password: string;
    role: Role;
    name: string;
    districts?: string[] | null;
    employerId?: number | null;
  }): Promise<UserView> {
    const employerId = await this.employerOf(input.role, input.employerId);
    const districts = employerId === null ? this.districtsColumn(input.districts) : null;
    try {
      const user = await this.users.insert({
        email: input.email.toLowerCase(),
        name: input.name,
        role: input.role,
        employerId,
        districts,
        passwordHash: await hashPassword(input.password),
      });
      return toUserView(user);
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict(`A user with email ${input.email} already exists`);
      throw e;
    }
  }

  /**
   * CONTRACT §2: `employerId` is required for, and only for, role `employer`, and names an existing employer
   * (an unknown one → 400 on the field, as any other bad input).
   */
  private async employerOf(role: Role, employerId: number | null | undefined): Promise<number | null> {
    if (role !== 'employer') {
      if (employerId !== undefined && employerId !== null)
        throw badRequest('Only an employer user belongs to an employer', [
          { path: 'employerId', message: 'only for role employer' },
        ]);
      return null;
    }
    if (employerId === undefined || employerId === null)
      throw badRequest('An employer user needs its employer', [
        { path: 'employerId', message: 'required for role employer' },
      ]);
    if (!(await this.employers.exists(employerId)))
      throw badRequest('No such employer', [{ path: 'employerId', message: 'no employer has this id' }]);
    return employerId;
  }

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(toUserView);
  }

  async get(id: number): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('User');
    return user;
  }

  /** The user with this email (any case), or null: sign-in. */
  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(email.toLowerCase());
  }

  async view(id: number): Promise<UserView> {
    return toUserView(await this.get(id));
  }

  /** Active users a case can be assigned to (inspectors and above), by name. */
  async assignable(): Promise<AssignableUserView[]> {
    const rows = await this.users.listActiveWithRoles(rolesAtLeast('inspector'));
    return rows.map((u) => ({ id: u.id, name: u.name, role: u.role, districts: districtsOf(u) }));
  }

  /**
   * PATCH /users/{id}: role, name, districts, active. Deactivation and a role change add one to the user's
   * token version, so every token they hold stops working at once. An admin cannot deactivate or demote themself
   * (the office would lose its last way in).
   */
  async update(id: number, changes: UserChanges, actorId: number): Promise<UserView> {
    const user = await this.get(id);
    if (id === actorId && (changes.active === false || (changes.role && changes.role !== 'admin')))
      throw conflict('You cannot deactivate yourself or give up your own admin role');
    let bump = false;
    // An employer user belongs to its firm: turning one into staff, or staff into one, would carry its sessions and
    // history across that line. Make a new user instead.
    if (
      changes.role !== undefined &&
      changes.role !== user.role &&
      (changes.role === 'employer' || user.role === 'employer')
    )
      throw conflict('An employer user cannot become staff, nor staff an employer user: create a new user');
    if (changes.role !== undefined && changes.role !== user.role) {
      user.role = changes.role;
      bump = true;
    }
    if (changes.active !== undefined && changes.active !== user.active) {
      user.active = changes.active;
      if (!changes.active) bump = true;
    }
    if (changes.name !== undefined) user.name = changes.name;
    if (changes.districts !== undefined) user.districts = this.districtsColumn(changes.districts);
    if (bump) user.tokenVersion += 1;
    const saved = await this.users.save(user);
    this.states.evict(id);
    return toUserView(saved);
  }

  /** Sets a new password (admin reset or the user's own change); the user's older tokens stop working. */
  async setPassword(id: number, password: string): Promise<UserEntity> {
    const user = await this.get(id);
    user.passwordHash = await hashPassword(password);
    user.tokenVersion += 1;
    const saved = await this.users.save(user);
    this.states.evict(id);
    return saved;
  }

  async changeOwnPassword(id: number, current: string, next: string): Promise<UserEntity> {
    const user = await this.get(id);
    if (!(await verifyPassword(current, user.passwordHash)))
      throw badRequest('The current password is wrong', [
        { path: 'currentPassword', message: 'does not match your password' },
      ]);
    return this.setPassword(id, next);
  }

  /**
   * BOOTSTRAP_ADMIN_*: when no user exists yet, make the first admin. Safe when several API instances start at
   * once: the insert runs under a database lock and a replica that finds a user already there carries on.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = this.config.env;
    if (!email || !password) return;
    if ((await this.users.count()) > 0) return;
    const created = await this.users.insertFirstUser({
      email: email.toLowerCase(),
      name: 'Administrator',
      role: 'admin',
      districts: null,
      passwordHash: await hashPassword(password),
    });
    if (created) this.logger.log(`bootstrap admin ${created.email} created`);
  }
}
