import { absoluteUrl, urlPathOf } from '@zoa/core/publisher';
import { TestFolder, TestPage } from './fixtures/test-tree';

describe('absoluteUrl', () => {
  const root = new TestFolder('');
  const docs = root.add(new TestFolder('my docs'));
  const page = docs.add(new TestPage('café?#'));

  it('joins the base URL and the physical path with encoded ids', () => {
    expect(absoluteUrl(page, { zoa: { baseUrl: 'https://example.com' } })).toBe(
      'https://example.com/my%20docs/caf%C3%A9%3F%23',
    );
    expect(absoluteUrl(root, { zoa: { baseUrl: '' } })).toBe('/');
  });

  it('throws TypeError when the object has no physical path', () => {
    expect(() => absoluteUrl({}, { zoa: { baseUrl: '' } })).toThrow(TypeError);
  });
});

describe('urlPathOf', () => {
  it('answers / for the root and /a/b below it', () => {
    expect(urlPathOf({ getPhysicalPath: () => [''] })).toBe('/');
    expect(urlPathOf({ getPhysicalPath: () => ['', 'a', 'b'] })).toBe('/a/b');
  });
});
