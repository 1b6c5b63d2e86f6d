import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiProperty,
  ApiUnauthorizedResponse,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { notFound, PageQuery } from '@patuh/core';
import {
  SELF_REPORT_KINDS,
  SELF_REPORT_STATUSES,
  SelfReportKind,
  SelfReportStatus,
} from '@patuh/persistence';
import {
  EMPLOYER_ENTITIES,
  FIELDS,
  SelfReportsService,
  templateCsv,
  templateXlsx,
  XLSX_MIME,
} from '@patuh/self-reports';

/** The Excel template's file name. */
const XLSX_TEMPLATE = 'laporan-mandiri.xlsx';
import { ProblemView } from '../cases/cases.dto';
import { CurrentPrincipal, EmployerAccess, Principal, userIdOf } from '../auth/principal';
import { SubmissionThrottleGuard, SubmissionUpload } from './submission.upload';
import { idempotencyKeyOf, parseSubmission } from './submission.request';

export class ListSelfReportsQuery extends PageQuery({ defaultLimit: 20, maxLimit: 100 }) {
  @ApiPropertyOptional({ description: 'Users only: one employer (employer keys always see their own)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  employerId?: number;

  @ApiPropertyOptional({ enum: SELF_REPORT_KINDS })
  @IsOptional()
  @IsIn(SELF_REPORT_KINDS)
  kind?: SelfReportKind;

  @ApiPropertyOptional({ enum: SELF_REPORT_STATUSES })
  @IsOptional()
  @IsIn(SELF_REPORT_STATUSES)
  status?: SelfReportStatus;
}

const row = (entity: keyof typeof FIELDS) => ({
  type: 'array',
  items: {
    type: 'object',
    properties: Object.fromEntries(
      FIELDS[entity].map((f) => [f.name, { type: 'string', example: f.example }]),
    ),
    required: FIELDS[entity].filter((f) => f.required).map((f) => f.name),
    // Unknown fields are rejected row by row (the row's error names the field).
    additionalProperties: false,
  },
});

class RowCountsView {
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
}

class RowErrorView {
  @ApiProperty({ example: 'contracts' }) entity!: string;
  @ApiProperty({ description: '0-based row index within the entity' }) index!: number;
  @ApiProperty({ type: String, nullable: true }) field!: string | null;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({
    description: 'Where the clerk finds the row: the CSV line (the header is line 1) or the Excel row',
  })
  row?: number;
  @ApiPropertyOptional({ description: 'The Excel sheet (workbook submissions)' }) sheet?: string;
}

class EvaluationStateView {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'queued, running, completed, failed (null: none yet)',
  })
  status!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class SelfReportViewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: SELF_REPORT_KINDS }) kind!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null for the sponsored-coverage list' })
  employerId!: number | null;
  @ApiProperty({ example: 'json' }) format!: string;
  @ApiProperty({ enum: SELF_REPORT_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) processedAt!: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: { $ref: '#/components/schemas/RowCountsView' },
    description: 'By entity (workers, contracts, enrolments, rows)',
  })
  counts!: Record<string, RowCountsView> | null;
  @ApiProperty() errorCount!: number;
  @ApiPropertyOptional({ description: 'Detail only: more errors than listed' }) errorsTruncated?: boolean;
  @ApiPropertyOptional({ type: [RowErrorView], description: 'Detail only: the rejected rows' })
  errors?: RowErrorView[];
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty({ type: EvaluationStateView }) evaluation!: EvaluationStateView;
}

