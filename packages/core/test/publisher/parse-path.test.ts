import { BadRequestError, NotFoundError, UriTooLongError } from '@zoa/core';
import { parsePath, PATH_LIMITS } from '@zoa/core/publisher';

describe('parsePath', () => {
  it.each([
    ['/', [], true],
    ['/a', ['a'], false],
    ['/a/', ['a'], true],
    ['//a///b//', ['a', 'b'], true],
    ['/a/./b/.', ['a', 'b'], false],
    ['/a/b/../c', ['a', 'c'], false],
    ['/a/b/..', ['a'], false],
    ['/a/..', [], false],
    ['/a%20b/c%2Bd', ['a b', 'c+d'], false],
    ['/caf%C3%A9', ['café'], false],
    ['/%F0%9F%98%80', ['😀'], false],
    ['/a+b', ['a+b'], false],
    ['/@@edit', ['@@edit'], false],
  ])('decodes %s when it is well-formed', (raw, segments, trailingSlash) => {
    expect(parsePath(raw)).toEqual({ segments, trailingSlash });
  });

  describe('T-01 bad encodings are 400', () => {
    it.each([
      '/%',
      '/a%',
      '/%z',
      '/%zz',
      '/a%2',
      '/%C0%AE',
      '/%C0%AE%C0%AE',
      '/%C1%9C',
      '/%E0%80%AF',
      '/%ED%A0%80',
      '/%ED%BF%BF',
      '/%ED%A0%80%ED%B0%80',
      '/%FF',
      '/%80',
      '/%F4%90%80%80',
      '/a/%uD800',
    ])('T-01 answers 400 for %s', (raw) => {
      expect(() => parsePath(raw)).toThrow(BadRequestError);
    });

    it.each(['/\ud800', '/a\udc00b', '/é', '/a b', '/a\tb', '/a\x00', 'a', '', '*', '/a\\b'])(
      'T-01 answers 400 for raw characters outside printable ASCII: %j',
      (raw) => {
        expect(() => parsePath(raw)).toThrow(BadRequestError);
      },
    );
  });

  describe('T-02 dot segments and decoded separators', () => {
    it.each([
      ['/%2e%2e', 'encoded ..'],
      ['/%2E%2E', 'encoded .. (upper case)'],
      ['/.%2e', 'half-encoded ..'],
      ['/%2e.', 'half-encoded .. (other half)'],
      ['/a/%2e%2e/b', 'encoded .. inside'],
      ['/%2e', 'encoded .'],
      ['/a%2fb', 'encoded /'],
      ['/a%2Fb', 'encoded / (upper case)'],
      ['/..%2f..', 'encoded / between dots'],
      ['/a%5cb', 'encoded \\'],
      ['/..%5c..', 'encoded \\ between dots'],
      ['/a%00', 'NUL'],
      ['/a%00.html', 'NUL before an extension'],
      ['/a%0d%0aSet-Cookie:x', 'CR LF'],
      ['/a%09b', 'tab'],
      ['/a%1fb', 'unit separator'],
      ['/a%7fb', 'DEL'],
      ['/a%C2%85b', 'C1 control (NEL)'],
      ['/a%C2%9Fb', 'C1 control'],
    ])('T-02 answers 400 for %s (%s)', (raw) => {
      expect(() => parsePath(raw)).toThrow(BadRequestError);
    });

    it('T-02 decodes once: %252e%252e is the literal name %2e%2e', () => {
      expect(parsePath('/%252e%252e').segments).toEqual(['%2e%2e']);
      expect(parsePath('/a/%252e%252e/b').segments).toEqual(['a', '%2e%2e', 'b']);
      expect(parsePath('/%252f').segments).toEqual(['%2f']);
      expect(parsePath('/%25').segments).toEqual(['%']);
    });

    it('T-02 pops one level for a literal ..', () => {
      expect(parsePath('/a/b/../../c').segments).toEqual(['c']);
      expect(parsePath('/a/./../b').segments).toEqual(['b']);
    });
  });

  describe('T-03 .. above the root is 404', () => {
    it.each([
      '/..',
      '/../',
      '/../a',
      '/a/../..',
      '/a/../../b',
      '/mount/../../x',
      '/./..',
      '//..',
      '/a/b/../../../c',
    ])('T-03 answers 404 for %s', (raw) => {
      expect(() => parsePath(raw)).toThrow(NotFoundError);
    });
  });

  describe('T-09 limits', () => {
    const max = PATH_LIMITS.maxSegments;

    it('T-09 accepts 64 segments', () => {
      expect(parsePath('/a'.repeat(max)).segments).toHaveLength(max);
    });

    it.each([
      ['65 segments', '/a'.repeat(max + 1)],
      ['65 dot segments', '/.'.repeat(max + 1)],
      ['65 segments popped by ..', '/a/..'.repeat(40)],
    ])('T-09 answers 414 for %s', (_label, raw) => {
      expect(() => parsePath(raw)).toThrow(UriTooLongError);
    });

    it('T-09 ignores empty segments when counting', () => {
      expect(parsePath(`${'/'.repeat(200)}a`).segments).toEqual(['a']);
    });

    it('T-09 accepts a 255-character segment, counting code points', () => {
      expect(parsePath(`/${'x'.repeat(255)}`).segments[0]).toHaveLength(255);
      expect(parsePath(`/${'%F0%9F%98%80'.repeat(255)}`).segments[0]).toHaveLength(510);
    });

    it.each([
      ['256 characters', `/${'x'.repeat(256)}`],
      ['256 encoded characters', `/${'%41'.repeat(256)}`],
      ['8 KB in one segment', `/${'x'.repeat(8192)}`],
    ])('T-09 answers 414 for a segment of %s', (_label, raw) => {
      expect(() => parsePath(raw)).toThrow(UriTooLongError);
    });

    it('T-09 answers an 8 KB path quickly', () => {
      const paths = [`/${'a/'.repeat(4096)}`, `/${'%zz'.repeat(2730)}`, `/${'x'.repeat(8192)}`];
      const started = performance.now();
      for (let i = 0; i < 100; i += 1) {
        for (const raw of paths) expect(() => parsePath(raw)).toThrow();
      }
      expect((performance.now() - started) / 300).toBeLessThan(5);
    });
  });
});
