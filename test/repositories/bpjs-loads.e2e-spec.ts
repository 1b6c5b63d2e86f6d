import { DataSource } from 'typeorm';
import { BpjsLoadsRepository, BpjsRecordInsert, isDuplicateKey } from '@patuh/persistence';
import { TestStack } from '../support/stack';

describe('BpjsLoadsRepository (real MySQL)', () => {
  const stack = new TestStack('repo_bpjs_loads');
  let ds: DataSource;
  let loads: BpjsLoadsRepository;

  beforeAll(async () => {
    await stack.setup();
    ds = await stack.db();
    loads = new BpjsLoadsRepository(ds);
  });
  afterAll(() => stack.teardown());

  const rec = (npp: string, nik: string, from = '2024-01-01'): BpjsRecordInsert => [
    npp,
    nik,
    from,
    '24011234567',
    'JKK,JKM',
    null,
    3_900_000,
    '2025-05-01',
  ];
  const newLoad = (asOf: string, key: string | null = null) =>
    loads.insert({
      idempotencyKey: key,
      bodyHash: 'b'.repeat(64),
      format: 'csv',
      asOf,
      receivedAt: new Date(),
      submittedByUserId: null,
    });
  /** A processed load of these records (rejected rows per NPP as given), coverage recomputed. */
  const processed = async (asOf: string, recs: BpjsRecordInsert[], rejected: [string, number][] = []) => {
    const id = await newLoad(asOf);
    await ds.transaction(async (m) => {
      expect(await loads.lockStatus(id, m)).toBe('queued');
      expect(await loads.insertRecordsIfNew(id, recs, m)).toBeNull();
      const npps = await loads.insertLoadNpps(id, asOf, new Map(rejected), m);
      await loads.markProcessed(
        id,
        {
          processedAt: new Date(),
          rowsTotal: recs.length,
          rowsAccepted: recs.length,
          rowsRejected: 0,
          nppsTotal: npps,
          errors: { count: 0, items: [] },
        },
        m,
      );
      await loads.recomputeCoverage(id, m);
    });
    return id;
  };
  const coverage = async () =>
    Object.fromEntries(
      (
        (await ds.query('SELECT npp, load_id AS l FROM bpjs_npp_coverage ORDER BY npp')) as {
          npp: string;
          l: number;
        }[]
      ).map((r) => [r.npp, Number(r.l)]),
    );

  it('inserts a load, refuses a reused Idempotency-Key, reads it back with its date', async () => {
    const id = await newLoad('2025-06-30', 'key-1');
    expect(isDuplicateKey(await newLoad('2025-06-30', 'key-1').catch((e: unknown) => e))).toBe(true);
    expect(await loads.findByIdempotencyKey('key-1')).toMatchObject({
      id,
      asOf: '2025-06-30',
      status: 'queued',
    });
    await loads.insertPartChunk(id, 0, Buffer.from('a'));
    await loads.insertPartChunk(id, 1, Buffer.from('b'));
    expect(await loads.countPartChunks(id)).toBe(2);
    expect(String(await loads.readPartChunk(id, 1))).toBe('b');
  });

  it('a batch meeting a key already in the load writes nothing and names the keys there', async () => {
    const id = await newLoad('2025-06-30');
    await ds.transaction(async (m) => {
      expect(await loads.insertRecordsIfNew(id, [rec('N1', '6408014107950003')], m)).toBeNull();
      // 405 rows: the first 400 go in one statement, then the duplicate fails the second; both are undone.
      const batch = Array.from({ length: 404 }, (_, i) => rec('N1', `64080141079${String(10000 + i)}`));
      batch.push(rec('N1', '6408014107950003'));
      expect(await loads.insertRecordsIfNew(id, batch, m)).toEqual(['N1 6408014107950003 2024-01-01']);
      const [{ n }] = (await m.query('SELECT COUNT(*) AS n FROM bpjs_records WHERE load_id = ?', [id])) as {
        n: number;
      }[];
      expect(Number(n)).toBe(1);
      expect(await loads.insertRecordsIfNew(id, batch.slice(0, -1), m)).toBeNull();
    });
  });

  it('points each NPP at its latest processed load without rejected rows; deletion falls back', async () => {
    const a = await processed('2025-05-31', [rec('P1', '6408014107950003'), rec('P2', '6408014107950003')]);
    expect(await coverage()).toMatchObject({ P1: a, P2: a });
    const b = await processed('2025-06-30', [rec('P1', '6408014107950003')]);
    const older = await processed('2025-04-30', [
      rec('P1', '6408014107950003'),
      rec('P2', '6408014107950003'),
    ]);
    expect(await coverage()).toMatchObject({ P1: b, P2: a });
    // Same asOf, higher id wins; but not with a rejected row for that NPP.
    const holed = await processed('2025-06-30', [rec('P1', '6408014107950003')], [['P1', 2]]);
    expect(await coverage()).toMatchObject({ P1: b });
    expect(await loads.listNpps(holed, 10)).toEqual([
      { npp: 'P1', rows: 1, rowsRejected: 2, current: false },
    ]);
    const same = await processed('2025-06-30', [rec('P1', '6408014107950003')]);
    expect(await coverage()).toMatchObject({ P1: same });
    expect(await loads.employerIdsOfLoad(same)).toEqual([]);

    for (const id of [same, b]) {
      await ds.transaction(async (m) => {
        await loads.markDeleted(id, new Date(), null, m);
        await loads.recomputeCoverage(id, m);
      });
    }
    expect(await coverage()).toMatchObject({ P1: a, P2: a });
    await ds.transaction(async (m) => {
      await loads.markDeleted(a, new Date(), null, m);
      await loads.recomputeCoverage(a, m);
    });
    expect(await coverage()).toMatchObject({ P1: older, P2: older });
    expect(await loads.deleteRecords(a, 1)).toBe(1);
    expect(await loads.deleteRecords(a, 10)).toBe(1);
    expect(await loads.deleteRecords(a, 10)).toBe(0);
  });
});
