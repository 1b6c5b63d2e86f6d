import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@patuh/config';
import { WorkerModule } from './worker.module';

/** Builds the worker. It serves only /health/* (on WORKER_HEALTH_PORT, when set). */
export async function createWorkerApp(
  config: AppConfig,
  opts: { logger?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(WorkerModule.register(config), new FastifyAdapter(), {
    bufferLogs: true,
    logger: opts.logger === false ? false : undefined,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
