import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A person by NIK, and only what is nobody's report: the name and birth date are each employer's word, kept per
 * employer in `employer_workers` (EmployerWorkerEntity; migration 1764000000920).
 */
@Entity('workers')
export class WorkerEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Index('ux_workers_nik', { unique: true })
  @Column({ type: 'char', length: 16 })
  nik!: string;

  /** The NIK is on the regency's sponsored list (kept by triggers: migration 1764000000300). */
  @Column({ type: 'tinyint', default: 0 })
  onSponsoredList!: number;

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
