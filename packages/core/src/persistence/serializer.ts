import { Broken, BrokenValue } from './broken';
import { blankInstance } from './blank-instance';
import type { ClassRegistry } from './class-registry';
import { CannotStoreError } from './errors';
import type { Oid } from './interfaces';
import { Persistent } from './persistent';
import { LazyReference, LazyReferences } from './serializer-lazy-reference';

/**
 * A reference to a persistent object inside an encoded state. Its oid may be filled in after
 * encoding (new objects get their oids once all of them are known); `JSON.stringify` writes it
 * as `[oid, className]`.
 */
export class RefCell {
  constructor(
    public oid: Oid | undefined,
    public readonly className: string,
  ) {}

  toJSON(): [Oid, string] {
    if (this.oid === undefined) throw new Error('Reference written before its oid was assigned');
    return [this.oid, this.className];
  }
}

/** What the encoder asks of its caller: a reference for each persistent object it meets. */
export type RefOf = (obj: Persistent, path: string) => RefCell;

/**
 * What the encoder may ask of its caller for a {@link LazyReference}: its reference cell as it
 * was loaded, or undefined to have it resolved and passed to {@link RefOf} like an object.
 */
export type LazyRefOf = (lazy: LazyReference) => RefCell | undefined;

/**
 * What the decoder asks of its caller: the (possibly ghost) object for a reference. `once` is
 * true when a `LazyReference` is resolved, for a use within the current transaction (see
 * `LazyReference.resolve`); a reference the decoder resolves itself is held by the state it
 * decodes.
 */
export type ResolveRef = (oid: Oid, className: string, once?: boolean) => Persistent;

const TAGS = new Set([
  '$ref',
  '$date',
  '$map',
  '$set',
  '$bytes',
  '$buffer',
  '$bigint',
  '$num',
  '$undef',
  '$obj',
  '$inst',
  '$lazy',
]);

/**
 * Encodes a persistent object's state into a JSON-ready tree (see docs/adr/0002-record-format.md).
 * Persistent values become references; Date, Map, Set, Uint8Array, Buffer, bigint, undefined and
 * non-finite numbers get tagged encodings; plain objects whose keys start with `$` are wrapped.
 *
 * @throws CannotStoreError naming the object and the property path of a value that cannot be
 * stored: functions, symbols, unregistered class instances, cycles.
 */
export function encodeState(
  obj: Persistent,
  registry: ClassRegistry,
  refOf: RefOf,
  lazyRefOf?: LazyRefOf,
): { className: string; tree: unknown } {
  return encodeWith(obj, registry, refOf, lazyRefOf, false);
}

/**
 * {@link encodeState} for a state about to be written: arrays and plain objects that need no
 * encoding are not copied, so the tree may share them with the object — turn it into JSON before
 * the object changes again. @internal
 */
export function encodeStateToStore(
  obj: Persistent,
  registry: ClassRegistry,
  refOf: RefOf,
  lazyRefOf?: LazyRefOf,
): { className: string; tree: unknown } {
  return encodeWith(obj, registry, refOf, lazyRefOf, true);
}

function encodeWith(
  obj: Persistent,
  registry: ClassRegistry,
  refOf: RefOf,
  lazyRefOf: LazyRefOf | undefined,
  share: boolean,
): { className: string; tree: unknown } {
  const className = classNameOf(obj, registry);
  if (obj instanceof Broken) return { className, tree: undefined };
  const encoder = new Encoder(obj, registry, refOf, lazyRefOf, share);
  const state = obj.getState();
  return { className, tree: encoder.encodePlain(state, '', isPlain(state)) };
}

/** True for an object JSON writes as its own properties: no class, no toJSON. */
function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** One {@link encodeState} call: methods rather than closures, so a call allocates one object. */
class Encoder {
  /** The plain objects and arrays being encoded, outermost first (to find cycles). */
  private readonly ancestors: object[] = [];

