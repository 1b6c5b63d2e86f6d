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
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
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
  MaxLength,
  Min,
} from 'class-validator';
import { AlertsService, checkTargetResolved, EMPLOYER_NOTICE_EVENT, TargetRefused } from '@patuh/alerts';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { badRequest, conflict, notFound, PageQuery } from '@patuh/core';
import { ALERT_CHANNELS, ALERT_EVENTS, DELIVERY_STATUSES, SEVERITIES } from '@patuh/persistence';
import { CurrentPrincipal, Principal, RequireRole } from '../auth/principal';
import { ProblemView } from '../cases/cases.dto';

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

export class ListDeliveriesQuery extends PageQuery({ defaultLimit: 50, maxLimit: 200 }) {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: ALERT_EVENTS }) @IsOptional() @IsIn(ALERT_EVENTS) event?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) subscriptionId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) caseId?: number;
}

export class SubscriptionViewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: ALERT_CHANNELS }) channel!: string;
  @ApiProperty() target!: string;
  @ApiProperty({ enum: ALERT_EVENTS, isArray: true }) events!: string[];
  @ApiProperty({ enum: SEVERITIES }) minSeverity!: string;
  @ApiProperty({ type: String, nullable: true }) district!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) pausedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) pausedReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failingSince!: string | null;
  @ApiProperty({ type: Number, nullable: true }) createdByUserId!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedSubscriptionView extends SubscriptionViewDto {
  @ApiPropertyOptional({ description: 'Webhooks: the HMAC secret, shown only in this response' })
  secret?: string;
}

export class SubscriptionList {
  @ApiProperty({ type: [SubscriptionViewDto] }) items!: SubscriptionViewDto[];
}

export class DeliveryViewDto {
  @ApiProperty({ format: 'uuid', description: 'The X-Patuh-Delivery id' }) id!: string;
  @ApiProperty() subscriptionId!: number;
  @ApiProperty({ enum: ALERT_CHANNELS }) channel!: string;
  @ApiProperty() target!: string;
  @ApiProperty({
    enum: [...ALERT_EVENTS, EMPLOYER_NOTICE_EVENT],
    description: `${EMPLOYER_NOTICE_EVENT}: the warning letter emailed to the employer's contact`,
  })
  event!: string;
  @ApiProperty({ type: Number, nullable: true }) caseId!: number | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryViewDto] }) items!: DeliveryViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AttemptViewDto {
  @ApiProperty() attempt!: number;
  @ApiProperty({ type: Number, nullable: true }) httpStatus!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DeliveryDetailView extends DeliveryViewDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What was (or will be) sent: {id, event, occurredAt, case} for webhooks',
  })
  payload!: unknown;
  @ApiProperty({ type: [AttemptViewDto] }) attemptLog!: AttemptViewDto[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('alerts')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'Supervisors and admins only' })
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
  @ApiCreatedResponse({ type: CreatedSubscriptionView })
  @ApiBadRequestResponse({ type: ProblemView })
  async create(@Body() dto: CreateAlertSubscriptionDto, @CurrentPrincipal() p: Principal) {
    const districts = this.config.districts;
    if (dto.district !== undefined && !districts.isCanonical(dto.district))
      throw badRequest('The request has invalid fields', [
        { path: 'district', message: `district must be one of: ${districts.names.join(', ')}` },
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
  @ApiOkResponse({ type: SubscriptionList })
  async list(@Query() q: ListSubscriptionsQuery) {
    return { items: await this.alerts.listSubscriptions(!!q.includeInactive) };
  }

  @Get('alert-subscriptions/:id')
  @ApiOperation({ summary: 'One alert subscription' })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: SubscriptionViewDto })
  @ApiNotFoundResponse({ type: ProblemView })
  async get(@Param('id', ParseIntPipe) id: number) {
    const s = await this.alerts.getSubscription(id);
    if (!s) throw notFound('Alert subscription');
    return s;
  }

  @Delete('alert-subscriptions/:id')
  @ApiOperation({ summary: 'Deactivate a subscription (kept, with its delivery history)' })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: SubscriptionViewDto, description: 'The deactivated subscription' })
  @ApiNotFoundResponse({ type: ProblemView })
  async remove(@Param('id', ParseIntPipe) id: number) {
    const s = await this.alerts.deactivate(id);
    if (!s) throw notFound('Alert subscription');
    return s;
  }

  @Post('alert-subscriptions/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a subscription paused after a day of failed deliveries' })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: SubscriptionViewDto })
  @ApiNotFoundResponse({ type: ProblemView })
  async resume(@Param('id', ParseIntPipe) id: number) {
    const s = await this.alerts.resume(id);
    if (!s) throw notFound('Alert subscription');
    return s;
  }

  @Get('alert-deliveries')
  @ApiOperation({ summary: 'Alert deliveries, newest first: {items, nextCursor}' })
  @ApiOkResponse({ type: DeliveryPage })
  @ApiBadRequestResponse({ type: ProblemView })
  async deliveries(@Query() q: ListDeliveriesQuery) {
    return this.alerts.listDeliveries({ ...q, limit: q.limit ?? 50 });
  }

  @Get('alert-deliveries/:id')
  @ApiOperation({
    summary: 'A delivery (by its id, the X-Patuh-Delivery uuid) with its payload and every attempt',
  })
  @ApiParam({ name: 'id', type: String, format: 'uuid' })
  @ApiOkResponse({ type: DeliveryDetailView })
  @ApiNotFoundResponse({ type: ProblemView })
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
  @ApiParam({ name: 'id', type: String, format: 'uuid' })
  @ApiAcceptedResponse({ type: DeliveryDetailView })
  @ApiNotFoundResponse({ type: ProblemView })
  @ApiConflictResponse({ type: ProblemView, description: 'Not failed or undeliverable' })
  async resend(@Param('id') id: string) {
    const r = UUID.test(id) ? await this.alerts.resend(id.toLowerCase()) : 'not-found';
    if (r === 'not-found') throw notFound('Alert delivery');
    if (r === 'not-resendable') throw conflict('Only a failed or undeliverable delivery can be resent');
    return (await this.alerts.getDelivery(id.toLowerCase()))!;
  }
}
