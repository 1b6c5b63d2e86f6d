import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  isEmail,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AlertsService, checkTargetResolved, TargetRefused } from '@patuh/alerts';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { badRequest, conflict, notFound } from '@patuh/core';
import { ALERT_CHANNELS, ALERT_EVENTS, DELIVERY_STATUSES, SEVERITIES } from '@patuh/persistence';
import { CurrentPrincipal, Principal, RequireRole } from '../auth/principal';

export class CreateAlertSubscriptionDto {
  @ApiProperty({ enum: ALERT_CHANNELS })
  @IsIn(ALERT_CHANNELS)
  channel!: 'webhook' | 'email';

  @ApiProperty({
    description: 'webhook: an http(s) URL; email: an email address',
    example: 'https://example.org/hooks/patuh',
  })
  @IsString()
  @MaxLength(2000)
  target!: string;

  @ApiProperty({ enum: ALERT_EVENTS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALERT_EVENTS.length)
  @IsIn(ALERT_EVENTS, { each: true })
  events!: string[];

  @ApiPropertyOptional({ enum: SEVERITIES, default: 'low', description: 'Only cases at least this severe' })
  @IsOptional()
  @IsIn(SEVERITIES)
  minSeverity?: string;

  @ApiPropertyOptional({
    description: 'Only cases in this district (one of the regency districts); default: all',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  district?: string;
}

export class ListSubscriptionsQuery {
  @ApiPropertyOptional({ description: 'Include deactivated subscriptions' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value === 'true' || value === '1' || value === true)
  includeInactive?: boolean;
}

export class ListDeliveriesQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: ALERT_EVENTS }) @IsOptional() @IsIn(ALERT_EVENTS) event?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) subscriptionId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) caseId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('alerts')
@ApiBearerAuth()
@Controller()
@RequireRole('supervisor')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('alert-subscriptions')
  @ApiOperation({
    summary: 'Subscribe a webhook or an email address to alerts (supervisor); a webhook secret is shown once',
  })
  async create(@Body() dto: CreateAlertSubscriptionDto, @CurrentPrincipal() p: Principal) {
    const districts =
      (this.config.reference as { regency?: { districts?: string[] } }).regency?.districts ?? [];
    if (dto.district !== undefined && !districts.includes(dto.district))
      throw badRequest('The request has invalid fields', [
        { path: 'district', message: `district must be one of: ${districts.join(', ')}` },
      ]);
    const target = dto.target.trim();
    if (dto.channel === 'email') {
      if (!isEmail(target))
        throw badRequest('The request has invalid fields', [
          { path: 'target', message: 'target must be an email address' },
        ]);
    } else {
      try {
        await checkTargetResolved(target, this.config.env);
      } catch (e) {
        // Refused targets are 400; a host that does not resolve yet is accepted (its deliveries will retry).
        if (e instanceof TargetRefused)
          throw badRequest('The webhook target is not allowed', [
            { path: 'target', message: `target ${e.message}` },
          ]);
      }
    }
    return this.alerts.createSubscription({
      channel: dto.channel,
      target,
      events: dto.events,
      minSeverity: dto.minSeverity ?? 'low',
      district: dto.district ?? null,
      userId: p.kind === 'user' ? p.userId : null,
    });
  }

  @Get('alert-subscriptions')
  @ApiOperation({ summary: 'Alert subscriptions (secrets are never shown again)' })
  async list(@Query() q: ListSubscriptionsQuery) {
    return { items: await this.alerts.listSubscriptions(!!q.includeInactive) };
  }

  @Get('alert-subscriptions/:id')
  async get(@Param('id', ParseIntPipe) id: number) {
    const s = await this.alerts.getSubscription(id);
    if (!s) throw notFound('Alert subscription');
    return s;
  }

  @Delete('alert-subscriptions/:id')
  @ApiOperation({ summary: 'Deactivate a subscription (kept, with its delivery history)' })
  async remove(@Param('id', ParseIntPipe) id: number) {
    const s = await this.alerts.deactivate(id);
    if (!s) throw notFound('Alert subscription');
    return s;
  }

  @Post('alert-subscriptions/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a subscription paused after a day of failed deliveries' })
  async resume(@Param('id', ParseIntPipe) id: number) {
    const s = await this.alerts.resume(id);
    if (!s) throw notFound('Alert subscription');
    return s;
  }

  @Get('alert-deliveries')
  @ApiOperation({ summary: 'Alert deliveries, newest first: {items, nextCursor}' })
  async deliveries(@Query() q: ListDeliveriesQuery) {
    return this.alerts.listDeliveries({ ...q, limit: q.limit ?? 50 });
  }

  @Get('alert-deliveries/:id')
  @ApiOperation({
    summary: 'A delivery (by its id, the X-Patuh-Delivery uuid) with its payload and every attempt',
  })
  async delivery(@Param('id') id: string) {
    const d = UUID.test(id) ? await this.alerts.getDelivery(id.toLowerCase()) : null;
    if (!d) throw notFound('Alert delivery');
    return d;
  }

  @Post('alert-deliveries/:id/resend')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a failed or undeliverable delivery again (same id), with a fresh attempt budget',
  })
  async resend(@Param('id') id: string) {
    const r = UUID.test(id) ? await this.alerts.resend(id.toLowerCase()) : 'not-found';
    if (r === 'not-found') throw notFound('Alert delivery');
    if (r === 'not-resendable') throw conflict('Only a failed or undeliverable delivery can be resent');
    return (await this.alerts.getDelivery(id.toLowerCase()))!;
  }
}