  constructor(
    private readonly obj: Persistent,
    private readonly registry: ClassRegistry,
    private readonly refOf: RefOf,
    private readonly lazyRefOf: LazyRefOf | undefined,
    /** Keep arrays and plain objects that need no encoding rather than copy them. */
    private readonly share: boolean,
  ) {}

  encode(value: unknown, path: string): unknown {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return Number.isFinite(value) ? value : { $num: String(value) };
      case 'bigint':
        return { $bigint: value.toString() };
      case 'undefined':
        return { $undef: 1 };
      case 'function':
      case 'symbol':
        throw cannotStore(this.obj, path, `a ${typeof value} cannot be stored`);
    }
    if (value === null) return null;
    const object = value as object;
    if (object instanceof Persistent) return { $ref: this.refOf(object, path) };
    // out of the part it was loaded from, it stays lazy: a `$lazy` part of its own
    if (object instanceof LazyReference) return { $lazy: this.lazyItem(object, path) };
    const ancestors = this.ancestors;
    if (ancestors.includes(object)) {
      throw cannotStore(this.obj, path, 'a circular reference cannot be stored');
    }
    ancestors.push(object);
    try {
      return this.encodeObject(object, path);
    } finally {
      ancestors.pop();
    }
  }

  private encodeObject(object: object, path: string): unknown {
    if (Array.isArray(object)) {
      const share = this.share && Object.getPrototypeOf(object) === Array.prototype;
      let items: unknown[] | undefined = share ? undefined : new Array(object.length);
      for (let i = 0; i < object.length; i += 1) {
        const item: unknown = object[i];
        const encoded = this.encode(item, `${path}[${i}]`);
        if (items === undefined) {
          if (encoded === item && i in object) continue;
          items = object.slice(0, i);
        }
        items[i] = encoded;
      }
      return items ?? object;
    }
    if (object instanceof Date) {
      return { $date: Number.isNaN(object.getTime()) ? null : object.toISOString() };
    }
    if (Buffer.isBuffer(object)) return { $buffer: object.toString('base64') };
    if (object instanceof Uint8Array) {
      return {
        $bytes: Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString('base64'),
      };
    }
    if (object instanceof Map) {
      const pairs: unknown[] = [];
      for (const [k, v] of object) {
        const i = pairs.length;
        pairs.push([
          this.encode(k, `${path}<key ${i}>`),
          this.encode(v, `${path}.get(${String(k)})`),
        ]);
      }
      return { $map: pairs };
    }
    if (object instanceof Set) {
      const items: unknown[] = [];
      for (const item of object) items.push(this.encode(item, `${path}<item ${items.length}>`));
      return { $set: items };
    }
    if (object instanceof BrokenValue) {
      return { $inst: object.className, state: object.encodedState };
    }
    if (object instanceof LazyReferences) {
      const part = object.value;
      if (!Array.isArray(part)) return { $lazy: this.lazyItem(part, path) };
      const items: unknown[] = new Array(part.length);
      for (let i = 0; i < part.length; i += 1) {
        items[i] = this.lazyItem(part[i], `${path}[${i}]`);
      }
      return { $lazy: items };
    }
    if (isPlain(object)) {
      return this.encodePlain(object as Record<string, unknown>, path, true);
    }
    const name = this.registry.nameOf((object as { constructor: new () => object }).constructor);
    if (name === undefined) {
      const kind = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw cannotStore(
        this.obj,
        path,
        `an instance of the unregistered class ${kind} cannot be stored`,
      );
    }
    return { $inst: name, state: this.encodePlain(object as Record<string, unknown>, path) };
  }

  /**
   * An item of a `$lazy` part. A LazyReference is written as loaded when `lazyRefOf` knows it,
   * else resolved, so that refOf sees the object (a connection's refOf caches what a stored
   * state refers to as usual).
   */
  private lazyItem(value: unknown, path: string): unknown {
    return value instanceof LazyReference
      ? { $ref: this.lazyRefOf?.(value) ?? this.refOf(value.resolve(), path) }
      : this.encode(value, path);
  }

  /** A plain record (or a value class's state); `plain`: JSON writes `record` as it is. */
  encodePlain(record: Record<string, unknown>, path: string, plain = false): unknown {
    let out: Record<string, unknown> | undefined = this.share && plain ? undefined : {};
    let wrap = false;
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as string;
      if (key.startsWith('$')) wrap = true;
      const value = record[key];
      const encoded = this.encode(value, path === '' ? key : `${path}.${key}`);
      if (out === undefined) {
        if (encoded === value && key !== '__proto__') continue;
        out = {};
        for (let j = 0; j < i; j += 1) setPlain(out, keys[j] as string, record[keys[j] as string]);
      }
      setPlain(out, key, encoded);
    }
    const result = out ?? record;
    return wrap ? { $obj: result } : result;
  }
}

