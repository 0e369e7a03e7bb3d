// `zoa init` as a user runs it: the compiled CLI scaffolds a site from this example, npm installs
// it (from the workspace's packages, offline), and the installed `zoa serve` runs it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runZoa, serveZoa, stopZoa } from '../../../packages/core/test/fixtures/zoa-process';
import type { ZoaProcess } from '../../../packages/core/test/fixtures/zoa-process';

const REPO = path.resolve(__dirname, '../../..');
const BUILT_ZOA = path.join(REPO, 'packages/core/bin/zoa.js');

/** A client keeping the cookies servers set, as a browser would; `base` may change (restarts). */
function client(server: { url: string }) {
  const jar = new Map<string, string>();
  return async (pathname: string, init: RequestInit = {}) => {
    const base = server.url;
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${base}${pathname}`, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        ...(cookie ? { Cookie: cookie } : {}),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair as string).split('=') as [string, string];
      jar.set(name, value);
    }
    return response;
  };
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('zoa init', () => {
  let parent: string;
  const running: ZoaProcess[] = [];
  beforeAll(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-init-'));
  });
  afterAll(async () => {
    for (const proc of running) if (proc.child.exitCode === null) await stopZoa(proc);
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('scaffolds a site that installs, serves the shop, and keeps the cart in the session', async () => {
    expect(fs.existsSync(path.join(REPO, 'packages/core/dist/cli/main.js'))).toBe(true); // `npm test` builds first
    const init = await runZoa(
      parent,
      ['init', 'shop', '--link-packages', path.join(REPO, 'packages')],
      {},
      BUILT_ZOA,
    );
    expect(init.code).toBe(0);
    expect(init.output).toContain('cd shop && npm install');
    expect(init.output).toContain('npm start');
    const password = /Log in as "admin" with the password (\S+)/.exec(init.output)?.[1];
    expect(password).toHaveLength(24);
    const dir = path.join(parent, 'shop');
    expect(fs.readdirSync(dir).sort()).toEqual(
      expect.arrayContaining(['README.md', 'package.json', 'products', 'var', 'zoa.config.yaml']),
    );
    expect(fs.existsSync(path.join(dir, 'test'))).toBe(false);

    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      stdio: 'pipe',
    });
    const installed = path.join(dir, 'node_modules/@zoa/core/bin/zoa.js');

    const server = await serveZoa(dir, [], {}, installed);
    running.push(server.process);
    expect(server.process.output()).not.toContain('Created the first Manager'); // init made it
    const get = client(server);
    expect(await (await get('/')).text()).toContain('Welcome to Zoa Coffee');
    expect((await get('/manage_main', { headers: { Accept: 'text/html' } })).status).toBe(401);
    const basic = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
    expect(
      (await fetch(`${server.url}/manage_main`, { headers: { Authorization: basic } })).status,
    ).toBe(200);

    expect((await get('/cart_add', form({ item: 'espresso', quantity: '3' }))).status).toBe(303);
    expect(await (await get('/cart')).text()).toContain('€64.50');
    expect(await (await get('/session_info')).text()).toContain('known: sent by your browser');
    expect((await stopZoa(server.process)).code).toBe(0);

    const restarted = await serveZoa(dir, [], {}, installed);
    running.push(restarted.process);
    server.url = restarted.url; // the same browser, its cookies kept
    expect(await (await get('/cart')).text()).toContain('Your cart is empty.'); // sessions are RAM only
    expect(await (await get('/catalogue/')).text()).toContain('Hand grinder'); // content is on disk
    await stopZoa(restarted.process);
  });

  it('refuses a folder that is not empty, and changes nothing in it', async () => {
    const dir = path.join(parent, 'taken');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    const result = await runZoa(parent, ['init', 'taken'], {}, BUILT_ZOA);
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      'is not empty: choose a new or empty folder (nothing was changed)',
    );
    expect(fs.readdirSync(dir)).toEqual(['keep.txt']);
  });
});
