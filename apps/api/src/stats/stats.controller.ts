import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiPropertyOptional,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { InspectionService, TrendService } from '@patuh/cases';
import { ProblemView } from '../cases/cases.dto';

export class AnnualStatsQuery {
  @ApiProperty({ example: 2025, description: 'Calendar year in BUSINESS_TZ' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class TrendQuery {
  @ApiPropertyOptional({ default: 26, minimum: 1, maximum: 104, description: 'How many ISO weeks, ending with this one' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(104)
  weeks?: number;
}

class TrendCountsView {
  @ApiProperty({ description: 'Cases detected' }) opened!: number;
  @ApiProperty({ description: 'Cases resolved (by the system or an inspector)' }) resolved!: number;
  @ApiProperty() reopened!: number;
}

class TrendWeekView extends TrendCountsView {
  @ApiProperty({ example: '2026-W49', description: 'ISO 8601 week in BUSINESS_TZ' }) week!: string;
  @ApiProperty({ format: 'date', description: 'Its Monday' }) weekStart!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/TrendCountsView' },
    description: 'Rules with a count that week',
  })
  byRule!: Record<string, TrendCountsView>;
}

export class TrendView {
  @ApiProperty() weeks!: number;
  @ApiProperty({ example: 'Asia/Makassar' }) timeZone!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [TrendWeekView], description: 'Oldest week first, every week present' })
  items!: TrendWeekView[];
}

const counts = { type: 'object', additionalProperties: { type: 'integer' } } as const;

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(
    private readonly inspection: InspectionService,
    private readonly trends: TrendService,
  ) {}

  @Get('trend')
  @ApiOperation({
    summary: 'Per ISO week (BUSINESS_TZ): cases opened, resolved and reopened, by rule (any user)',
  })
  @ApiExtraModels(TrendCountsView)
  @ApiOkResponse({ type: TrendView })
  @ApiBadRequestResponse({ type: ProblemView, description: 'weeks out of range' })
  trend(@Query() q: TrendQuery) {
    return this.trends.trend(q.weeks ?? 26);
  }

  @Get()
  @ApiOperation({
    summary:
      'Open cases by rule, severity and district; formal workers and their enrolled share; sponsored coverage against its target (any user)',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        asOf: { type: 'string', format: 'date' },
        openCases: {
          type: 'object',
          properties: { total: { type: 'integer' }, byRule: counts, bySeverity: counts, byDistrict: counts },
        },
        formalWorkers: { type: 'object', additionalProperties: true },
        sponsoredCoverage: { type: 'object', additionalProperties: true },
      },
    },
  })
  stats() {
    return this.inspection.stats();
  }

  @Get('annual')
  @ApiOperation({
    summary:
      'Counts for the annual labour inspection report (ILO C81 Arts 20-21): workplaces, workers covered, violations by kind, notices, resolutions',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        year: { type: 'integer' },
        workplaces: { type: 'object', additionalProperties: { type: 'integer' } },
        workersCovered: { type: 'integer' },
        violations: { type: 'object', properties: { total: { type: 'integer' }, byRule: counts } },
        noticesIssued: { type: 'integer' },
        casesResolved: { type: 'object', additionalProperties: { type: 'integer' } },
        casesDismissed: { type: 'integer' },
      },
    },
  })
  @ApiBadRequestResponse({ description: 'year missing or out of range' })
  annual(@Query() q: AnnualStatsQuery) {
    return this.inspection.annual(q.year);
  }
}
