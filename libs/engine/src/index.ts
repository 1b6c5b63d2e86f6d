export * from './ruleset';
export * from './reconcile.plan';
export * from './case.writer';
export * from './evaluation.reader';
export * from './evaluation.service';
export * from './sweeps.service';
export * from './sweep.scheduler';
export * from './engine.module';
