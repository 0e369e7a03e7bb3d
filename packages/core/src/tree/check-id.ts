import { BadRequestError } from '../errors';
import { escapeHtml } from '../errors/escape-html';

/** The longest id allowed, in UTF-16 code units (JavaScript's `length`), as T-09/T-10 say. */
export const MAX_ID_LENGTH = 255;

/** What {@link checkValidId} needs of a container: a way to ask whether an id is taken. */
export interface IdContainer {
  has(id: string): Promise<boolean> | boolean;
}

/** Options of {@link checkValidId}. */
export interface CheckIdOptions {
  /** Skip the "already in use" rule (Zope's `allow_dup`). */
  allowDuplicate?: boolean;
}

/** C0 and C1 controls, DEL, `<`, `>`, `&`, `/` (Zope) and `\`, `"`, `'` (Zoa, T-10). */
const ILLEGAL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f<>&/\\"']/;
/** A UTF-16 surrogate without its pair: not encodable in a URL. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Names never usable as ids (T-04): the prototype names of plain objects and functions. */
const ALWAYS_RESERVED: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  '__proto__',
  'constructor',
  'prototype',
  'then',
]);

const namesByPrototype = new WeakMap<object, ReadonlySet<string>>();

/** Property names defined by the classes of `container` (methods and accessors), cached. */
function prototypeNames(container: object): ReadonlySet<string> {
  const first: unknown = Object.getPrototypeOf(container);
  if (first === null || typeof first !== 'object') return new Set();
  const cached = namesByPrototype.get(first);
  if (cached) return cached;
  const names = new Set<string>();
  for (let proto: unknown = first; proto && proto !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
    proto = Object.getPrototypeOf(proto);
  }
  namesByPrototype.set(first, names);
  return names;
}

/**
 * True when `id` is a reserved name for children of `container` (T-10): a name on
 * `Object.prototype` or `Function.prototype`, `then`, or a method, accessor or own property
 * of the container itself — so that no child can be confused with the container's API.
 */
export function isReservedName(container: object, id: string): boolean {
  return (
    ALWAYS_RESERVED.has(id) || prototypeNames(container).has(id) || Object.hasOwn(container, id)
  );
}

function fail(message: string): never {
  throw new BadRequestError(message);
}

/** Zope's rules before "already in use", plus Zoa's length, character and NFC rules. */
function checkSyntax(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') fail('Empty or invalid id specified');
  if (id.length > MAX_ID_LENGTH) {
    fail(
      `The id "${escapeHtml(id.slice(0, 40))}…" is invalid because it is longer than ` +
        `${MAX_ID_LENGTH} characters.`,
    );
  }
  const shown = escapeHtml(id);
  if (ILLEGAL_CHARACTERS.test(id) || LONE_SURROGATE.test(id)) {
    fail(`The id "${shown}" contains characters illegal in URLs.`);
  }
  if (id.normalize('NFC') !== id) {
    fail(`The id "${shown}" is invalid because it is not in Unicode normalization form C (NFC).`);
  }
  if (id === '.' || id === '..')
    fail(`The id "${shown}" is invalid because it is not traversable.`);
  if (id.startsWith('_'))
    fail(`The id "${shown}" is invalid because it begins with an underscore.`);
  if (id.startsWith('aq_')) fail(`The id "${shown}" is invalid because it begins with "aq_".`);
  if (id.endsWith('__')) fail(`The id "${shown}" is invalid because it ends with two underscores.`);
  if (id.startsWith('@@') || id.startsWith('++')) {
    fail(
      `The id "${shown}" is invalid because it starts with characters reserved for views lookup.`,
    );
  }
}

/** Zope's rules after "already in use", plus Zoa's reserved names. */
function checkReserved(container: object, id: string): void {
  if (id === 'REQUEST') fail('REQUEST is a reserved name.');
  if (isReservedName(container, id)) {
    fail(`The id "${escapeHtml(id)}" is invalid because it is a reserved name.`);
  }
}

/**
 * Checks every id rule except "already in use" (for ids checked before their container is
 * known to be final, and for property ids).
 *
 * @throws BadRequestError (400) with Zope's message for the first rule broken; the id is
 * HTML-escaped in the message.
 */
export function checkIdSyntax(container: object, id: unknown): asserts id is string {
  checkSyntax(id);
  checkReserved(container, id);
}

/**
 * Checks that `id` may name a new child of `container`: Zope's id rules, in Zope's order and
 * with Zope's messages (empty; characters illegal in URLs; `.`/`..`; leading `_`; leading `aq_`;
 * trailing `__`; leading `@@`/`++`; already in use; `REQUEST`), plus T-10 (at most 255
 * characters, no C0/C1 controls nor `\ " '`, NFC, not a reserved name — see
 * {@link isReservedName}).
 *
 * @throws BadRequestError (400) naming the HTML-escaped id.
 * @example
 * ```ts
 * await checkValidId(folder, 'news'); // ok
 * await checkValidId(folder, '<b>'); // BadRequestError: The id "&lt;b&gt;" contains characters illegal in URLs.
 * ```
 */
export async function checkValidId(
  container: IdContainer,
  id: unknown,
  options: CheckIdOptions = {},
): Promise<string> {
  checkSyntax(id);
  if (!options.allowDuplicate && (await container.has(id))) {
    fail(`The id "${escapeHtml(id)}" is invalid - it is already in use.`);
  }
  checkReserved(container, id);
  return id;
}
