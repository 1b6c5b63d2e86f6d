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

  /**
   * `employerId`: an employer reading its own letter (the portal). Another employer's case is a 404, and so is a
   * case whose notice was never sent (a confirmed case's letter is the office's draft until it is sent); a sent
   * letter stays readable by its recipient whatever became of the case since.
   */
  async render(caseId: number, employerId?: number): Promise<Buffer> {
    const row = await this.cases.findNoticeRow(caseId);
    if (!row || (employerId !== undefined && Number(row.employer_id) !== employerId)) throw notFound('Case');
    if (employerId !== undefined && !row.noticed_at)
      throw new ProblemException(404, 'Not Found', 'No notice letter has been sent for this case');
    if (employerId === undefined && !(NOTICE_STATUSES as readonly string[]).includes(row.status))
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