export class SelfReportPage {
  @ApiProperty({ type: [SelfReportViewDto], description: 'Without `errors` (see the detail)' })
  items!: SelfReportViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export const CSV_TEXT = {
  description: 'The CSV file',
  content: { 'text/csv': { schema: { type: 'string' as const } } },
};

export const SUBMISSION_ACCEPTED = {
  schema: {
    type: 'object',
    properties: { id: { type: 'integer' }, status: { type: 'string', example: 'queued' } },
  },
  headers: { Location: { description: '/api/v1/self-reports/{id}', schema: { type: 'string' } } },
};

@ApiTags('self-reports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'The principal may not do this' })
@Controller('self-reports')
export class SelfReportsController {
  constructor(
    private readonly reports: SelfReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @EmployerAccess({ users: false })
  @UseGuards(SubmissionThrottleGuard)
  @UseInterceptors(SubmissionUpload(3))
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Submit a self-report (employer key): workers, contracts and BPJS enrolments, as JSON or CSV files',
    description:
      'Stored durably, then processed in the background: poll the Location. Rows are checked one by one ' +
      '(see docs/self-report.md). The same Idempotency-Key with the same body returns the first report (202, ' +
      'same body, header Idempotent-Replayed: true); with another body → 422.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-200 visible ASCII characters' })
  @ApiBody({
    schema: {
      oneOf: [
        {
          type: 'object',
          properties: { workers: row('workers'), contracts: row('contracts'), enrolments: row('enrolments') },
        },
        {
          type: 'object',
          description: 'multipart/form-data: any of the three CSV files',
          properties: Object.fromEntries(
            EMPLOYER_ENTITIES.map((e) => [`${e}.csv`, { type: 'string', format: 'binary' }]),
          ),
        },
      ],
    },
  })
  @ApiAcceptedResponse(SUBMISSION_ACCEPTED)
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with another body' })
  @ApiTooManyRequestsResponse({ description: 'Too many submissions for this key; see Retry-After' })
  async submit(
    @Req() req: Request,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const employerId = p.kind === 'employer' ? p.employerId : 0;
    const key = idempotencyKeyOf(req);
    const sub = await parseSubmission(req, 'employer', this.config);
    const { report, replayed } = await this.reports.submit({
      kind: 'employer',
      employerId,
      // An employer's own user is recorded as the submitter; an API key is not a person.
      userId: userIdOf(p) ?? null,
      idempotencyKey: key,
      ...sub,
    });
    res.header('Location', `/api/v1/self-reports/${report.id}`);
    if (replayed) res.header('Idempotent-Replayed', 'true');
    return { id: report.id, status: 'queued' };
  }

  @Get()
  @EmployerAccess()
  @ApiOperation({
    summary:
      'List self-reports, newest first: an employer key sees its own; users see all (filter by employerId)',
  })
  @ApiExtraModels(RowCountsView)
  @ApiOkResponse({ type: SelfReportPage })
  @ApiBadRequestResponse({ type: ProblemView })
  list(@Query() q: ListSelfReportsQuery, @CurrentPrincipal() p: Principal) {
    if (p.kind === 'employer') return this.reports.list({ ...q, employerId: p.employerId, kind: 'employer' });
    return this.reports.list(q);
  }

  @Get('templates/:file')
  @EmployerAccess()
  @ApiOperation({
    summary:
      'A template: a CSV file per entity (header row and one example row), or the Excel workbook ' +
      `${XLSX_TEMPLATE} (a sheet per entity with its header and an example row marked "Contoh", skipped on upload, and an instructions sheet listing the accepted values)`,
  })
  @ApiParam({ name: 'file', enum: [...EMPLOYER_ENTITIES.map((e) => `${e}.csv`), XLSX_TEMPLATE] })
  @ApiProduces('text/csv', XLSX_MIME)
  @ApiOkResponse({
    description: 'The template',
    content: {
      'text/csv': { schema: { type: 'string' } },
      [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiNotFoundResponse({ type: ProblemView })
  async template(@Param('file') file: string, @Res({ passthrough: true }) res: Response) {
    if (file === XLSX_TEMPLATE) {
      res.header('Content-Type', XLSX_MIME);
      res.header('Content-Disposition', `attachment; filename="${XLSX_TEMPLATE}"`);
      return templateXlsx();
    }
    const entity = EMPLOYER_ENTITIES.find((e) => `${e}.csv` === file);
    if (!entity) throw notFound('Template');
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="${file}"`);
    return templateCsv(entity);
  }

  @Get(':id/rejected/workbook.xlsx')
  @EmployerAccess()
  @ApiOperation({
    summary:
      "A workbook report's rejected rows as a workbook to fix and upload again: each sheet with rejected rows, its header and those rows",
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({
    description: 'The workbook',
    content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ProblemView, description: "No such report (or another employer's)" })
  @ApiConflictResponse({ type: ProblemView, description: 'Not sent as .xlsx, or not processed yet' })
  async rejected(
    @Param('id', ParseIntPipe) id: number,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const book = await this.reports.rejectedWorkbook(id, p.kind === 'employer' ? p.employerId : undefined);
    res.header('Content-Type', XLSX_MIME);
    res.header('Content-Disposition', `attachment; filename="laporan-${id}-ditolak.xlsx"`);
    return book;
  }

  @Get(':id')
  @EmployerAccess()
  @ApiOperation({
    summary:
      'A self-report: status, counts per entity, rejected rows (entity, 0-based index, field, message)',
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: SelfReportViewDto })
  @ApiNotFoundResponse({
    type: ProblemView,
    description: "No such report (or another employer's, for an employer key)",
  })
  get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    return this.reports.get(id, p.kind === 'employer' ? p.employerId : undefined);
  }
}
