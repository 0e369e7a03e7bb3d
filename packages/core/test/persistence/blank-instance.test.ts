// blankInstance is internal: same module graph as the source.
import { blankInstance } from '../../src/persistence/blank-instance';
import { metaOf, Persistent } from '../../src/persistence/persistent';

let constructed = 0;

class Counter extends Persistent {
  value: number;
  label = 'counter';

  constructor() {
    super();
    constructed += 1;
    this.value = 0;
  }
}

describe('blankInstance', () => {
  it('makes an object of the class without running its constructors', () => {
    const before = constructed;
    const blank = blankInstance<Counter>(Counter);
    expect(blank).toBeInstanceOf(Counter);
    expect(blank).toBeInstanceOf(Persistent);
    expect(Object.getPrototypeOf(blank)).toBe(Counter.prototype);
    expect(constructed).toBe(before);
    expect(Object.keys(blank)).toEqual([]); // no field initializer ran either
  });

  it('gives an object a stored state can be restored into', () => {
    const blank = blankInstance<Counter>(Counter);
    blank.setState({ value: 3, label: 'visits' });
    expect(blank.value).toBe(3);
    expect(blank.label).toBe('visits');
    expect(metaOf(blank).status).toBe('unsaved'); // the bookkeeping is made on first use
    expect(blank.getState()).toEqual({ value: 3, label: 'visits' });
  });
});
