import { BadRequestError } from '../errors';
import { Broken } from '../persistence/broken';
import { blankInstance } from '../persistence/blank-instance';
import type { ClassRegistry } from '../persistence/class-registry';
import { classRegistry } from '../persistence/class-registry';
import { Persistent } from '../persistence/persistent';
import { classNameOf, decodeState, encodeState, RefCell } from '../persistence/serializer';
import { escapeHtml } from '../errors/escape-html';

/** One object of an export: a local oid, the registered class name and the encoded state. */
export interface ZexpRecord {
  readonly oid: number;
  readonly className: string;
  /** The state in the record format of docs/adr/0001, references being local oids. */
  readonly state: unknown;
}

/**
 * Zoa's export document (Zope's `.zexp`, as JSON): every record reachable from the exported
 * object, with local oids (1 is the exported object) instead of database oids.
 */
export interface ZexpDocument {
  readonly format: 'zoa-export';
  readonly version: 1;
  /** The physical path the object was exported from (informational). */
  readonly path?: string;
  /** The local oid of the exported object. */
  readonly root: number;
  readonly records: readonly ZexpRecord[];
}

/**
 * Encodes `root` and every persistent object reachable from it (activating ghosts) as records
 * with local oids. References to objects outside the subtree are followed too, as Zope's export
 * does; the parent link is never stored, so a subtree does not reach its container.
 *
 * @throws BadRequestError when the subtree holds a broken object (its class is missing).
 */
export async function collectRecords(
  root: Persistent,
  registry: ClassRegistry = classRegistry,
  path?: string,
): Promise<ZexpDocument> {
  const cells = new Map<Persistent, RefCell>();
  const queue: Persistent[] = [];
  const refOf = (obj: Persistent): RefCell => {
    let cell = cells.get(obj);
    if (!cell) {
      cell = new RefCell(cells.size + 1, classNameOf(obj, registry));
      cells.set(obj, cell);
      queue.push(obj);
    }
    return cell;
  };
  refOf(root);
  const records: ZexpRecord[] = [];
  for (let i = 0; i < queue.length; i += 1) {
    const obj = await (queue[i] as Persistent).activate();
    if (obj instanceof Broken) {
      throw new BadRequestError(`Cannot export or copy ${escapeHtml(obj.describe())}.`);
    }
    const { className, tree } = encodeState(obj, registry, refOf);
    const oid = (cells.get(obj) as RefCell).oid as number;
    records.push({ oid, className, state: JSON.parse(JSON.stringify(tree)) as unknown });
  }
  return {
    format: 'zoa-export',
    version: 1,
    ...(path === undefined ? {} : { path }),
    root: 1,
    records,
  };
}

function invalid(why: string): never {
  throw new BadRequestError(`The export is invalid: ${why}.`);
}

function checkDocument(doc: unknown): ZexpDocument {
  if (typeof doc !== 'object' || doc === null) invalid('not a JSON object');
  const { format, version, root, records } = doc as Record<string, unknown>;
  if (format !== 'zoa-export' || version !== 1) invalid('not a Zoa export of version 1');
  if (!Array.isArray(records) || records.length === 0) invalid('no records');
  for (const record of records as unknown[]) {
    const { oid, className, state } = (record ?? {}) as Record<string, unknown>;
    if (!Number.isSafeInteger(oid) || typeof className !== 'string' || typeof state !== 'object') {
      invalid('a record is not { oid, className, state }');
    }
  }
  if (!Number.isSafeInteger(root)) invalid('no root oid');
  return doc as ZexpDocument;
}

/** True when `name` is a method or accessor somewhere on the prototype chain of `obj`. */
function shadowsMember(obj: object, name: string): boolean {
  for (
    let proto: unknown = Object.getPrototypeOf(obj);
    proto;
    proto = Object.getPrototypeOf(proto)
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor)
      return typeof descriptor.value === 'function' || !!descriptor.get || !!descriptor.set;
  }
  return false;
}

/**
 * Makes new, unsaved objects from an export's records (no constructor runs, as when loading);
 * they get fresh oids when committed. Only registered classes are accepted, and no stored key may
 * replace a method or accessor of its class.
 *
 * @throws BadRequestError when the document is malformed, names an unknown class, or refers to
 * a record it does not contain.
 */
export function materializeRecords(
  doc: unknown,
  registry: ClassRegistry = classRegistry,
): Persistent {
  const { root, records } = checkDocument(doc);
  const objects = new Map<number, Persistent>();
  for (const { oid, className } of records) {
    const cls = registry.classFor(className);
    if (!cls || !((cls.prototype as object) instanceof Persistent)) {
      invalid(`unknown class "${escapeHtml(className)}"`);
    }
    if (objects.has(oid)) invalid(`oid ${oid} appears twice`);
    objects.set(oid, blankInstance<Persistent>(cls));
  }
  for (const { oid, state } of records) {
    const obj = objects.get(oid) as Persistent;
    const decoded = decodeState(state, registry, (ref, className) => {
      const target = objects.get(ref);
      if (!target || registry.classFor(className) !== target.constructor)
        invalid(`bad reference to ${ref}`);
      return target;
    });
    for (const key of Object.keys(decoded)) {
      if (shadowsMember(obj, key)) invalid(`"${escapeHtml(key)}" would replace a method`);
    }
    obj.setState(decoded);
  }
  return objects.get(root) ?? invalid('the root record is missing');
}
