import { Global, Module } from '@nestjs/common';
import { CasesModule } from '@patuh/cases';
import { CASE_EVENT_SINK } from '@patuh/persistence';
import { AlertsJobs, AlertsScheduler } from './alerts.jobs';
import { AlertsOutbox } from './alerts.outbox';
import { AlertsService } from './alerts.service';
import { DeliveryService } from './delivery.service';
import { DigestService } from './digest.service';
import { EmailSender } from './email.sender';
import { EscalationService } from './escalation.service';

/**
 * Alerts for both apps. Global so the engine's CaseWriter (and the case workflow) find CASE_EVENT_SINK, the
 * outbox, wherever they are. EmailSender is exported for any mail Patuh sends.
 */
@Global()
@Module({
  providers: [
    AlertsOutbox,
    EmailSender,
    AlertsService,
    { provide: CASE_EVENT_SINK, useExisting: AlertsOutbox },
  ],
  exports: [AlertsOutbox, EmailSender, AlertsService, CASE_EVENT_SINK],
})
export class AlertsModule {}

/** Delivery, escalation and digest handlers and the outbox poller: the worker app only. */
@Module({
  imports: [AlertsModule, CasesModule],
  providers: [DeliveryService, EscalationService, DigestService, AlertsJobs, AlertsScheduler],
  exports: [DeliveryService, EscalationService, DigestService, AlertsScheduler],
})
export class AlertsWorkerModule {}
