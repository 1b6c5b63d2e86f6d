import { Module } from '@nestjs/common';
import { ReportUpserts } from './report-upserts';
import { SelfReportProcessor } from './self-report.processor';
import { SelfReportsJobs, SelfReportsPoller } from './self-reports.jobs';
import { SelfReportsService } from './self-reports.service';

/** Storing and reading self-reports: both apps. */
@Module({
  providers: [SelfReportsService],
  exports: [SelfReportsService],
})
export class SelfReportsModule {}

/** Processing (the ProcessSelfReport handler) and the re-enqueue poller: the worker app only. */
@Module({
  imports: [SelfReportsModule],
  providers: [SelfReportProcessor, ReportUpserts, SelfReportsJobs, SelfReportsPoller],
  exports: [SelfReportProcessor],
})
export class SelfReportsWorkerModule {}
