import { randomBytes } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { notFound, ProblemException } from '@patuh/core';
import { CasesRepository, NoticeCodesRepository, NoticeVerificationRow } from '@patuh/persistence';
import { drawNotice, letterNumber, NOTICE_STATUSES } from './notice.document';

export * from './notice.document';

/** Crockford's base32 (no I, L, O, U: nothing to misread on paper). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new code: 16 symbols of 5 random bits each (80 bits from the system's CSPRNG): unguessable. */
export function newNoticeCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A code as typed or scanned (any case, dashes and spaces, O for 0 and I/L for 1); null: not a code at all. */
export function normaliseNoticeCode(input: string): string | null {
  const c = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(c) ? c : null;
}

/**
 * The written warning (Surat Peringatan) for a confirmed case, in Indonesian, as a printable A4 PDF: letterhead,
 * number and date, the employer, the worker (NIK masked), the obligation breached and its legal basis, the figures
 * from the evidence, the deadline to remedy (NOTICE_REMEDY_WORKING_DAYS working days), a signature block, and a
 * verification code with a QR code of PUBLIC_URL/verify/{code} (one code per letter, kept in notice_codes).
 */
@Injectable()
export class NoticePdfService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly codes: NoticeCodesRepository,
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
    const letterDate = row.noticed_at ? todayIn(tz, new Date(row.noticed_at)) : todayIn(tz);
    const code = await this.codes.ensure(
      { caseId: row.id, letterNumber: letterNumber(row.id, letterDate), letterDate },
      newNoticeCode(),
    );
    const url = this.verifyUrl(code);
    return drawNotice(row, {
      letterDate,
      detectedOn: todayIn(tz, new Date(row.first_detected_at)),
      remedyWorkingDays: this.config.env.NOTICE_REMEDY_WORKING_DAYS,
      verification: { code, url, qrPng: await QRCode.toBuffer(url, { margin: 1, width: 240 }) },
    });
  }

  /** The public page that checks a letter: PUBLIC_URL (default http://127.0.0.1:3000) + /verify/{code}. */
  verifyUrl(code: string): string {
    return `${(this.config.env.PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')}/verify/${code}`;
  }

  /** What /verify/{code} shows; undefined for a code no letter carries (or not a code at all). */
  async verify(input: string): Promise<NoticeVerificationRow | undefined> {
    const code = normaliseNoticeCode(input);
    return code ? this.codes.findByCode(code) : undefined;
  }
}
