import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { codeList } from '../transformers';
import { ROW_SOURCES, RowSource } from './contract.entity';

/** A BPJS Ketenagakerjaan enrolment period. Upsert key: (employer, worker, effectiveFrom). */
@Entity('enrolments')
@Index('ux_enrolments_employer_worker_from', ['employerId', 'workerId', 'effectiveFrom'], { unique: true })
@Index('ix_enrolments_worker', ['workerId'])
export class EnrolmentEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'int', unsigned: true })
  employerId!: number;

  @Column({ type: 'int', unsigned: true })
  workerId!: number;

  @Column({ type: 'char', length: 11, nullable: true })
  kpj!: string | null;

  /** Programs as "JKK,JKM,JHT,JP,JKP". */
  @Column({ type: 'varchar', length: 24, transformer: codeList })
  programs!: string[];

  @Column({ type: 'date' })
  effectiveFrom!: string;

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
