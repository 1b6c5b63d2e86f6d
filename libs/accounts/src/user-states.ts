import { Injectable } from '@nestjs/common';
import { UsersRepository, UserStateRow } from '@patuh/persistence';

export type UserState = UserStateRow;

/**
 * What the auth guard checks on every request beyond the token's signature: the user still exists, is active,
 * and the token was signed at the user's current `token_version` (and which role they hold now). The database is
 * the truth; each replica keeps a user's row for at most USER_STATE_TTL_MS, and the replica that changes a user
 * evicts it at once. So on the replica that made the change a deactivated user's next request is refused; on
 * other replicas within USER_STATE_TTL_MS (one primary-key read per active user per second, per replica).
 */
export const USER_STATE_TTL_MS = 1000;

@Injectable()
export class UserStates {
  private readonly cache = new Map<number, { at: number; state: UserState | null }>();
  private readonly max = 10_000;

  constructor(private readonly users: UsersRepository) {}

  /** The cached row when fresh (no await on the hot path); undefined: call load(). */
  cached(userId: number, now = Date.now()): UserState | null | undefined {
    const hit = this.cache.get(userId);
    return hit && now - hit.at < USER_STATE_TTL_MS ? hit.state : undefined;
  }

  async get(userId: number, now = Date.now()): Promise<UserState | null> {
    const hit = this.cached(userId, now);
    return hit !== undefined ? hit : this.load(userId, now);
  }

  async load(userId: number, now = Date.now()): Promise<UserState | null> {
    const state = await this.users.findState(userId);
    if (this.cache.size >= this.max && !this.cache.has(userId))
      this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(userId, { at: now, state });
    return state;
  }

  /** After any change to the user (deactivation, role, password): the next request reads the row again. */
  evict(userId: number): void {
    this.cache.delete(userId);
  }
}
