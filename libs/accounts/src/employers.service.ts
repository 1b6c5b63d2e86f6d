import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig, todayIn } from '@patuh/config';
import type { EntityManager } from 'typeorm';
import {
  badRequest,
  conflict,
  decodeCursor,
  encodeCursor,
  keysetPage,
  newApiKey,
  notFound,
  Page,
  ProblemException,
} from '@patuh/core';
import {
  BpjsCoverageRepository,
  EmployerEntity,
  EmployerScale,
  EmployersRepository,
  isDuplicateKey,
} from '@patuh/persistence';
import { EmployerRisk, RiskService } from '@patuh/cases';

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

/** POST /employers (the API's DTO satisfies it). */
export interface EmployerInput {
  nib: string;
  name: string;
  scale: EmployerScale;
  npp: string | null;
  district?: string | null;
  kbli?: string | null;
  jkkRiskGroup?: number | null;
  contactEmail?: string | null;
  principalEmployerId?: number | null;
}

/** GET /employers filters and paging. */
export interface EmployerListQuery {
  district?: string;
  scale?: EmployerScale;
  q?: string;
  cursor?: string;
  limit?: number;
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

@Injectable()
export class EmployersService {
  constructor(
    private readonly employers: EmployersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inspection: RiskService,
    @Optional() private readonly bpjs?: BpjsCoverageRepository,
  ) {}

  /** The canonical kecamatan name, or a 400 naming the field. */
  canonicalDistrict(district: string | null | undefined, path = 'district'): string | null | undefined {
    if (district === undefined || district === null) return district;
    const found = this.config.districts.canonical(district);
    if (!found)
      throw badRequest('Unknown district', [
        {
          path,
          message: `district must be a kecamatan of Kutai Timur: ${this.config.districts.names.join(', ')}`,
        },
      ]);
    return found;
  }

  /**
   * A principal must exist, not be the employer itself, and not lead back to it: A→B with B→A (or any longer
   * loop) would make each the other's contractor, so a 409 names the loop. Called under withPrincipalLock.
   */
  private async checkPrincipal(
    principalEmployerId: number | null | undefined,
    selfId: number | undefined,
    m?: EntityManager,
  ): Promise<void> {
    if (principalEmployerId === undefined || principalEmployerId === null) return;
    if (principalEmployerId === selfId)
      throw badRequest('Invalid principal', [
        {
          path: 'principalEmployerId',
          message:
            'an employer cannot be its own principal / perusahaan tidak dapat menjadi pemberi kerja (principal) bagi dirinya sendiri',
        },
      ]);
    if (!(await this.employers.exists(principalEmployerId, m)))
      throw badRequest('Unknown principal', [
        { path: 'principalEmployerId', message: `no employer with id ${principalEmployerId}` },
      ]);
    const chain = await this.employers.principalChain(principalEmployerId, m);
    if ((selfId !== undefined && chain.ids.includes(selfId)) || chain.cyclic) {
      const loop =
        selfId !== undefined ? [selfId, ...chain.ids.slice(0, chain.ids.indexOf(selfId) + 1)] : chain.ids;
      throw new ProblemException(
        409,
        'Conflict',
        `Employer ${principalEmployerId}'s chain of principals leads back in a loop (${loop.join(' → ')}): a principal cannot also be its contractor`,
        [
          {
            path: 'principalEmployerId',
            message: `this principal would make a loop of principals (${loop.join(' → ')}) / principal ini membentuk lingkaran pemberi kerja (${loop.join(' → ')})`,
          },
        ],
      );
    }
  }

  async create(dto: EmployerInput): Promise<EmployerView> {
    const district = this.canonicalDistrict(dto.district);
    const insert = async (m?: EntityManager) => {
      await this.checkPrincipal(dto.principalEmployerId, undefined, m);
      return this.employers.insert(
        {
          nib: dto.nib,
          name: dto.name.trim(),
          scale: dto.scale,
          npp: dto.npp ?? null,
          district: district ?? null,
          kbli: dto.kbli ?? null,
          jkkRiskGroup: dto.jkkRiskGroup ?? null,
          contactEmail: dto.contactEmail ?? null,
          principalEmployerId: dto.principalEmployerId ?? null,
        },
        m,
      );
    };
    try {
      const saved = await (dto.principalEmployerId == null
        ? insert()
        : this.employers.withPrincipalLock(insert));
      return toEmployerView(saved);
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict(`An employer with NIB ${dto.nib} already exists`);
      throw e;
    }
  }

  async update(id: number, dto: Partial<EmployerInput>): Promise<EmployerView> {
    const apply = async (m?: EntityManager) => {
      const employer = await this.employers.findById(id, m);
      if (!employer) throw notFound('Employer');
      if (dto.district !== undefined) employer.district = this.canonicalDistrict(dto.district) ?? null;
      if (dto.principalEmployerId !== undefined) {
        await this.checkPrincipal(dto.principalEmployerId, id, m);
        employer.principalEmployerId = dto.principalEmployerId ?? null;
      }
      for (const k of ['nib', 'name', 'scale', 'npp', 'kbli', 'jkkRiskGroup', 'contactEmail'] as const) {
        if (dto[k] !== undefined) (employer as unknown as Record<string, unknown>)[k] = dto[k];
      }
      return this.employers.save(employer, m);
    };
    try {
      // A new principal is checked for loops and saved under the principal-links lock.
      const saved = await (dto.principalEmployerId == null
        ? apply()
        : this.employers.withPrincipalLock(apply));
      return toEmployerView(saved);
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict(`An employer with NIB ${dto.nib} already exists`);
      throw e;
    }
  }

