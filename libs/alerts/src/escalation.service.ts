import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseEventsRepository, CasesRepository, type WrittenCaseEvent } from '@patuh/persistence';
import { AlertsOutbox } from './alerts.outbox';

const BATCH = 200;

/**
 * case.escalated: open or in_review cases past their dueAt. Each batch takes its cases with
 * SELECT … FOR UPDATE SKIP LOCKED and stamps cases.escalated_at in the same transaction, so however many workers
 * check at once, each overdue case is escalated by exactly one of them, once: one 'escalated' case event (by the
 * system) and its deliveries, written together. A reopened case has escalated_at cleared (AlertsOutbox) and can
 * escalate again after its new dueAt.
 */
@Injectable()
export class EscalationService {
  private readonly logger = new Logger(EscalationService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: AlertsOutbox,
    private readonly caseEvents: CaseEventsRepository,
    private readonly cases: CasesRepository,
  ) {}

  /** Escalates every case overdue at `now`; returns how many this call escalated. */
  async checkEscalations(now: Date = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction(async (m) => {
        const rows = await this.cases.claimOverdue(now, BATCH, m);
        if (!rows.length) return 0;
        await this.cases.markEscalated(
          rows.map((r) => r.id),
          now,
          m,
        );
        const written = await this.caseEvents.appendMany(
          rows.map((r) => ({
            caseId: r.id,
            type: 'escalated' as const,
            from: null,
            to: null,
            data: { dueAt: new Date(r.due_at).toISOString(), status: r.status },
            row: r,
          })),
          now,
          null,
          m,
        );
        const events: WrittenCaseEvent[] = written.map(({ event: e, eventId }) => ({
          caseId: e.caseId,
          type: 'escalated',
          eventId,
          employerId: e.row.employer_id,
          severity: e.row.severity,
        }));
        await this.outbox.onCaseEvents(m, events, now);
        return rows.length;
      });
      total += n;
      if (n < BATCH) break;
    }
    if (total) this.logger.log(`escalated ${total} overdue case(s)`);
    return total;
  }
}
