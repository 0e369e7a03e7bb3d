// The Control Panel: databases with their statistics and a Pack button, server facts, products.
import { Folder } from '@zoa/core/tree';
import { Browser, createZmiSite, messageOf, textOf } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('control panel screen', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeAll(async () => {
    z = await createZmiSite();
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterAll(() => z.close());

  it('lists the databases with object counts and sizes, server facts and products', async () => {
    const res = await browser.get('/manage_controlPanel');
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    expect(text).toMatch(/main \(main\) \/ sqlite \d+ [\d.]+ (B|KB)/);
    expect(text).toContain('Temporary database (for sessions) (temporary) /temp_folder temporary');
    expect(text).toContain(process.version);
    expect(text).toContain('Zoa core types (core)');
    expect(text).toContain('Temporary folder (temporary-folder)');
    expect(res.text).toContain('<input type="hidden" name="database" value="main">');
    expect(res.text).toContain('data-busy');
  });

  it('packs a database and reports how many objects it removed', async () => {
    await z.withRoot(async (root) => {
      const junk = await root.setObject('junk', new Folder('junk'));
      for (let i = 0; i < 3; i += 1) await junk.setObject(`f${i}`, new Folder(`f${i}`));
    });
    await z.withRoot((root) => root.delObject('junk'));
    const res = await browser.post('/manage_pack', { database: 'main' });
    expect(res.status).toBe(303);
    expect(messageOf(res)).toMatch(
      /^Packed the database "main" in \d+\.\d s: removed 4 objects\.$/,
    );
    const page = await browser.get(res.headers.location as string);
    expect(page.text).toContain('removed 4 objects.</p>');
    const unknown = await browser.post('/manage_pack', { database: 'nope' });
    expect(unknown.status).toBe(400);
  });
});
