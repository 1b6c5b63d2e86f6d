import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SWEEP_STATUSES } from '@patuh/persistence';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { FastifyReply as Response } from 'fastify';
import { badRequest, IsCalendarDate, notFound } from '@patuh/core';
import { SweepsService, toSweepView } from '@patuh/engine';
import { CurrentPrincipal, Principal, RequireRole } from '../auth/principal';
import { ProblemView } from '../cases/cases.dto';

export class CreateSweepDto {
  @ApiPropertyOptional({
    description: 'Evaluate as of this date (default: today in BUSINESS_TZ)',
    example: '2026-11-24',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ type: [Number], description: 'Only these employers (default: every employer)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  employerIds?: number[];

  @ApiPropertyOptional({
    enum: ['full', 'incremental'],
    default: 'full',
    description:
      'full (default): evaluate every employer in scope; incremental: only those whose data, rulebook or ' +
      'parameters changed since their last evaluation, whose next-change day has come, or whose figures are due ' +
      'their refresh (docs/architecture.md, "Incremental sweeps"). The nightly sweep is incremental.',
  })
  @IsOptional()
  @IsIn(['full', 'incremental'])
  mode?: 'full' | 'incremental';
}

export class SweepViewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: SWEEP_STATUSES }) status!: string;
  @ApiProperty({ enum: ['manual', 'schedule'] }) trigger!: string;
  @ApiProperty({ enum: ['full', 'incremental'] }) mode!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty() employersTotal!: number;
  @ApiProperty() employersDone!: number;
  @ApiProperty() employersFailed!: number;
  @ApiProperty({
    description: 'Employers in scope an incremental sweep left alone: nothing they depend on moved',
  })
  employersUnchanged!: number;
  @ApiProperty({ type: [Number] }) failedEmployerIds!: number[];
  @ApiProperty() casesOpened!: number;
  @ApiProperty() casesResolved!: number;
  @ApiProperty() casesReopened!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class SweepList {
  @ApiProperty({ type: [SweepViewDto], description: 'The 50 latest, newest first' }) items!: SweepViewDto[];
}

@ApiTags('sweeps')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'The principal may not do this' })
@Controller('sweeps')
export class SweepsController {
  constructor(private readonly sweeps: SweepsService) {}

  @Post()
  @RequireRole('supervisor')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a sweep (supervisor): evaluate every employer, or those named, as of a date',
  })
  @ApiAcceptedResponse({
    type: SweepViewDto,
    headers: { Location: { description: 'The sweep', schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ type: ProblemView })
  async create(
    @Body() dto: CreateSweepDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (dto.employerIds?.length) {
      const unknown = await this.sweeps.unknownEmployers([...new Set(dto.employerIds)]);
      if (unknown.length)
        throw badRequest('Unknown employers', [
          { path: 'employerIds', message: `no employer with id ${unknown.slice(0, 20).join(', ')}` },
        ]);
    }
    const sweep = await this.sweeps.create({
      asOf: dto.asOf,
      employerIds: dto.employerIds,
      trigger: 'manual',
      mode: dto.mode ?? 'full',
      userId: p.kind === 'user' ? p.userId : null,
    });
    res.header('Location', `/api/v1/sweeps/${sweep!.id}`);
    return toSweepView(sweep!);
  }

  @Get()
  @ApiOperation({ summary: 'The latest sweeps with their progress (any user)' })
  @ApiOkResponse({ type: SweepList })
  async list() {
    return { items: (await this.sweeps.withProgress(await this.sweeps.list(50))).map(toSweepView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A sweep and its progress' })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: SweepViewDto })
  @ApiNotFoundResponse({ type: ProblemView })
  async get(@Param('id', ParseIntPipe) id: number) {
    const sweep = await this.sweeps.get(id);
    if (!sweep) throw notFound('Sweep');
    const [withProgress] = await this.sweeps.withProgress([sweep]);
    return toSweepView(withProgress!);
  }
}
