import { CaseRow, caseJson, toCaseView } from './case.view';

const row = (over: Partial<CaseRow> = {}): CaseRow => ({
  id: 42,
  rule: 'ENROLMENT_MISSING',
  severity: 'critical',
  status: 'open',
  employer_id: 7,
  employer_name: 'PT "Kaltim" \\ Jaya\nbaru',
  district: 'Sangatta Utara',
  worker_nik: '6408010101900001',
  worker_name: 'Siti Rahmawati 😀',
  chain_start: '2022-07-01',
  summary: 'Worker … has had no enrolment',
  summary_id: 'Pekerja … tidak terdaftar',
  evidence:
    '{"totalUncoveredDays":120,"periods":[{"from":"2025-01-01","to":"2025-04-30"}],"note":"a \\"q\\""}',
  legal_basis: 'UU 24/2011 Art 15',
  rulebook_version: '1.0.0',
  amount_at_stake: '1234567',
  first_detected_at: new Date('2025-06-30T02:00:00.123Z'),
  last_detected_at: new Date('2025-07-01T02:00:00.000Z'),
  resolved_at: null,
  resolution: null,
  assignee_id: null,
  due_at: new Date('2025-07-14T02:00:00.123Z'),
  version: 3,
  severity_rank: 1,
  ...over,
});

describe('caseJson', () => {
  it('is the JSON of toCaseView, with the stored evidence spliced in', () => {
    for (const r of [
      row(),
      row({
        worker_nik: null,
        worker_name: null,
        chain_start: null,
        district: null,
        resolved_at: new Date('2025-08-01T00:00:00Z'),
        resolution: 'condition_cleared',
        assignee_id: 9,
        due_at: null,
        evidence: '',
        amount_at_stake: 0,
      }),
    ])
      expect(JSON.parse(caseJson(r))).toEqual(
        JSON.parse(JSON.stringify(toCaseView({ ...r, evidence: r.evidence || '{}' }))),
      );
  });
});
