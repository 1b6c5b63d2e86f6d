import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { codeList } from '../transformers';
import { ROW_SOURCES, RowSource } from './contract.entity';

/**
 * A BPJS Ketenagakerjaan enrolment period. Its upsert key (employer, worker, effectiveFrom) is the primary key,
 * so rows are clustered the way a sweep reads them (see ContractEntity). `id` stays a unique auto-increment.
 */
@Entity('enrolments')
@Index('ux_enrolments_id', ['id'], { unique: true })
@Index('ix_enrolments_worker', ['workerId'])
export class EnrolmentEntity {
  @PrimaryColumn({ type: 'int', unsigned: true })
  employerId!: number;

  @PrimaryColumn({ type: 'int', unsigned: true })
  workerId!: number;

  @PrimaryColumn({ type: 'date' })
  effectiveFrom!: string;

  @Column({ type: 'int', unsigned: true, generated: 'increment' })
  id!: number;

  @Column({ type: 'char', length: 11, nullable: true })
  kpj!: string | null;

  /** Programs as "JKK,JKM,JHT,JP,JKP". */
  @Column({ type: 'varchar', length: 24, transformer: codeList })
  programs!: string[];

  @Column({ type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  reportedWage!: number | null;

  @Column({ type: 'enum', enum: ROW_SOURCES, default: 'self_report' })
  source!: RowSource;

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
