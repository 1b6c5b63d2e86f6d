import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { randomBytes } from 'crypto';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, ConfigModule } from '@patuh/config';
import { HealthModule, loggerParams, MetricsModule, ProblemFilter } from '@patuh/core';
import { PersistenceModule } from '@patuh/persistence';
import { CasesModule } from '@patuh/cases';
import { AlertsModule } from '@patuh/alerts';
import { EngineModule } from '@patuh/engine';
import { QueuesModule } from '@patuh/queues';
import { SelfReportsModule } from '@patuh/self-reports';
import { AccountsModule } from '@patuh/accounts';
import { AlertsController } from './alerts/alerts.controller';
import { AuthController } from './auth/auth.controller';
import { BpjsRecordsController } from './bpjs-records/bpjs-records.controller';
import { QueuesBoardModule } from './admin/queues-board.module';
import { AuthGuard } from './auth/auth.guard';
import { CasesController } from './cases/cases.controller';
import { RulesController } from './rules/rules.controller';
import { StatsController } from './stats/stats.controller';
import { SelfReportsController } from './self-reports/self-reports.controller';
import { SponsoredCoverageController } from './self-reports/sponsored-coverage.controller';
import { SweepsController } from './sweeps/sweeps.controller';
import { EmployersController } from './employers/employers.controller';
import { UsersController } from './users/users.controller';
import { NoticeVerifyController } from './notices/verify.controller';
import { WorkersController } from './workers/workers.controller';
import { DbMetricsModule } from './metrics/db-metrics.module';

/** A process-local secret when JWT_SECRET is unset (development only; production refuses to start without it). */
const devSecret = randomBytes(32).toString('hex');

@Module({})
export class ApiModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config.env.LOG_LEVEL)),
        PersistenceModule.forRoot(),
        QueuesModule.forRoot(),
        HealthModule,
        MetricsModule,
        DbMetricsModule,
        EngineModule,
        CasesModule,
        AlertsModule,
        SelfReportsModule,
        AccountsModule,
        QueuesBoardModule,
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 1200 }]),
        JwtModule.registerAsync({
          global: true,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            secret: c.env.JWT_SECRET ?? devSecret,
            signOptions: { algorithm: 'HS256', expiresIn: c.env.JWT_TTL_SECONDS },
            verifyOptions: { algorithms: ['HS256'] },
          }),
        }),
      ],
      controllers: [
        AuthController,
        RulesController,
        UsersController,
        NoticeVerifyController,
        WorkersController,
        EmployersController,
        SweepsController,
        CasesController,
        AlertsController,
        StatsController,
        SelfReportsController,
        SponsoredCoverageController,
        BpjsRecordsController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
