import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Role, UserEntity } from '../entities/user.entity';
import { isDuplicateKey } from '../errors';

/** What the auth guard (and the queues board) checks on each request beyond the token's signature. */
export interface UserStateRow {
  active: boolean;
  role: Role;
  tokenVersion: number;
  /** Set for, and only for, role `employer` (absent for the office's users). */
  employerId?: number;
}

/** What a sign-in with email and password needs. */
export interface UserCredentialsRow {
  role: Role;
  active: boolean;
  passwordHash: string;
}

/** The users table: people who sign in (inspectors, supervisors, admins, and employers' own users). */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private repo(m: EntityManager) {
    return m.getRepository(UserEntity);
  }

  async findById(id: number, m: EntityManager = this.db.manager): Promise<UserEntity | null> {
    return this.repo(m).findOne({ where: { id } });
  }

  /** By email as stored (lower case). */
  async findByEmail(email: string, m: EntityManager = this.db.manager): Promise<UserEntity | null> {
    return this.repo(m).findOne({ where: { email } });
  }

  async list(m: EntityManager = this.db.manager): Promise<UserEntity[]> {
    return this.repo(m).find({ order: { id: 'ASC' } });
  }

  /** Active users holding one of `roles`, by name. */
  async listActiveWithRoles(
    roles: readonly Role[],
    m: EntityManager = this.db.manager,
  ): Promise<UserEntity[]> {
    return this.repo(m).find({
      where: { active: true, role: In([...roles]) },
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  async count(m: EntityManager = this.db.manager): Promise<number> {
    return this.repo(m).count();
  }

  /** Inserts a new user (a duplicate email throws; see isDuplicateKey). */
  async insert(
    user: Pick<UserEntity, 'email' | 'name' | 'role' | 'districts' | 'passwordHash'> &
      Partial<Pick<UserEntity, 'employerId'>>,
    m: EntityManager = this.db.manager,
  ): Promise<UserEntity> {
    return this.repo(m).save(this.repo(m).create(user));
  }

  /**
   * Inserts `user` as the first user unless one exists (BOOTSTRAP_ADMIN_*), under a named lock on this database
   * (GET_LOCK), so API replicas starting at once make exactly one; a duplicate email also counts as "already
   * there". Returns the new user, or null when there already was one.
   */
  async insertFirstUser(
    user: Pick<UserEntity, 'email' | 'name' | 'role' | 'districts' | 'passwordHash'>,
    lockTimeoutSeconds = 30,
  ): Promise<UserEntity | null> {
    const lock = "LEFT(CONCAT('patuh-first-user:', DATABASE()), 64)";
    const qr = this.db.createQueryRunner();
    await qr.connect();
    try {
      const [row] = (await qr.query(`SELECT GET_LOCK(${lock}, ?) AS got`, [lockTimeoutSeconds])) as {
        got: number | string | null;
      }[];
      if (Number(row?.got) !== 1) throw new Error('insertFirstUser: the first-user lock was not granted');
      try {
        if ((await this.repo(qr.manager).count()) > 0) return null;
        return await this.repo(qr.manager).save(this.repo(qr.manager).create(user));
      } catch (e) {
        if (isDuplicateKey(e)) return null;
        throw e;
      } finally {
        await qr.query(`SELECT RELEASE_LOCK(${lock})`);
      }
    } finally {
      await qr.release();
    }
  }

  /** Writes a loaded user's changed fields back. */
  async save(user: UserEntity, m: EntityManager = this.db.manager): Promise<UserEntity> {
    return this.repo(m).save(user);
  }

  /** One primary-key read: active, role and token version (null: no such user). */
  async findState(id: number, m: EntityManager = this.db.manager): Promise<UserStateRow | null> {
    const rows = (await m.query(
      'SELECT active, role, token_version AS tokenVersion, employer_id AS employerId FROM users WHERE id = ?',
      [id],
    )) as { active: number | boolean; role: Role; tokenVersion: number; employerId: number | null }[];
    const r = rows[0];
    return r
      ? {
          active: Boolean(r.active),
          role: r.role,
          tokenVersion: Number(r.tokenVersion),
          ...(r.employerId === null ? {} : { employerId: Number(r.employerId) }),
        }
      : null;
  }

  /** Role, active flag and password hash by email (lower case), for HTTP Basic sign-in. */
  async findCredentials(
    email: string,
    m: EntityManager = this.db.manager,
  ): Promise<UserCredentialsRow | null> {
    const rows = (await m.query('SELECT role, password_hash, active FROM users WHERE email = ?', [
      email,
    ])) as {
      role: Role;
      password_hash: string;
      active: number;
    }[];
    const r = rows[0];
    return r ? { role: r.role, active: Boolean(r.active), passwordHash: r.password_hash } : null;
  }
}
