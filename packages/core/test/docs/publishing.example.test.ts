// The snippets of docs/publishing.md live here, between `#region` markers, and run as tests.
import Koa from 'koa';
import request from 'supertest';
import { classRegistry } from '@zoa/core/persistence';
import type { Authorizer } from '@zoa/core/publisher';
import {
  absoluteUrl,
  escapeHtml,
  parsePath,
  registerView,
  traverse,
  usePublisher,
  viewRegistry,
} from '@zoa/core/publisher';
import { createTestApp } from '@zoa/core/testing';
import { Application, Folder, Item } from '@zoa/core/tree';

// #region views
class Note extends Item {
  static override readonly metaType = 'Note';
  text = '';

  setText(text: string): void {
    this.text = text;
    this.markChanged();
  }
}
classRegistry.register('docs.Note', Note);

// GET (and HEAD) /notes/hello → the default view
registerView(Note, {
  name: 'index_html',
  permission: 'View',
  handler: (ctx, note) =>
    `<h1>${escapeHtml(note.title)}</h1><p>${escapeHtml(note.text)}</p>` +
    `<a href="${escapeHtml(absoluteUrl(note, ctx))}/edit">edit</a>`,
});
// POST /notes/hello/edit with text=… (urlencoded or JSON)
registerView(Note, {
  name: 'edit',
  methods: ['POST'],
  permission: 'Change Notes',
  handler: (ctx, note) => {
    note.setText(ctx.zoa.form.requireString('text')); // 400 when missing, repeated or not a string
    return { saved: true, url: ctx.zoa.absoluteUrl(note) };
  },
});
// a view for every Folder (and Application, a Folder subclass)
registerView(Folder, {
  name: 'index_html',
  permission: 'View',
  handler: async (_ctx, folder) => (await folder.objectIds()).join('\n'),
});
// #endregion views

describe('docs/publishing.md', () => {
  it('publishes notes', async () => {
    // #region serve
    const app = await createTestApp({ rootFactory: () => new Application(), views: viewRegistry });
    await app.withRoot(async (root) => {
      const notes = await root.setObject('notes', new Folder('notes'));
      await notes.setObject('hello', Object.assign(new Note('hello', 'Hello'), { text: 'Hi!' }));
    });
    const koa = usePublisher(new Koa(), { app });
    // #endregion serve
    try {
      const http = request(koa.callback());
      // #region requests
      await http.get('/notes/hello').expect(200); // <h1>Hello</h1><p>Hi!</p>…
      await http.head('/notes/hello').expect(200); // HEAD works wherever GET does
      await http.get('/notes').expect(301).expect('Location', '/notes/'); // containers get a slash
      await http.get('/notes/').expect(200, 'hello');
      await http.get('/notes/hello/edit').expect(405).expect('Allow', 'POST');
      await http.get('/notes/hello/text').expect(404); // attributes are never published
      await http.get('/notes/hello/constructor').expect(404); // nor Object.prototype (T-04)
      await http.get('/notes/%2e%2e/x').expect(400); // encoded dot segments (T-02)
      await http.post('/notes/hello/edit').type('form').send('text=Bye').expect(401); // default authorizer
      // #endregion requests
      expect((await http.get('/notes/hello')).text).toContain('<p>Hi!</p>');
    } finally {
      await app.close();
    }
  });

  it('plugs in an authorizer', async () => {
    // #region authorizer
    const editors: Authorizer = {
      authorize(ctx, _context, permission) {
        if (permission === 'View') return 'ok';
        const user = ctx.get('X-Demo-User'); // a real one checks a signed cookie or Basic auth
        if (user === '') return 'unauthenticated'; // 401
        return user === 'editor' ? 'ok' : 'forbidden'; // 403
      },
    };
    const app = await createTestApp({
      rootFactory: () => new Application(),
      views: viewRegistry,
      authorizer: editors,
    });
    // #endregion authorizer
    await app.withRoot(async (root) => {
      await root.setObject('hello', new Note('hello', 'Hello'));
    });
    try {
      const http = request(usePublisher(new Koa(), { app }).callback());
      await http.post('/hello/edit').type('form').send('text=Bye').expect(401);
      await http
        .post('/hello/edit')
        .set('X-Demo-User', 'guest')
        .type('form')
        .send('text=Bye')
        .expect(403);
      const res = await http
        .post('/hello/edit')
        .set('X-Demo-User', 'editor')
        .set('Content-Type', 'application/json')
        .send('{"text":"Bye"}')
        .expect(200);
      expect(res.body).toEqual({ saved: true, url: '/hello' });
      expect((await http.get('/hello')).text).toContain('<p>Bye</p>');
    } finally {
      await app.close();
    }
  });

  it('traverses without HTTP', async () => {
    const notes = new Folder('notes');
    const app = await createTestApp({ rootFactory: () => new Application() });
    try {
      await app.withRoot(async (root) => {
        await root.setObject('notes', notes);
        await notes.setObject('hello', new Note('hello'));
        // #region traverse
        const { segments } = parsePath('/notes/./hello/@@edit/x');
        const found = await traverse(root, segments);
        // found.context: the note; found.viewName: 'edit'; found.subpath: ['x'];
        // found.traversed: ['notes', 'hello']; found.parents: [note, notes, root]
        // #endregion traverse
        expect(found.viewName).toBe('edit');
        expect(found.subpath).toEqual(['x']);
        expect(found.traversed).toEqual(['notes', 'hello']);
        expect((found.context as Note).id).toBe('hello');
        expect(found.parents).toHaveLength(3);
      });
    } finally {
      await app.close();
    }
  });
});
