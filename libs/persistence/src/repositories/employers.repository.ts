import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { OPEN_STATUSES } from '../entities/case.entity';
import { EmployerEntity } from '../entities/employer.entity';
import { ApiKeyEntity } from '../entities/user.entity';

/** GET /employers filters (district already canonical). */
export interface EmployerListFilter {
  scopeEmployerId?: number;
  district?: string | null;
  scale?: string;
  q?: string;
  /** Keyset: ids greater than this. */
  afterId?: number;
}

/** Workers and contracts in force on a day, at one employer. */
export interface EmployerContractCounts {
  workers: number;
  active: number;
  activePkwt: number;
  activePkwtt: number;
}

export interface EmployerContractMixRow {
  type: string;
  n: number;
  workers: number;
}

export interface EmployerSelfReportRow {
  id: number;
  status: string;
  format: string;
  receivedAt: Date;
  processedAt: Date | null;
  counts: string | null;
  errorCount: number;
  evaluationStatus: string | null;
}

/** The principal of a contractor, or a contractor of a principal. */
export interface EmployerLinkRow {
  id: number;
  name: string;
  district: string | null;
  link: 'principal' | 'contractor';
}

export type NewEmployer = Pick<
  EmployerEntity,
  | 'nib'
  | 'name'
  | 'scale'
  | 'npp'
  | 'district'
  | 'kbli'
  | 'jkkRiskGroup'
  | 'contactEmail'
  | 'principalEmployerId'
>;

const openIn = OPEN_STATUSES.map(() => '?').join(',');

