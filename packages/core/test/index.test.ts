import * as core from '../src/index';
import { hasFastProperties } from './fixtures/has-fast-properties';

// This file's realm is its own (jest): what loading @zoa/core does to the built-ins shows here.
describe('@zoa/core', () => {
  it('leaves every built-in prototype with fast properties once loaded (ADR 0010)', () => {
    expect(core.Persistent).toBeDefined();
    const builtins = [String, Array, Object, Function, Number, Boolean, Symbol, Promise, Map, Set];
    const slow = [...builtins, Error, RegExp, Date, Uint8Array, ArrayBuffer, Buffer]
      .filter((builtin) => !hasFastProperties(builtin.prototype))
      .map((builtin) => builtin.name);
    expect(slow).toEqual([]);
  });
});
