import type { ClassRegistry } from './class-registry';
import type { DataRecord } from './interfaces';
import {
  itemStart,
  memberStart,
  parseValueAt,
  skipSpace,
  startsArray,
  startsObject,
} from './json-scan';
import type { Persistent } from './persistent';
import type { ResolveRef } from './serializer';
import { decodeOwnedPart } from './serializer';
import { LazyReference } from './serializer-lazy-reference';
import { SettledPromise } from './settled-promise';

/**
 * The stored state of an object, read for one lookup without loading the object (see
 * `peekState`): its JSON text, of which only the parts asked for are parsed and decoded — a
 * lookup in a B-tree bucket compares the keys in the text and decodes the one value it finds.
 * Nothing of it is attached to a connection's cache. @internal
 *
 * @example
 * ```ts
 * const state = new PeekedState('{"keys":["a"],"values":{"$lazy":[1]}}', registry, resolve);
 * state.get('keys'); // ['a']
 * state.lazyItems('values')?.at(0); // 1
 * ```
 */
export class PeekedState {
  /** Where the record starts: the whole text, or the payload of its `{"$obj": …}` wrapping. */
  private readonly recordAt: number;

  constructor(
    private readonly text: string,
    private readonly registry: ClassRegistry,
    private readonly resolve: ResolveRef,
  ) {
    const at = skipSpace(text, 0);
    // a state with a key starting with "$" is stored wrapped, as its only member "$obj"
    const first = skipSpace(text, at + 1);
    this.recordAt = text.startsWith('"$obj"', first) ? memberStart(text, at, '$obj') : at;
  }

  /** The property `name` of the state, decoded; undefined when the state has none. */
  get(name: string): unknown {
    const at = memberStart(this.text, this.recordAt, name);
    if (at < 0) return undefined;
    return decodeOwnedPart(parseValueAt(this.text, at), this.registry, this.resolve);
  }

  /**
   * Where the property `name`, stored as a plain array, starts in the state's JSON text (which
   * comes with it), for a caller that reads its items in place; undefined when it is not one.
   */
  arrayText(name: string): [text: string, at: number] | undefined {
    const at = memberStart(this.text, this.recordAt, name);
    return at < 0 || !startsArray(this.text, at) ? undefined : [this.text, at];
  }

  /**
   * The items of the property `name` stored as a `$lazy` array (`LazyReferences`), each decoded
   * when read; undefined when `name` is not stored so.
   */
  lazyItems(name: string): PeekedItems | undefined {
    const text = this.text;
    const at = memberStart(text, this.recordAt, name);
    if (at < 0 || !startsObject(text, at)) return undefined;
    const items = memberStart(text, at, '$lazy');
    if (items < 0 || !startsArray(text, items)) return undefined;
    return new PeekedItems(text, items, this.registry, this.resolve);
  }
}

/** The items of a `$lazy` array of a {@link PeekedState}, each decoded when read. @internal */
export class PeekedItems {
  constructor(
    private readonly text: string,
    private readonly arrayAt: number,
    private readonly registry: ClassRegistry,
    private readonly resolve: ResolveRef,
  ) {}

  /**
   * Item `index`, decoded as a `$lazy` item (a persistent value as a `LazyReference`); undefined
   * past the end. Each call parses it again: read it once.
   */
  at(index: number): unknown {
    const at = itemStart(this.text, this.arrayAt, index);
    if (at < 0) return undefined;
    return decodeOwnedPart(parseValueAt(this.text, at), this.registry, this.resolve, true);
  }
}

/**
 * The {@link PeekedState} of the record `loading` loads (without a promise when it is settled);
 * `of`, the object or the reference peeked at, names it in the error when there is no record.
 * @internal
 */
export function peekedStateOf(
  loading: Promise<DataRecord | undefined>,
  of: Persistent | LazyReference,
  dbName: string,
  registry: ClassRegistry,
  resolve: ResolveRef,
): PeekedState | Promise<PeekedState> {
  const peeked = (record: DataRecord | undefined): PeekedState => {
    if (record) return new PeekedState(record.state, registry, resolve);
    const name = of instanceof LazyReference ? `${of.className} (oid ${of.oid})` : of.describe();
    throw new Error(`${name} no longer exists in database "${dbName}"`);
  };
  return loading instanceof SettledPromise ? peeked(loading.value) : loading.then(peeked);
}
