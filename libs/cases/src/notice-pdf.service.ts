import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { notFound, ProblemException } from '@patuh/core';
import { CasesRepository } from '@patuh/persistence';
import { drawNotice, NOTICE_STATUSES } from './notice.document';

export * from './notice.document';

/**
 * The written warning (Surat Peringatan) for a confirmed case, in Indonesian, as a printable A4 PDF: letterhead,
 * number and date, the employer, the worker (NIK masked), the obligation breached and its legal basis, the figures
 * from the evidence, the deadline to remedy (NOTICE_REMEDY_WORKING_DAYS working days), and a signature block.
 */
@Injectable()
export class NoticePdfService {
  constructor(
    private readonly cases: CasesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async render(caseId: number): Promise<Buffer> {
    const row = await this.cases.findNoticeRow(caseId);
    if (!row) throw notFound('Case');
    if (!(NOTICE_STATUSES as readonly string[]).includes(row.status))
      throw new ProblemException(
        409,
        'Conflict',
        `A notice is issued only for a confirmed case (or one whose notice was sent); this case is ${row.status}`,
      );
    const tz = this.config.env.BUSINESS_TZ;
    return drawNotice(row, {
      letterDate: row.noticed_at ? todayIn(tz, new Date(row.noticed_at)) : todayIn(tz),
      detectedOn: todayIn(tz, new Date(row.first_detected_at)),
      remedyWorkingDays: this.config.env.NOTICE_REMEDY_WORKING_DAYS,
    });
  }
}
