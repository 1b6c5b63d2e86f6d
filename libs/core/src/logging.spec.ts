import { PassThrough } from 'stream';
import pino from 'pino';
import { maskingStream } from './logging';
import { maskNiks } from './mask';

describe('NIK masking in logs', () => {
  it('masks the middle eight digits of any 16-digit number, and nothing shorter or longer', () => {
    expect(maskNiks('nik 6408014107950003 rejected')).toBe('nik 6408********0003 rejected');
    expect(maskNiks('kpj 24011234567 / 12345678901234567')).toBe('kpj 24011234567 / 12345678901234567');
  });

  it('masks what any logger writes, in messages and in fields', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const log = pino({ level: 'info' }, maskingStream(out));
    log.info(
      { nik: '6408014107950003', row: { workers: [{ nik: '6408010101900001' }] } },
      'bad row for 6408010202900002',
    );
    await new Promise((r) => setImmediate(r));
    const line = chunks.join('');
    expect(line).toContain('6408********0003');
    expect(line).toContain('6408********0001');
    expect(line).toContain('6408********0002');
    expect(line).not.toMatch(/\d{16}/);
  });
});
