import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A worker as one employer reported them (migration 1764000000920): the name and birth date in that employer's
 * self-reports, never another's. Its existence is the employer's claim to the worker: contracts and enrolments are
 * accepted only for a worker their employer has reported. Clustered by employer, as contracts and enrolments.
 */
@Entity('employer_workers')
@Index('ix_employer_workers_worker', ['workerId'])
export class EmployerWorkerEntity {
  @PrimaryColumn({ type: 'int', unsigned: true })
  employerId!: number;

  @PrimaryColumn({ type: 'int', unsigned: true })
  workerId!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ type: 'date', nullable: true })
  birthDate!: string | null;

  /** The self-report that last set the name (null: carried over by the migration, or written by an admin tool). */
  @Column({ type: 'int', unsigned: true, nullable: true })
  selfReportId!: number | null;

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
