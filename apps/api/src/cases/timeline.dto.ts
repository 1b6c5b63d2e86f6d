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
  @ApiProperty({ type: [TimelineIntervalView] }) coverage!: TimelineIntervalView[];
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
  @ApiProperty({ type: [TimelineCoverageView] }) coverage!: TimelineCoverageView[];
  @ApiProperty({ type: [TimelineSponsoredView], description: 'Government-paid (pekerja rentan) coverage' })
  sponsored!: TimelineSponsoredView[];
}
