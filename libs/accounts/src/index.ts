export * from './accounts.module';
export * from './employers.service';
export * from './roles';
export * from './user-states';
export * from './users.service';
