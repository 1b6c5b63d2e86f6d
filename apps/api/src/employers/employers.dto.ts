import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '@patuh/core';
import { EmployerScale, SCALES } from '@patuh/persistence';

export class CreateEmployerDto {
  @ApiProperty({ description: 'Nomor Induk Berusaha: 13 digits, unique', example: '9120001234567' })
  @Matches(/^\d{13}$/, { message: 'nib must be exactly 13 digits' })
  nib!: string;

  @ApiProperty({ example: 'PT Contoh Tambang Sangatta' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: SCALES })
  @IsIn(SCALES, { message: `scale must be one of ${SCALES.join(', ')}` })
  scale!: EmployerScale;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'BPJS Ketenagakerjaan registration (NPP); null = not registered',
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(/^[A-Za-z0-9.-]{1,32}$/, { message: 'npp must be 1-32 letters, digits, "." or "-", or null' })
  npp!: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "One of Kutai Timur's 18 kecamatan (reference data)",
    example: 'Sangatta Utara',
  })
  @IsOptional()
  @IsString()
  district?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'KBLI 2020 code (2-5 digits)',
    example: '05100',
  })
  @IsOptional()
  @Matches(/^\d{2,5}$/, { message: 'kbli must be 2 to 5 digits' })
  kbli?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 5,
    description: 'JKK risk group (PP 44/2015)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  jkkRiskGroup?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email', example: 'hrd@contoh.co.id' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'The principal company whose site this contractor works at',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  principalEmployerId?: number | null;
}

/**
 * Every field optional, but null only where the column is nullable (npp, district, kbli, jkkRiskGroup,
 * contactEmail, principalEmployerId: their own decorators allow it): {"name": null} is a 400 naming the field.
 */
export class UpdateEmployerDto extends PartialType(CreateEmployerDto, { skipNullProperties: false }) {}

export class ListEmployersQuery extends PageQuery({ defaultLimit: 50, maxLimit: 200, cursorMaxLength: 200 }) {
  @ApiPropertyOptional() @IsOptional() @IsString() district?: string;
  @ApiPropertyOptional({ enum: SCALES }) @IsOptional() @IsIn(SCALES) scale?: EmployerScale;
  @ApiPropertyOptional({ description: 'Search in name, NIB or NPP' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({
    enum: ['id', 'risk'],
    default: 'id',
    description:
      'risk: employers with open cases, highest risk score first, each with riskScore and reasons (users only; docs/cases.md)',
  })
  @IsOptional()
  @IsIn(['id', 'risk'])
  sort?: 'id' | 'risk';
}

export class CreateApiKeyDto {
  @ApiPropertyOptional({ example: 'payroll system' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  label?: string;
}

const intMap = (description: string) =>
  ({ type: 'object', additionalProperties: { type: 'integer' }, description }) as const;

export class EmployerViewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ example: '9120001234567' }) nib!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SCALES }) scale!: string;
  @ApiProperty({ type: String, nullable: true }) npp!: string | null;
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
  @ApiProperty({ type: String, nullable: true }) kbli!: string | null;
  @ApiProperty({ type: Number, nullable: true }) jkkRiskGroup!: number | null;
  @ApiProperty({ type: String, nullable: true }) contactEmail!: string | null;
  @ApiProperty({ type: Number, nullable: true }) principalEmployerId!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RiskReasonView {
  @ApiProperty() rule!: string;
  @ApiProperty({ description: 'The rule name in Indonesian' }) title!: string;
  @ApiProperty() cases!: number;
  @ApiProperty() workers!: number;
  @ApiProperty() rupiahAtStake!: number;
  @ApiProperty({ enum: ['low', 'medium', 'high', 'critical'] }) severity!: string;
  @ApiProperty() severityPoints!: number;
  @ApiProperty({ description: 'One sentence, in Indonesian' }) text!: string;
}

export class EmployerRiskView {
  @ApiProperty() employerId!: number;
  @ApiProperty() riskScore!: number;
  @ApiProperty() openCases!: number;
  @ApiProperty() workersAffected!: number;
  @ApiProperty() rupiahAtStake!: number;
  @ApiProperty() severityPoints!: number;
  @ApiProperty({ type: [RiskReasonView], description: 'The top rules behind the score (at most 3)' })
  reasons!: RiskReasonView[];
}

