import { Broken, BrokenValue } from './broken';
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

/** What the decoder asks of its caller: the (possibly ghost) object for a reference. */
export type ResolveRef = (oid: Oid, className: string) => Persistent;

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
  const className = classNameOf(obj, registry);
  const seen = new Set<object>();
  const encode = (value: unknown, path: string): unknown => {
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
        throw cannotStore(obj, path, `a ${typeof value} cannot be stored`);
    }
    if (value === null) return null;
    const object = value as object;
    if (object instanceof Persistent) return { $ref: refOf(object, path) };
    // out of the part it was loaded from, it stays lazy: a `$lazy` part of its own
    if (object instanceof LazyReference) return { $lazy: lazyItem(object, path) };
    if (seen.has(object)) throw cannotStore(obj, path, 'a circular reference cannot be stored');
    seen.add(object);
    try {
      return encodeObject(object, path);
    } finally {
      seen.delete(object);
    }
  };
  const encodeObject = (object: object, path: string): unknown => {
    if (Array.isArray(object)) {
      return Array.from(object, (item, i) => encode(item, `${path}[${i}]`));
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
      return {
        $map: Array.from(object, ([k, v], i) => [
          encode(k, `${path}<key ${i}>`),
          encode(v, `${path}.get(${String(k)})`),
        ]),
      };
    }
    if (object instanceof Set) {
      return { $set: Array.from(object, (item, i) => encode(item, `${path}<item ${i}>`)) };
    }
    if (object instanceof BrokenValue)
      return { $inst: object.className, state: object.encodedState };
    if (object instanceof LazyReferences) {
      const part = object.value;
      return {
        $lazy: Array.isArray(part)
          ? part.map((item, i) => lazyItem(item, `${path}[${i}]`))
          : lazyItem(part, path),
      };
    }
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto === Object.prototype || proto === null) {
      return encodePlain(object as Record<string, unknown>, path);
    }
    const name = registry.nameOf((object as { constructor: new () => object }).constructor);
    if (name === undefined) {
      const kind = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw cannotStore(
        obj,
        path,
        `an instance of the unregistered class ${kind} cannot be stored`,
      );
    }
    return { $inst: name, state: encodePlain(object as Record<string, unknown>, path) };
  };
  /**
   * An item of a `$lazy` part. A LazyReference is written as loaded when `lazyRefOf` knows it,
   * else resolved, so that refOf sees the object.
   */
  const lazyItem = (value: unknown, path: string): unknown =>
    value instanceof LazyReference
      ? { $ref: lazyRefOf?.(value) ?? refOf(value.resolve(), path) }
      : encode(value, path);
  const encodePlain = (record: Record<string, unknown>, path: string): unknown => {
    const out: Record<string, unknown> = {};
    let wrap = false;
    for (const key of Object.keys(record)) {
      if (key.startsWith('$')) wrap = true;
      setPlain(out, key, encode(record[key], path === '' ? key : `${path}.${key}`));
    }
    return wrap ? { $obj: out } : out;
  };
  if (obj instanceof Broken) return { className, tree: undefined };
  return { className, tree: encodePlain(obj.getState(), '') };
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
  const decodeLazy = (value: unknown): unknown => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      if (taggedAs(record) === '$ref') {
        const [oid, className] = record.$ref as [Oid, string];
        return new LazyReference(oid, className, resolve);
      }
    }
    return decode(value);
  };
  const decode = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(decode);
    const record = value as Record<string, unknown>;
    const tag = taggedAs(record);
    return tag === undefined ? decodePlain(record) : decodeTagged(tag, record);
  };
  const decodePlain = (record: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) setPlain(out, key, decode(record[key]));
    return out;
  };
  const decodeTagged = (tag: string, record: Record<string, unknown>): unknown => {
    const payload = record[tag];
    switch (tag) {
      case '$ref': {
        const [oid, className] = payload as [Oid, string];
        return resolve(oid, className);
      }
      case '$lazy':
        return Array.isArray(payload) ? payload.map(decodeLazy) : decodeLazy(payload);
      case '$date':
        return new Date(payload === null ? Number.NaN : (payload as string));
      case '$map':
        return new Map((payload as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]));
      case '$set':
        return new Set((payload as unknown[]).map(decode));
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
        return decodePlain(payload as Record<string, unknown>);
      default: {
        const cls = registry.classFor(payload as string);
        if (!cls) return new BrokenValue(payload as string, record.state);
        const instance = Object.create(cls.prototype as object) as Record<string, unknown>;
        const state = decode(record.state) as Record<string, unknown>;
        for (const key of Object.keys(state)) defineValue(instance, key, state[key]);
        return instance;
      }
    }
  };
  // the top level is a plain record, wrapped in `$obj` when a key starts with `$`
  return decode(tree ?? {}) as Record<string, unknown>;
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
