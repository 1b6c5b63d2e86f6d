import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
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
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiUnauthorizedResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { FIELDS, SelfReportsService, templateCsv } from '@patuh/self-reports';
import { CurrentPrincipal, Principal, RequireRole } from '../auth/principal';
import { ProblemView } from '../cases/cases.dto';
import { CSV_TEXT, SUBMISSION_ACCEPTED } from './self-reports.controller';
import { SubmissionThrottleGuard, SubmissionUpload } from './submission.upload';
import { idempotencyKeyOf, parseSubmission } from './submission.request';

@ApiTags('sponsored-coverage')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'Admins only' })
@Controller('sponsored-coverage')
export class SponsoredCoverageController {
  constructor(
    private readonly reports: SelfReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @RequireRole('admin')
  @UseGuards(SubmissionThrottleGuard)
  @UseInterceptors(SubmissionUpload(1))
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Load the Pemkab's government-paid coverage list (pekerja rentan, BPU) (admin), as JSON or one CSV",
    description:
      'Upserted by (nik, effectiveFrom); processed like a self-report (kind "sponsored"): poll the Location. ' +
      'Nothing is deleted: a person leaves the list by an effectiveTo.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({
    schema: {
      oneOf: [
        {
          type: 'object',
          properties: {
            rows: {
              type: 'array',
              items: {
                type: 'object',
                properties: Object.fromEntries(
                  FIELDS.rows.map((f) => [f.name, { type: 'string', example: f.example }]),
                ),
              },
            },
          },
        },
        {
          type: 'object',
          description: 'multipart/form-data: one CSV file (rows.csv)',
          properties: { 'rows.csv': { type: 'string', format: 'binary' } },
        },
      ],
    },
  })
  @ApiAcceptedResponse(SUBMISSION_ACCEPTED)
  async upload(
    @Req() req: Request,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const key = idempotencyKeyOf(req);
    const sub = await parseSubmission(req, 'sponsored', this.config);
    const { report, replayed } = await this.reports.submit({
      kind: 'sponsored',
      employerId: 0,
      userId: p.kind === 'user' ? p.userId : null,
      idempotencyKey: key,
      ...sub,
    });
    res.header('Location', `/api/v1/self-reports/${report.id}`);
    if (replayed) res.header('Idempotent-Replayed', 'true');
    return { id: report.id, status: 'queued' };
  }

  @Get('template.csv')
  @RequireRole('admin')
  @ApiOperation({ summary: 'The CSV template of the coverage list: header row and one example row' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_TEXT)
  template(@Res({ passthrough: true }) res: Response) {
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', 'attachment; filename="rows.csv"');
    return templateCsv('rows');
  }
}
