import { Module } from '@nestjs/common';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesService } from './cases.service';
import { InspectionService } from './inspection.service';
import { NoticePdfService } from './notice-pdf.service';
import { TimelineReader } from './timeline.reader';
import { TrendService } from './trend.service';
import { WorkersService } from './workers.service';

const SERVICES = [
  CasesService,
  CaseWorkflowService,
  InspectionService,
  NoticePdfService,
  TimelineReader,
  TrendService,
  WorkersService,
];

@Module({ providers: SERVICES, exports: SERVICES })
export class CasesModule {}
