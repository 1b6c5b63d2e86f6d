import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI shapes of libs/rules' buildTimeline as the API serves it (libs/cases TimelineView). */

export class TimelinePeriodView {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ description: 'Days from `from` to `to`, both counted' }) days!: number;
}

export class TimelineEmployerPeriodView extends TimelinePeriodView {
  @ApiProperty() employerId!: number;
  @ApiProperty() contractRef!: string;
}

export class TimelineIntervalView {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: open-ended' })
  to!: string | null;
}

export class TimelineCoverageView extends TimelineIntervalView {
  @ApiProperty() employerId!: number;
}

export class TimelineBpjsCoverageView extends TimelineCoverageView {
  @ApiProperty({ description: 'The BPJS records load judged for the employer NPP' }) loadId!: string;
  @ApiProperty({ format: 'date', description: "The load's as_of" }) loadAsOf!: string;
}

export class TimelineBpjsLoadView {
  @ApiProperty() loadId!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
}

export class TimelineSponsoredView extends TimelineIntervalView {
  @ApiProperty({ type: [String], enum: ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] }) programs!: string[];
}

export class TimelineEmployerView {
  @ApiProperty() employerId!: number;
  @ApiProperty() employerName!: string;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'min(asOf, end of the latest contract with this employer); null: none started by asOf',
  })
  referenceDay!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The last counted contract day the enrolment rules judge',
  })
  judgedDay!: string | null;
  @ApiProperty({ description: "The judged day is uncovered (ENROLMENT_MISSING's condition)" })
  uncoveredOnJudgedDay!: boolean;
  @ApiProperty() totalUncoveredDays!: number;
  @ApiProperty({
    type: [TimelinePeriodView],
    description: "The uncovered periods exactly as the enrolment evidence's uncoveredPeriods",
  })
  uncoveredPeriods!: TimelinePeriodView[];
  @ApiProperty({
    type: [TimelineIntervalView],
    description: 'Days covered by the enrolments the employer reports',
  })
  coverage!: TimelineIntervalView[];
  @ApiProperty({
    enum: ['employer_report', 'bpjs_records'],
    description:
      "What the gaps are judged on: BPJS's records where a load covers the employer's NPP (CONTRACT §9)",
  })
  coverageSource!: string;
  @ApiProperty({ type: TimelineBpjsLoadView, nullable: true, description: 'null: no load covers the NPP' })
  bpjsLoad!: TimelineBpjsLoadView | null;
  @ApiProperty({ type: [TimelineIntervalView], description: "Days covered by BPJS's records of the worker" })
  bpjsCoverage!: TimelineIntervalView[];
}

export class TimelineContractView {
  @ApiProperty() employerId!: number;
  @ApiProperty() employerName!: string;
  @ApiProperty() ref!: string;
  @ApiProperty({ enum: ['PKWT', 'PKWTT'] }) type!: string;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate!: string | null;
  @ApiProperty({ description: 'Whole rupiah' }) monthlyWage!: number;
  @ApiProperty({ type: String, nullable: true }) position!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Index into `chains`; null for a PKWTT' })
  chainIndex!: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) chainStart!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['first', 'extension', 'renewal', 'overlap'] })
  linkKind!: string | null;
  @ApiProperty({ type: Number, nullable: true }) gapDays!: number | null;
  @ApiProperty({ type: [TimelinePeriodView] }) uncoveredPeriods!: TimelinePeriodView[];
  @ApiProperty() uncoveredDays!: number;
}

export class TimelineChainLinkView {
  @ApiProperty() employerId!: number;
  @ApiProperty() ref!: string;
  @ApiProperty({ enum: ['first', 'extension', 'renewal', 'overlap'] }) kind!: string;
  @ApiProperty({ type: Number, nullable: true }) gapDays!: number | null;
}

export class TimelineChainView {
  @ApiProperty({ type: [Number] }) employerIds!: number[];
  @ApiProperty({ format: 'date' }) chainStart!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: open-ended' })
  lastEnd!: string | null;
  @ApiProperty({ format: 'date', description: 'The last day it runs (open-ended: to asOf)' })
  lastDay!: string;
  @ApiProperty({
    format: 'date',
    description:
      'pkwtMaxTotalMonths after chainStart (CONTRACT §6 "N months after"): the chain may not reach it',
  })
  limitDate!: string;
  @ApiProperty() pkwtMaxTotalMonths!: number;
  @ApiProperty() exceedsLimit!: boolean;
  @ApiProperty({ type: [TimelineChainLinkView] }) contracts!: TimelineChainLinkView[];
}

export class TimelineView {
  @ApiProperty({ format: 'date', description: 'The day the timeline is drawn as of (mark it)' })
  asOf!: string;
  @ApiProperty() enrolmentGraceDays!: number;
  @ApiProperty() pkwtChainGapDays!: number;
  @ApiProperty({ type: [TimelineEmployerView] }) employers!: TimelineEmployerView[];
  @ApiProperty({ type: [TimelineContractView], description: 'Sorted by start' })
  contracts!: TimelineContractView[];
  @ApiProperty({ type: [TimelineChainView], description: 'PKWT chains, by first start' })
  chains!: TimelineChainView[];
  @ApiProperty({ type: [TimelineEmployerPeriodView] }) uncoveredPeriods!: TimelineEmployerPeriodView[];
  @ApiProperty() totalUncoveredDays!: number;
  @ApiProperty({
    type: [TimelineCoverageView],
    description: 'Days covered by the enrolments the employers report',
  })
  coverage!: TimelineCoverageView[];
  @ApiProperty({
    type: [TimelineBpjsCoverageView],
    description: "Days covered by BPJS's own records (CONTRACT §9), per employer whose NPP a load covers",
  })
  bpjsCoverage!: TimelineBpjsCoverageView[];
  @ApiProperty({ type: [TimelineSponsoredView], description: 'Government-paid (pekerja rentan) coverage' })
  sponsored!: TimelineSponsoredView[];
}
