import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runZoa, serveZoa, stopZoa } from '../../core/test/fixtures/zoa-process';
import type { ZoaProcess } from '../../core/test/fixtures/zoa-process';

const PROBE = path.join(__dirname, 'fixtures', 'probe-product.ts');

/** Starts `zoa serve` from source and remembers the process for clean-up. */
async function serve(dir: string, running: ZoaProcess[]) {
  const server = await serveZoa(dir);
  running.push(server.process);
  return server;
}

async function json(url: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  expect(response.status).toBe(200);
  return response.json();
}

describe('product', () => {
  const running: ZoaProcess[] = [];
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-restart-'));
    fs.writeFileSync(
      path.join(dir, 'zoa.config.yaml'),
      [
        `products: ['@zoa/temporary-folder', ${JSON.stringify(PROBE)}]`,
        'databases:',
        '  main:',
        '    storage: { type: sqlite, path: var/Data.sqlite }',
        '    mountPoint: /',
        '  temporary:',
        '    name: Temporary database (for sessions)',
        '    storage: { type: temporary }',
        '    mountPoint: /temp_folder',
        '    containerClass: TemporaryContainer',
        '',
      ].join('\n'),
    );
  });

  afterEach(() => {
    for (const proc of running.splice(0))
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the SQLite root and recreates /temp_folder empty when a real zoa serve restarts', async () => {
    // 1. Configured but not mounted yet: the site starts and says what to do.
    const first = await serve(dir, running);
    expect(first.process.output()).toContain('no mount point exists there yet');
    expect(first.process.output()).toContain('zoa mount /temp_folder');
    expect((await fetch(`${first.url}/temp_folder/probe_ids`)).status).toBe(404);
    expect((await stopZoa(first.process)).code).toBe(0);

    // 2. The once-only step.
    const mount = await runZoa(dir, ['mount', '/temp_folder']);
    expect(mount).toMatchObject({ code: 0 });
    expect(mount.output).toContain('created mount point /temp_folder');

    // 3. Write under the SQLite root and under /temp_folder over HTTP.
    const second = await serve(dir, running);
    expect(second.process.output()).not.toContain('no mount point exists there yet');
    await json(`${second.url}/probe_add?id=kept`, { method: 'POST' });
    await json(`${second.url}/temp_folder/probe_add?id=lost`, { method: 'POST' });
    expect(await json(`${second.url}/temp_folder/probe_ids`)).toEqual({
      metaType: 'Temporary Folder',
      ids: ['lost'],
    });
    expect((await stopZoa(second.process)).code).toBe(0);

    // 4. After the restart: the root content is there, /temp_folder exists and is empty.
    const third = await serve(dir, running);
    const rootIds = (await json(`${third.url}/probe_ids`)) as { ids: string[] };
    expect(rootIds.ids).toEqual(expect.arrayContaining(['temp_folder', 'kept']));
    expect(await json(`${third.url}/temp_folder/probe_ids`)).toEqual({
      metaType: 'Temporary Folder',
      ids: [],
    });
    expect((await stopZoa(third.process)).code).toBe(0);
  }, 120_000);
});
