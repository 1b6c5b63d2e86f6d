import { Module } from '@nestjs/common';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesService } from './cases.service';
import { InspectionService } from './inspection.service';
import { NoticePdfService } from './notice-pdf.service';

@Module({
  providers: [CasesService, CaseWorkflowService, InspectionService, NoticePdfService],
  exports: [CasesService, CaseWorkflowService, InspectionService, NoticePdfService],
})
export class CasesModule {}
