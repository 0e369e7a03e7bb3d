// The snippets of docs/zmi.md live here, between `#region` markers, and run as tests.
import { BadRequestError } from '@zoa/core';
import { classRegistry } from '@zoa/core/persistence';
import { VIEW_MANAGEMENT_SCREENS } from '@zoa/core/security';
import { Item } from '@zoa/core/tree';
import { extendZmi } from '../../src/zmi';
import type { ZmiInstaller } from '../../src/zmi';
import { Browser, createZmiSite, messageOf } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

class Note extends Item {
  static override readonly metaType = 'Note';
  text = '';

  setText(text: string): void {
    if (text.length > 10_000) throw new BadRequestError('A note holds 10,000 characters at most.');
    this.text = text;
    this.markChanged();
  }
}
classRegistry.register('docs.zmi.Note', Note);

// #region product-screens
const NOTE_TEMPLATE = `{% extends "zmi/layout.njk" %}
{% block content %}
<form class="zmi-form zmi-panel" method="post" action="{{ context.url }}/manage_editNote">
  <input type="hidden" name="csrf_token" value="{{ csrfToken }}">
  <label for="note-text">Text</label>
  <textarea id="note-text" name="text">{{ text }}</textarea>
  <div class="zmi-actions"><button type="submit" class="primary">Save</button></div>
</form>
{% endblock %}`;

const installNoteScreens: ZmiInstaller = (views, zmi) => {
  zmi.addTemplate('notes/edit.njk', NOTE_TEMPLATE);
  zmi.registerIcon(Note.metaType, 'page.svg');
  // a screen: GET, management headers, a tab on every Note
  zmi.registerManageScreen(views, Note, {
    name: 'manage_main',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Edit', order: 10 },
    handler: (ctx, note) => zmi.renderZmiPage(ctx, note, 'notes/edit.njk', { text: note.text }),
  });
  // an action: POST only, CSRF-checked, then Post/Redirect/Get with a status message
  zmi.registerManageScreen(views, Note, {
    name: 'manage_editNote',
    methods: ['POST'],
    permission: 'Change Notes',
    handler: async (ctx, note) => {
      const text = ctx.zoa.form.getString('text') ?? '';
      const outcome = await zmi.attemptAction(ctx, () => note.setText(text));
      if (!outcome.ok) {
        // the change is rolled back; show the form again with the message
        return zmi.renderZmiPage(ctx, note, 'notes/edit.njk', { text }, outcome);
      }
      return zmi.seeOther(ctx, note, 'manage_main', { message: 'Saved the note.' });
    },
  });
};

extendZmi(installNoteScreens); // when the product's module loads
// #endregion product-screens

describe('docs/zmi.md', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeAll(async () => {
    z = await createZmiSite({ temporary: false });
    await z.withRoot((root) => root.setObject('todo', new Note('todo', 'To do')));
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterAll(() => z.close());

  it("shows a product's screen with its tab and saves through its action", async () => {
    const screen = await browser.get('/todo/manage_main');
    expect(screen.status).toBe(200);
    expect(screen.text).toContain(
      '<a href="/todo/manage_main" class="active" aria-current="page">Edit</a>',
    );
    expect(screen.text).toContain('icons/page.svg');
    const saved = await browser.post('/todo/manage_editNote', { text: 'Buy <milk>' });
    expect(messageOf(saved)).toBe('Saved the note.');
    expect((await browser.get('/todo/manage_main')).text).toContain('Buy &lt;milk&gt;</textarea>');
    const refused = await browser.post('/todo/manage_editNote', { text: 'x'.repeat(10_001) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('A note holds 10,000 characters at most.');
    await z.withRoot(async (root) =>
      expect(((await root.get('todo')) as Note).text).toBe('Buy <milk>'),
    );
    const forged = await browser.post('/todo/manage_editNote', { text: 'x', csrf_token: '' });
    expect(forged.status).toBe(403);
  });
});
