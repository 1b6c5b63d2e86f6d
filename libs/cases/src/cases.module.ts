import { Module } from '@nestjs/common';
import { CaseWorkflowService } from './case-workflow.service';
import { AnnualReportService } from './annual-report.service';
import { CaseDetailService } from './case-detail.service';
import { CaseQueueService } from './case-queue.service';
import { NoticePdfService } from './notice-pdf.service';
import { RiskService } from './risk.service';
import { StatisticsService } from './statistics.service';
import { TimelineReader } from './timeline.reader';
import { TrendService } from './trend.service';
import { WorkersService } from './workers.service';

const SERVICES = [
  CaseQueueService,
  CaseDetailService,
  CaseWorkflowService,
  RiskService,
  StatisticsService,
  AnnualReportService,
  NoticePdfService,
  TimelineReader,
  TrendService,
  WorkersService,
];

@Module({ providers: SERVICES, exports: SERVICES })
export class CasesModule {}
