import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
  OmitType,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import type { FastifyReply as Response } from 'fastify';
import { CaseDetailService, CaseQueueService, CaseWorkflowService, NoticePdfService } from '@patuh/cases';
import { badRequest, CommaList } from '@patuh/core';
import { CASE_STATUSES, SEVERITIES } from '@patuh/persistence';
import { RULE_CODES } from '@patuh/rules';
import { CurrentPrincipal, EmployerAccess, Principal } from '../auth/principal';
import {
  AssignCaseDto,
  CaseCounts,
  CaseDetailView,
  CaseNoteDto,
  CasePage,
  CaseView,
  EmployerCaseDetailView,
  EmployerCasePage,
  ProblemView,
  TransitionCaseDto,
} from './cases.dto';

export class ListCasesQuery {
  @ApiPropertyOptional({ description: 'One or more, comma-separated', enum: CASE_STATUSES })
  @IsOptional()
  @CommaList()
  @IsIn(CASE_STATUSES, { each: true })
  status?: string[];

  @ApiPropertyOptional({ description: 'Rule code(s), comma-separated' })
  @IsOptional()
  @CommaList()
  @IsIn(RULE_CODES as string[], { each: true })
  rule?: string[];

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @CommaList()
  @IsIn(SEVERITIES, { each: true })
  severity?: string[];

  @ApiPropertyOptional({ description: 'The employer the case lands on' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  employerId?: number;
  @ApiPropertyOptional({
    description: "The employer's kecamatan as recorded on the case; one or more, comma-separated",
  })
  @IsOptional()
  @CommaList()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  district?: string[];
  @ApiPropertyOptional({
    type: String,
    description: 'A user id, or `me`: the caller',
    pattern: '^([1-9][0-9]*|me)$',
    example: 'me',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'me' ? 'me' : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @ValidateIf((_, v) => v !== 'me')
  @IsInt({ message: 'assigneeId must be a user id or "me"' })
  @Min(1)
  assigneeId?: number | 'me';
  @ApiPropertyOptional({ description: "The worker's NIK (16 digits)" })
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'nik must be 16 digits' })
  nik?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({
    type: Boolean,
    description: 'Also return `counts`: the cases matching every other filter, by status (one GROUP BY)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === '1' || value === true
      ? true
      : value === 'false' || value === '0'
        ? false
        : value,
  )
  @IsBoolean()
  counts?: boolean;
}

/** The filters of the list but status and paging: what GET /cases/counts groups by status. */
export class CaseCountsQuery extends OmitType(ListCasesQuery, [
  'status',
  'limit',
  'cursor',
  'counts',
] as const) {}

/** The employer's filters: the queue's, but never by assignee (which inspector holds a case is internal). */
export class EmployerCasesQuery extends OmitType(ListCasesQuery, ['assigneeId'] as const) {}

/** `assigneeId=me` → the caller's id (an employer key has none: matches nothing). */
function resolveAssignee<T extends { assigneeId?: number | 'me' }>(
  q: T,
  p: Principal,
): Omit<T, 'assigneeId'> & { assigneeId?: number } {
  if (q.assigneeId !== 'me') return q as Omit<T, 'assigneeId'> & { assigneeId?: number };
  return { ...q, assigneeId: p.kind === 'user' ? p.userId : 0 };
}

/** `version` from the body, or from If-Match ("3", W/"3" or 3); both given and different → 400. */
export function versionOf(body: number | undefined, ifMatch: string | undefined): number | undefined {
  let header: number | undefined;
  if (ifMatch !== undefined && ifMatch !== '*') {
    const m = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(ifMatch);
    if (!m)
      throw badRequest('If-Match must be a case version such as "3"', [
        { path: 'If-Match', message: 'not a version' },
      ]);
    header = Number(m[1]);
  }
  if (body !== undefined && header !== undefined && body !== header)
    throw badRequest('version and If-Match disagree', [
      { path: 'version', message: 'differs from If-Match' },
    ]);
  return body ?? header;
}

const userOf = (p: Principal) => {
  if (p.kind !== 'user') throw new Error('users only');
  return { userId: p.userId, role: p.role };
};

@ApiTags('cases')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'The principal may not do this' })
@Controller()
export class CasesController {
  constructor(
    private readonly queue: CaseQueueService,
    private readonly details: CaseDetailService,
    private readonly workflow: CaseWorkflowService,
    private readonly notices: NoticePdfService,
  ) {}

  @Get('cases')
  @ApiOperation({ summary: 'The case queue: most severe first, then oldest; keyset pagination (users)' })
  @ApiOkResponse({ type: CasePage })
  @ApiBadRequestResponse({ type: ProblemView })
  async list(@Query() q: ListCasesQuery, @CurrentPrincipal() p: Principal, @Res() res: Response) {
    // Serialized in the service (evidence spliced in as stored): the same JSON as CasePage, cheaper to build.
    res
      .status(200)
      .type('application/json')
      .send(await this.queue.listJson(resolveAssignee(q, p)));
  }

  @Get('cases/counts')
  @ApiOperation({
    summary:
      'Cases matching the same filters as the queue (all but status), by status: the counts of the status tabs (one GROUP BY)',
  })
  @ApiOkResponse({ type: CaseCounts })
  @ApiBadRequestResponse({ type: ProblemView })
  counts(@Query() q: CaseCountsQuery, @CurrentPrincipal() p: Principal) {
    return this.queue.counts(resolveAssignee(q, p));
  }

