import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { CASE_STATUSES, CaseStatus, SEVERITIES } from '@patuh/persistence';
import { RULE_CODES } from '@patuh/rules';
import { TimelineView } from './timeline.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CaseView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: RULE_CODES as string[] }) rule!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty() employerId!: number;
  @ApiProperty() employerName!: string;
  @ApiProperty({ type: String, nullable: true, description: "The employer's kecamatan at detection" })
  district!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null for employer rules' }) workerNik!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) workerName!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'Chain rules: the chain start' })
  chainStart!: string | null;
  @ApiProperty({ description: 'One sentence in English' }) summary!: string;
  @ApiProperty({ description: 'The same sentence in Indonesian' }) summaryId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The figures behind the finding (days uncovered, chain, wages, estimatedUnpaidContributions…)',
  })
  evidence!: Record<string, unknown>;
  @ApiProperty() legalBasis!: string;
  @ApiProperty() rulebookVersion!: string;
  @ApiProperty({ description: 'Rupiah at stake per the evidence (unpaid contributions)' })
  amountAtStake!: number;
  @ApiProperty({ format: 'date-time' }) firstDetectedAt!: string;
  @ApiProperty({ format: 'date-time' }) lastDetectedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'condition_cleared (system), rule_changed (system: a new rulebook version no longer raises it), resolved_by_inspector, dismissed',
  })
  resolution!: string | null;
  @ApiProperty({ type: Number, nullable: true }) assigneeId!: number | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'From CASE_SLA_DAYS by severity',
  })
  dueAt!: string | null;
  @ApiProperty({ description: 'Optimistic concurrency: send it back as `version` or `If-Match`' })
  version!: number;
}

export class CaseCounts {
  @ApiProperty() total!: number;
  @ApiProperty() open!: number;
  @ApiProperty() in_review!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() notice_sent!: number;
  @ApiProperty() resolved!: number;
  @ApiProperty() dismissed!: number;
}

export class CasePage {
  @ApiProperty({ type: [CaseView] }) items!: CaseView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null at the end',
  })
  nextCursor!: string | null;
  @ApiPropertyOptional({
    type: CaseCounts,
    description: 'With ?counts=true: cases matching every filter but status, by status',
  })
  counts?: CaseCounts;
}

export class CaseEventView {
  @ApiProperty() id!: number;
  @ApiProperty({
    enum: ['detected', 'updated', 'resolved', 'reopened', 'assigned', 'transition', 'note', 'escalated'],
  })
  type!: string;
  @ApiProperty({ type: String, nullable: true }) fromStatus!: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null = the system' }) actorUserId!:
    number | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) data!: unknown;
  @ApiProperty({ type: Number, nullable: true }) sweepId!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PeriodView {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty() days!: number;
}

export class UncoveredPeriodView extends PeriodView {
  @ApiProperty() contractRef!: string;
}

export class DetailContractView {
  @ApiPropertyOptional({ description: 'CONTRACTOR_HOPPING only: the contractor' }) employerId?: number;
  @ApiProperty() ref!: string;
  @ApiProperty({ enum: ['PKWT', 'PKWTT'] }) type!: string;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate!: string | null;
  @ApiProperty() monthlyWage!: number;
  @ApiProperty({ type: String, nullable: true }) position!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Its PKWT chain (null for PKWTT)',
  })
  chainStart!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['first', 'extension', 'renewal', 'overlap'] })
  linkKind!: string | null;
  @ApiProperty({ type: Number, nullable: true }) gapDays!: number | null;
  @ApiProperty({
    type: [PeriodView],
    description: 'Contract days (past the grace, up to the judged day) not covered',
  })
  uncoveredPeriods!: PeriodView[];
  @ApiProperty() uncoveredDays!: number;
}

export class DetailEnrolmentView {
  @ApiPropertyOptional() employerId?: number;
  @ApiProperty({ type: String, nullable: true }) kpj!: string | null;
  @ApiProperty({ type: [String] }) programs!: string[];
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveTo!: string | null;
  @ApiProperty({ type: Number, nullable: true }) reportedWage!: number | null;
}

export class ChainView {
  @ApiProperty({ format: 'date' }) chainStart!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) lastEnd!: string | null;
  @ApiProperty({ type: [String], description: 'Contract refs in order' }) contracts!: string[];
  @ApiProperty({ type: [String] }) kinds!: string[];
}

export class CoverageView {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) to!: string | null;
}

export class OtherCaseView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: RULE_CODES as string[] }) rule!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty() employerId!: number;
  @ApiProperty() employerName!: string;
}

