import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SCALES = ['micro', 'small', 'medium', 'large'] as const;
export type EmployerScale = (typeof SCALES)[number];

@Entity('employers')
@Index('ix_employers_district', ['district'])
@Index('ix_employers_principal', ['principalEmployerId'])
@Index('ix_employers_name', ['name'])
@Index('ix_employers_npp', ['npp'])
export class EmployerEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Index('ux_employers_nib', { unique: true })
  @Column({ type: 'char', length: 13 })
  nib!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'enum', enum: SCALES })
  scale!: EmployerScale;

  @Column({ type: 'varchar', length: 32, nullable: true })
  npp!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  district!: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  kbli!: string | null;

  @Column({ type: 'tinyint', unsigned: true, nullable: true })
  jkkRiskGroup!: number | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  contactEmail!: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  principalEmployerId!: number | null;

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
