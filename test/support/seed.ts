import { DataSource } from 'typeorm';

/** Plain SQL seeding for tests: exact rows, nothing hidden. */
export class Seed {
  private nib = 9100000000000 + Math.floor(Math.random() * 1e6) * 100;
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
    const res = (await this.ds.query(`INSERT INTO workers (nik, name, birth_date) VALUES (?, ?, ?)`, [
      nik,
      name,
      birthDate,
    ])) as { insertId: number };
    return Number(res.insertId);
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

  async processedReport(employerId: number, at: Date): Promise<void> {
    await this.ds.query(
      `INSERT INTO self_reports (kind, employer_id, body_hash, format, status, received_at, processed_at) VALUES ('employer', ?, ?, 'json', 'processed', ?, ?)`,
      [employerId, '0'.repeat(64), at, at],
    );
  }
}
