import {
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Header,
  Injectable,
  Module,
  NestInterceptor,
  OnModuleInit,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { Observable, tap } from 'rxjs';
import { JobProducer, QueueName } from '@patuh/queues';
import { Public } from './public.decorator';

@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'patuh_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(private readonly jobs: JobProducer) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'patuh_' });
    const jobs = this.jobs;
    new Gauge({
      name: 'patuh_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const q of Object.values(QueueName)) {
          const counts = await jobs
            .queue(q)
            .getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: q, state }, n);
        }
      },
    });
  }
}

@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const end = this.metrics.httpDuration.startTimer();
    const route = req.routeOptions?.url ?? 'unknown';
    const done = () =>
      end({
        method: req.method,
        route,
        status: String(ctx.switchToHttp().getResponse<FastifyReply>().statusCode),
      });
    return next.handle().pipe(tap({ next: done, error: done }));
  }
}

/** Prometheus text at GET /metrics (outside /api/v1). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Module({
  controllers: [MetricsController],
  providers: [MetricsService, { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor }],
  exports: [MetricsService],
})
export class MetricsModule {}
