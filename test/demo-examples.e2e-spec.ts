import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RULE_CODES } from '@patuh/rules';
import { demoExamples, loadDemoExamples } from '../scripts/demo-examples';
import { bearer, eventually, login, TestStack } from './support/stack';

/** The PDF's text via pdf-parse in a plain node process (pdf.js's dynamic import does not run in jest's VM). */
function pdfText(pdf: Buffer): string {
  const script =
    "const { PDFParse } = require('pdf-parse'); const chunks = [];" +
    "process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {" +
    'const p = new PDFParse({ data: Buffer.concat(chunks) }); const r = await p.getText(); await p.destroy();' +
    'process.stdout.write(r.text); });';
  return execFileSync(process.execPath, ['-e', script], { input: pdf, cwd: __dirname, encoding: 'utf8' });
}
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;

const AS_OF = '2026-12-01';
const BPJS_RULES = [
  'ENROLMENT_MISSING',
  'ENROLMENT_LATE',
  'PROGRAM_INCOMPLETE',
  'WAGE_UNDER_REPORTED',
  'EMPLOYER_UNREGISTERED',
  'SPONSORED_COST_SHIFT',
];
const PKWT_RULES = ['PKWT_DURATION_EXCEEDED', 'PKWT_LEGACY_BREACH', 'CONTRACTOR_HOPPING'];
const BPJS_SANCTION = /Pasal 17 Undang-Undang Nomor 24 Tahun 2011.*Peraturan Pemerintah Nomor 86 Tahun 2013/;

/**
 * The demo's named examples (scripts/demo-examples.ts) after one sweep: every rule of the rulebook in this build
 * (RULE_CODES, so the check tightens when a rulebook adds rules) has at least one case; and each rule's notice
 * letter is one page of Indonesian: the employer's name, the Indonesian legal basis, the sanction that fits the
 * rule, no raw evidence key.
 */
