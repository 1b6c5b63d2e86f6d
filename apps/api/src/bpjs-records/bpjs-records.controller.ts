import {
  Controller,
  Delete,
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
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import '@fastify/multipart';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { badRequest, notFound, PageQuery, ProblemException } from '@patuh/core';
import { BPJS_LOAD_STATUSES } from '@patuh/persistence';
import {
  BPJS_FIELDS,
  BpjsFormat,
  BpjsLoadsService,
  bpjsTemplateCsv,
  bpjsTemplateXlsx,
  checkAsOf,
} from '@patuh/self-reports';
import { ProblemView } from '../cases/cases.dto';
import { CurrentPrincipal, EmployerAccess, Principal, ROLE_RANK } from '../auth/principal';
import { idempotencyKeyOf } from '../self-reports/submission.request';
import { SubmissionThrottleGuard } from '../self-reports/submission.upload';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Raw body types of a load; bootstrap.ts hands them to the route as a stream (never buffered whole). */
export const BPJS_STREAM_TYPES = ['text/csv', 'application/csv', XLSX_MIME];

export class BpjsLoadQuery {
  @ApiPropertyOptional({
    description:
      'CSV and .xlsx loads: the date the records describe (YYYY-MM-DD, not after today). JSON: in the body.',
    example: '2025-06-30',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  asOf?: string;
}

export class ListBpjsLoadsQuery extends PageQuery({ defaultLimit: 20, maxLimit: 100 }) {
  @ApiPropertyOptional({ enum: BPJS_LOAD_STATUSES })
  @IsOptional()
  @IsIn(BPJS_LOAD_STATUSES)
  status?: string;
}

class BpjsLoadCountsView {
  @ApiProperty({ description: 'Rows read (comment rows aside)' }) rows!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ description: 'NPPs the load names' }) npps!: number;
}

class BpjsRowErrorView {
  @ApiProperty({
    description:
      'CSV: the line (the header is 1); .xlsx: the sheet row (the header is 1); JSON: the 0-based index in rows',
  })
  row!: number;
  @ApiProperty({ type: String, nullable: true, example: 'paidThrough' }) field!: string | null;
  @ApiProperty({ description: 'Why, in Indonesian' }) message!: string;
  @ApiProperty({ description: 'Why, in English' }) messageEn!: string;
}

class BpjsLoadNppView {
  @ApiProperty() npp!: string;
  @ApiProperty({ description: 'Accepted rows' }) rows!: number;
  @ApiProperty({ description: 'Rejected rows (an NPP with any is not judged on this load)' })
  rowsRejected!: number;
  @ApiProperty({ description: 'Whether the NPP is judged on this load now' }) current!: boolean;
}

export class BpjsLoadViewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: ['json', 'csv', 'xlsx'] }) format!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ enum: BPJS_LOAD_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) processedAt!: string | null;
  @ApiProperty({ type: BpjsLoadCountsView }) counts!: BpjsLoadCountsView;
  @ApiProperty() errorCount!: number;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: string | null;
  @ApiPropertyOptional({ description: 'Detail only: NPPs judged on this load now' }) nppsCurrent?: number;
  @ApiPropertyOptional({ type: [BpjsLoadNppView], description: 'Detail only: the first 200 NPPs' })
  npps?: BpjsLoadNppView[];
  @ApiPropertyOptional({ type: [BpjsRowErrorView], description: 'Detail only: the first 1000 errors' })
  errors?: BpjsRowErrorView[];
  @ApiPropertyOptional({ description: 'Detail only: more errors than listed' }) errorsTruncated?: boolean;
}

export class BpjsLoadPage {
  @ApiProperty({ type: [BpjsLoadViewDto], description: 'Without npps and errors (see the detail)' })
  items!: BpjsLoadViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

const LOAD_ACCEPTED = {
  schema: {
    type: 'object',
    properties: { id: { type: 'integer' }, status: { type: 'string', example: 'queued' } },
  },
  headers: { Location: { description: '/api/v1/bpjs-records/loads/{id}', schema: { type: 'string' } } },
};

const RECORD_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(
    BPJS_FIELDS.map((f) => [
      f.name,
      f.name === 'reportedWage'
        ? { type: 'integer', minimum: 0, example: Number(f.example) }
        : f.name === 'programs'
          ? {
              type: 'array',
              items: { type: 'string', enum: ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] },
              example: ['JKK', 'JKM', 'JHT', 'JP'],
            }
          : { type: 'string', nullable: !f.required, example: f.example || null, description: f.allowed },
    ]),
  ),
  required: BPJS_FIELDS.filter((f) => f.required).map((f) => f.name),
};

