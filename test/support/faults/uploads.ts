import { FaultStack } from './scenario';

/** Distinct valid NIKs: region 640801, a real birth date DDMMYY, a serial. */
export const nik = (i: number) => {
  const d = i % 10080;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `640801${p2(1 + (d % 28))}${p2(1 + (Math.floor(d / 28) % 12))}${p2(70 + Math.floor(d / 336))}${String(Math.floor(i / 10080)).padStart(4, '0')}`;
};

/** Report n of an upload scenario: its own NIKs, workers and PKWT contracts, one bad row. */
export function reportBody(n: number, size: number) {
  const workers = [];
  const contracts = [];
  for (let i = 0; i < size; i++) {
    const k = nik(n * size + i);
    workers.push({ nik: k, name: `Pekerja ${n}-${i}` });
    contracts.push({
      ref: `F-${n}-${i}`,
      nik: k,
      type: 'PKWT',
      startDate: '2024-01-01',
      endDate: '2024-12-31',
      monthlyWage: 4_000_000,
    });
  }
  contracts.push({
    ref: `F-${n}-bad`,
    nik: nik(n * size),
    type: 'PKWT',
    startDate: '2024-01-01',
    monthlyWage: 1,
  });
  return { workers, contracts, enrolments: [] };
}

/** An employer with an API key on this stack (the admin signs in, issues the key). */
export async function employerKey(stack: FaultStack): Promise<{ employerId: number; key: string }> {
  const [row] = await stack.sql<{ id: number }>(`SELECT id FROM employers ORDER BY id LIMIT 1`);
  let employerId = row?.id;
  if (!employerId) {
    await stack.sql(
      `INSERT INTO employers (nib, name, scale, npp, district) VALUES ('9120000000001', 'PT Uji Gangguan', 'small', '24000001', 'Sangatta Utara')`,
    );
    employerId = (await stack.sql<{ id: number }>(`SELECT id FROM employers ORDER BY id LIMIT 1`))[0]!.id;
  }
  const saved = stack.token;
  await stack.login('adm@f.local');
  const res = await stack.http('POST', `/api/v1/employers/${employerId}/api-keys`, {});
  if (res.status !== 201) throw new Error(`api key: ${res.status}`);
  stack.token = saved;
  return { employerId, key: res.body.key as string };
}

export async function submit(
  stack: FaultStack,
  key: string,
  idem: string,
  body: unknown,
): Promise<{ status: number; id?: number } | { error: string }> {
  try {
    const res = await fetch(stack.url('/api/v1/self-reports'), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${key}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': idem,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as { id?: number }) : {};
    return { status: res.status, id: json.id };
  } catch (e) {
    return { error: String(e) };
  }
}

/** Every report's final status and counts, by idempotency key. */
export async function reportsByKey(stack: FaultStack, employerId: number) {
  const rows = await stack.sql<{
    k: string;
    id: number;
    status: string;
    counts: string;
    error_count: number;
  }>(
    `SELECT idempotency_key AS k, id, status, counts, error_count FROM self_reports WHERE employer_id = ? ORDER BY idempotency_key`,
    [employerId],
  );
  return rows;
}
