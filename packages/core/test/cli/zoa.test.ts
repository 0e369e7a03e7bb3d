import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runZoa, serveZoa, stopZoa } from '../fixtures/zoa-process';
import type { ZoaProcess } from '../fixtures/zoa-process';

const SLOW = path.join(__dirname, '..', 'fixtures', 'slow-product.ts');

function writeConfig(dir: string, extra = ''): void {
  fs.writeFileSync(
    path.join(dir, 'zoa.config.yaml'),
    [
      `products: [${JSON.stringify(SLOW)}]`,
      'server: { shutdownTimeoutSeconds: 5 }',
      'databases:',
      '  main:',
      '    storage: { type: sqlite, path: var/Data.sqlite }',
      '    mountPoint: /',
      '  archive:',
      '    storage: { type: sqlite, path: var/Archive.sqlite }',
      '    mountPoint: /archive',
      extra,
    ].join('\n'),
  );
}

describe('zoa', () => {
  let dir: string;
  const running: ZoaProcess[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-cli-'));
    writeConfig(dir);
  });
  afterEach(async () => {
    for (const proc of running.splice(0)) if (proc.child.exitCode === null) await stopZoa(proc);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the commands with --help and fails on an unknown command', async () => {
    const help = await runZoa(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('serve');
    expect(help.output).toContain('adduser');
    const unknown = await runZoa(dir, ['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('unknown command "nope"');
  });

  it('names the bad key when the configuration is invalid', async () => {
    fs.writeFileSync(
      path.join(dir, 'zoa.config.yaml'),
      'databases:\n  main:\n    storage: { type: sqlite }\n    mountPoint: /\n',
    );
    const result = await runZoa(dir, ['mount']);
    expect(result.code).toBe(1);
    expect(result.output).toContain('Invalid configuration at "databases.main.storage.path"');
  });

  it('creates the first Manager with a generated password printed once (M-23)', async () => {
    const first = await serveZoa(dir);
    running.push(first.process);
    expect(first.process.output()).toMatch(
      /Created the first Manager "admin" with the password \S{24}/,
    );
    const login = await fetch(`${first.url}/login_form`);
    expect(login.status).toBe(200);
    await stopZoa(first.process);
    const second = await serveZoa(dir);
    running.push(second.process);
    expect(second.process.output()).not.toContain('Created the first Manager');
  });

  it('lists and creates mount points, and adds users', async () => {
    const before = await runZoa(dir, ['mount']);
    expect(before.output).toContain('/archive\tarchive\tReady to create');
    const created = await runZoa(dir, ['mount', '--all']);
    expect(created.output).toContain('created mount point /archive');
    expect(created.output).toContain('/archive\tarchive\tOk');
    const added = await runZoa(dir, [
      'adduser',
      'editor',
      '--roles',
      'Manager',
      '--password',
      'a long passphrase',
    ]);
    expect(added.code).toBe(0);
    expect(added.output).toContain('User "editor" (Manager) saved.');
    expect(added.output).not.toContain('a long passphrase');
    const packed = await runZoa(dir, ['pack']);
    expect(packed.code).toBe(0);
    expect(packed.output).toContain('main: removed');
  });

  it('finishes in-flight requests on SIGTERM, then exits 0 (R-09)', async () => {
    const server = await serveZoa(dir);
    running.push(server.process);
    const slow = fetch(`${server.url}/slow?ms=700`);
    await until(() => server.process.output().includes('slow view started')); // in flight
    const ended = stopZoa(server.process);
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('slept 700');
    const { code } = await ended;
    expect(code).toBe(0);
    await expect(fetch(`${server.url}/login_form`)).rejects.toThrow();
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
