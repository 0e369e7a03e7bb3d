import { hasFastProperties } from '../fixtures/has-fast-properties';

// Each jest test file runs in a realm of its own: its String.prototype is this file's alone.
describe('views/nunjucks', () => {
  it('is needed: nunjucks, as it loads, turns String.prototype into a dictionary', () => {
    jest.isolateModules(() => {
      jest.requireActual('nunjucks');
    });
    expect(hasFastProperties(String.prototype)).toBe(false);
  });

  it('loads nunjucks and leaves String.prototype with fast properties', () => {
    jest.isolateModules(() => {
      jest.requireActual('../../src/views/nunjucks');
    });
    expect(hasFastProperties(String.prototype)).toBe(true);
  });

  it('renders with autoescape and safe strings, loaded through it', () => {
    let nunjucks!: typeof import('nunjucks');
    jest.isolateModules(() => {
      nunjucks = jest.requireActual<{ default: typeof nunjucks }>(
        '../../src/views/nunjucks',
      ).default;
    });
    const environment = new nunjucks.Environment([], { autoescape: true });
    const html = environment.renderString('{{ text }} {{ markup | safe }}', {
      text: '<b>',
      markup: '<i>ok</i>',
    });

    expect(html).toBe('&lt;b&gt; <i>ok</i>');
    // rendering `| safe` loads properties through SafeString objects, which alone would make
    // String.prototype fast in time: this asserts only that rendering does not undo the fix
    expect(hasFastProperties(String.prototype)).toBe(true);
  });
});
