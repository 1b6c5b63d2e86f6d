import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, ConfigModule } from '@patuh/config';
import { HealthModule, loggerParams, WorkerMetricsModule } from '@patuh/core';
import { AlertsModule, AlertsWorkerModule } from '@patuh/alerts';
import { EngineWorkerModule } from '@patuh/engine';
import { PersistenceModule } from '@patuh/persistence';
import { SelfReportsWorkerModule } from '@patuh/self-reports';
import { JobDispatcher, QueuesModule } from '@patuh/queues';
import { configureProcessors, PROCESSORS } from './processors';

/** The worker: BullMQ processors and schedules, calling the capability libraries. HTTP only for health. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    configureProcessors(config);
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config.env.LOG_LEVEL)),
        PersistenceModule.forRoot(),
        QueuesModule.forRoot(),
        DiscoveryModule,
        ScheduleModule.forRoot(),
        HealthModule,
        WorkerMetricsModule,
        EngineWorkerModule,
        AlertsModule,
        AlertsWorkerModule,
        SelfReportsWorkerModule,
      ],
      providers: [JobDispatcher, ...PROCESSORS],
    };
  }
}