  @Get('cases/:id')
  @ApiOperation({
    summary:
      "A case, its history, and the worker's contracts and enrolments with that employer (chains and uncovered periods marked)",
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({
    type: CaseDetailView,
    headers: { ETag: { description: 'The case version', schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ type: ProblemView })
  async get(@Param('id', ParseIntPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const c = await this.details.detail(id);
    res.header('ETag', `"${c.version}"`);
    return c;
  }

  @Post('cases/:id/assign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign the case to an active user (inspector or above); recorded as an `assigned` event',
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The case version you read' })
  @ApiBody({ type: AssignCaseDto })
  @ApiOkResponse({ type: CaseView, description: 'The updated case' })
  @ApiBadRequestResponse({ type: ProblemView, description: 'Not an active user' })
  @ApiNotFoundResponse({ type: ProblemView })
  @ApiConflictResponse({ type: ProblemView, description: 'Stale version, or the case is closed' })
  async assign(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AssignCaseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const c = await this.workflow.assign(id, dto.assigneeId, userOf(p), versionOf(dto.version, ifMatch));
    res.header('ETag', `"${c.version}"`);
    return c;
  }

  @Post('cases/:id/transition')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move the case (CONTRACT §5): open→in_review→confirmed→notice_sent→resolved; open|in_review→dismissed ' +
      '(supervisor or admin, note = the reason). Any other move → 409',
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The case version you read' })
  @ApiBody({ type: TransitionCaseDto })
  @ApiOkResponse({ type: CaseView, description: 'The updated case' })
  @ApiBadRequestResponse({ type: ProblemView, description: 'A dismissal without a reason' })
  @ApiNotFoundResponse({ type: ProblemView })
  @ApiConflictResponse({ type: ProblemView, description: 'Not an allowed move, or a stale version' })
  async transition(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: TransitionCaseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const c = await this.workflow.transition(
      id,
      dto.to,
      dto.note,
      userOf(p),
      versionOf(dto.version, ifMatch),
    );
    res.header('ETag', `"${c.version}"`);
    return c;
  }

  @Post('cases/:id/notes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a note to the case history (a `note` event)' })
  @ApiParam({ name: 'id', type: Number })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The case version you read' })
  @ApiBody({ type: CaseNoteDto })
  @ApiOkResponse({ type: CaseView, description: 'The updated case' })
  @ApiBadRequestResponse({ type: ProblemView })
  @ApiNotFoundResponse({ type: ProblemView })
  @ApiConflictResponse({ type: ProblemView, description: 'A stale version' })
  async note(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CaseNoteDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const c = await this.workflow.note(id, dto.text, userOf(p), versionOf(dto.version, ifMatch));
    res.header('ETag', `"${c.version}"`);
    return c;
  }

  @Get('cases/:id/notice.pdf')
  @ApiOperation({
    summary:
      'The written warning (Surat Peringatan) in Indonesian for a confirmed (or notice_sent) case, as a printable PDF',
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ProblemView })
  @ApiConflictResponse({ type: ProblemView, description: 'The case is not confirmed or notice_sent' })
  async notice(@Param('id', ParseIntPipe) id: number, @Res() res: Response) {
    const pdf = await this.notices.render(id);
    res
      .status(200)
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="surat-peringatan-kasus-${id}.pdf"`)
      .send(pdf);
  }

  @Get('employer/cases')
  @EmployerAccess({ users: false })
  @ApiOperation({
    summary:
      "An employer's own cases, read-only (employer API key), redacted (no assignee, deadline or version); the queue's filters but assigneeId",
  })
  @ApiOkResponse({ type: EmployerCasePage })
  @ApiBadRequestResponse({ type: ProblemView })
  own(@Query() q: EmployerCasesQuery, @CurrentPrincipal() p: Principal) {
    return this.queue.listForEmployer({ ...q, employerId: p.kind === 'employer' ? p.employerId : -1 });
  }

  @Get('employer/cases/:id/notice.pdf')
  @EmployerAccess({ users: false })
  @ApiOperation({
    summary:
      "The warning letter (Surat Peringatan) the office sent about one of the employer's own cases, as a PDF " +
      "(employer key or user; another employer's case, or a case whose notice was never sent → 404)",
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ProblemView })
  async ownNotice(
    @Param('id', ParseIntPipe) id: number,
    @CurrentPrincipal() p: Principal,
    @Res() res: Response,
  ) {
    const pdf = await this.notices.render(id, p.kind === 'employer' ? p.employerId : -1);
    res
      .status(200)
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="surat-peringatan-kasus-${id}.pdf"`)
      .send(pdf);
  }

  @Get('employer/cases/:id')
  @EmployerAccess({ users: false })
  @ApiOperation({
    summary:
      "One of the employer's own cases: finding, evidence, legal basis, dates and the public history (no notes, inspectors or assignment); another employer's case → 404",
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: EmployerCaseDetailView })
  @ApiNotFoundResponse({ type: ProblemView })
  ownOne(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    return this.details.employerDetail(id, p.kind === 'employer' ? p.employerId : -1);
  }
}
