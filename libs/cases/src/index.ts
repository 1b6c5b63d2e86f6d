export * from './case.view';
export * from './cases.service';
export * from './cases.module';
