/**
 * Response shapes of the routes B2's pages read. Most of these routes have no response schema in the OpenAPI
 * document yet (the API agent is adding them; the integrator regenerates schema.d.ts), so the pages read them
 * through these types. Fields the API may not send yet are optional.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export type Programs = string[] | string | null | undefined;

export type WorkerContract = {
  id?: number;
  employerId: number;
  employerName: string;
  ref: string;
  type: 'PKWT' | 'PKWTT';
  startDate: string;
  endDate: string | null;
  monthlyWage: number;
  position?: string | null;
};

export type WorkerEnrolment = {
  id?: number;
  employerId: number;
  employerName: string;
  kpj?: string | null;
  programs: Programs;
  effectiveFrom: string;
  effectiveTo: string | null;
  reportedWage?: number | null;
};

export type SponsoredPeriod = {
  programs: Programs;
  effectiveFrom: string;
  effectiveTo: string | null;
};

export type WorkerCase = {
  id: number;
  rule: string;
  severity: Severity;
  status: string;
  employerId: number;
  employerName?: string;
  summary?: string;
  summaryId?: string;
  firstDetectedAt?: string;
  dueAt?: string | null;
};

/** A worker's name and birth date as one employer reported them (each employer's own: #16). */
export type ReportedIdentity = {
  employerId: number;
  employerName: string;
  name: string | null;
  birthDate: string | null;
  reportedAt: string;
};

export type WorkerDetail = {
  nik: string;
  name: string;
  birthDate: string | null;
  reportedBy?: ReportedIdentity[];
  contracts: WorkerContract[];
  enrolments: WorkerEnrolment[];
  sponsoredCoverage?: SponsoredPeriod[];
  bpjsRecords?: unknown[];
  cases: WorkerCase[];
  timeline?: { asOf: string; chains?: unknown[]; [k: string]: unknown } | null;
};

export type EmployerLink = { id: number; name: string; district: string | null };

export type RiskReason = {
  rule: string;
  title: string;
  cases: number;
  workers: number;
  rupiahAtStake: number;
  severity: Severity;
  severityPoints: number;
  text: string;
};

export type EmployerRisk = {
  employerId: number;
  riskScore: number;
  openCases: number;
  workersAffected: number;
  rupiahAtStake: number;
  severityPoints: number;
  reasons: RiskReason[];
};

export type EmployerView = {
  id: number;
  nib: string;
  name: string;
  scale: 'micro' | 'small' | 'medium' | 'large';
  npp: string | null;
  district: string | null;
  kbli: string | null;
  jkkRiskGroup: number | null;
  contactEmail: string | null;
  principalEmployerId: number | null;
  createdAt: string;
  updatedAt: string;
};

export type EntityCounts = { accepted: number; rejected: number };

export type SelfReportSummary = {
  id: number;
  status: string;
  format: string;
  receivedAt: string;
  processedAt: string | null;
  counts: Partial<Record<'workers' | 'contracts' | 'enrolments', EntityCounts>> | null;
  errorCount: number;
  evaluationStatus: string | null;
};

export type EmployerDetail = EmployerView & {
  compliance: {
    asOf: string;
    workers: number;
    activeWorkers: number;
    enrolledActiveWorkers: number;
    enrolledShare: number | null;
    activeContractsByType: Record<string, number>;
    openCases: number;
    openCasesByRule: Record<string, number>;
    openCasesBySeverity: Record<string, number>;
    contractTypeMix?: {
      all: Record<string, number>;
      active: Record<string, number>;
      workersByType: Record<string, number>;
    };
    principal?: EmployerLink | null;
    contractors?: EmployerLink[];
    selfReports: { processed: number; lastProcessedAt: string | null; latest: SelfReportSummary[] };
    risk?: EmployerRisk;
    /** The BPJS records load judged for the employer's NPP (CONTRACT §9); null: none covers it. */
    bpjsVerification?: { loadId: number; asOf: string } | null;
  };
};

export type SelfReportDetail = {
  id: number;
  status: string;
  errors: { entity: string; index: number; field?: string | null; message: string }[];
};

export type RankedEmployer = EmployerView & EmployerRisk;
export type Page<T> = { items: T[]; nextCursor: string | null };

export type Stats = {
  asOf: string;
  openCases: {
    total: number;
    byRule: Record<string, number>;
    bySeverity: Record<string, number>;
    byDistrict: Record<string, number>;
  };
  formalWorkers: {
    total: number;
    enrolled: number;
    enrolledShare: number | null;
    /** Covered today by BPJS's own records (CONTRACT §9). */
    bpjsVerified?: number;
    bpjsVerifiedShare?: number | null;
    byDistrict: {
      district: string;
      workers: number;
      enrolled: number;
      enrolledShare: number | null;
      bpjsVerified?: number;
      bpjsVerifiedShare?: number | null;
    }[];
  };
  sponsoredCoverage: {
    covered: number;
    target: number;
    share: number | null;
    monthlyPremiumRupiah?: number | null;
    annualCostRupiah?: number | null;
    byDistrict: { district: string; covered: number; target: number | null; share: number | null }[];
  };
};

/** GET /stats/trend?weeks= (the API agent's TrendView): every week present, oldest first. */
export type TrendCounts = { opened: number; resolved: number; reopened: number };
export type TrendWeek = TrendCounts & {
  week: string;
  weekStart: string;
  byRule: Record<string, TrendCounts>;
};
export type Trend = { weeks: number; timeZone: string; from: string; to: string; items: TrendWeek[] };

export type Role = 'admin' | 'supervisor' | 'inspector' | 'employer';

export type UserRow = {
  id: number;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  districts?: string[] | null;
  employerId?: number | null;
  createdAt: string;
};

export type ApiKeyRow = {
  id: number;
  prefix: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
};
export type NewApiKey = ApiKeyRow & { employerId: number; key: string };

export type Subscription = {
  id: number;
  channel: 'webhook' | 'email';
  target: string;
  events: string[];
  minSeverity: Severity;
  district: string | null;
  active: boolean;
  pausedAt: string | null;
  pausedReason: string | null;
  failingSince: string | null;
  createdAt: string;
  secret?: string;
};

export type Delivery = {
  id: string;
  subscriptionId: number;
  channel: string;
  target: string;
  event: string;
  caseId: number | null;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
};

export type Sweep = {
  id: number;
  status: 'queued' | 'running' | 'completed' | 'failed';
  trigger: string;
  /** full: every employer; incremental: only those whose data or dates moved (issue #19). */
  mode?: 'full' | 'incremental';
  asOf: string;
  employersTotal: number;
  employersDone: number;
  employersFailed: number;
  /** Employers an incremental sweep left alone. */
  employersUnchanged?: number;
  failedEmployerIds: number[];
  casesOpened: number;
  casesResolved: number;
  casesReopened: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

/** The programs of an enrolment or coverage row as a list ('JKK,JKM' or ['JKK','JKM']). */
export function programList(p: Programs): string[] {
  if (!p) return [];
  return Array.isArray(p) ? p : p.split(/[,|]/).filter(Boolean);
}

/** Lists come as an array or as a page ({items}); the items either way. */
export function itemsOf<T>(r: T[] | { items: T[] } | null | undefined): T[] {
  if (!r) return [];
  return Array.isArray(r) ? r : (r.items ?? []);
}
