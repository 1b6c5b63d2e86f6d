import { Module } from '@nestjs/common';
import { BpjsLoadProcessor, BpjsLoadsJobs, BpjsLoadsPoller } from './bpjs/bpjs-load.processor';
import { BpjsLoadsService } from './bpjs/bpjs-loads.service';
import { ReportUpserts } from './report-upserts';
import { SelfReportProcessor } from './self-report.processor';
import { SelfReportsJobs, SelfReportsPoller } from './self-reports.jobs';
import { SelfReportsReaper } from './self-reports.reaper';
import { SelfReportsService } from './self-reports.service';

/** Storing and reading self-reports and BPJS loads: both apps. */
@Module({
  providers: [SelfReportsService, BpjsLoadsService],
  exports: [SelfReportsService, BpjsLoadsService],
})
export class SelfReportsModule {}

/** Processing (the ProcessSelfReport and ProcessBpjsLoad handlers), the re-enqueue pollers and the reaper: the worker app only. */
@Module({
  imports: [SelfReportsModule],
  providers: [
    SelfReportProcessor,
    ReportUpserts,
    SelfReportsJobs,
    SelfReportsPoller,
    SelfReportsReaper,
    BpjsLoadProcessor,
    BpjsLoadsJobs,
    BpjsLoadsPoller,
  ],
  exports: [SelfReportProcessor, SelfReportsReaper, BpjsLoadProcessor],
})
export class SelfReportsWorkerModule {}
