import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@patuh/config';
import { createValidationPipe } from '@patuh/core';
import { ApiModule } from './app.module';

/** Builds the API exactly as it runs (prefix, body limits, validation, docs); main.ts and the e2e tests share it. */
export async function createApiApp(
  config: AppConfig,
  opts: { logger?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(config), {
    bufferLogs: true,
    bodyParser: false,
    logger: opts.logger === false ? false : undefined,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  app.useBodyParser('json', {
    limit: config.env.SELF_REPORT_MAX_BYTES,
    type: ['application/json', 'application/*+json'],
  });
  app.set('trust proxy', 'loopback');
  // No automatic ETag: Express would hash every response body (80 KB for a page of cases) to make one. The
  // routes where a validator means something set their own (a case's version).
  app.set('etag', false);
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'admin/queues', method: RequestMethod.ALL },
      { path: 'admin/queues/{*path}', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const doc = new DocumentBuilder()
    .setTitle('Patuh API')
    .setDescription(
      'Compliance engine for Kutai Timur: employers, workers and contracts, BPJS Ketenagakerjaan enrolment, ' +
        'PKWT chains, cases for labour inspectors. Errors are application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'A user access token or an employer API key',
    })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
  return app;
}
