export * from './rows';
export * from './submission';
export * from './self-reports.service';
export * from './self-report.processor';
export * from './self-reports.jobs';
export * from './self-reports.module';
export * from './xlsx';
export * from './self-reports.reaper';