/** Employers, their API keys, and the per-employer reads of the compliance profile. */
@Injectable()
export class EmployersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private employers(m: EntityManager) {
    return m.getRepository(EmployerEntity);
  }

  private keys(m: EntityManager) {
    return m.getRepository(ApiKeyEntity);
  }

  async findById(id: number, m: EntityManager = this.db.manager): Promise<EmployerEntity | null> {
    return this.employers(m).findOne({ where: { id } });
  }

  async exists(id: number, m: EntityManager = this.db.manager): Promise<boolean> {
    return this.employers(m).exists({ where: { id } });
  }

  async findByIds(ids: readonly number[], m: EntityManager = this.db.manager): Promise<EmployerEntity[]> {
    return ids.length ? this.employers(m).findBy({ id: In([...ids]) }) : [];
  }

  /** Inserts a new employer (a duplicate NIB throws; see isDuplicateKey). */
  async insert(e: NewEmployer, m: EntityManager = this.db.manager): Promise<EmployerEntity> {
    return this.employers(m).save(this.employers(m).create(e));
  }

  async save(e: EmployerEntity, m: EntityManager = this.db.manager): Promise<EmployerEntity> {
    return this.employers(m).save(e);
  }

  /** By id, after the keyset; up to `take` rows (the caller asks for limit + 1). */
  async list(
    f: EmployerListFilter,
    take: number,
    m: EntityManager = this.db.manager,
  ): Promise<EmployerEntity[]> {
    const qb = this.employers(m).createQueryBuilder('e').orderBy('e.id', 'ASC').take(take);
    if (f.scopeEmployerId !== undefined) qb.andWhere('e.id = :scope', { scope: f.scopeEmployerId });
    if (f.district) qb.andWhere('e.district = :district', { district: f.district });
    if (f.scale) qb.andWhere('e.scale = :scale', { scale: f.scale });
    if (f.q)
      qb.andWhere('(e.name LIKE :like OR e.nib = :exact OR e.npp = :exact)', {
        like: `%${f.q}%`,
        exact: f.q,
      });
    if (f.afterId !== undefined) qb.andWhere('e.id > :after', { after: f.afterId });
    return qb.getMany();
  }

  /** Distinct workers, active workers, and contracts in force by type on `today`. */
  async contractCounts(
    employerId: number,
    today: string,
    m: EntityManager = this.db.manager,
  ): Promise<EmployerContractCounts> {
    const [counts] = (await m.query(
      `SELECT COUNT(DISTINCT c.worker_id) AS workers,
              COUNT(DISTINCT CASE WHEN c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?) THEN c.worker_id END) AS active,
              COUNT(DISTINCT CASE WHEN c.type = 'PKWT' AND c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?) THEN c.id END) AS activePkwt,
              COUNT(DISTINCT CASE WHEN c.type = 'PKWTT' AND c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?) THEN c.id END) AS activePkwtt
         FROM contracts c WHERE c.employer_id = ?`,
      [today, today, today, today, today, today, employerId],
    )) as { workers: string; active: string; activePkwt: string; activePkwtt: string }[];
    return {
      workers: Number(counts?.workers ?? 0),
      active: Number(counts?.active ?? 0),
      activePkwt: Number(counts?.activePkwt ?? 0),
      activePkwtt: Number(counts?.activePkwtt ?? 0),
    };
  }

  /** Active workers (a contract in force on `today`) enrolled on `today`. */
  async countEnrolledActive(employerId: number, today: string, m: EntityManager = this.db.manager) {
    const [enrolled] = (await m.query(
      `SELECT COUNT(DISTINCT c.worker_id) AS n
         FROM contracts c
         JOIN enrolments e ON e.employer_id = c.employer_id AND e.worker_id = c.worker_id
              AND e.effective_from <= ? AND (e.effective_to IS NULL OR e.effective_to >= ?)
        WHERE c.employer_id = ? AND c.start_date <= ? AND (c.end_date IS NULL OR c.end_date >= ?)`,
      [today, today, employerId, today, today],
    )) as { n: string }[];
    return Number(enrolled?.n ?? 0);
  }

  /** Open cases by rule, ordered by rule. */
  async countOpenCasesByRule(
    employerId: number,
    m: EntityManager = this.db.manager,
  ): Promise<{ rule: string; n: number }[]> {
    const rows = (await m.query(
      `SELECT rule, COUNT(*) AS n FROM cases WHERE employer_id = ? AND status IN (${openIn})
        GROUP BY rule ORDER BY rule`,
      [employerId, ...OPEN_STATUSES],
    )) as { rule: string; n: string }[];
    return rows.map((r) => ({ rule: r.rule, n: Number(r.n) }));
  }

  async countOpenCasesBySeverity(
    employerId: number,
    m: EntityManager = this.db.manager,
  ): Promise<{ severity: string; n: number }[]> {
    const rows = (await m.query(
      `SELECT severity, COUNT(*) AS n FROM cases WHERE employer_id = ? AND status IN (${openIn})
        GROUP BY severity`,
      [employerId, ...OPEN_STATUSES],
    )) as { severity: string; n: string }[];
    return rows.map((r) => ({ severity: r.severity, n: Number(r.n) }));
  }

  /** Every contract by type: contracts and distinct workers. */
  async contractMix(
    employerId: number,
    m: EntityManager = this.db.manager,
  ): Promise<EmployerContractMixRow[]> {
    const rows = (await m.query(
      `SELECT type, COUNT(*) AS n, COUNT(DISTINCT worker_id) AS workers FROM contracts WHERE employer_id = ? GROUP BY type`,
      [employerId],
    )) as { type: string; n: string; workers: string }[];
    return rows.map((r) => ({ type: r.type, n: Number(r.n), workers: Number(r.workers) }));
  }

  /** The employer's latest self-reports (kind employer), newest first. */
  async latestSelfReports(
    employerId: number,
    limit = 10,
    m: EntityManager = this.db.manager,
  ): Promise<EmployerSelfReportRow[]> {
    return (await m.query(
      `SELECT id, status, format, received_at AS receivedAt, processed_at AS processedAt, counts, error_count AS errorCount,
              evaluation_status AS evaluationStatus
         FROM self_reports WHERE employer_id = ? AND kind = 'employer' ORDER BY received_at DESC, id DESC LIMIT ${Number(limit)}`,
      [employerId],
    )) as EmployerSelfReportRow[];
  }

  /** Processed self-reports: how many and the last one's processed_at. */
  async processedSelfReports(
    employerId: number,
    m: EntityManager = this.db.manager,
  ): Promise<{ n: number; at: Date | null }> {
    const [row] = (await m.query(
      `SELECT MAX(processed_at) AS at, COUNT(*) AS n FROM self_reports WHERE employer_id = ? AND kind = 'employer' AND status = 'processed'`,
      [employerId],
    )) as { at: Date | null; n: string }[];
    return { n: Number(row?.n ?? 0), at: row?.at ?? null };
  }

  /**
   * The principal chain from `id` upwards: `id`, its principal, that one's principal, … Stops at an employer with
   * no principal, at an id seen before (a cycle: `cyclic` is true, the repeated id is not listed twice) or after
   * `maxHops`. One indexed read per hop (chains are a contractor and its principal, rarely more).
   */
  async principalChain(
    id: number,
    m: EntityManager = this.db.manager,
    maxHops = 64,
  ): Promise<{ ids: number[]; cyclic: boolean }> {
    const ids: number[] = [];
    let next: number | null = id;
    while (next !== null && ids.length <= maxHops) {
      if (ids.includes(next)) return { ids, cyclic: true };
      ids.push(next);
      const [row] = (await m.query('SELECT principal_employer_id AS p FROM employers WHERE id = ?', [
        next,
      ])) as {
        p: number | string | null;
      }[];
      next = row?.p === null || row?.p === undefined ? null : Number(row.p);
    }
    return { ids, cyclic: next !== null };
  }

  /**
   * Runs `fn` on one connection holding a named lock on this database's principal links (GET_LOCK), so two
   * changes of principal (A→B and B→A) cannot both pass their cycle check; fn's writes commit before the release.
   */
  async withPrincipalLock<T>(fn: (m: EntityManager) => Promise<T>, lockTimeoutSeconds = 10): Promise<T> {
    const lock = "LEFT(CONCAT('patuh-principals:', DATABASE()), 64)";
    const qr = this.db.createQueryRunner();
    await qr.connect();
    try {
      const [row] = (await qr.query(`SELECT GET_LOCK(${lock}, ?) AS got`, [lockTimeoutSeconds])) as {
        got: number | string | null;
      }[];
      if (Number(row?.got) !== 1) throw new Error('withPrincipalLock: the lock was not granted');
      try {
        return await fn(qr.manager);
      } finally {
        await qr.query(`SELECT RELEASE_LOCK(${lock})`);
      }
    } finally {
      await qr.release();
    }
  }

  /** The principal this contractor works for and the contractors working for this principal, by name. */
  async links(employerId: number, m: EntityManager = this.db.manager): Promise<EmployerLinkRow[]> {
    const rows = (await m.query(
      `SELECT e.id, e.name, e.district, 'principal' AS link FROM employers e
         JOIN employers me ON me.principal_employer_id = e.id WHERE me.id = ?
       UNION ALL
       SELECT e.id, e.name, e.district, 'contractor' AS link FROM employers e WHERE e.principal_employer_id = ?
       ORDER BY name, id`,
      [employerId, employerId],
    )) as EmployerLinkRow[];
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  // API keys

  async insertKey(
    k: Pick<ApiKeyEntity, 'employerId' | 'keyHash' | 'prefix' | 'label' | 'createdByUserId'>,
    m: EntityManager = this.db.manager,
  ): Promise<ApiKeyEntity> {
    return this.keys(m).save(this.keys(m).create(k));
  }

  async listKeys(employerId: number, m: EntityManager = this.db.manager): Promise<ApiKeyEntity[]> {
    return this.keys(m).find({ where: { employerId }, order: { id: 'ASC' } });
  }

  /** Revokes an unrevoked key; false when none was (unknown, another employer's, or already revoked). */
  async revokeKey(employerId: number, keyId: number, at: Date, m: EntityManager = this.db.manager) {
    const res = await this.keys(m).update({ id: keyId, employerId, revokedAt: IsNull() }, { revokedAt: at });
    return Boolean(res.affected);
  }

  async keyExists(employerId: number, keyId: number, m: EntityManager = this.db.manager): Promise<boolean> {
    return this.keys(m).exists({ where: { id: keyId, employerId } });
  }

  /** The unrevoked key with this hash: its id and employer (the auth guard's lookup). */
  async findActiveKeyByHash(
    keyHash: string,
    m: EntityManager = this.db.manager,
  ): Promise<{ id: number; employerId: number } | null> {
    return this.keys(m).findOne({
      where: { keyHash, revokedAt: IsNull() },
      select: { id: true, employerId: true },
    });
  }
}
