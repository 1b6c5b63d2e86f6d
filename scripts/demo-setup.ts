/* Demo users (admin, supervisor, inspector) and an API key for one employer; prints them as JSON. Idempotent. */
import { createPool } from 'mysql2/promise';
import { loadConfig, mysqlConnectionOptions } from '@patuh/config';
import { hashPassword, newApiKey } from '@patuh/core';

export const DEMO_USERS = [
  { email: 'admin@patuh.local', password: 'admin-patuh-2025', role: 'admin', name: 'Admin Disnakertrans' },
  {
    email: 'supervisor@patuh.local',
    password: 'supervisor-patuh-2025',
    role: 'supervisor',
    name: 'Kepala Seksi Pengawasan',
  },
  {
    email: 'inspector@patuh.local',
    password: 'inspector-patuh-2025',
    role: 'inspector',
    name: 'Pengawas Sangatta',
  },
] as const;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const pool = createPool(mysqlConnectionOptions(config.env.DATABASE_URL));
  try {
    for (const u of DEMO_USERS) {
      await pool.query(
        `INSERT INTO users (email, name, role, password_hash) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), role = VALUES(role)`,
        [u.email, u.name, u.role, await hashPassword(u.password)],
      );
    }
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
    console.log(JSON.stringify({ users: DEMO_USERS, employer }));
  } finally {
    await pool.end();
  }
}

void main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