export class RankedEmployerView extends EmployerViewDto {
  @ApiPropertyOptional({ description: 'sort=risk only (the same as id)' }) employerId?: number;
  @ApiPropertyOptional({ description: 'sort=risk only' }) riskScore?: number;
  @ApiPropertyOptional() openCases?: number;
  @ApiPropertyOptional() workersAffected?: number;
  @ApiPropertyOptional() rupiahAtStake?: number;
  @ApiPropertyOptional() severityPoints?: number;
  @ApiPropertyOptional({ type: [RiskReasonView] }) reasons?: RiskReasonView[];
}

export class EmployerPage {
  @ApiProperty({ type: [RankedEmployerView] }) items!: RankedEmployerView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page' })
  nextCursor!: string | null;
}

class ContractTypesView {
  @ApiProperty() PKWT!: number;
  @ApiProperty() PKWTT!: number;
}

class ContractTypeMixView {
  @ApiProperty({ type: ContractTypesView, description: 'Every contract' }) all!: ContractTypesView;
  @ApiProperty({ type: ContractTypesView, description: 'Contracts in force today' })
  active!: ContractTypesView;
  @ApiProperty({ type: ContractTypesView }) workersByType!: ContractTypesView;
}

class SelfReportBriefView {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: ['queued', 'processing', 'processed', 'failed'] }) status!: string;
  @ApiProperty() format!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) processedAt!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Accepted and rejected rows by entity',
  })
  counts!: unknown;
  @ApiProperty() errorCount!: number;
  @ApiProperty({ type: String, nullable: true }) evaluationStatus!: string | null;
}

class SelfReportsSummaryView {
  @ApiProperty() processed!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastProcessedAt!: string | null;
  @ApiProperty({ type: [SelfReportBriefView], description: 'The 10 latest' }) latest!: SelfReportBriefView[];
}

export class EmployerLinkView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
}

export class BpjsVerificationView {
  @ApiProperty({ description: 'The BPJS records load judged for the employer NPP' }) loadId!: number;
  @ApiProperty({
    format: 'date',
    description: "The load's as_of: when BPJS's records last verified the employer",
  })
  asOf!: string;
}

export class ComplianceView {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty() workers!: number;
  @ApiProperty() activeWorkers!: number;
  @ApiProperty() enrolledActiveWorkers!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Of active workers, 0..1' }) enrolledShare!:
    number | null;
  @ApiProperty({ type: ContractTypesView }) activeContractsByType!: ContractTypesView;
  @ApiProperty() openCases!: number;
  @ApiProperty(intMap('Open cases by rule')) openCasesByRule!: Record<string, number>;
  @ApiProperty(intMap('Open cases by severity')) openCasesBySeverity!: Record<string, number>;
  @ApiProperty({ type: ContractTypeMixView }) contractTypeMix!: ContractTypeMixView;
  @ApiProperty({ type: SelfReportsSummaryView }) selfReports!: SelfReportsSummaryView;
  @ApiProperty({
    type: EmployerLinkView,
    nullable: true,
    description: 'The principal this contractor works for',
  })
  principal!: EmployerLinkView | null;
  @ApiProperty({ type: [EmployerLinkView], description: 'The contractors working for this principal' })
  contractors!: EmployerLinkView[];
  @ApiProperty({
    type: BpjsVerificationView,
    nullable: true,
    description: "The BPJS records load judged for the employer's NPP (CONTRACT §9); null: no load covers it",
  })
  bpjsVerification!: BpjsVerificationView | null;
  @ApiPropertyOptional({ type: EmployerRiskView, description: 'Users only' }) risk?: EmployerRiskView;
}

export class EmployerDetailView extends EmployerViewDto {
  @ApiProperty({ type: ComplianceView }) compliance!: ComplianceView;
}

export class IssuedKeyView {
  @ApiProperty() id!: number;
  @ApiProperty() employerId!: number;
  @ApiProperty({ description: 'The key itself: shown only in this response' }) key!: string;
  @ApiProperty() prefix!: string;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ApiKeyView {
  @ApiProperty() id!: number;
  @ApiProperty() prefix!: string;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}
