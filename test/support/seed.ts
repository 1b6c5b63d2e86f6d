import { DataSource } from 'typeorm';

/** Plain SQL seeding for tests: exact rows, nothing hidden. */
export class Seed {
  private nib = 9100000000000 + Math.floor(Math.random() * 1e6) * 100;
  /** Each seeded worker's name and birth date, written as the report of every employer given a row of theirs. */
  private readonly identities = new Map<number, { name: string; birthDate: string | null }>();
  constructor(private readonly ds: DataSource) {}

  async employer(e: {
    name?: string;
    scale?: string;
    npp?: string | null;
    district?: string;
    principalEmployerId?: number | null;
    jkkRiskGroup?: number | null;
  }): Promise<number> {
    const res = (await this.ds.query(
      `INSERT INTO employers (nib, name, scale, npp, district, jkk_risk_group, principal_employer_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        String(++this.nib),
        e.name ?? `PT Uji ${this.nib}`,
        e.scale ?? 'small',
        e.npp === undefined ? '24000001' : e.npp,
        e.district ?? 'Sangatta Utara',
        e.jkkRiskGroup ?? 2,
        e.principalEmployerId ?? null,
      ],
    )) as { insertId: number };
    return Number(res.insertId);
  }

  async worker(
    nik: string,
    name = `Pekerja ${nik.slice(-4)}`,
    birthDate: string | null = null,
  ): Promise<number> {
    const res = (await this.ds.query(`INSERT INTO workers (nik) VALUES (?)`, [nik])) as { insertId: number };
    const id = Number(res.insertId);
    this.identities.set(id, { name, birthDate });
    return id;
  }

  /**
   * The worker as this employer reported them (employer_workers: the name and birth date are per employer since
   * migration 1764000000920). Done by contract() and enrolment() for the worker's seeded name; call it to claim a
   * worker without a row, or to give another name.
   */
  async reported(
    employerId: number,
    workerId: number,
    name?: string,
    birthDate?: string | null,
  ): Promise<void> {
    const known = this.identities.get(workerId);
    await this.ds.query(
      `INSERT INTO employer_workers (employer_id, worker_id, name, birth_date) VALUES (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE name = IF(? IS NULL, name, VALUES(name)), birth_date = IF(? IS NULL, birth_date, VALUES(birth_date))`,
      [
        employerId,
        workerId,
        name ?? known?.name ?? null,
        birthDate === undefined ? (known?.birthDate ?? null) : birthDate,
        name ?? null,
        birthDate === undefined ? null : 1,
      ],
    );
  }

  async contract(c: {
    employerId: number;
    workerId: number;
    ref: string;
    type?: 'PKWT' | 'PKWTT';
    start: string;
    end: string | null;
    wage?: number;
    /** Uang kompensasi reported paid (rulebook v2); null: not reported. */
    compensationPaid?: number | null;
  }): Promise<void> {
    await this.claim(c.employerId, c.workerId);
    await this.ds.query(
      `INSERT INTO contracts (employer_id, worker_id, ref, type, start_date, end_date, monthly_wage, compensation_paid, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'admin')`,
      [
        c.employerId,
        c.workerId,
        c.ref,
        c.type ?? 'PKWT',
        c.start,
        c.end,
        c.wage ?? 5_000_000,
        c.compensationPaid ?? null,
      ],
    );
  }

  async enrolment(e: {
    employerId: number;
    workerId: number;
    programs?: string;
    from: string;
    to?: string | null;
    wage?: number;
  }): Promise<void> {
    await this.claim(e.employerId, e.workerId);
    await this.ds.query(
      `INSERT INTO enrolments (employer_id, worker_id, kpj, programs, effective_from, effective_to, reported_wage, source) VALUES (?, ?, ?, ?, ?, ?, ?, 'admin')`,
      [
        e.employerId,
        e.workerId,
        '24011234567',
        e.programs ?? 'JKK,JKM,JHT,JP',
        e.from,
        e.to ?? null,
        e.wage ?? 5_000_000,
      ],
    );
  }

  /** The employer's report of the worker, once (an existing row is kept as it is). */
  private async claim(employerId: number, workerId: number): Promise<void> {
    const known = this.identities.get(workerId);
    await this.ds.query(
      'INSERT IGNORE INTO employer_workers (employer_id, worker_id, name, birth_date) VALUES (?, ?, ?, ?)',
      [employerId, workerId, known?.name ?? null, known?.birthDate ?? null],
    );
  }

  async processedReport(employerId: number, at: Date): Promise<void> {
    await this.ds.query(
      `INSERT INTO self_reports (kind, employer_id, body_hash, format, status, received_at, processed_at) VALUES ('employer', ?, ?, 'json', 'processed', ?, ?)`,
      [employerId, '0'.repeat(64), at, at],
    );
  }
}
