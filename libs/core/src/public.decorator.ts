import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'patuh:public';
/** The few routes that need no credentials: login, health, metrics, API docs. Everything else is guarded. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
