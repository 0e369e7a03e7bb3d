import fs from 'node:fs';
import request from 'supertest';
import { ensureManager } from '@zoa/core';
import type { Site } from '@zoa/core';
import { openExample, tempSiteDir } from './example-site';

describe('the example site in the ZMI', () => {
  let dir: string;
  let site: Site;
  let handler: Parameters<typeof request>[0];
  const auth = `Basic ${Buffer.from('admin:a long example passphrase').toString('base64')}`;

  beforeAll(async () => {
    dir = tempSiteDir();
    const opened = await openExample(dir);
    site = opened.site;
    handler = opened.handler;
    await site.run(async (txn) => {
      await ensureManager(await site.root(txn), { password: 'a long example passphrase' });
    });
  });
  afterAll(async () => {
    await site.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['/manage_main', 'catalogue'],
    ['/catalogue/manage_main', 'espresso'],
    ['/catalogue/espresso/manage_propertiesForm', 'Price (EUR)'],
    ['/temp_folder/session_data/manage_main', 'There are no items in this container.'],
    ['/browser_id_manager/manage_main', '_ZopeId'],
    ['/session_data_manager/manage_main', '/temp_folder/session_data'],
  ])('shows %s to a Manager', async (url, text) => {
    const response = await request(handler).get(url).set('Authorization', auth);
    expect(response.status).toBe(200);
    expect(response.text).toContain(text);
  });

  it('offers the shop types in the add menu', async () => {
    const response = await request(handler)
      .get('/catalogue/manage_main')
      .set('Authorization', auth);
    expect(response.text).toContain('Catalogue Item');
  });
});
