import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import { badRequest, conflict, decodeCursor, encodeCursor, newApiKey, notFound, Page } from '@patuh/core';
import { ApiKeyEntity, EmployerEntity } from '@patuh/persistence';
import { EmployerRisk, InspectionService } from '@patuh/cases';
import { isDuplicateKey } from '../users/users.service';
import { CreateEmployerDto, ListEmployersQuery, UpdateEmployerDto } from './employers.dto';

export interface EmployerView {
  id: number;
  nib: string;
  name: string;
  scale: string;
  npp: string | null;
  district: string | null;
  kbli: string | null;
  jkkRiskGroup: number | null;
  contactEmail: string | null;
  principalEmployerId: number | null;
  createdAt: string;
  updatedAt: string;
}

export const toEmployerView = (e: EmployerEntity): EmployerView => ({
  id: e.id,
  nib: e.nib,
  name: e.name,
  scale: e.scale,
  npp: e.npp,
  district: e.district,
  kbli: e.kbli,
  jkkRiskGroup: e.jkkRiskGroup,
  contactEmail: e.contactEmail,
  principalEmployerId: e.principalEmployerId,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

/** Case statuses that still need work. */
export const OPEN_CASE_STATUSES = ['open', 'in_review', 'confirmed', 'notice_sent'] as const;

@Injectable()
export class EmployersService {
  private readonly districts: Map<string, string>;

  constructor(
    @InjectRepository(EmployerEntity) private readonly employers: Repository<EmployerEntity>,
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inspection: InspectionService,
  ) {
    const ref = config.reference as { regency?: { districts?: string[] } };
    this.districts = new Map((ref.regency?.districts ?? []).map((d) => [d.toLowerCase(), d]));
  }

  /** The canonical kecamatan name, or a 400 naming the field. */
  canonicalDistrict(district: string | null | undefined, path = 'district'): string | null | undefined {
    if (district === undefined || district === null) return district;
    const found = this.districts.get(district.trim().toLowerCase());
    if (!found)
      throw badRequest('Unknown district', [
        {
          path,
          message: `district must be a kecamatan of Kutai Timur: ${[...this.districts.values()].join(', ')}`,
        },
      ]);
    return found;
  }

  private async checkPrincipal(
    principalEmployerId: number | null | undefined,
    selfId?: number,
  ): Promise<void> {
    if (principalEmployerId === undefined || principalEmployerId === null) return;
    if (principalEmployerId === selfId)
      throw badRequest('Invalid principal', [
        { path: 'principalEmployerId', message: 'an employer cannot be its own principal' },
      ]);
    if (!(await this.employers.exists({ where: { id: principalEmployerId } })))
      throw badRequest('Unknown principal', [
        { path: 'principalEmployerId', message: `no employer with id ${principalEmployerId}` },
      ]);
  }

  async create(dto: CreateEmployerDto): Promise<EmployerView> {
    const district = this.canonicalDistrict(dto.district);
    await this.checkPrincipal(dto.principalEmployerId);
    try {
      const saved = await this.employers.save(
        this.employers.create({
          nib: dto.nib,
          name: dto.name.trim(),
          scale: dto.scale,
          npp: dto.npp ?? null,
          district: district ?? null,
          kbli: dto.kbli ?? null,
          jkkRiskGroup: dto.jkkRiskGroup ?? null,
          contactEmail: dto.contactEmail ?? null,
          principalEmployerId: dto.principalEmployerId ?? null,
        }),
      );
      return toEmployerView(saved);
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict(`An employer with NIB ${dto.nib} already exists`);
      throw e;
    }
  }

  async update(id: number, dto: UpdateEmployerDto): Promise<EmployerView> {
    const employer = await this.employers.findOne({ where: { id } });
    if (!employer) throw notFound('Employer');
    if (dto.district !== undefined) employer.district = this.canonicalDistrict(dto.district) ?? null;
    if (dto.principalEmployerId !== undefined) {
      await this.checkPrincipal(dto.principalEmployerId, id);
      employer.principalEmployerId = dto.principalEmployerId ?? null;
    }
    for (const k of ['nib', 'name', 'scale', 'npp', 'kbli', 'jkkRiskGroup', 'contactEmail'] as const) {
      if (dto[k] !== undefined) (employer as unknown as Record<string, unknown>)[k] = dto[k];
    }
    try {
      return toEmployerView(await this.employers.save(employer));
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict(`An employer with NIB ${dto.nib} already exists`);
      throw e;
    }
  }

  async get(id: number, scopeEmployerId?: number): Promise<EmployerEntity> {
    if (scopeEmployerId !== undefined && scopeEmployerId !== id) throw notFound('Employer');
    const employer = await this.employers.findOne({ where: { id } });
    if (!employer) throw notFound('Employer');
    return employer;
  }

  async list(q: ListEmployersQuery, scopeEmployerId?: number): Promise<Page<EmployerView>> {
    const limit = q.limit ?? 50;
    const qb = this.employers
      .createQueryBuilder('e')
      .orderBy('e.id', 'ASC')
      .take(limit + 1);
    if (scopeEmployerId !== undefined) qb.andWhere('e.id = :scope', { scope: scopeEmployerId });
    if (q.district) qb.andWhere('e.district = :district', { district: this.canonicalDistrict(q.district) });
    if (q.scale) qb.andWhere('e.scale = :scale', { scale: q.scale });
    if (q.q)
      qb.andWhere('(e.name LIKE :like OR e.nib = :exact OR e.npp = :exact)', {
        like: `%${q.q}%`,
        exact: q.q,
      });
    const after = decodeCursor(q.cursor, 1);
    if (after) qb.andWhere('e.id > :after', { after: Number(after[0]) });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit).map(toEmployerView);
    return { items, nextCursor: rows.length > limit ? encodeCursor([items[items.length - 1]!.id]) : null };
  }

  /** Workers, active workers, enrolled share (of active workers, covered today) and open cases by rule. */
  async complianceSummary(employerId: number) {
    const today = todayIn(this.config.env.BUSINESS_TZ);
    const [counts] = (await this.db.query(
      `SELECT COUNT(DISTINCT c.worker_id) AS workers,
              COUNT(DISTINCT CASE WHEN c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?) THEN c.worker_id END) AS active,
              COUNT(DISTINCT CASE WHEN c.type = 'PKWT' AND c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?) THEN c.id END) AS activePkwt,
              COUNT(DISTINCT CASE WHEN c.type = 'PKWTT' AND c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?) THEN c.id END) AS activePkwtt
         FROM contracts c WHERE c.employer_id = ?`,
      [today, today, today, today, today, today, employerId],
    )) as { workers: string; active: string; activePkwt: string; activePkwtt: string }[];
    const [enrolled] = (await this.db.query(
      `SELECT COUNT(DISTINCT c.worker_id) AS n
         FROM contracts c
         JOIN enrolments e ON e.employer_id = c.employer_id AND e.worker_id = c.worker_id
              AND e.effective_from <= ? AND (e.effective_to IS NULL OR e.effective_to >= ?)
        WHERE c.employer_id = ? AND c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?)`,
      [today, today, employerId, today, today],
    )) as { n: string }[];
    const byRule = (await this.db.query(
      `SELECT rule, COUNT(*) AS n FROM cases WHERE employer_id = ? AND status IN (${OPEN_CASE_STATUSES.map(() => '?').join(',')})
        GROUP BY rule ORDER BY rule`,
      [employerId, ...OPEN_CASE_STATUSES],
    )) as { rule: string; n: string }[];
    const active = Number(counts?.active ?? 0);
    const openCasesByRule: Record<string, number> = {};
    for (const r of byRule) openCasesByRule[r.rule] = Number(r.n);
    return {
      asOf: today,
      workers: Number(counts?.workers ?? 0),
      activeWorkers: active,
      enrolledActiveWorkers: Number(enrolled?.n ?? 0),
      enrolledShare: active ? Math.round((Number(enrolled?.n ?? 0) / active) * 10000) / 10000 : null,
      activeContractsByType: {
        PKWT: Number(counts?.activePkwt ?? 0),
        PKWTT: Number(counts?.activePkwtt ?? 0),
      },
      openCases: Object.values(openCasesByRule).reduce((a, b) => a + b, 0),
      openCasesByRule,
    };
  }

  /** GET /employers?sort=risk: employers with open cases, highest risk first (offset cursor: it is a ranking). */
  async listByRisk(q: ListEmployersQuery): Promise<Page<EmployerView & EmployerRisk>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2);
    if (after && after[0] !== 'risk')
      throw badRequest('The cursor is not valid', [{ path: 'cursor', message: 'not a cursor of this list' }]);
    const offset = after ? Number(after[1]) : 0;
    const { rows, more } = await this.inspection.ranking({
      district: q.district ? (this.canonicalDistrict(q.district) ?? undefined) : undefined,
      scale: q.scale,
      q: q.q,
      offset,
      limit,
    });
    const employers = rows.length
      ? await this.employers.findBy({ id: In(rows.map((r) => r.employerId)) })
      : [];
    const byId = new Map(employers.map((e) => [e.id, toEmployerView(e)]));
    return {
      items: rows.filter((r) => byId.has(r.employerId)).map((r) => ({ ...byId.get(r.employerId)!, ...r })),
      nextCursor: more ? encodeCursor(['risk', offset + limit]) : null,
    };
  }

  /**
   * The compliance profile: the summary above plus open cases by severity, the contract-type mix (every contract
   * and those in force), the latest self-reports, and (for users) the risk score with its reasons.
   */
  async profile(employerId: number, forUser: boolean) {
    const summary = await this.complianceSummary(employerId);
    const bySeverity = (await this.db.query(
      `SELECT severity, COUNT(*) AS n FROM cases WHERE employer_id = ? AND status IN (${OPEN_CASE_STATUSES.map(() => '?').join(',')})
        GROUP BY severity`,
      [employerId, ...OPEN_CASE_STATUSES],
    )) as { severity: string; n: string }[];
    const openCasesBySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const r of bySeverity) openCasesBySeverity[r.severity] = Number(r.n);
    const mix = (await this.db.query(
      `SELECT type, COUNT(*) AS n, COUNT(DISTINCT worker_id) AS workers FROM contracts WHERE employer_id = ? GROUP BY type`,
      [employerId],
    )) as { type: string; n: string; workers: string }[];
    const contractTypeMix = {
      all: { PKWT: 0, PKWTT: 0 } as Record<string, number>,
      active: summary.activeContractsByType,
      workersByType: { PKWT: 0, PKWTT: 0 } as Record<string, number>,
    };
    for (const r of mix) {
      contractTypeMix.all[r.type] = Number(r.n);
      contractTypeMix.workersByType[r.type] = Number(r.workers);
    }
    const reports = (await this.db.query(
      `SELECT id, status, format, received_at AS receivedAt, processed_at AS processedAt, counts, error_count AS errorCount,
              evaluation_status AS evaluationStatus
         FROM self_reports WHERE employer_id = ? AND kind = 'employer' ORDER BY received_at DESC, id DESC LIMIT 10`,
      [employerId],
    )) as {
      id: number;
      status: string;
      format: string;
      receivedAt: Date;
      processedAt: Date | null;
      counts: string | null;
      errorCount: number;
      evaluationStatus: string | null;
    }[];
    const [lastProcessed] = (await this.db.query(
      `SELECT MAX(processed_at) AS at, COUNT(*) AS n FROM self_reports WHERE employer_id = ? AND kind = 'employer' AND status = 'processed'`,
      [employerId],
    )) as { at: Date | null; n: string }[];
    // The principal this contractor works for and the contractors working for this principal (linked both ways).
    const linked = (await this.db.query(
      `SELECT e.id, e.name, e.district, 'principal' AS link FROM employers e
         JOIN employers me ON me.principal_employer_id = e.id WHERE me.id = ?
       UNION ALL
       SELECT e.id, e.name, e.district, 'contractor' AS link FROM employers e WHERE e.principal_employer_id = ?
       ORDER BY name, id`,
      [employerId, employerId],
    )) as { id: number; name: string; district: string | null; link: string }[];
    const asLink = (r: (typeof linked)[number]) => ({ id: Number(r.id), name: r.name, district: r.district });
    return {
      ...summary,
      principal: linked.filter((r) => r.link === 'principal').map(asLink)[0] ?? null,
      contractors: linked.filter((r) => r.link === 'contractor').map(asLink),
      openCasesBySeverity,
      contractTypeMix,
      selfReports: {
        processed: Number(lastProcessed?.n ?? 0),
        lastProcessedAt: lastProcessed?.at ? new Date(lastProcessed.at).toISOString() : null,
        latest: reports.map((r) => ({
          id: r.id,
          status: r.status,
          format: r.format,
          receivedAt: new Date(r.receivedAt).toISOString(),
          processedAt: r.processedAt ? new Date(r.processedAt).toISOString() : null,
          counts: r.counts ? (JSON.parse(r.counts) as unknown) : null,
          errorCount: Number(r.errorCount),
          evaluationStatus: r.evaluationStatus,
        })),
      },
      ...(forUser ? { risk: await this.inspection.employerRisk(employerId) } : {}),
    };
  }

  async issueKey(employerId: number, label: string | undefined, userId: number) {
    await this.get(employerId);
    const { key, hash, prefix } = newApiKey();
    const saved = await this.keys.save(
      this.keys.create({ employerId, keyHash: hash, prefix, label: label ?? null, createdByUserId: userId }),
    );
    return {
      id: saved.id,
      employerId,
      key,
      prefix,
      label: saved.label,
      createdAt: saved.createdAt.toISOString(),
    };
  }

  async listKeys(employerId: number) {
    await this.get(employerId);
    const keys = await this.keys.find({ where: { employerId }, order: { id: 'ASC' } });
    return keys.map((k) => ({
      id: k.id,
      prefix: k.prefix,
      label: k.label,
      createdAt: k.createdAt.toISOString(),
      revokedAt: k.revokedAt?.toISOString() ?? null,
    }));
  }

  async revokeKey(employerId: number, keyId: number): Promise<void> {
    const res = await this.keys.update(
      { id: keyId, employerId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    if (!res.affected && !(await this.keys.exists({ where: { id: keyId, employerId } })))
      throw notFound('API key');
  }
}
