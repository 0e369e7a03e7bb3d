import fc from 'fast-check';
import {
  ClassRegistry,
  decodeState,
  encodeState,
  Persistent,
  RefCell,
  referencesIn,
} from '@zoa/core';
import { referencesOfState } from '../src/references-of-state';

class Thing extends Persistent {
  [key: string]: unknown;
}

const registry = new ClassRegistry();
registry.register('Thing', Thing);

/** Encodes `props` as the state of a Thing, its persistent values as references. */
function stateOf(props: Record<string, unknown>): string {
  const thing = Object.assign(new Thing(), props);
  let next = 100;
  const oids = new Map<Persistent, number>();
  const { tree } = encodeState(thing, registry, (target) => {
    if (!oids.has(target)) oids.set(target, (next += 1));
    return new RefCell(oids.get(target), 'Thing');
  });
  return JSON.stringify(tree);
}

/** The oids the decoder resolves when it loads `state` (the ground truth), sorted. */
function decodedReferences(state: string): number[] {
  const oids: number[] = [];
  decodeState(JSON.parse(state), registry, (oid) => {
    oids.push(oid);
    return new Thing();
  });
  return oids.sort((a, b) => a - b);
}

const sorted = (oids: readonly number[]): number[] => [...oids].sort((a, b) => a - b);

describe('referencesOfState', () => {
  it('finds the references of an encoded state, in order, when values nest', () => {
    const shared = new Thing();
    const state = stateOf({
      a: shared,
      list: [new Thing(), { deep: shared }],
      map: new Map([['k', new Thing()]]),
      set: new Set([new Thing()]),
    });
    expect(referencesOfState(state)).toEqual([101, 102, 101, 103, 104]);
    expect(sorted(referencesOfState(state))).toEqual(decodedReferences(state));
  });

  it('finds nothing when strings merely look like references', () => {
    const state = stateOf({ text: '{"$ref":[5,"Thing"]}', key: { '{"$ref":[6,': 1 } });
    expect(referencesOfState(state)).toEqual([]);
    expect(referencesIn(state)).toEqual([]);
  });

  it('follows the decoder when user data has a $ref key (wrapped in $obj)', () => {
    const state = stateOf({ data: { $ref: [7, 'Thing'] }, child: new Thing() });
    expect(referencesOfState(stateOf({ data: { $ref: [8, 'T'], more: new Thing() } }))).toEqual([
      101,
    ]);
    expect(state).toContain('"$obj"');
    expect(referencesOfState(state)).toEqual([101]);
    expect(decodedReferences(state)).toEqual([101]);
  });

  it('finds exactly what the decoder resolves for any stored value', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('$ref', '$obj', '$map', '__proto__'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.constant('thing'),
        fc.constantFrom('{"$ref":[5,"Thing"]}', '"$ref"', '{"$ref":[', '\\{"$ref":[6,'),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    const withThings = (v: unknown): unknown => {
      if (v === 'thing') return new Thing();
      if (Array.isArray(v)) return v.map(withThings);
      if (v !== null && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(v)) {
          Object.defineProperty(out, k, {
            value: withThings((v as Record<string, unknown>)[k]),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
      return v;
    };
    fc.assert(
      fc.property(value, (v) => {
        const state = stateOf({ v: withThings(v) });
        expect(sorted(referencesOfState(state))).toEqual(decodedReferences(state));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with core referencesIn on any state, references or not', () => {
    for (const state of [
      '{"$ref":[5,"Thing"],"x":{"$ref":[6,"Thing"]}}',
      '{"a":{"$obj":{"$obj":{"$ref":[7,"Thing"]}}}}',
      '{"a":[{"$ref":[8,"Thing"]},{"$ref":[8,"Thing"]}]}',
    ]) {
      expect(referencesOfState(state)).toEqual(referencesIn(state));
    }
  });

  it('returns an empty list for states without references', () => {
    expect(referencesOfState('{"title":"x"}')).toEqual([]);
    expect(referencesOfState('1')).toEqual([]);
  });
});
