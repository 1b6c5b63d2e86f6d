import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CONTRACT_TYPES = ['PKWT', 'PKWTT'] as const;
export type ContractTypeCode = (typeof CONTRACT_TYPES)[number];
export const ROW_SOURCES = ['self_report', 'admin', 'generator'] as const;
export type RowSource = (typeof ROW_SOURCES)[number];

/** One employment contract. Upsert key: (employer, ref). Wages are whole rupiah. */
@Entity('contracts')
@Index('ux_contracts_employer_ref', ['employerId', 'ref'], { unique: true })
@Index('ix_contracts_employer_worker_start', ['employerId', 'workerId', 'startDate'])
@Index('ix_contracts_worker', ['workerId'])
export class ContractEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'int', unsigned: true })
  employerId!: number;

  @Column({ type: 'int', unsigned: true })
  workerId!: number;

  @Column({ type: 'varchar', length: 64 })
  ref!: string;

  @Column({ type: 'enum', enum: CONTRACT_TYPES })
  type!: ContractTypeCode;

  @Column({ type: 'date' })
  startDate!: string;

  @Column({ type: 'date', nullable: true })
  endDate!: string | null;

  @Column({ type: 'int', unsigned: true })
  monthlyWage!: number;

  @Column({ type: 'varchar', length: 120, nullable: true })
  position!: string | null;

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
