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
  ApiBearerAuth,
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
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { notFound } from '@patuh/core';
import {
  SELF_REPORT_KINDS,
  SELF_REPORT_STATUSES,
  SelfReportKind,
  SelfReportStatus,
} from '@patuh/persistence';
import { EMPLOYER_ENTITIES, FIELDS, SelfReportsService, templateCsv } from '@patuh/self-reports';
import { CurrentPrincipal, EmployerAccess, Principal } from '../auth/principal';
import { SubmissionThrottleGuard, SubmissionUpload } from './submission.upload';
import { idempotencyKeyOf, parseSubmission } from './submission.request';

export class ListSelfReportsQuery {
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

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  cursor?: string;
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

export const SUBMISSION_ACCEPTED = {
  schema: {
    type: 'object',
    properties: { id: { type: 'integer' }, status: { type: 'string', example: 'queued' } },
  },
  headers: { Location: { description: '/api/v1/self-reports/{id}', schema: { type: 'string' } } },
};

@ApiTags('self-reports')
@ApiBearerAuth()
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
    const sub = parseSubmission(req, 'employer', this.config);
    const { report, replayed } = await this.reports.submit({
      kind: 'employer',
      employerId,
      userId: null,
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
  list(@Query() q: ListSelfReportsQuery, @CurrentPrincipal() p: Principal) {
    if (p.kind === 'employer') return this.reports.list({ ...q, employerId: p.employerId, kind: 'employer' });
    return this.reports.list(q);
  }

  @Get('templates/:file')
  @EmployerAccess()
  @ApiOperation({ summary: 'A CSV template: the header row and one example row' })
  @ApiParam({ name: 'file', enum: EMPLOYER_ENTITIES.map((e) => `${e}.csv`) })
  @ApiProduces('text/csv')
  template(@Param('file') file: string, @Res({ passthrough: true }) res: Response) {
    const entity = EMPLOYER_ENTITIES.find((e) => `${e}.csv` === file);
    if (!entity) throw notFound('Template');
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="${file}"`);
    return templateCsv(entity);
  }

  @Get(':id')
  @EmployerAccess()
  @ApiOperation({
    summary:
      'A self-report: status, counts per entity, rejected rows (entity, 0-based index, field, message)',
  })
  @ApiOkResponse({ description: 'The report' })
  @ApiNotFoundResponse({ description: "No such report (or another employer's, for an employer key)" })
  get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    return this.reports.get(id, p.kind === 'employer' ? p.employerId : undefined);
  }
}
