import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText } from '../transformers';

export const CASE_STATUSES = [
  'open',
  'in_review',
  'confirmed',
  'notice_sent',
  'resolved',
  'dismissed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** The one list of open case statuses (a case the engine still tracks and an inspector still works). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['open', 'in_review', 'confirmed', 'notice_sent'];
export const CLOSED_STATUSES: readonly CaseStatus[] = ['resolved', 'dismissed'];
/** Open cases that escalate past their dueAt (and count as overdue in the digest). */
export const ESCALATING_STATUSES: readonly CaseStatus[] = ['open', 'in_review'];
const sqlList = (l: readonly string[]) => l.map((s) => `'${s}'`).join(', ');
/** SQL literals of the lists, for `status IN (${OPEN_STATUSES_SQL})` in hand-tuned statements. */
export const OPEN_STATUSES_SQL = sqlList(OPEN_STATUSES);
export const ESCALATING_STATUSES_SQL = sqlList(ESCALATING_STATUSES);
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type CaseSeverity = (typeof SEVERITIES)[number];
/**
 * Queue order: 1 is the most severe. Ascending, so "most severe first, then oldest" is one ascending index scan
 * (MariaDB and MySQL alike, no descending index parts needed).
 */
export const SEVERITY_RANK: Record<CaseSeverity, number> = { critical: 1, high: 2, medium: 3, low: 4 };

/**
 * A finding of the rulebook turned into work for an inspector. Identity: (rule, employer, subject) under a
 * unique index, so evaluating twice can never make two cases.
 */
@Entity('cases')
@Index('ux_cases_identity', ['rule', 'employerId', 'subjectKey'], { unique: true })
@Index('ix_cases_queue', ['status', 'severityRank', 'firstDetectedAt', 'id'])
@Index('ix_cases_district_queue', ['district', 'status', 'severityRank', 'firstDetectedAt', 'id'])
// Covers the engine's read of an employer's cases (identity, status, evidence hash, severity): a steady sweep reads
// them from this index alone, not one clustered-row lookup per case (migration 600).
@Index('ix_cases_employer_reconcile', [
  'employerId',
  'status',
  'rule',
  'subjectKey',
  'evidenceHash',
  'severity',
])
@Index('ix_cases_assignee_status', ['assigneeId', 'status'])
@Index('ix_cases_nik', ['workerNik'])
export class CaseEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'varchar', length: 40 })
  rule!: string;

  @Column({ type: 'int', unsigned: true })
  employerId!: number;

  /** "<nik>|<chainStart>" (empty parts for employer rules). */
  @Column({ type: 'varchar', length: 64 })
  subjectKey!: string;

  @Column({ type: 'char', length: 16, nullable: true })
  workerNik!: string | null;

  /** employers.name, kept by triggers (migration 1764000000400) so case lists need no join. */
  @Column({ type: 'varchar', length: 200, default: '' })
  employerName!: string;

  /** workers.name for workerNik, kept by triggers (migration 1764000000400). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  workerName!: string | null;

  @Column({ type: 'date', nullable: true })
  chainStart!: string | null;

  /** The employer's district at detection, for the inspectors' district queues. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  district!: string | null;

  @Column({ type: 'enum', enum: SEVERITIES })
  severity!: CaseSeverity;

  @Column({ type: 'tinyint', unsigned: true })
  severityRank!: number;

  @Column({ type: 'enum', enum: CASE_STATUSES, default: 'open' })
  status!: CaseStatus;

  @Column({ type: 'varchar', length: 600 })
  summary!: string;

  @Column({ type: 'varchar', length: 600 })
  summaryId!: string;

  @Column({ type: 'longtext', transformer: jsonText })
  evidence!: Record<string, unknown>;

  /** sha1 of the evidence JSON: a steady sweep compares hashes, not documents. */
  @Column({ type: 'char', length: 40 })
  evidenceHash!: string;

  @Column({ type: 'varchar', length: 300 })
  legalBasis!: string;

  @Column({ type: 'varchar', length: 20 })
  rulebookVersion!: string;

  /** Rupiah at stake per the evidence (for risk ranking). */
  @Column({
    type: 'bigint',
    unsigned: true,
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  amountAtStake!: number;

  @Column({ type: 'datetime', precision: 3 })
  firstDetectedAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  lastDetectedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  resolution!: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  assigneeId!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  dueAt!: Date | null;

  /** When case.escalated fired for this case (once; cleared when the case is reopened). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  escalatedAt!: Date | null;

  /** Optimistic concurrency: every change bumps it; a stale write gets 409. */
  @Column({ type: 'int', unsigned: true, default: 1 })
  version!: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

export const CASE_EVENT_TYPES = [
  'detected',
  'updated',
  'resolved',
  'reopened',
  'assigned',
  'transition',
  'note',
  'escalated',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** The case's history. Append-only: database triggers refuse UPDATE and DELETE. */
@Entity('case_events')
@Index('ix_case_events_case', ['caseId', 'id'])
@Index('ix_case_events_created', ['createdAt'])
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id!: number;

  @Column({ type: 'int', unsigned: true })
  caseId!: number;

  @Column({ type: 'enum', enum: CASE_EVENT_TYPES })
  type!: CaseEventType;

  @Column({ type: 'varchar', length: 20, nullable: true })
  fromStatus!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  toStatus!: string | null;

  /** null for the system. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  actorUserId!: number | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'longtext', nullable: true, transformer: jsonText })
  data!: Record<string, unknown> | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  sweepId!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
