import { Module } from '@nestjs/common';
import { ReportUpserts } from './report-upserts';
import { SelfReportProcessor } from './self-report.processor';
import { SelfReportsJobs, SelfReportsPoller } from './self-reports.jobs';
import { SelfReportsReaper } from './self-reports.reaper';
import { SelfReportsService } from './self-reports.service';

/** Storing and reading self-reports: both apps. */
@Module({
  providers: [SelfReportsService],
  exports: [SelfReportsService],
})
export class SelfReportsModule {}

/** Processing (the ProcessSelfReport handler), the re-enqueue poller and the reaper: the worker app only. */
@Module({
  imports: [SelfReportsModule],
  providers: [SelfReportProcessor, ReportUpserts, SelfReportsJobs, SelfReportsPoller, SelfReportsReaper],
  exports: [SelfReportProcessor, SelfReportsReaper],
})
export class SelfReportsWorkerModule {}
