import { setManagementHeaders } from '@zoa/core/security';

describe('setManagementHeaders', () => {
  it('M-08, M-09: forbids framing and sniffing, and caching', () => {
    const headers = new Map<string, string>();
    setManagementHeaders({ set: (name, value) => headers.set(name, value) });
    expect(Object.fromEntries(headers)).toEqual({
      'Content-Security-Policy': "frame-ancestors 'none'; default-src 'self'",
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'same-origin',
    });
  });
});
