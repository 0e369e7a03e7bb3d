import type { IncomingMessage } from 'node:http';
import type { PublisherSettings } from '@zoa/core/publisher';
import { requestBaseUrl } from '@zoa/core/publisher';

function req(headers: Record<string, string | string[]>, encrypted = false): IncomingMessage {
  return { headers, socket: { encrypted } } as unknown as IncomingMessage;
}

const base: PublisherSettings = { devMode: false, trustProxy: false };
const forged = {
  host: 'evil.example',
  'x-forwarded-host': 'evil2.example',
  'x-forwarded-proto': 'https',
};

describe('requestBaseUrl', () => {
  it('T-18 trusts no header when nothing is configured (origin-relative URLs)', () => {
    expect(requestBaseUrl(req(forged), base)).toBe('');
  });

  it('T-18 uses publicUrl over every header', () => {
    expect(
      requestBaseUrl(req(forged), {
        ...base,
        trustProxy: true,
        publicUrl: 'https://site.example/',
      }),
    ).toBe('https://site.example');
  });

  it.each([
    ['an allowed Host', { host: 'www.example.com' }, 'http://www.example.com'],
    ['an allowed Host in another case', { host: 'WWW.Example.COM' }, 'http://www.example.com'],
    [
      'an allowed Host with its port',
      { host: 'api.example.com:8443' },
      'http://api.example.com:8443',
    ],
    ['a Host that is not allowed', { host: 'evil.example' }, 'http://www.example.com'],
    ['a forged X-Forwarded-Host (no trusted proxy)', forged, 'http://www.example.com'],
    ['a malformed Host', { host: 'www.example.com/@evil' }, 'http://www.example.com'],
    ['no Host', {}, 'http://www.example.com'],
  ])('T-18 with allowedHosts, answers for %s', (_label, headers, expected) => {
    const settings = { ...base, allowedHosts: ['www.example.com', 'api.example.com:8443'] };
    expect(requestBaseUrl(req(headers), settings)).toBe(expected);
  });

  it('uses https for an encrypted connection', () => {
    expect(
      requestBaseUrl(req({ host: 'a.example' }, true), { ...base, allowedHosts: ['a.example'] }),
    ).toBe('https://a.example');
  });

  it.each([
    ['forwarded proto and host', forged, 'https://evil2.example'],
    [
      'the first of several values',
      { 'x-forwarded-host': 'a.example, b.example', 'x-forwarded-proto': 'https,http' },
      'https://a.example',
    ],
    [
      'a bad forwarded proto',
      { host: 'h.example', 'x-forwarded-proto': 'javascript' },
      'http://h.example',
    ],
    [
      'a malformed forwarded host',
      { host: 'h.example', 'x-forwarded-host': 'a b' },
      'http://h.example',
    ],
    ['no host at all', {}, ''],
  ])('T-18 behind a trusted proxy, answers for %s', (_label, headers, expected) => {
    expect(requestBaseUrl(req(headers), { ...base, trustProxy: true })).toBe(expected);
  });

  it('T-18 behind a trusted proxy still applies allowedHosts', () => {
    const settings = { ...base, trustProxy: true, allowedHosts: ['www.example.com'] };
    expect(requestBaseUrl(req(forged), settings)).toBe('https://www.example.com');
  });
});
