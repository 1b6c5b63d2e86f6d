export * from './problem';
export * from './mask';
export * from './logging';
export * from './crypto';
export * from './public.decorator';
export * from './health';
export * from './metrics';
export * from './pagination';
