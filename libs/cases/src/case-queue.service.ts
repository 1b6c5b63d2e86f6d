import { Injectable } from '@nestjs/common';
import { badRequest, decodeCursor, keysetPage, Page, pageLimit } from '@patuh/core';
import { CaseQueueKey, CaseRow, CasesRepository } from '@patuh/persistence';
import { caseJson, CaseView, toCaseView } from './case.view';
import { EmployerCaseView, toEmployerCaseView } from './employer-case.view';

export interface CaseFilter {
  status?: string[];
  rule?: string[];
  severity?: string[];
  employerId?: number;
  /** One or more kecamatan (a user with several districts starts filtered to them). */
  district?: string[];
  assigneeId?: number;
  nik?: string;
  limit?: number;
  cursor?: string;
  /** Also count the cases matching every filter but status, by status (one GROUP BY). */
  counts?: boolean;
}

export interface CasePage extends Page<CaseView> {
  /** With ?counts=true: cases matching the other filters, by status (every status present, zeros included). */
  counts?: Record<string, number> & { total: number };
}

/** The inspectors' queue: most severe first, then oldest, keyset-paginated; and its counts by status. */
@Injectable()
export class CaseQueueService {
  constructor(private readonly cases: CasesRepository) {}

  private async page(
    f: CaseFilter,
  ): Promise<{ rows: CaseRow[]; nextCursor: string | null; counts?: CasePage['counts'] }> {
    const limit = pageLimit(f.limit, 50, 200);
    const countsPromise = f.counts ? this.cases.countByStatus({ ...f, status: undefined }) : undefined;
    const after = decodeCursor(f.cursor, 3);
    let key: CaseQueueKey | null = null;
    if (after) {
      const [rank, at, id] = [Number(after[0]), new Date(Number(after[1])), Number(after[2])];
      if (!Number.isFinite(rank) || Number.isNaN(at.getTime()) || !Number.isFinite(id))
        throw badRequest('The cursor is not valid', [
          { path: 'cursor', message: 'not a cursor returned by this list' },
        ]);
      key = [rank, at, id];
    }
    const { items, nextCursor } = keysetPage(await this.cases.listQueue(f, key, limit + 1), limit, (last) => [
      last.severity_rank,
      new Date(last.first_detected_at).getTime(),
      last.id,
    ]);
    return { rows: items, nextCursor, ...(countsPromise ? { counts: await countsPromise } : {}) };
  }

  /** GET /cases/counts: the cases matching every filter but status, by status (one GROUP BY). */
  async counts(f: CaseFilter): Promise<Record<string, number> & { total: number }> {
    return this.cases.countByStatus({ ...f, status: undefined });
  }

  async list(f: CaseFilter): Promise<CasePage> {
    const { rows, nextCursor, counts } = await this.page(f);
    return { items: rows.map(toCaseView), nextCursor, ...(counts ? { counts } : {}) };
  }

  /** An employer's own cases (the filter's employerId is the principal's), redacted (EmployerCaseView). */
  async listForEmployer(
    f: Omit<CaseFilter, 'assigneeId'> & { employerId: number },
  ): Promise<Page<EmployerCaseView> & Pick<CasePage, 'counts'>> {
    const { rows, nextCursor, counts } = await this.page({ ...f, assigneeId: undefined });
    return {
      items: rows.map((r) => toEmployerCaseView(toCaseView(r))),
      nextCursor,
      ...(counts ? { counts } : {}),
    };
  }

  /** The same page as `list`, serialized directly (caseJson: evidence spliced in as stored, no view objects). */
  async listJson(f: CaseFilter): Promise<string> {
    const { rows, nextCursor, counts } = await this.page(f);
    return `{"items":[${rows.map(caseJson).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}${
      counts ? `,"counts":${JSON.stringify(counts)}` : ''
    }}`;
  }
}