/**
 * Turns an encoded state (already parsed from JSON) back into values. A `$lazy` part that is a
 * reference, or a reference among the items of a `$lazy` array, becomes a `LazyReference`
 * (resolved by its holder when used); every other reference becomes the object from `resolve`.
 */
export function decodeState(
  tree: unknown,
  registry: ClassRegistry,
  resolve: ResolveRef,
): Record<string, unknown> {
  // the top level is a plain record, wrapped in `$obj` when a key starts with `$`
  return new Decoder(registry, resolve, false).decode(tree ?? {}) as Record<string, unknown>;
}

/**
 * {@link decodeState} of a tree the caller owns (just parsed from JSON, shared with nobody): its
 * arrays and plain objects are decoded in place rather than copied. @internal
 */
export function decodeOwnedState(
  tree: unknown,
  registry: ClassRegistry,
  resolve: ResolveRef,
): Record<string, unknown> {
  return new Decoder(registry, resolve, true).decode(tree ?? {}) as Record<string, unknown>;
}

/**
 * Decodes one part of a state the caller owns (just parsed from JSON), in place: any value, not
 * only a whole record; with `lazy`, as an item of a `$lazy` part (a reference becomes a
 * `LazyReference`). For reading parts of a stored state (see `PeekedState`). @internal
 */
export function decodeOwnedPart(
  tree: unknown,
  registry: ClassRegistry,
  resolve: ResolveRef,
  lazy = false,
): unknown {
  const decoder = new Decoder(registry, resolve, true);
  return lazy ? decoder.decodeLazy(tree) : decoder.decode(tree);
}

/** One {@link decodeState} call, as {@link Encoder} is one encoding. */
class Decoder {
  constructor(
    private readonly registry: ClassRegistry,
    private readonly resolve: ResolveRef,
    /** Decode arrays and plain objects in place (the tree is the caller's own). */
    private readonly inPlace: boolean,
  ) {}

  decode(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return this.decodeItems(value);
    const record = value as Record<string, unknown>;
    const tag = taggedAs(record);
    return tag === undefined ? this.decodePlain(record) : this.decodeTagged(tag, record);
  }

  private decodeItems(values: unknown[]): unknown[] {
    if (this.inPlace) {
      for (let i = 0; i < values.length; i += 1) {
        const value = values[i];
        if (value !== null && typeof value === 'object') values[i] = this.decode(value);
      }
      return values;
    }
    const items: unknown[] = new Array(values.length);
    for (let i = 0; i < values.length; i += 1) items[i] = this.decode(values[i]);
    return items;
  }

