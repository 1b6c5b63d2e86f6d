import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { conflict, hashPassword } from '@patuh/core';
import { Role, UserEntity } from '@patuh/persistence';

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

export const toUserView = (u: UserEntity): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
});

export function isDuplicateKey(e: unknown): boolean {
  return e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === 'ER_DUP_ENTRY';
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: { email: string; password: string; role: Role; name: string }): Promise<UserView> {
    try {
      const user = await this.users.save(
        this.users.create({
          email: input.email.toLowerCase(),
          name: input.name,
          role: input.role,
          passwordHash: await hashPassword(input.password),
        }),
      );
      return toUserView(user);
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict(`A user with email ${input.email} already exists`);
      throw e;
    }
  }

  async list(): Promise<UserView[]> {
    return (await this.users.find({ order: { id: 'ASC' } })).map(toUserView);
  }

  /** BOOTSTRAP_ADMIN_*: when no user exists yet, make the first admin. Safe when several API instances start at once. */
  async onApplicationBootstrap(): Promise<void> {
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = this.config.env;
    if (!email || !password) return;
    if ((await this.users.count()) > 0) return;
    try {
      await this.create({ email, password, role: 'admin', name: 'Administrator' });
      this.logger.log(`bootstrap admin ${email} created`);
    } catch (e) {
      if (!(e instanceof Error && /already exists/.test(e.message))) throw e;
    }
  }
}
