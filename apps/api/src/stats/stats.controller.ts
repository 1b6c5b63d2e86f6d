import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
  ApiOkResponse,
  ApiPropertyOptional,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AnnualReportService, StatisticsService, TrendService } from '@patuh/cases';
import { ProblemView } from '../cases/cases.dto';

export class AnnualStatsQuery {
  @ApiProperty({ example: 2025, description: 'Calendar year in BUSINESS_TZ' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

const intMap = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class TrendQuery {
  @ApiPropertyOptional({
    default: 26,
    minimum: 1,
    maximum: 104,
    description: 'How many ISO weeks, ending with this one',
  })
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

class OpenCasesView {
  @ApiProperty() total!: number;
  @ApiProperty({ ...intMap, description: 'Every rule of the rulebook, zeros included' }) byRule!: Record<
    string,
    number
  >;
  @ApiProperty(intMap) bySeverity!: Record<string, number>;
  @ApiProperty({ ...intMap, description: 'Every district, zeros included (unknown: cases without one)' })
  byDistrict!: Record<string, number>;
}

class FormalDistrictView {
  @ApiProperty() district!: string;
  @ApiProperty() workers!: number;
  @ApiProperty() enrolled!: number;
  @ApiProperty({ type: Number, nullable: true, description: '0..1; null without workers' })
  enrolledShare!: number | null;
  @ApiProperty({ description: "Of those, covered today by BPJS's own records (CONTRACT §9)" })
  bpjsVerified!: number;
  @ApiProperty({ type: Number, nullable: true, description: '0..1; null without workers' })
  bpjsVerifiedShare!: number | null;
}

class FormalWorkersView {
  @ApiProperty({ description: 'Workers with a contract in force today' }) total!: number;
  @ApiProperty({ description: 'Of those, covered today by an enrolment with that employer' })
  enrolled!: number;
  @ApiProperty({ type: Number, nullable: true }) enrolledShare!: number | null;
  @ApiProperty({
    description:
      "Of those, covered today by BPJS's own records: a record for the worker's NIK, covering today, in the BPJS load judged for the employer's NPP (CONTRACT §9)",
  })
  bpjsVerified!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'bpjsVerified / total, 0..1' })
  bpjsVerifiedShare!: number | null;
  @ApiProperty({ type: [FormalDistrictView] }) byDistrict!: FormalDistrictView[];
}

class SponsoredDistrictView {
  @ApiProperty() district!: string;
  @ApiProperty() covered!: number;
  @ApiProperty({ type: Number, nullable: true }) target!: number | null;
  @ApiProperty({ type: Number, nullable: true }) share!: number | null;
}

class SponsoredCoverageStatsView {
  @ApiProperty({ description: 'People on the government-paid list covered today' }) covered!: number;
  @ApiProperty({ description: 'SPONSORED_TARGET (default 160000)' }) target!: number;
  @ApiProperty({ type: Number, nullable: true }) share!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'JKK+JKM premium the Pemkab pays per covered worker a month (reference informalCoverage); null = unknown',
  })
  monthlyPremiumRupiah!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'covered × monthlyPremiumRupiah × 12, whole rupiah',
  })
  annualCostRupiah!: number | null;
  @ApiProperty({ type: [SponsoredDistrictView] }) byDistrict!: SponsoredDistrictView[];
}

class PeriodInstantsView {
  @ApiProperty({ format: 'date-time', description: '1 January 00:00 in BUSINESS_TZ' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'The next 1 January (exclusive)' }) to!: string;
}

class WorkplacesView {
  @ApiProperty({ description: 'Employers registered by the end of the year' }) registered!: number;
  @ApiProperty({ description: 'Employers with a contract in force during the year' }) liable!: number;
  @ApiProperty({ description: 'Employers with a case opened or reopened in the year' }) withCases!: number;
  @ApiProperty({ description: 'Employers whose cases inspectors acted on' }) inspected!: number;
  @ApiProperty({ description: 'Employers sent a notice' }) noticed!: number;
}

class ViolationsView {
  @ApiProperty() total!: number;
  @ApiProperty(intMap) byRule!: Record<string, number>;
}

class CasesResolvedView {
  @ApiProperty() total!: number;
  @ApiProperty() byInspector!: number;
  @ApiProperty() conditionCleared!: number;
}

export class AnnualStatsView {
  @ApiProperty() year!: number;
  @ApiProperty({ example: 'Asia/Makassar' }) timeZone!: string;
  @ApiProperty({ type: PeriodInstantsView }) period!: PeriodInstantsView;
  @ApiProperty({ type: WorkplacesView }) workplaces!: WorkplacesView;
  @ApiProperty() workersCovered!: number;
  @ApiProperty({ type: ViolationsView }) violations!: ViolationsView;
  @ApiProperty() noticesIssued!: number;
  @ApiProperty() casesActedOn!: number;
  @ApiProperty({ type: CasesResolvedView }) casesResolved!: CasesResolvedView;
  @ApiProperty() casesDismissed!: number;
}

export class StatsView {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: OpenCasesView }) openCases!: OpenCasesView;
  @ApiProperty({ type: FormalWorkersView }) formalWorkers!: FormalWorkersView;
  @ApiProperty({ type: SponsoredCoverageStatsView }) sponsoredCoverage!: SponsoredCoverageStatsView;
}

@ApiTags('stats')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'Users only' })
@Controller('stats')
export class StatsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly annualReport: AnnualReportService,
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
  @ApiOkResponse({ type: StatsView })
  stats() {
    return this.statistics.stats();
  }

  @Get('annual')
  @ApiOperation({
    summary:
      'Counts for the annual labour inspection report (ILO C81 Arts 20-21): workplaces, workers covered, violations by kind, notices, resolutions',
  })
  @ApiOkResponse({ type: AnnualStatsView })
  @ApiBadRequestResponse({ type: ProblemView, description: 'year missing or out of range' })
  annual(@Query() q: AnnualStatsQuery) {
    return this.annualReport.annual(q.year);
  }
}