  /** A `$lazy` part or item: a reference becomes a `LazyReference`, the rest is decoded. */
  decodeLazy(value: unknown): unknown {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      if (taggedAs(record) === '$ref') {
        const [oid, className] = record.$ref as [Oid, string];
        return new LazyReference(oid, className, this.resolve);
      }
    }
    return this.decode(value);
  }

  private decodePlain(record: Record<string, unknown>): Record<string, unknown> {
    if (this.inPlace) {
      for (const key of Object.keys(record)) {
        const value = record[key];
        if (value === null || typeof value !== 'object') continue;
        const decoded = this.decode(value);
        if (decoded !== value) defineValue(record, key, decoded);
      }
      return record;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) setPlain(out, key, this.decode(record[key]));
    return out;
  }

  private decodeTagged(tag: string, record: Record<string, unknown>): unknown {
    const payload = record[tag];
    switch (tag) {
      case '$ref': {
        const [oid, className] = payload as [Oid, string];
        return this.resolve(oid, className);
      }
      case '$lazy':
        return Array.isArray(payload)
          ? payload.map((item: unknown) => this.decodeLazy(item))
          : this.decodeLazy(payload);
      case '$date':
        return new Date(payload === null ? Number.NaN : (payload as string));
      case '$map':
        return new Map(
          (payload as [unknown, unknown][]).map(([k, v]) => [this.decode(k), this.decode(v)]),
        );
      case '$set':
        return new Set(this.decodeItems(payload as unknown[]));
      case '$buffer':
        return Buffer.from(payload as string, 'base64');
      case '$bytes':
        return new Uint8Array(Buffer.from(payload as string, 'base64'));
      case '$bigint':
        return BigInt(payload as string);
      case '$num':
        return Number(payload);
      case '$undef':
        return undefined;
      case '$obj':
        return this.decodePlain(payload as Record<string, unknown>);
      default: {
        const cls = this.registry.classFor(payload as string);
        if (!cls) return new BrokenValue(payload as string, record.state);
        const instance = blankInstance<Record<string, unknown>>(cls);
        const state = this.decode(record.state) as Record<string, unknown>;
        for (const key of Object.keys(state)) defineValue(instance, key, state[key]);
        return instance;
      }
    }
  }
}

/**
 * Oids referenced by an encoded state (JSON text, or that text parsed), found with the decoder's
 * own rules — a `$ref` key inside user data (wrapped in `$obj`) is data, not a reference. Used by
 * pack and garbage collection.
 */
export function referencesIn(state: string | unknown): Oid[] {
  const oids: Oid[] = [];
  const walkPlain = (record: Record<string, unknown>): void => {
    for (const key of Object.keys(record)) walk(record[key]);
  };
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    const record = value as Record<string, unknown>;
    const tag = taggedAs(record);
    if (tag === undefined) return walkPlain(record);
    const payload = record[tag];
    if (tag === '$ref') oids.push((payload as [Oid, string])[0]);
    else if (tag === '$map' || tag === '$set' || tag === '$lazy') walk(payload);
    else if (tag === '$obj') walkPlain(payload as Record<string, unknown>);
    else if (tag === '$inst') walk(record.state);
  };
  walk(typeof state === 'string' ? JSON.parse(state) : state);
  return oids;
}

/** The tag of an encoded value (`$ref`, `$date`, ...), or undefined for a plain object. */
function taggedAs(record: Record<string, unknown>): string | undefined {
  const keys = Object.keys(record);
  const tag = keys[0];
  return tag !== undefined && TAGS.has(tag) && (keys.length === 1 || tag === '$inst')
    ? tag
    : undefined;
}

/** The registered name of a persistent object's class. */
export function classNameOf(obj: Persistent, registry: ClassRegistry): string {
  if (obj instanceof Broken) return obj._v_brokenClassName;
  const name = registry.nameOf(obj.constructor as new () => Persistent);
  if (name === undefined) {
    throw new CannotStoreError(
      `Cannot store ${obj.describe()}: its class ${obj.constructor.name} is not registered ` +
        `(call classRegistry.register('${obj.constructor.name}', ${obj.constructor.name}))`,
    );
  }
  return name;
}

/**
 * Sets `key` on a fresh plain object: an assignment, except for `__proto__` (a setter inherited
 * from Object.prototype), which must be defined to become an own property.
 */
function setPlain(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') defineValue(target, key, value);
  else target[key] = value;
}

function defineValue(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

function cannotStore(obj: Persistent, path: string, what: string): CannotStoreError {
  return new CannotStoreError(`Cannot store ${obj.describe()}, property "${path}": ${what}`);
}
