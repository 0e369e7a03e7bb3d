/**
 * The API of one visitor's session data, whatever keeps it: a `TransientObject` in a
 * container of the tree, or a `RedisTransientObject` in Redis. Values are plain JSON; a value
 * changed in place must be set again to be stored; mutators set the last modified time.
 *
 * @example
 * ```ts
 * const session: SessionData = await ctx.session();
 * session.set('cart', [...((session.get('cart') as string[] | null) ?? []), 'book']);
 * ```
 */
export interface SessionData {
  /** The unique id of the session object (not its key). */
  getId(): string;
  /** The key it is stored under: the browser id. */
  getContainerKey(): string;
  /** Creation time, epoch ms. */
  getCreated(): number;
  /** Last access, epoch ms (precise to 30 s). */
  getLastAccessed(): number;
  /** Last modification, epoch ms; null until the first write. */
  getLastModified(): number | null;
  /** Ends the session: its data is removed and the delete notification fires. */
  invalidate(): Promise<void>;
  /** False once invalidated. */
  isValid(): boolean;
  /** The value under `key`, or `defaultValue` (null). */
  get(key: string, defaultValue?: unknown): unknown;
  /** The value under `key`; throws a KeyError when there is none. */
  getItem(key: string): unknown;
  /** Stores a copy of `value` (plain JSON) under `key`. */
  set(key: string, value: unknown): void;
  /** Removes `key`; throws a KeyError when there is none. */
  delete(key: string): void;
  /** True when `key` holds a value. */
  has(key: string): boolean;
  /** The keys. */
  keys(): string[];
  /** The values, in key order. */
  values(): unknown[];
  /** The `[key, value]` pairs. */
  items(): [string, unknown][];
  /** Removes every value. */
  clear(): void;
  /** Stores every pair of `values`, all or nothing. */
  update(values: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>): void;
}

/**
 * What the request flow needs from a session container: a `TransientObjectContainer`, or the
 * per-transaction view of a `RedisSessionContainer`.
 */
export interface SessionContainer {
  /** The live session under `key` (touched), or null. */
  get(key: string): Promise<unknown>;
  /** A new session under `key`, stored with the unit of work. */
  'new'(key: string): Promise<SessionData>;
  /** Removes the session under `key`, without the delete notification. */
  delete(key: string): Promise<void>;
}

/** True when `value` has the {@link SessionData} API (a session a container handed out). */
export function isSessionData(value: unknown): value is SessionData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SessionData).getContainerKey === 'function' &&
    typeof (value as SessionData).isValid === 'function' &&
    typeof (value as SessionData).items === 'function'
  );
}
