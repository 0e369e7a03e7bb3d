import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import Koa from 'koa';
import request from 'supertest';
import { accessLog, createPublisherLogger, redactLogObject } from '@zoa/core/publisher';

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

  describe('access lines', () => {
    /** The access line pino itself writes for `entry`, and the one accessLog writes. */
    async function bothLines(
      path: string,
      name?: string,
    ): Promise<{ pinoLine: string; accessLine: string }> {
      const { lines, destination } = capture();
      const logger = createPublisherLogger({ destination, ...(name ? { name } : {}) });
      const koa = new Koa();
      koa.use(accessLog({ logger }));
      koa.use((ctx) => {
        ctx.status = 201;
        ctx.body = 'made';
      });
      await request(koa.callback()).post(path).expect(201);
      const accessLine = lines[0] as string;
      const written = JSON.parse(accessLine) as { path: string; ms: number };
      logger.info(
        { method: 'POST', path: written.path, status: 201, ms: written.ms, retries: 0 },
        'request',
      );
      const pinoLine = lines[1] as string;
      const time = (line: string) => line.replace(/"time":\d+/, '"time":0');
      return { pinoLine: time(pinoLine), accessLine: time(accessLine) };
    }

    it.each(['/plain/path', '/with%20escapes/%22q%22/back%5Cslash', `/${'long'.repeat(60)}`])(
      'are the line pino writes for the same entry (%s)',
      async (path) => {
        const { pinoLine, accessLine } = await bothLines(path);
        expect(accessLine).toBe(pinoLine);
        expect(JSON.parse(accessLine)).toMatchObject({ method: 'POST', path, status: 201 });
      },
    );

    it('carry the logger name and bindings set later', async () => {
      const { pinoLine, accessLine } = await bothLines('/a', 'shop');
      expect(accessLine).toBe(pinoLine);
      expect(JSON.parse(accessLine)).toMatchObject({ name: 'shop' });
      const { lines, destination } = capture();
      const logger = createPublisherLogger({ destination });
      logger.setBindings({ worker: 3 });
      const koa = new Koa();
      koa.use(accessLog({ logger }));
      await request(koa.callback()).get('/b');
      expect(JSON.parse(lines[0] as string)).toMatchObject({ worker: 3, path: '/b' });
    });

    it('follow the level as it changes', async () => {
      const { lines, destination } = capture();
      const logger = createPublisherLogger({ destination });
      const koa = new Koa();
      koa.use(accessLog({ logger }));
      logger.level = 'warn';
      await request(koa.callback()).get('/hidden');
      logger.level = 'info';
      await request(koa.callback()).get('/shown');
      expect(lines.map((line) => (JSON.parse(line) as { path: string }).path)).toEqual(['/shown']);
    });
  });

  it('buffers lines on stdout by default and writes them by the time the process exits', () => {
    const register = path.resolve(__dirname, '../fixtures/register-ts.js');
    const script = `
      require(${JSON.stringify(register)});
      const { createPublisherLogger } = require('@zoa/core/publisher');
      const logger = createPublisherLogger();
      logger.info({ n: 1 }, 'first');
      logger.warn({ n: 2 }, 'second');
      require('node:fs').writeSync(1, 'direct\\n'); // before the buffered lines
    `;
    const out = execFileSync(process.execPath, ['-e', script], { stdio: 'pipe' }).toString();
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('direct');
    expect(lines.slice(1).map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'first',
      'second',
    ]);
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
