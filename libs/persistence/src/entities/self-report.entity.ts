import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText } from '../transformers';

export const SELF_REPORT_STATUSES = ['queued', 'processing', 'processed', 'failed'] as const;
export type SelfReportStatus = (typeof SELF_REPORT_STATUSES)[number];
export const SELF_REPORT_KINDS = ['employer', 'sponsored'] as const;
export type SelfReportKind = (typeof SELF_REPORT_KINDS)[number];

export interface EntityCounts {
  accepted: number;
  rejected: number;
}
export interface RowError {
  entity: string;
  index: number;
  field: string | null;
  message: string;
  /** Where the clerk finds the row: the CSV file's line (the header is line 1) or the Excel sheet's row. */
  row?: number;
  /** The Excel sheet's name (workbook submissions). */
  sheet?: string;
}

/** One submission (an employer's self-report, or an admin's sponsored-coverage upload). Its raw body is in self_report_parts. */
@Entity('self_reports')
@Index('ux_self_reports_idempotency', ['employerId', 'idempotencyKey'], { unique: true })
@Index('ix_self_reports_employer_received', ['employerId', 'receivedAt'])
// The gauges by status (GET /metrics) and the requeue of reports left queued (migration 950).
@Index('ix_self_reports_status_received', ['status', 'receivedAt'])
@Index('ix_self_reports_employer_status', ['employerId', 'status', 'kind'])
export class SelfReportEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'enum', enum: SELF_REPORT_KINDS, default: 'employer' })
  kind!: SelfReportKind;

  /** Owner employer; 0 for sponsored-coverage uploads (keeps the idempotency index total). */
  @Column({ type: 'int', unsigned: true })
  employerId!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** sha256 of the raw body parts, to tell a replay from another body under the same key. */
  @Column({ type: 'char', length: 64 })
  bodyHash!: string;

  @Column({ type: 'varchar', length: 20 })
  format!: string;

  @Column({ type: 'enum', enum: SELF_REPORT_STATUSES, default: 'queued' })
  status!: SelfReportStatus;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  processedAt!: Date | null;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  counts!: Record<string, EntityCounts> | null;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  errors!: RowError[] | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  errorCount!: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  evaluationStatus!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  evaluationFinishedAt!: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  failureReason!: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  submittedByUserId!: number | null;

  /** Rounds of re-driven jobs (processing or evaluation) so far: the reaper, at most REAPER_MAX_REDRIVES. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  redrives!: number;

  /** The reaper's last look at this report (a lease: one worker acts per REAPER_STUCK_MS). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  reapedAt!: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;
}

/** The raw body of a submission, in chunks small enough for any max_allowed_packet. */
@Entity('self_report_parts')
export class SelfReportPartEntity {
  @Column({ type: 'int', unsigned: true, primary: true })
  selfReportId!: number;

  /** "json", "workers.csv", "contracts.csv", "enrolments.csv", "rows.csv" */
  @Column({ type: 'varchar', length: 40, primary: true })
  part!: string;

  @Column({ type: 'int', unsigned: true, primary: true })
  seq!: number;

  @Column({ type: 'mediumblob' })
  data!: Buffer;
}
