import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText } from '../transformers';

export const SWEEP_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

@Entity('sweeps')
export class SweepEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'enum', enum: SWEEP_STATUSES, default: 'queued' })
  status!: SweepStatus;

  @Column({ type: 'date' })
  asOf!: string;

  @Column({ type: 'enum', enum: ['manual', 'schedule'], default: 'manual' })
  trigger!: 'manual' | 'schedule';

  /** For scheduled sweeps: the tick's identity, so however many workers see the tick, one sweep is made. */
  @Index('ux_sweeps_schedule_key', { unique: true })
  @Column({ type: 'varchar', length: 80, nullable: true })
  scheduleKey!: string | null;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  employerIds!: number[] | null;

  /** For sweeps of every employer: the highest employer id at first start, so a re-planned sweep plans the same batches. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  maxEmployerId!: number | null;

  /** The first employer id of each planned batch, stored when the sweep starts: re-driven batches are cut the same. */
  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  batchStarts!: number[] | null;

  /** Rounds of re-driven jobs so far (the reaper; at most REAPER_MAX_REDRIVES). Part of the re-driven job ids. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  redrives!: number;

  /** The reaper's last look at this sweep (a lease: one worker acts per REAPER_STUCK_MS). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  reapedAt!: Date | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  employersTotal!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  employersDone!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  employersFailed!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  batchesTotal!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  batchesDone!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  casesOpened!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  casesResolved!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  casesReopened!: number;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  failedEmployerIds!: number[] | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  requestedByUserId!: number | null;

  /** full: every employer (or those named); incremental: those whose fingerprint changed or whose date came. */
  @Column({ type: 'enum', enum: ['full', 'incremental'], default: 'full' })
  mode!: 'full' | 'incremental';

  /** The employers an incremental sweep chose when it started (its batches are cut from these). */
  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  selection!: number[] | null;

  /** Of the employers in scope, those an incremental sweep left alone (nothing they depend on moved). */
  @Column({ type: 'int', unsigned: true, default: 0 })
  employersUnchanged!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;
}

/**
 * The batches of a sweep that have committed, each with its own counts. Its primary key makes a redelivered batch
 * change nothing; a running sweep's progress is the sum of these rows.
 */
@Entity('sweep_batches')
export class SweepBatchEntity {
  @Column({ type: 'int', unsigned: true, primary: true })
  sweepId!: number;

  @Column({ type: 'int', unsigned: true, primary: true })
  batchNo!: number;

  @Column({ type: 'int', unsigned: true })
  employers!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  failed!: number;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  failedEmployerIds!: number[] | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  opened!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  resolved!: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  reopened!: number;

  @Column({ type: 'datetime', precision: 3 })
  finishedAt!: Date;
}
