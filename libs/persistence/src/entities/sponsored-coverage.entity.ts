import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { codeList } from '../transformers';

/** The Pemkab's government-paid coverage list (pekerja rentan, BPU). Keyed by NIK: these workers may not be in `workers`. */
@Entity('sponsored_coverage')
@Index('ux_sponsored_nik_from', ['nik', 'effectiveFrom'], { unique: true })
@Index('ix_sponsored_district', ['district'])
export class SponsoredCoverageEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'char', length: 16 })
  nik!: string;

  @Column({ type: 'varchar', length: 24, transformer: codeList })
  programs!: string[];

  @Column({ type: 'date' })
  effectiveFrom!: string;

  @Column({ type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  district!: string | null;

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