  /** Whether an employer with this id exists. */
  exists(id: number): Promise<boolean> {
    return this.employers.exists(id);
  }

  async get(id: number, scopeEmployerId?: number): Promise<EmployerEntity> {
    if (scopeEmployerId !== undefined && scopeEmployerId !== id) throw notFound('Employer');
    const employer = await this.employers.findById(id);
    if (!employer) throw notFound('Employer');
    return employer;
  }

  async list(q: EmployerListQuery, scopeEmployerId?: number): Promise<Page<EmployerView>> {
    const limit = q.limit ?? 50;
    const district = q.district ? this.canonicalDistrict(q.district) : undefined;
    const after = decodeCursor(q.cursor, 1);
    const rows = await this.employers.list(
      {
        scopeEmployerId,
        district,
        scale: q.scale,
        q: q.q,
        afterId: after ? Number(after[0]) : undefined,
      },
      limit + 1,
    );
    const page = keysetPage(rows, limit, (e) => [e.id]);
    return { items: page.items.map(toEmployerView), nextCursor: page.nextCursor };
  }

  /** Workers, active workers, enrolled share (of active workers, covered today) and open cases by rule. */
  async complianceSummary(employerId: number) {
    const today = todayIn(this.config.env.BUSINESS_TZ);
    const counts = await this.employers.contractCounts(employerId, today);
    const enrolled = await this.employers.countEnrolledActive(employerId, today);
    const byRule = await this.employers.countOpenCasesByRule(employerId);
    const active = counts.active;
    const openCasesByRule: Record<string, number> = {};
    for (const r of byRule) openCasesByRule[r.rule] = r.n;
    return {
      asOf: today,
      workers: counts.workers,
      activeWorkers: active,
      enrolledActiveWorkers: enrolled,
      enrolledShare: active ? Math.round((enrolled / active) * 10000) / 10000 : null,
      activeContractsByType: { PKWT: counts.activePkwt, PKWTT: counts.activePkwtt },
      openCases: Object.values(openCasesByRule).reduce((a, b) => a + b, 0),
      openCasesByRule,
    };
  }

  /** GET /employers?sort=risk: employers with open cases, highest risk first (offset cursor: it is a ranking). */
  async listByRisk(q: EmployerListQuery): Promise<Page<EmployerView & EmployerRisk>> {
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
    const employers = await this.employers.findByIds(rows.map((r) => r.employerId));
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
    const bySeverity = await this.employers.countOpenCasesBySeverity(employerId);
    const openCasesBySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const r of bySeverity) openCasesBySeverity[r.severity] = r.n;
    const mix = await this.employers.contractMix(employerId);
    const contractTypeMix = {
      all: { PKWT: 0, PKWTT: 0 } as Record<string, number>,
      active: summary.activeContractsByType,
      workersByType: { PKWT: 0, PKWTT: 0 } as Record<string, number>,
    };
    for (const r of mix) {
      contractTypeMix.all[r.type] = r.n;
      contractTypeMix.workersByType[r.type] = r.workers;
    }
    const reports = await this.employers.latestSelfReports(employerId, 10);
    const lastProcessed = await this.employers.processedSelfReports(employerId);
    // The principal this contractor works for and the contractors working for this principal (linked both ways).
    const linked = await this.employers.links(employerId);
    const asLink = (r: (typeof linked)[number]) => ({ id: r.id, name: r.name, district: r.district });
    // When BPJS's own records last verified the employer (CONTRACT §9): the load judged for its NPP.
    const cover = this.bpjs ? await this.bpjs.coverageOfEmployer(employerId) : null;
    return {
      ...summary,
      bpjsVerification: cover ? { loadId: Number(cover.load_id), asOf: cover.as_of } : null,
      principal: linked.filter((r) => r.link === 'principal').map(asLink)[0] ?? null,
      contractors: linked.filter((r) => r.link === 'contractor').map(asLink),
      openCasesBySeverity,
      contractTypeMix,
      selfReports: {
        processed: lastProcessed.n,
        lastProcessedAt: lastProcessed.at ? new Date(lastProcessed.at).toISOString() : null,
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
    const saved = await this.employers.insertKey({
      employerId,
      keyHash: hash,
      prefix,
      label: label ?? null,
      createdByUserId: userId,
    });
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
    const keys = await this.employers.listKeys(employerId);
    return keys.map((k) => ({
      id: k.id,
      prefix: k.prefix,
      label: k.label,
      createdAt: k.createdAt.toISOString(),
      revokedAt: k.revokedAt?.toISOString() ?? null,
    }));
  }

  async revokeKey(employerId: number, keyId: number): Promise<void> {
    if (
      !(await this.employers.revokeKey(employerId, keyId, new Date())) &&
      !(await this.employers.keyExists(employerId, keyId))
    )
      throw notFound('API key');
  }
}