/** One schema per media type (a CSV is text, an .xlsx a binary, multipart one file of either). */
const LOAD_BODY = {
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object' as const,
        required: ['asOf', 'rows'],
        properties: {
          asOf: { type: 'string' as const, format: 'date' },
          rows: { type: 'array' as const, items: RECORD_SCHEMA },
        },
      },
    },
    'text/csv': {
      schema: {
        type: 'string' as const,
        description: 'A header row with the field names, then one row per record; programs separated by "|"',
      },
    },
    [XLSX_MIME]: {
      schema: {
        type: 'string' as const,
        format: 'binary',
        description: 'A workbook with the sheet records: the header row, then one row per record',
      },
    },
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        properties: {
          file: { type: 'string' as const, format: 'binary', description: 'one .csv or .xlsx file' },
        },
      },
    },
  },
};

type LoadRequest = Request & { body: unknown };

/**
 * BPJS Ketenagakerjaan's own records (CONTRACT §9, docs/bpjs-records.md). They hold NIKs and wages of every
 * employer's workers: admins load and delete, inspectors and supervisors read, and to an employer (key or user)
 * none of these routes exists (404).
 */
@ApiTags('bpjs-records')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'Loading and deleting: admins only' })
@ApiNotFoundResponse({ type: ProblemView, description: 'Not found (and, to an employer, every route here)' })
@Controller('bpjs-records')
export class BpjsRecordsController {
  constructor(
    private readonly loads: BpjsLoadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Employers: 404, as if the route did not exist; users below `min`: 403. */
  private allow(p: Principal, min: 'inspector' | 'admin'): void {
    if (p.kind === 'employer') throw notFound('Route');
    if (ROLE_RANK[p.role] < ROLE_RANK[min])
      throw new ProblemException(403, 'Forbidden', 'Your role does not allow this action');
  }

  @Post()
  @EmployerAccess()
  @UseGuards(SubmissionThrottleGuard)
  @HttpCode(202)
  @ApiOperation({
    summary: "Load BPJS Ketenagakerjaan's participant and payment records (admin): JSON, CSV or .xlsx",
    description:
      'JSON `{asOf, rows}` (within SELF_REPORT_MAX_BYTES); CSV (`text/csv`) or .xlsx (sheet `records`) as the raw ' +
      'body or as one file of multipart/form-data, with `?asOf=` (up to BPJS_LOAD_MAX_BYTES, streamed into storage). ' +
      'Stored durably, then checked row by row in the background: poll the Location. A later load (by asOf, then id) ' +
      'replaces the earlier view of each NPP it names. The same Idempotency-Key with the same body returns the first ' +
      'load (202, header Idempotent-Replayed: true); with another body → 422.',
    requestBody: LOAD_BODY,
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-200 visible ASCII characters' })
  @ApiAcceptedResponse(LOAD_ACCEPTED)
  @ApiBadRequestResponse({ type: ProblemView, description: 'Not the expected shape (nothing is stored)' })
  @ApiConflictResponse({
    type: ProblemView,
    description: 'The same Idempotency-Key is being stored right now',
  })
  @ApiPayloadTooLargeResponse({ type: ProblemView })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemView })
  @ApiUnprocessableEntityResponse({
    type: ProblemView,
    description: 'Idempotency-Key reused with another body',
  })
  @ApiTooManyRequestsResponse({ type: ProblemView, description: 'Too many uploads; see Retry-After' })
  async load(
    @Req() req: LoadRequest,
    @Query() q: BpjsLoadQuery,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    this.allow(p, 'admin');
    const key = idempotencyKeyOf(req);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const today = todayIn(this.config.env.BUSINESS_TZ);
    let format: BpjsFormat;
    let body: unknown;
    if (type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)) {
      format = 'json';
      body = req.body;
      if (q.asOf !== undefined)
        throw badRequest('JSON loads carry asOf in the body', [
          { path: 'asOf', message: 'send asOf in the JSON body' },
        ]);
    } else if (BPJS_STREAM_TYPES.includes(type)) {
      format = type === XLSX_MIME ? 'xlsx' : 'csv';
      body = req.body;
    } else if (type === 'multipart/form-data') {
      const file = await req.file({
        limits: { fileSize: this.config.env.BPJS_LOAD_MAX_BYTES + 1, files: 1 },
      });
      if (!file)
        throw badRequest('Attach one file (.csv or .xlsx)', [
          { path: 'file', message: 'no file in the request' },
        ]);
      const name = (file.filename ?? '').toLowerCase();
      if (name.endsWith('.xlsx') || file.mimetype === XLSX_MIME) format = 'xlsx';
      else if (name.endsWith('.csv') || file.mimetype === 'text/csv') format = 'csv';
      else
        throw badRequest('Attach a .csv or .xlsx file', [
          { path: 'file', message: 'the file must end in .csv or .xlsx' },
        ]);
      body = file.file;
    } else {
      throw new ProblemException(
        415,
        'Unsupported Media Type',
        `Send application/json, text/csv, ${XLSX_MIME}, or multipart/form-data with one file`,
      );
    }
    const asOf = format === 'json' ? '' : checkAsOf(q.asOf, today);
    const { load, replayed } = await this.loads.submit({
      format,
      asOf,
      idempotencyKey: key,
      userId: p.kind === 'user' ? p.userId : null,
      body,
      maxBytes: this.config.env.BPJS_LOAD_MAX_BYTES,
      today,
    });
    res.header('Location', `/api/v1/bpjs-records/loads/${load.id}`);
    if (replayed) res.header('Idempotent-Replayed', 'true');
    return { id: load.id, status: 'queued' };
  }

