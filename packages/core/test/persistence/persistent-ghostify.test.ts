// ghostify is internal (what a connection's cache does to objects it lets go): same module graph
// as the source.
import { ghostify, metaOf, Persistent } from '../../src/persistence/persistent';

class Note extends Persistent {
  title = 'a';
  body = 'b';
  constructor() {
    super();
    Object.defineProperty(this, '_v_cache', { value: 'kept', writable: true, configurable: true });
    Object.defineProperty(this, '_v_fixed', { value: 'fixed' }); // not configurable
  }
}

describe('ghostify', () => {
  it('drops the enumerable own properties and keeps the non-enumerable ones', () => {
    const note = new Note();
    (note as unknown as Record<string, unknown>)._v_plain = 'assigned, so enumerable';
    metaOf(note).status = 'saved';
    ghostify(note);
    expect(Object.keys(note)).toEqual([]);
    expect(Object.getOwnPropertyNames(note).sort()).toEqual(['_v_cache', '_v_fixed']);
    expect((note as unknown as Record<string, unknown>)._v_cache).toBe('kept');
    expect(Object.getOwnPropertyDescriptor(note, '_v_cache')).toEqual({
      value: 'kept',
      writable: true,
      enumerable: false,
      configurable: true,
    });
    expect(metaOf(note).status).toBe('ghost');
  });

  it('leaves an object it turned into a ghost ready to take its state again', () => {
    const note = new Note();
    ghostify(note);
    note.setState({ title: 'again', body: 'loaded' });
    expect(note.getState()).toEqual({ title: 'again', body: 'loaded' });
  });
});
