// The configuration of docs/deployment.md lives here, between `#region` markers: the `postgres`
// storage type's options are checked, and two real `zoa serve` processes run it on one schema.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, createStorageTypeRegistry, loadConfig } from '@zoa/core/config';
import { PostgresStorage } from '@zoa/core/persistence';
import { runZoa, serveZoa, stopZoa } from '../fixtures/zoa-process';
import type { ZoaProcess } from '../fixtures/zoa-process';
import { PG_URL, describePg, dropSchema, testSchemaName } from './fixtures/postgres-test-schema';

const configText = `
# #region scale-out-config
server:
  host: 0.0.0.0 # behind the load balancer
  port: 8080
  trustProxy: true # honour X-Forwarded-Proto/Host from the load balancer
products: ['@zoa/temporary-folder']
databases:
  main:
    storage:
      type: postgres
      url: postgres://zoa@db.internal:5432/site # or leave out: PGHOST, PGUSER, PGPASSWORD, ...
      schema: zoa
      poolSize: 10 # connections per process
    mountPoint: /
  temporary:
    name: Temporary database (one per process)
    storage: { type: temporary }
    mountPoint: /temp_folder
    containerClass: TemporaryContainer
# #endregion scale-out-config
`;

const HITS_PRODUCT = path.join(__dirname, 'fixtures', 'postgres-hits-product.ts');
const context = { key: 'databases.main.storage', baseDir: os.tmpdir(), name: 'main' };

describe('storage type postgres', () => {
  it('accepts the configuration of docs/deployment.md', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-deploy-')), 'zoa.yaml');
    fs.writeFileSync(file, configText);
    const config = loadConfig(file);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    expect(config.databases[0]?.storage).toEqual({
      type: 'postgres',
      url: 'postgres://zoa@db.internal:5432/site',
      schema: 'zoa',
      poolSize: 10,
    });
  });

  it.each([
    [{ host: 'db' }, 'databases.main.storage.host', 'unknown option'],
    [{ url: 'postgres://a/b', connectionString: 'postgres://a/b' }, '.connectionString', 'either'],
    [{ url: 'mysql://db/site' }, 'databases.main.storage.url', 'postgres://'],
    [{ connectionString: 42 }, 'databases.main.storage.connectionString', 'a URL'],
    [{ schema: 'My-Site' }, 'databases.main.storage.schema', 'lower-case'],
    [{ poolSize: 1 }, 'databases.main.storage.poolSize', 'from 2 to 1000'],
    [{ snapshotWindowSeconds: -1 }, 'databases.main.storage.snapshotWindowSeconds', '>= 0'],
  ])('throws ConfigError naming the key when the options are %j', async (options, key, text) => {
    const created = createStorageTypeRegistry().create({ type: 'postgres', ...options }, context);
    await expect(created).rejects.toBeInstanceOf(ConfigError);
    await expect(created).rejects.toMatchObject({ key: expect.stringContaining(key) });
    await expect(created).rejects.toThrow(text);
  });
});

describePg('docs/deployment.md: several zoa serve processes on one PostgreSQL database', () => {
  let dir: string;
  let schema: string;
  const running: ZoaProcess[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-scale-out-'));
    schema = testSchemaName();
    const text = configText
      .replace('postgres://zoa@db.internal:5432/site', PG_URL as string)
      .replace('schema: zoa', `schema: ${schema}`)
      .replace("['@zoa/temporary-folder']", `['@zoa/temporary-folder', '${HITS_PRODUCT}']`);
    fs.writeFileSync(path.join(dir, 'zoa.config.yaml'), text);
  });

  afterEach(async () => {
    for (const proc of running.splice(0)) if (proc.child.exitCode === null) await stopZoa(proc);
    fs.rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('opens a PostgresStorage from the configuration', async () => {
    const config = loadConfig(path.join(dir, 'zoa.config.yaml'));
    const storage = await createStorageTypeRegistry().create(config.databases[0]!.storage, context);
    expect(storage).toBeInstanceOf(PostgresStorage);
    expect((storage as PostgresStorage).schema).toBe(schema);
    await storage.close();
  });

  it('serves one site from two processes: writes on either are counted once and seen by both', async () => {
    const init = await runZoa(dir, ['mount', '--all']); // once per site, before the processes
    expect(init.code).toBe(0);
    const [a, b] = await Promise.all([serveZoa(dir), serveZoa(dir)]);
    running.push(a.process, b.process);
    // One of them created the first Manager; the other found it (a conflict, retried).
    const created = [a, b].filter((s) => s.process.output().includes('Created the first Manager'));
    expect(created).toHaveLength(1);

    // A write through one process is read by the other in its next request.
    expect(await (await fetch(`${a.url}/hit`, { method: 'POST' })).text()).toMatch(/^1 from/);
    expect(await (await fetch(`${b.url}/hits`)).text()).toBe('1');

    // Concurrent writes to one object from both: each success counted once (409s allowed when
    // the retries run out; none may be lost or counted twice).
    let ok = 1;
    const statuses: number[] = [];
    for (let round = 0; round < 8; round += 1) {
      const responses = await Promise.all(
        [a, b, a, b].map((server) => fetch(`${server.url}/hit`, { method: 'POST' })),
      );
      for (const response of responses) {
        statuses.push(response.status);
        if (response.status === 200) ok += 1;
      }
    }
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    expect(ok).toBeGreaterThan(8);
    for (const server of [a, b]) {
      expect(await (await fetch(`${server.url}/hits`)).text()).toBe(String(ok));
    }
    for (const server of [a, b]) expect((await stopZoa(server.process)).code).toBe(0);
  });
});