  @Get('loads')
  @EmployerAccess()
  @ApiOperation({ summary: 'List BPJS loads, newest first, with their counts (inspectors and above)' })
  @ApiOkResponse({ type: BpjsLoadPage })
  @ApiBadRequestResponse({ type: ProblemView })
  list(@Query() q: ListBpjsLoadsQuery, @CurrentPrincipal() p: Principal) {
    this.allow(p, 'inspector');
    return this.loads.list(q);
  }

  @Get('loads/:id')
  @EmployerAccess()
  @ApiOperation({
    summary: 'A BPJS load: status, counts, its NPPs (judged on it now or not) and the first rejected rows',
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: BpjsLoadViewDto })
  get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    this.allow(p, 'inspector');
    return this.loads.get(id);
  }

  @Delete('loads/:id')
  @EmployerAccess()
  @ApiOperation({
    summary: 'Delete a BPJS load (admin): its records go, its row stays "deleted" for audit',
    description:
      'Each NPP it named is judged at once on the next load in line (or on the employer’s own report when none); ' +
      'its employers are re-evaluated, so cases that rested on it resolve. Deleting a deleted load changes nothing.',
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: BpjsLoadViewDto })
  @ApiConflictResponse({ type: ProblemView, description: 'The load is being processed' })
  remove(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    this.allow(p, 'admin');
    return this.loads.delete(id, p.kind === 'user' ? p.userId : null);
  }

  @Get('template.csv')
  @EmployerAccess()
  @ApiOperation({
    summary: 'The CSV template: header row, an example row marked "#", the allowed values as "#" lines',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file', content: { 'text/csv': { schema: { type: 'string' } } } })
  templateCsv(@CurrentPrincipal() p: Principal, @Res({ passthrough: true }) res: Response) {
    this.allow(p, 'inspector');
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', 'attachment; filename="bpjs-records.csv"');
    return bpjsTemplateCsv();
  }

  @Get('template.xlsx')
  @EmployerAccess()
  @ApiOperation({
    summary: 'The .xlsx template: sheet records (header, an example row marked "#"), sheet allowed',
  })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({
    description: 'The workbook',
    content: { [XLSX_MIME]: { schema: { type: 'string', format: 'binary' } } },
  })
  async templateXlsx(@CurrentPrincipal() p: Principal, @Res({ passthrough: true }) res: Response) {
    this.allow(p, 'inspector');
    res.header('Content-Type', XLSX_MIME);
    res.header('Content-Disposition', 'attachment; filename="bpjs-records.xlsx"');
    return bpjsTemplateXlsx();
  }
}
