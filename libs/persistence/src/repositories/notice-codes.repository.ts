import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** What the public verification page may show of a letter: nothing personal (no worker, no NIK, no evidence). */
export interface NoticeVerificationRow {
  letterNumber: string;
  letterDate: string;
  employerName: string;
  caseStatus: string;
  rule: string;
}

/** notice_codes: one random code per notice letter (a case and its letter number), for /verify/{code}. */
@Injectable()
export class NoticeCodesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The letter's code: the one stored for (case, letter number), else `candidate`, stored now. A concurrent first
   * render stores one code only (the unique index on the letter; INSERT IGNORE), and both read that one back.
   */
  async ensure(
    letter: { caseId: number; letterNumber: string; letterDate: string },
    candidate: string,
    m: EntityManager = this.db.manager,
  ): Promise<string> {
    await m.query(
      'INSERT IGNORE INTO notice_codes (code, case_id, letter_number, letter_date) VALUES (?, ?, ?, ?)',
      [candidate, letter.caseId, letter.letterNumber, letter.letterDate],
    );
    const [row] = (await m.query('SELECT code FROM notice_codes WHERE case_id = ? AND letter_number = ?', [
      letter.caseId,
      letter.letterNumber,
    ])) as { code: string }[];
    if (!row) throw new Error(`notice code for case ${letter.caseId} was not stored`);
    return row.code;
  }

  /** The letter a code belongs to, with its employer and the case's status now; undefined: no such code. */
  async findByCode(
    code: string,
    m: EntityManager = this.db.manager,
  ): Promise<NoticeVerificationRow | undefined> {
    const [row] = (await m.query(
      `SELECT n.letter_number AS letterNumber, DATE_FORMAT(n.letter_date, '%Y-%m-%d') AS letterDate,
              e.name AS employerName, c.status AS caseStatus, c.rule
         FROM notice_codes n JOIN cases c ON c.id = n.case_id JOIN employers e ON e.id = c.employer_id
        WHERE n.code = ?`,
      [code],
    )) as NoticeVerificationRow[];
    return row;
  }
}
