import { addressProblem, checkTargetUrl, TargetRefused } from './target-policy';
import { normalizeIp } from './ip-normalize';

const dev = { NODE_ENV: 'development' as const, WEBHOOK_ALLOW_PRIVATE: undefined, WEBHOOK_ALLOWED_HOSTS: '' };
const prod = { ...dev, NODE_ENV: 'production' as const };

describe('target policy: IPv6 forms of internal IPv4 addresses (issue #16, item 1)', () => {
  // Every spelling of loopback, private, link-local and metadata that an attacker can put in a URL.
  const refusedInProduction = [
    'http://[::ffff:127.0.0.1]:8080/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:127.0.0.1]/',
    'http://[0000:0000:0000:0000:0000:FFFF:7F00:0001]/',
    'http://[::127.0.0.1]/',
    'http://[::7f00:1]/',
    'http://[::ffff:0:127.0.0.1]/', // SIIT
    'http://[64:ff9b::127.0.0.1]/', // NAT64
    'http://[64:ff9b::a9fe:a9fe]/', // NAT64 of 169.254.169.254
    'http://[2002:7f00:1::]/', // 6to4 of 127.0.0.1
    'http://[::ffff:10.0.0.1]/',
    'http://[::ffff:a00:1]/',
    'http://[::ffff:192.168.1.1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::]/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[fec0::1]/', // site-local
    'http://[fe80::1%25eth0]/',
    'http://[ff02::1]/',
    'http://127.0.0.1/',
    'http://127.1/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://10.0.0.1/',
    'http://100.64.0.1/',
    'http://192.168.0.1/',
    'http://172.16.0.1/',
    'http://169.254.169.254/',
    'http://0.0.0.0/',
    'http://localhost/',
    'http://a.localhost/',
  ];
  it.each(refusedInProduction)('refuses %s in production', (t) => {
    expect(() => checkTargetUrl(t, prod)).toThrow(TargetRefused);
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::ffff:7f00:1', '127.0.0.1'],
    ['[::ffff:7f00:1]', '127.0.0.1'],
    ['0:0:0:0:0:ffff:127.0.0.1', '127.0.0.1'],
    ['::127.0.0.1', '127.0.0.1'],
    ['::7f00:1', '127.0.0.1'],
    ['::ffff:0:7f00:1', '127.0.0.1'],
    ['64:ff9b::7f00:1', '127.0.0.1'],
    ['2002:a9fe:a9fe::1', '169.254.169.254'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['FE80:0:0::1%eth0', 'fe80::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['8.8.8.8', '8.8.8.8'],
    ['::1', '::1'],
    ['::', '::'],
    ['not-an-ip', null],
    ['1.2.3', null],
  ])('normalises %s to %s', (input, out) => {
    expect(normalizeIp(input)).toBe(out);
  });

  it('classifies the normalised address as its IPv4 would be, in every mode', () => {
    expect(addressProblem('::ffff:7f00:1', prod)).toMatch(/loopback/);
    expect(addressProblem('::ffff:7f00:1', dev)).toBeNull();
    expect(addressProblem('::7f00:1', prod)).toMatch(/loopback/);
    expect(addressProblem('::ffff:a9fe:a9fe', dev)).toMatch(/metadata|link-local/);
    expect(addressProblem('64:ff9b::a9fe:a9fe', dev)).toMatch(/metadata|link-local/);
    expect(addressProblem('::ffff:0.0.0.0', dev)).toMatch(/this network/);
    expect(addressProblem('2001:db8::1', prod)).toMatch(/reserved/);
    expect(addressProblem('2606:4700::1111', prod)).toBeNull();
    expect(addressProblem('::ffff:8.8.8.8', prod)).toBeNull();
  });

  it('allows public IPv6 and IPv4 targets in production', () => {
    for (const t of ['https://[2606:4700::1111]/h', 'https://93.184.216.34/h', 'https://hooks.example.org/h'])
      expect(() => checkTargetUrl(t, prod)).not.toThrow();
  });
});

describe('target policy: ports (issue #16, item 1)', () => {
  it('allows only 80 and 443 in production', () => {
    expect(() => checkTargetUrl('https://hooks.example.org/h', prod)).not.toThrow();
    expect(() => checkTargetUrl('http://hooks.example.org/h', prod)).not.toThrow();
    expect(() => checkTargetUrl('https://hooks.example.org:443/h', prod)).not.toThrow();
    for (const t of [
      'http://hooks.example.org:6379/',
      'https://hooks.example.org:8443/',
      'http://hooks.example.org:22/',
      'http://93.184.216.34:3306/',
    ])
      expect(() => checkTargetUrl(t, prod)).toThrow(/port/);
  });
  it('allows the ports in WEBHOOK_ALLOWED_PORTS, and any port outside production unless it is set', () => {
    const extra = { ...prod, WEBHOOK_ALLOWED_PORTS: '8443, 9000' };
    expect(() => checkTargetUrl('https://hooks.example.org:8443/h', extra)).not.toThrow();
    expect(() => checkTargetUrl('https://hooks.example.org:9000/h', extra)).not.toThrow();
    expect(() => checkTargetUrl('https://hooks.example.org:6379/h', extra)).toThrow(/port/);
    expect(() => checkTargetUrl('http://127.0.0.1:6379/h', dev)).not.toThrow();
    expect(() =>
      checkTargetUrl('http://127.0.0.1:6379/h', { ...dev, WEBHOOK_ALLOWED_PORTS: '8080' }),
    ).toThrow(/port/);
    expect(() =>
      checkTargetUrl('https://hooks.example.org:6379/h', { ...prod, WEBHOOK_ALLOWED_PORTS: '*' }),
    ).not.toThrow();
  });
});
