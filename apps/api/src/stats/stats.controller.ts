import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { InspectionService } from '@patuh/cases';

export class AnnualStatsQuery {
  @ApiProperty({ example: 2025, description: 'Calendar year in BUSINESS_TZ' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

const counts = { type: 'object', additionalProperties: { type: 'integer' } } as const;

@ApiTags('stats')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly inspection: InspectionService) {}

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
