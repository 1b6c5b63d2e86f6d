/*
 * Demo users (admin, supervisor, inspector, the last two with their districts), the named examples of
 * scripts/demo-examples.ts (every rule has a case to show), and an API key for one employer; prints them as JSON.
 * Idempotent.
 */
import { createPool } from 'mysql2/promise';
import { loadConfig, mysqlConnectionOptions, todayIn } from '@patuh/config';
import { hashPassword, newApiKey } from '@patuh/core';
import { loadDemoExamples } from './demo-examples';

export const DEMO_USERS = [
  {
    email: 'admin@patuh.local',
    password: 'admin-patuh-2025',
    role: 'admin',
    name: 'Admin Disnakertrans',
    districts: null,
  },
  {
    email: 'supervisor@patuh.local',
    password: 'supervisor-patuh-2025',
    role: 'supervisor',
    name: 'Kepala Seksi Pengawasan',
    districts: ['Sangatta Utara', 'Sangatta Selatan', 'Bengalon', 'Sangkulirang'],
  },
  {
    email: 'inspector@patuh.local',
    password: 'inspector-patuh-2025',
    role: 'inspector',
    name: 'Pengawas Sangatta',
    districts: ['Sangatta Utara'],
  },
] as const;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const pool = createPool(mysqlConnectionOptions(config.env.DATABASE_URL));
  try {
    for (const u of DEMO_USERS) {
      await pool.query(
        `INSERT INTO users (email, name, role, password_hash, districts) VALUES (?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), role = VALUES(role), districts = VALUES(districts), active = 1`,
        [u.email, u.name, u.role, await hashPassword(u.password), u.districts ? u.districts.join(',') : null],
      );
    }
    const asOf = process.env.DEMO_AS_OF ?? todayIn(config.env.BUSINESS_TZ);
    const examples = await loadDemoExamples((sql, params) => pool.query(sql, params), asOf);
    // The employer with the most workers gets a fresh key (shown once, here).
    const [rows] = (await pool.query(
      `SELECT e.id, e.name FROM employers e JOIN contracts c ON c.employer_id = e.id GROUP BY e.id, e.name ORDER BY COUNT(*) DESC, e.id LIMIT 1`,
    )) as unknown as [{ id: number; name: string }[]];
    let employer: { id: number; name: string; apiKey: string } | null = null;
    if (rows[0]) {
      const key = newApiKey();
      await pool.query(
        `INSERT INTO api_keys (employer_id, key_hash, prefix, label) VALUES (?, ?, ?, 'demo')`,
        [rows[0].id, key.hash, key.prefix],
      );
      employer = { ...rows[0], apiKey: key.key };
    }
    // The same employer's HR clerk signs in to the portal (/portal) as an `employer` user (CONTRACT §2).
    let clerk: { email: string; password: string; employerId: number; employerName: string } | null = null;
    if (rows[0]) {
      clerk = {
        email: 'hrd@patuh.local',
        password: 'hrd-patuh-2025',
        employerId: rows[0].id,
        employerName: rows[0].name,
      };
      await pool.query(
        `INSERT INTO users (email, name, role, employer_id, password_hash) VALUES (?, 'HRD (demo)', 'employer', ?, ?)
         ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), role = 'employer', employer_id = VALUES(employer_id), active = 1`,
        [clerk.email, clerk.employerId, await hashPassword(clerk.password)],
      );
    }
    console.log(JSON.stringify({ users: DEMO_USERS, employer, clerk, examples, asOf }));
  } finally {
    await pool.end();
  }
}

void main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