describe('demo examples: a case for every rule, and its notice letter', () => {
  let stack: TestStack;
  let api: INestApplication;
  let ds: DataSource;
  let token: string;
  let ids: Record<string, number>;
  const http = () => request(api.getHttpServer());
  const cases = new Map<string, { id: number; employer_id: number }>();

  beforeAll(async () => {
    stack = new TestStack('demo_examples');
    await stack.setup();
    ds = await stack.db();
    const sup = await stack.createUser('supervisor');
    api = await stack.startApi();
    await stack.startWorker();
    token = await login(api, sup.email, sup.password);
    ids = await loadDemoExamples((sql, params) => ds.query(sql, params), AS_OF);
    // Loading twice adds nothing.
    await loadDemoExamples((sql, params) => ds.query(sql, params), AS_OF);
    const sweep = await http().post('/api/v1/sweeps').set(bearer(token)).send({ asOf: AS_OF }).expect(202);
    await eventually(async () => {
      const s = (await http().get(`/api/v1/sweeps/${sweep.body.id}`).set(bearer(token))).body;
      if (s.status === 'failed') throw new Error(`sweep failed: ${JSON.stringify(s)}`);
      return s.status === 'completed' ? true : undefined;
    }, 60_000);
    const rows = (await ds.query(
      // One real case per rule (its own employer: MIN(id) and MIN(employer_id) taken apart can be two cases,
      // since batches of one sweep finish in any order).
      `SELECT c.rule, c.id, c.employer_id FROM cases c
         JOIN (SELECT rule, MIN(id) AS id FROM cases GROUP BY rule) m ON m.id = c.id`,
    )) as {
      rule: string;
      id: number;
      employer_id: number;
    }[];
    for (const r of rows) cases.set(r.rule, { id: Number(r.id), employer_id: Number(r.employer_id) });
  });
  afterAll(async () => {
    await stack.teardown();
  });

  it('loads each example once', async () => {
    const ex = demoExamples(AS_OF);
    const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM workers')) as { n: number }[];
    expect(Number(n)).toBe(ex.workers.length);
    const [{ c }] = (await ds.query('SELECT COUNT(*) AS c FROM contracts')) as { c: number }[];
    expect(Number(c)).toBe(ex.workers.reduce((s, w) => s + w.contracts.length, 0));
    const eko = ex.workers.find((w) => w.name === 'Eko Prasetyo')!;
    expect(eko.contracts).toHaveLength(40);
    const dedi = ex.workers.find((w) => w.name === 'Dedi Firmansyah')!;
    expect(new Set(dedi.contracts.map((x) => x.employer)).size).toBe(2);
  });

  it('gives every rule of the rulebook at least one case', async () => {
    const missing = RULE_CODES.filter((code) => !cases.has(code));
    expect(missing).toEqual([]);
    const on = (rule: string, key: string) =>
      ds.query('SELECT COUNT(*) AS n FROM cases WHERE rule = ? AND employer_id = ?', [
        rule,
        ids[key],
      ]) as Promise<{ n: number }[]>;
    return Promise.all(
      (
        [
          ['CONTRACTOR_HOPPING', 'tambang'],
          ['SELF_REPORT_OVERDUE', 'sangkulirang'],
          ['SELF_REPORT_OVERDUE', 'bengalon'],
          ['EMPLOYER_UNREGISTERED', 'bengalon'],
          ['WAGE_BELOW_MINIMUM', 'sawit'],
          ['WAGE_BELOW_MINIMUM', 'konstruksi'],
        ] as const
      ).map(async ([rule, key]) =>
        expect([rule, key, Number((await on(rule, key))[0]!.n) > 0]).toEqual([rule, key, true]),
      ),
    );
  });

  it('prints each rule a one-page Indonesian notice with the sanction that fits it', async () => {
    const names = new Map<number, string>(
      ((await ds.query('SELECT id, name FROM employers')) as { id: number; name: string }[]).map((r) => [
        Number(r.id),
        r.name,
      ]),
    );
    const pages: string[] = [];
    for (const code of RULE_CODES) {
      const c = cases.get(code)!;
      for (const to of ['in_review', 'confirmed'])
        await http()
          .post(`/api/v1/cases/${c.id}/transition`)
          .set(bearer(token))
          .send({ to, note: to })
          .expect(200);
      const r = await http()
        .get(`/api/v1/cases/${c.id}/notice.pdf`)
        .set(bearer(token))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const pdf = r.body as Buffer;
      if (process.env.NOTICE_DUMP_DIR) writeFileSync(`${process.env.NOTICE_DUMP_DIR}/${code}.pdf`, pdf);
      const text = pdfText(pdf).replace(/\s+/g, ' ');
      const detail = (await http().get(`/api/v1/cases/${c.id}`).set(bearer(token))).body as {
        legalBasis: string;
      };
      const where = `${code} (case ${c.id})`;
      if (pageCount(pdf) !== 1) pages.push(`${where}: ${pageCount(pdf)} pages`);
      expect([where, text.includes(names.get(c.employer_id)!)]).toEqual([where, true]);
      // No raw evidence key (camelCase) anywhere, and not the English legal basis of the rule.
      expect([where, text.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g)]).toEqual([where, null]);
      expect([where, text.includes(detail.legalBasis.replace(/\s+/g, ' '))]).toEqual([where, false]);
      expect(text).toContain('Dasar hukum');
      if (BPJS_RULES.includes(code)) {
        expect([where, BPJS_SANCTION.test(text)]).toEqual([where, true]);
        expect(text).toContain(
          'Undang-Undang Nomor 24 Tahun 2011 tentang Badan Penyelenggara Jaminan Sosial',
        );
      }
      if (PKWT_RULES.includes(code)) {
        expect([where, BPJS_SANCTION.test(text)]).toEqual([where, false]);
        expect([where, /Nomor 24 Tahun 2011/.test(text)]).toEqual([where, false]);
        expect(text).toContain('Undang-Undang Nomor 13 Tahun 2003');
        expect(text).toMatch(/demi hukum/);
      }
      if (code === 'PKWT_DURATION_EXCEEDED')
        expect(text).toContain('Peraturan Pemerintah Nomor 35 Tahun 2021');
      if (code === 'WAGE_BELOW_MINIMUM') {
        expect(text).toContain('Pasal 88E');
        expect(text).toContain('Pasal 185');
        expect(text).toMatch(/Rp \d{1,3}(\.\d{3})+/);
      }
      if (code === 'PKWT_SERIAL_RENEWAL') {
        // A policy rule: guidance, not a statutory breach nor its sanction.
        expect(text).toContain('Perihal : Pembinaan');
        expect(text).not.toContain('belum memenuhi');
        expect(text).toContain('Pasal 59 ayat (3)');
      }
      if (code === 'SELF_REPORT_OVERDUE') expect(text).toContain('Undang-Undang Nomor 7 Tahun 1981');
      expect(text).toMatch(
        /\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}/,
      );
    }
    expect(pages).toEqual([]);
  });
});
