export * from './case.view';
export * from './cases.service';
export * from './case-workflow.service';
export * from './inspection.service';
export * from './evidence.labels';
export * from './notice-pdf.service';
export * from './notice.texts';
export * from './cases.module';
