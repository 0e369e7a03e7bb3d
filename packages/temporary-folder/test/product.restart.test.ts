import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ZOA = path.join(__dirname, 'fixtures', 'zoa-from-source.js');
const PROBE = path.join(__dirname, 'fixtures', 'probe-product.ts');

interface Finished {
  code: number | null;
  output: string;
}

/** A `zoa` process: its output so far and a promise of its end. */
interface ZoaProcess {
  child: ChildProcess;
  output: () => string;
  finished: Promise<Finished>;
}

function zoa(dir: string, args: string[]): ZoaProcess {
  const child = spawn(process.execPath, [ZOA, ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
  return { child, output: () => output, finished };
}

/** Starts `zoa serve` on a free port; resolves once it listens. */
async function serve(
  dir: string,
  running: ZoaProcess[],
): Promise<{ url: string; process: ZoaProcess }> {
  const proc = zoa(dir, ['serve', '--port', '0', '--host', '127.0.0.1']);
  running.push(proc);
  const url = await new Promise<string>((resolve, reject) => {
    const check = (): void => {
      const match = /Zoa is listening on (\S+)/.exec(proc.output());
      if (match) resolve(match[1] as string);
    };
    proc.child.stdout?.on('data', check);
    void proc.finished.then(({ output }) =>
      reject(new Error(`zoa serve exited early:\n${output}`)),
    );
  });
  return { url, process: proc };
}

async function stop(proc: ZoaProcess): Promise<Finished> {
  proc.child.kill('SIGTERM');
  return proc.finished;
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
    expect((await stop(first.process)).code).toBe(0);

    // 2. The once-only step.
    const mount = await zoa(dir, ['mount', '/temp_folder']).finished;
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
    expect((await stop(second.process)).code).toBe(0);

    // 4. After the restart: the root content is there, /temp_folder exists and is empty.
    const third = await serve(dir, running);
    const rootIds = (await json(`${third.url}/probe_ids`)) as { ids: string[] };
    expect(rootIds.ids).toEqual(expect.arrayContaining(['temp_folder', 'kept']));
    expect(await json(`${third.url}/temp_folder/probe_ids`)).toEqual({
      metaType: 'Temporary Folder',
      ids: [],
    });
    expect((await stop(third.process)).code).toBe(0);
  }, 120_000);
});
