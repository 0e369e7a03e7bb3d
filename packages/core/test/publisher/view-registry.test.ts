import { DEFAULT_VIEW_NAME, ViewRegistry } from '@zoa/core/publisher';
import type { HttpMethod } from '@zoa/core/publisher';
import { TestFolder, TestPage } from './fixtures/test-tree';
import { T04_NAMES } from './fixtures/t04-vectors';

class SpecialPage extends TestPage {}

describe('ViewRegistry', () => {
  const handler = (): string => 'x';

  it('finds a view registered for the class when looked up on an instance', () => {
    const views = new ViewRegistry();
    const view = views.register(TestPage, { name: 'index_html', permission: 'View', handler });
    expect(views.lookup(new TestPage('p'), DEFAULT_VIEW_NAME)).toBe(view);
    expect(views.lookup(new TestFolder('f'), DEFAULT_VIEW_NAME)).toBeUndefined();
  });

  it('inherits views along the class chain and lets a subclass override by name', () => {
    const views = new ViewRegistry();
    const base = views.register(TestPage, { name: 'index_html', permission: 'View', handler });
    const edit = views.register(TestPage, { name: 'edit', permission: 'Change', handler });
    const special = views.register(SpecialPage, {
      name: 'index_html',
      permission: 'View',
      handler,
    });
    const page = new SpecialPage('s');
    expect(views.lookup(page, 'index_html')).toBe(special);
    expect(views.lookup(page, 'edit')).toBe(edit);
    expect(views.lookup(new TestPage('p'), 'index_html')).toBe(base);
  });

  it('sees views registered after a cached lookup', () => {
    const views = new ViewRegistry();
    const page = new SpecialPage('s');
    expect(views.lookup(page, 'edit')).toBeUndefined();
    const edit = views.register(TestPage, { name: 'edit', permission: 'Change', handler });
    expect(views.lookup(page, 'edit')).toBe(edit);
  });

  it('finds views for ghosts (objects made with Object.create)', () => {
    const views = new ViewRegistry();
    const view = views.register(TestPage, { name: 'index_html', permission: 'View', handler });
    expect(views.lookup(Object.create(TestPage.prototype) as object, 'index_html')).toBe(view);
  });

  it('implies HEAD when GET is allowed and sorts the Allow header', () => {
    const views = new ViewRegistry();
    expect(views.register(TestPage, { name: 'a', permission: 'View', handler }).allow).toBe(
      'GET, HEAD',
    );
    expect(
      views.register(TestPage, { name: 'b', methods: ['POST', 'GET'], permission: 'View', handler })
        .allow,
    ).toBe('GET, HEAD, POST');
    expect(
      views.register(TestPage, { name: 'c', methods: ['POST'], permission: 'View', handler }).allow,
    ).toBe('POST');
  });

  it('T-06 never publishes plain objects, primitives wrapped or functions', () => {
    const views = new ViewRegistry();
    views.register(TestPage, { name: 'index_html', permission: 'View', handler });
    expect(views.lookup({}, 'index_html')).toBeUndefined();
    expect(views.lookup(Object.create(null) as object, 'index_html')).toBeUndefined();
    expect(views.lookup(() => 1, 'index_html')).toBeUndefined();
    expect(() =>
      views.register(Object, { name: 'index_html', permission: 'View', handler }),
    ).toThrow(TypeError);
  });

  it.each(T04_NAMES)('T-04 refuses to register a view named %s', (name) => {
    const views = new ViewRegistry();
    expect(() => views.register(TestPage, { name, permission: 'View', handler })).toThrow(
      TypeError,
    );
    expect(views.lookup(new TestPage('p'), name)).toBeUndefined();
  });

  it.each([
    ['an empty name', { name: '' }],
    ['a name with /', { name: 'a/b' }],
    ['a name with <', { name: '<b>' }],
    ['a dot name', { name: '..' }],
    ['an empty permission', { permission: '' }],
    ['no methods', { methods: [] as HttpMethod[] }],
    ['an unknown method', { methods: ['TRACE' as HttpMethod] }],
    ['no handler', { handler: undefined as unknown as () => string }],
  ])('throws TypeError for %s', (_label, override) => {
    const views = new ViewRegistry();
    expect(() =>
      views.register(TestPage, { name: 'ok', permission: 'View', handler, ...override }),
    ).toThrow(TypeError);
  });

  it('throws TypeError when a class registers the same name twice', () => {
    const views = new ViewRegistry();
    views.register(TestPage, { name: 'index_html', permission: 'View', handler });
    expect(() =>
      views.register(TestPage, { name: 'index_html', permission: 'View', handler }),
    ).toThrow(/already has a view/);
  });

  it('lists the views of an object with viewsOf', () => {
    const views = new ViewRegistry();
    views.register(TestPage, { name: 'index_html', permission: 'View', handler });
    views.register(SpecialPage, { name: 'edit', permission: 'Change', handler });
    expect([...views.viewsOf(new SpecialPage('s')).keys()].sort()).toEqual(['edit', 'index_html']);
  });
});