export class CaseDetailView extends CaseView {
  @ApiProperty({ type: String, nullable: true }) assigneeName!: string | null;
  @ApiProperty({ type: [OtherCaseView], description: "The same worker's other cases (any employer)" })
  otherCases!: OtherCaseView[];
  @ApiProperty({
    type: TimelineView,
    nullable: true,
    description:
      "The worker's timeline with this employer (libs/rules buildTimeline) as of historyAsOf: its gaps are the evidence's; null for employer rules",
  })
  timeline!: TimelineView | null;
  @ApiProperty({ type: [CaseEventView], description: 'The append-only history, oldest first' })
  events!: CaseEventView[];
  @ApiProperty({ type: [DetailContractView] }) contracts!: DetailContractView[];
  @ApiProperty({ type: [DetailEnrolmentView] }) enrolments!: DetailEnrolmentView[];
  @ApiProperty({ type: [ChainView], description: "The worker's PKWT chains with this employer" })
  chains!: ChainView[];
  @ApiProperty({ type: [CoverageView], description: 'Days covered by enrolments with this employer' })
  coverage!: CoverageView[];
  @ApiProperty({ type: [UncoveredPeriodView] }) uncoveredPeriods!: UncoveredPeriodView[];
  @ApiProperty({
    format: 'date',
    description:
      "The day the case's evidence was computed as of (its reference day, else the sweep's asOf, else today); uncovered periods are counted up to it",
  })
  historyAsOf!: string;
}

/**
 * A case as its employer reads it (GET /employer/cases): the finding and its outcome, without the labour office's
 * internal work (assignee, the inspectors' deadline, the version).
 */
export class EmployerCaseView extends OmitType(CaseView, ['assigneeId', 'dueAt', 'version'] as const) {}

export class EmployerCasePage {
  @ApiProperty({ type: [EmployerCaseView] }) items!: EmployerCaseView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null at the end',
  })
  nextCursor!: string | null;
  @ApiPropertyOptional({
    type: CaseCounts,
    description: 'With ?counts=true: cases matching every filter but status, by status',
  })
  counts?: CaseCounts;
}

/** A public event of a case's history: detected, a status change (notice sent among them), resolved, reopened. */
export class EmployerCaseEventView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: ['detected', 'transition', 'resolved', 'reopened'] }) type!: string;
  @ApiProperty({ type: String, nullable: true }) fromStatus!: string | null;
  @ApiProperty({ type: String, nullable: true }) toStatus!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/**
 * One of the employer's own cases: the finding, its evidence and legal basis, the public history, and the worker's
 * contracts and enrolments with this employer. No notes, no inspectors' names or ids, no assignment.
 */
export class EmployerCaseDetailView extends EmployerCaseView {
  @ApiProperty({ type: [OtherCaseView], description: "The same worker's other cases with this employer" })
  otherCases!: OtherCaseView[];
  @ApiProperty({
    type: TimelineView,
    nullable: true,
    description: "The worker's timeline with this employer as of historyAsOf; null for employer rules",
  })
  timeline!: TimelineView | null;
  @ApiProperty({ type: [EmployerCaseEventView], description: 'The public history, oldest first' })
  events!: EmployerCaseEventView[];
  @ApiProperty({ type: [DetailContractView] }) contracts!: DetailContractView[];
  @ApiProperty({ type: [DetailEnrolmentView] }) enrolments!: DetailEnrolmentView[];
  @ApiProperty({ type: [ChainView] }) chains!: ChainView[];
  @ApiProperty({ type: [CoverageView] }) coverage!: CoverageView[];
  @ApiProperty({ type: [UncoveredPeriodView] }) uncoveredPeriods!: UncoveredPeriodView[];
  @ApiProperty({ format: 'date', description: "The day the case's evidence was computed as of" })
  historyAsOf!: string;
}

export class AssignCaseDto {
  @ApiProperty({ type: Number, nullable: true, description: 'An active user; null unassigns' })
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  assigneeId!: number | null;

  @ApiPropertyOptional({ description: 'The version you read (or send If-Match); a stale one → 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TransitionCaseDto {
  @ApiProperty({
    enum: CASE_STATUSES,
    description: 'open→in_review→confirmed→notice_sent→resolved; open|in_review→dismissed',
  })
  @IsIn(CASE_STATUSES)
  to!: CaseStatus;

  @ApiPropertyOptional({ description: 'Required (the reason) when to is dismissed', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Transform(trim)
  note?: string;

  @ApiPropertyOptional({ description: 'The version you read (or send If-Match); a stale one → 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class CaseNoteDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @IsString()
  @Transform(trim)
  @MinLength(1, { message: 'text must not be empty' })
  @MaxLength(4000)
  text!: string;

  @ApiPropertyOptional({ description: 'The version you read (or send If-Match); a stale one → 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ProblemView {
  @ApiProperty() type!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: number;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
  })
  errors?: { path: string; message: string }[];
}
