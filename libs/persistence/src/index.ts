export * from './entities';
export * from './data-source';
export * from './migrations';
export * from './naming';
export * from './transformers';
export * from './persistence.module';
export * from './bulk';
