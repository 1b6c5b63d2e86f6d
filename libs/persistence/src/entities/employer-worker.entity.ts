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

  /**
   * The worker's NIK and sponsored-list flag, copies of `workers`' kept by triggers (migration 1764000001200): an
   * evaluation reads an employer's workers without a lookup into `workers` each. Never written by the application
   * (the triggers overwrite whatever a writer puts there).
   */
  @Column({ type: 'char', length: 16, nullable: true, insert: false, update: false })
  nik!: string | null;

  @Column({ type: 'tinyint', default: 0, insert: false, update: false })
  onSponsoredList!: number;

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
