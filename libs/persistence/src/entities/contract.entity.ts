import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const CONTRACT_TYPES = ['PKWT', 'PKWTT'] as const;
export type ContractTypeCode = (typeof CONTRACT_TYPES)[number];
export const ROW_SOURCES = ['self_report', 'admin', 'generator'] as const;
export type RowSource = (typeof ROW_SOURCES)[number];

/**
 * One employment contract. Upsert key: (employer, ref). Wages are whole rupiah.
 *
 * Clustered on (employer, worker, start, id): InnoDB stores rows in primary-key order, so a sweep's read of a
 * page of employers ("their contracts by worker and start") is one sequential range, not scattered lookups
 * (measured in docs/benchmarks.md). `id` stays a unique auto-increment handle.
 */
@Entity('contracts')
@Index('ux_contracts_id', ['id'], { unique: true })
@Index('ux_contracts_employer_ref', ['employerId', 'ref'], { unique: true })
@Index('ix_contracts_worker', ['workerId'])
export class ContractEntity {
  @PrimaryColumn({ type: 'int', unsigned: true })
  employerId!: number;

  @PrimaryColumn({ type: 'int', unsigned: true })
  workerId!: number;

  @PrimaryColumn({ type: 'date' })
  startDate!: string;

  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  ref!: string;

  @Column({ type: 'enum', enum: CONTRACT_TYPES })
  type!: ContractTypeCode;

  @Column({ type: 'date', nullable: true })
  endDate!: string | null;

  @Column({ type: 'int', unsigned: true })
  monthlyWage!: number;

  @Column({ type: 'varchar', length: 120, nullable: true })
  position!: string | null;

  /** Uang kompensasi paid at the end of this PKWT, whole rupiah (rule PKWT_COMPENSATION_UNPAID); null: not reported. */
  @Column({
    type: 'bigint',
    unsigned: true,
    nullable: true,
    transformer: {
      to: (v: number | null) => v,
      from: (v: string | null) => (v === null || v === undefined ? null : Number(v)),
    },
  })
  compensationPaid!: number | null;

  @Column({ type: 'date', nullable: true })
  compensationPaidOn!: string | null;

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
