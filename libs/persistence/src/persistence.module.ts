import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { dataSourceOptions, detectFlavor } from './data-source';
import { ENTITIES } from './entities';
import { REPOSITORIES } from './repositories';

/** The MySQL connection (TypeORM) for an app; TypeORM repositories for every entity; our repositories (SQL). */
@Module({})
export class PersistenceModule {
  static forRoot(): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) =>
            dataSourceOptions(
              config.env.DATABASE_URL,
              config.env.DATABASE_POOL_SIZE,
              await detectFlavor(config.env.DATABASE_URL),
            ),
        }),
        TypeOrmModule.forFeature(ENTITIES),
      ],
      providers: [...REPOSITORIES],
      exports: [TypeOrmModule, ...REPOSITORIES],
    };
  }
}
