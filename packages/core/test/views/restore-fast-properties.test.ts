import { restoreFastProperties } from '../../src/views/restore-fast-properties';
import { hasFastProperties } from '../fixtures/has-fast-properties';

describe('restoreFastProperties', () => {
  it('gives a prototype that Object.create made a dictionary fast properties again', () => {
    const prototype = {
      greeting: 'hello',
      greet(): string {
        return this.greeting;
      },
    };
    const child = Object.create(prototype) as typeof prototype;
    expect(hasFastProperties(prototype)).toBe(false);

    restoreFastProperties(prototype);

    expect(hasFastProperties(prototype)).toBe(true);
    expect(Object.keys(prototype)).toEqual(['greeting', 'greet']);
    expect(child.greet()).toBe('hello');
  });

  it('keeps a prototype it made fast so when Object.create uses it again', () => {
    const prototype = { greeting: 'hello' };
    Object.create(prototype);
    restoreFastProperties(prototype);

    Object.create(prototype, { length: { value: 0, writable: true, configurable: true } });

    expect(hasFastProperties(prototype)).toBe(true);
  });

  it('leaves a prototype that is fast as it is, and adds no property to it', () => {
    class Point {
      x = 1;
      norm(): number {
        return this.x;
      }
    }
    restoreFastProperties(Point.prototype);

    expect(hasFastProperties(Point.prototype)).toBe(true);
    expect(Object.getOwnPropertyNames(Point.prototype)).toEqual(['constructor', 'norm']);
    expect(new Point().norm()).toBe(1);
  });
});
