import { Writable } from 'node:stream';
import { createPublisherLogger, redactLogObject } from '@zoa/core/publisher';

describe('createPublisherLogger', () => {
  function capture(): { lines: string[]; destination: Writable } {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { lines, destination };
  }

  it('writes JSON lines with the message', () => {
    const { lines, destination } = capture();
    createPublisherLogger({ destination }).info({ method: 'GET', status: 200 }, 'request');
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      name: 'zoa',
      method: 'GET',
      status: 200,
      msg: 'request',
    });
  });

  it('redacts cookies, passwords, session ids and credentials (S-23)', () => {
    const { lines, destination } = capture();
    createPublisherLogger({ destination }).info(
      {
        password: 'hunter2',
        sessionId: 'sid-value-1',
        browserId: 'bid-value-1',
        cookie: 'a=b',
        user: { password: 'nested-pass', name: 'ann' },
        req: { headers: { cookie: 'sid=cookie-value', authorization: 'Basic creds' } },
        res: { headers: { 'set-cookie': ['sid=set-cookie-value'] } },
      },
      'entry',
    );
    const line = lines[0] as string;
    for (const secret of [
      'hunter2',
      'sid-value-1',
      'bid-value-1',
      'a=b',
      'nested-pass',
      'cookie-value',
      'creds',
      'set-cookie-value',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('ann');
    expect(line).toContain('[redacted]');
  });

  it('honours the level', () => {
    const { lines, destination } = capture();
    const logger = createPublisherLogger({ destination, level: 'warn' });
    logger.info({}, 'hidden');
    logger.warn({}, 'shown');
    expect(lines).toHaveLength(1);
  });
});

describe('redactLogObject', () => {
  it('returns an entry without secrets as is', () => {
    const entry = { method: 'GET', path: '/a', status: 200, nested: { a: [1, { b: 2 }] } };
    expect(redactLogObject(entry)).toBe(entry);
  });

  it('censors secret keys in any case, in nested objects and arrays, without changing the input', () => {
    const entry = {
      Cookie: 'sid=1',
      headers: { Authorization: 'Basic x', 'Set-Cookie': ['a=b'] },
      users: [{ name: 'ann', PASSWORD: 'p' }],
    };
    expect(redactLogObject(entry)).toEqual({
      Cookie: '[redacted]',
      headers: { Authorization: '[redacted]', 'Set-Cookie': '[redacted]' },
      users: [{ name: 'ann', PASSWORD: '[redacted]' }],
    });
    expect(entry.Cookie).toBe('sid=1');
    expect(entry.users[0]?.PASSWORD).toBe('p');
  });

  it('copies a __proto__ key safely', () => {
    const entry = JSON.parse('{"__proto__":{"x":1},"token":"t"}') as Record<string, unknown>;
    const redacted = redactLogObject(entry);
    expect(redacted.token).toBe('[redacted]');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
