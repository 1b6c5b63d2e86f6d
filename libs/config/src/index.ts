export * from './env';
export * from './config';
export * from './config.module';
export * from './reference';
export * from './time';
export * from './districts';
export * from './reference.schema';
