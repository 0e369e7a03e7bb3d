// The Properties tab: typed controls, editing every writable property, adding and deleting
// properties, and refused values shown with the form (nothing saved).
import { Folder } from '@zoa/core/tree';
import { Browser, createZmiSite, messageOf, textOf } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('properties screen', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeAll(async () => {
    z = await createZmiSite({ temporary: false });
    await z.withRoot(async (root) => {
      const docs = await root.setObject('docs', new Folder('docs', 'Docs'));
      docs.manageAddProperty('pages', '12', 'int');
      docs.manageAddProperty('draft', 'true', 'boolean');
      docs.manageAddProperty('keywords', 'a\nb', 'lines');
      docs.manageAddProperty('published', '2026-11-26T10:30:00Z', 'date');
      docs.manageAddProperty('color', 'red', 'selection', { options: ['red', 'green'] });
    });
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterAll(() => z.close());

  const docs = () => z.withRoot(async (root) => (await root.get('docs')) as Folder);

  it('lists the properties with a control per type', async () => {
    const page = await browser.get('/docs/manage_propertiesForm');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="title" value="Docs"');
    expect(page.text).toContain('name="pages" value="12" inputmode="numeric"');
    expect(page.text).toMatch(
      /<input type="checkbox" id="zmi-property-draft" name="draft" value="on" checked>/,
    );
    expect(page.text).toContain(
      '<textarea id="zmi-property-keywords" name="keywords">a\nb</textarea>',
    );
    expect(page.text).toContain('name="published" value="2026-11-26T10:30Z"');
    expect(page.text).toContain(
      '<option value="red" selected>red</option><option value="green">green</option>',
    );
    expect(page.text).not.toMatch(/name="ids" value="title"/);
    expect(page.text).toContain('name="ids" value="pages" form="zmi-delete-properties"');
  });

  it('saves every writable property; an unchecked box is false', async () => {
    const res = await browser.post('/docs/manage_editProperties', {
      title: 'Documents',
      pages: '13',
      keywords: 'x\ny\nz',
      published: '2027-01-02',
      color: 'green',
    });
    expect(messageOf(res)).toBe('Saved changes.');
    const folder = await docs();
    expect(folder.title).toBe('Documents');
    expect(folder.getProperty('pages')).toBe(13);
    expect(folder.getProperty('draft')).toBe(false);
    expect(folder.getProperty('keywords')).toEqual(['x', 'y', 'z']);
    expect((folder.getProperty('published') as Date).toISOString()).toBe(
      '2027-01-02T00:00:00.000Z',
    );
    expect(folder.getProperty('color')).toBe('green');
  });

  it('refuses a bad value with the message and saves nothing', async () => {
    const res = await browser.post('/docs/manage_editProperties', {
      title: 'Changed',
      pages: 'many',
      color: 'green',
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain(
      'Invalid value for the property "pages" (int): a whole number is expected.',
    );
    expect((await docs()).title).toBe('Documents');
  });

  it('adds and deletes properties', async () => {
    const added = await browser.post('/docs/manage_addProperty', {
      id: 'size',
      type: 'selection',
      value: 'S',
      options: 'S\nM\nL',
    });
    expect(messageOf(added)).toBe('Added the property "size".');
    const folder = await docs();
    expect(folder.getProperty('size')).toBe('S');
    expect(folder.propertyMap().find((d) => d.id === 'size')?.options).toEqual(['S', 'M', 'L']);
    const refused = await browser.post('/docs/manage_addProperty', { id: 'size', type: 'string' });
    expect(refused.status).toBe(400);
    expect(textOf(refused.text)).toContain(
      'The property id "size" is invalid - it is already in use.',
    );
    const deleted = await browser.post('/docs/manage_delProperties', { ids: ['size', 'draft'] });
    expect(messageOf(deleted)).toBe('Deleted 2 properties.');
    expect((await docs()).hasProperty('size')).toBe(false);
    const title = await browser.post('/docs/manage_delProperties', { ids: 'title' });
    expect(title.status).toBe(400);
    expect(textOf(title.text)).toContain('The property "title" cannot be deleted.');
  });
});
