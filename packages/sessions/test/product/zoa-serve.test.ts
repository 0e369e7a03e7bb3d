// The product in a real `zoa serve` process, configured by name as a user would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runZoa, serveZoa, stopZoa } from '../../../core/test/fixtures/zoa-process';
import type { ZoaProcess } from '../../../core/test/fixtures/zoa-process';

const VIEWS = path.join(__dirname, '..', 'fixtures', 'session-views.ts');

function browserIdOf(response: Response): string | undefined {
  const line = response.headers.getSetCookie().find((c) => c.startsWith('_ZopeId='));
  return line === undefined ? undefined : (line.split(';')[0] as string).slice('_ZopeId='.length);
}

describe('@zoa/sessions in zoa serve', () => {
  let dir: string;
  const running: ZoaProcess[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-sessions-serve-'));
    fs.writeFileSync(
      path.join(dir, 'zoa.config.yaml'),
      [
        `products: ['@zoa/temporary-folder', '@zoa/sessions', ${JSON.stringify(VIEWS)}]`,
        'server: { shutdownTimeoutSeconds: 5 }',
        'databases:',
        '  main:',
        '    storage: { type: sqlite, path: var/Data.sqlite }',
        '    mountPoint: /',
        '  temporary:',
        '    name: Temporary database (for sessions)',
        '    storage: { type: temporary }',
        '    mountPoint: /temp_folder',
        '    containerClass: TemporaryContainer',
        'settings:',
        '  sessions: { timeoutMinutes: 30 }',
        '',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    for (const proc of running.splice(0)) if (proc.child.exitCode === null) await stopZoa(proc);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a session across requests, and a restart empties sessions', async () => {
    const mount = await runZoa(dir, ['mount', '--all']);
    expect(mount.output).toContain('created mount point /temp_folder');

    const first = await serveZoa(dir);
    running.push(first.process);
    const set = await fetch(`${first.url}/session_set?key=cart&value=book`, { method: 'POST' });
    expect(set.status).toBe(200);
    const id = browserIdOf(set) as string;
    expect(id).toHaveLength(43);
    const headers = { Cookie: `_ZopeId=${id}` };
    const again = await fetch(`${first.url}/session_get?key=cart`, { headers });
    expect(await again.json()).toEqual({ value: 'book' });
    expect(browserIdOf(again)).toBeUndefined();
    expect(first.process.output()).not.toContain(id); // S-23: not in the access log
    expect((await stopZoa(first.process)).code).toBe(0);

    const second = await serveZoa(dir);
    running.push(second.process);
    const after = await fetch(`${second.url}/session_get?key=cart`, { headers });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ value: null });
    expect(browserIdOf(after)).not.toBe(id); // the old id is unknown now: a new one (S-08)
    expect(second.process.output()).not.toContain('Sessions are unavailable');
    expect((await stopZoa(second.process)).code).toBe(0);
  }, 120_000);
});
