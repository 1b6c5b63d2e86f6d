import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ROLES = ['admin', 'supervisor', 'inspector', 'employer'] as const;
export type Role = (typeof ROLES)[number];
/** The office's roles; `employer` users belong to a firm and act with its rights only (CONTRACT §2). */
export const STAFF_ROLES = ['admin', 'supervisor', 'inspector'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The one role rank: admin ⊇ supervisor ⊇ inspector; an employer user holds no office rank at all. */
export const ROLE_RANK: Readonly<Record<Role, number>> = {
  employer: 0,
  inspector: 1,
  supervisor: 2,
  admin: 3,
};

/** Whether `role` is at least `min`. */
export const hasRoleAtLeast = (role: Role, min: Role): boolean => ROLE_RANK[role] >= ROLE_RANK[min];

/** Every role at least `min` (e.g. who a case can be assigned to: inspectors and above). */
export const rolesAtLeast = (min: Role): Role[] => ROLES.filter((r) => hasRoleAtLeast(r, min));

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Index('ux_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'enum', enum: ROLES })
  role!: Role;

  /** The employer an `employer` user belongs to; null for the office's users. */
  @Index('ix_users_employer')
  @Column({ type: 'int', unsigned: true, nullable: true })
  employerId!: number | null;

  /** scrypt, with its parameters and salt: never the password. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  /** Districts this user watches (inspectors on duty); null = all. */
  @Column({ type: 'varchar', length: 800, nullable: true })
  districts!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Signed into every access token; deactivation, a role change or a new password adds one (older tokens die). */
  @Column({ type: 'int', unsigned: true, default: 0 })
  tokenVersion!: number;

  @CreateDateColumn({ type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @UpdateDateColumn({
    type: 'datetime',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
    onUpdate: 'CURRENT_TIMESTAMP(3)',
  })
  updatedAt!: Date;
}

/** An employer's API key. Only the sha256 of the key is kept; the key itself is shown once. */
@Entity('api_keys')
@Index('ix_api_keys_employer', ['employerId'])
export class ApiKeyEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'int', unsigned: true })
  employerId!: number;

  @Index('ux_api_keys_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  keyHash!: string;

  /** The first characters of the key, to recognise it in a list. */
  @Column({ type: 'varchar', length: 20 })
  prefix!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  label!: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  createdByUserId!: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
