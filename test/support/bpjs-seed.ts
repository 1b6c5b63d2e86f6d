import { DataSource } from 'typeorm';

/** One row of BPJS's records in a load (CONTRACT §9), as the intake stores it. */
export interface BpjsSeedRecord {
  npp: string;
  nik: string;
  kpj?: string;
  programs?: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  reportedWage?: number;
  /** 'YYYY-MM' (stored as its first day), or null: nothing paid. */
  paidThrough?: string | null;
}

/**
 * Plain SQL seeding of BPJS records loads for tests (the intake route is G1's, issue #17): a processed load with its
 * records, the NPPs it covers, and the coverage each NPP is judged on (the latest as_of, then the highest id, of
 * the loads not deleted), exactly as migration 1764000000900 describes the tables.
 */
export class BpjsSeed {
  constructor(private readonly ds: DataSource) {}

  async load(asOf: string, rows: BpjsSeedRecord[]): Promise<number> {
    const now = new Date();
    const res = (await this.ds.query(
      `INSERT INTO bpjs_loads (body_hash, format, as_of, status, received_at, processed_at, rows_total, rows_accepted, npps_total)
       VALUES (?, 'json', ?, 'processed', ?, ?, ?, ?, ?)`,
      [
        Math.random().toString(16).slice(2).padEnd(64, '0'),
        asOf,
        now,
        now,
        rows.length,
        rows.length,
        new Set(rows.map((r) => r.npp)).size,
      ],
    )) as { insertId: number };
    const loadId = Number(res.insertId);
    if (rows.length)
      await this.ds.query(
        `INSERT INTO bpjs_records (load_id, npp, nik, effective_from, kpj, programs, effective_to, reported_wage, paid_through) VALUES ?`,
        [
          rows.map((r) => [
            loadId,
            r.npp,
            r.nik,
            r.effectiveFrom,
            r.kpj ?? '24011234567',
            r.programs ?? 'JKK,JKM,JHT,JP',
            r.effectiveTo ?? null,
            r.reportedWage ?? 5_000_000,
            r.paidThrough === undefined
              ? `${asOf.slice(0, 7)}-01`
              : r.paidThrough === null
                ? null
                : `${r.paidThrough}-01`,
          ]),
        ],
      );
    const byNpp = new Map<string, number>();
    for (const r of rows) byNpp.set(r.npp, (byNpp.get(r.npp) ?? 0) + 1);
    return this.cover(loadId, asOf, byNpp);
  }

  /** A load that names NPPs with no record (BPJS holds none of their workers). */
  async emptyLoad(asOf: string, npps: string[]): Promise<number> {
    const id = await this.load(asOf, []);
    return this.cover(id, asOf, new Map(npps.map((n) => [n, 0])));
  }

  private async cover(loadId: number, asOf: string, byNpp: Map<string, number>): Promise<number> {
    for (const [npp, n] of byNpp) {
      await this.ds.query(`INSERT INTO bpjs_load_npps (load_id, npp, as_of, \`rows\`) VALUES (?, ?, ?, ?)`, [
        loadId,
        npp,
        asOf,
        n,
      ]);
      await this.recompute(npp);
    }
    return loadId;
  }

  /** Deletes a load as an admin would: its records go, its row stays (status deleted), coverage falls back. */
  async deleteLoad(loadId: number): Promise<void> {
    const npps = (await this.ds.query(`SELECT npp FROM bpjs_load_npps WHERE load_id = ?`, [loadId])) as {
      npp: string;
    }[];
    await this.ds.query(`DELETE FROM bpjs_records WHERE load_id = ?`, [loadId]);
    await this.ds.query(`UPDATE bpjs_loads SET status = 'deleted', deleted_at = ? WHERE id = ?`, [
      new Date(),
      loadId,
    ]);
    for (const { npp } of npps) await this.recompute(npp);
  }

  private async recompute(npp: string): Promise<void> {
    const [best] = (await this.ds.query(
      `SELECT n.load_id, n.as_of FROM bpjs_load_npps n JOIN bpjs_loads l ON l.id = n.load_id
        WHERE n.npp = ? AND l.status <> 'deleted' ORDER BY n.as_of DESC, n.load_id DESC LIMIT 1`,
      [npp],
    )) as { load_id: number; as_of: string }[];
    if (!best) await this.ds.query(`DELETE FROM bpjs_npp_coverage WHERE npp = ?`, [npp]);
    else
      await this.ds.query(
        `INSERT INTO bpjs_npp_coverage (npp, load_id, as_of) VALUES (?, ?, ?)
         ON DUPLICATE KEY UPDATE load_id = VALUES(load_id), as_of = VALUES(as_of)`,
        [npp, best.load_id, best.as_of],
      );
  }
}
