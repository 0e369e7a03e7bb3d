import { inspect } from 'node:util';
import type { SessionData } from '../session-data/session-data';
import type { JsonValue } from '../transience/json-value';
import { copyJsonValue } from '../transience/json-value';
import { KeyError } from '../transience/key-error';

/** `lastAccessed` is rewritten at most once per this many ms (Zope's write clustering). */
const WRITE_GRANULARITY_MS = 30_000;

/** What a session needs from the unit of work that handed it out. @internal */
export interface RedisSessionHost {
  now(): number;
  /** The session changed: write it when the unit of work commits. */
  changed(session: RedisTransientObject): void;
  /** The session was invalidated: delete it at commit and fire the delete notification. */
  invalidated(session: RedisTransientObject): Promise<void>;
}

/** A session's stored fields, as read from its Redis hash. @internal */
export interface RedisSessionRecord {
  readonly key: string;
  readonly id: string;
  readonly created: number;
  readonly accessed: number;
  readonly modified: number | null;
  /** The timeslice (epoch seconds) of the last touch. */
  readonly slice: number;
  /** The data: key → JSON text. */
  readonly data: ReadonlyMap<string, string>;
}

/** What a commit writes for one session. @internal */
export interface RedisSessionChanges {
  /** Keys this request read and then changed, with the JSON it read (null: absent). */
  readonly checks: [string, string | null][];
  readonly sets: [string, string][];
  readonly deletes: string[];
  readonly meta: { accessed: number; modified: number | null; slice: number };
}

/**
 * One visitor's session data kept in Redis (see `RedisSessionContainer`): the same API as
 * `TransientObject`. Reads and writes are in memory; the unit of work writes the changed keys
 * when it commits — a key read and then changed only if nobody changed it meanwhile (else the
 * request is retried), a key written blindly as is — so concurrent requests writing different
 * keys all keep their writes, and an invalidation wins over concurrent writes.
 *
 * @example
 * ```ts
 * const session = await ctx.session(); // a RedisTransientObject when the site uses Redis
 * session.set('cart', ['book']);
 * ```
 */
export class RedisTransientObject implements SessionData {
  private readonly data = new Map<string, JsonValue>();
  private readonly loaded: ReadonlyMap<string, string>;
  private readonly reads = new Set<string>();
  private readAll = false;
  private readonly written = new Map<string, boolean>(); // key → read first
  private accessed: number;
  private modified: number | null;
  private metaChanged = false;
  private invalid = false;

  /** Makes the object for a stored record (or a new one); called by the container. @internal */
  constructor(
    private readonly record: RedisSessionRecord,
    private readonly host: RedisSessionHost,
    readonly isNew = false,
  ) {
    this.loaded = record.data;
    for (const [key, json] of record.data) this.data.set(key, JSON.parse(json) as JsonValue);
    this.accessed = record.accessed;
    this.modified = record.modified;
    this.slice = record.slice;
  }

  /** The timeslice of the last touch (moved by the container). @internal */
  slice: number;

  getId(): string {
    return this.record.id;
  }

  getContainerKey(): string {
    return this.record.key;
  }

  getCreated(): number {
    return this.record.created;
  }

  getLastAccessed(): number {
    return this.accessed;
  }

  getLastModified(): number | null {
    return this.modified;
  }

  /** Records an access (at most one write per 30 s) and the timeslice it happened in. @internal */
  touch(slice: number): void {
    const now = this.host.now();
    if (this.accessed + WRITE_GRANULARITY_MS < now) {
      this.accessed = now;
      this.markMeta();
    }
    if (slice !== this.slice) {
      this.slice = slice;
      this.markMeta();
    }
  }

  async invalidate(): Promise<void> {
    if (this.invalid) return;
    this.invalid = true;
    await this.host.invalidated(this);
  }

  isValid(): boolean {
    return !this.invalid;
  }

  get(key: string, defaultValue: unknown = null): unknown {
    const value = this.data.get(this.read(key));
    return value === undefined ? defaultValue : value;
  }

  getItem(key: string): unknown {
    const value = this.data.get(this.read(key));
    if (value === undefined)
      throw new KeyError(`No key ${JSON.stringify(key)} in session data`, key);
    return value;
  }

  has(key: string): boolean {
    return this.data.has(this.read(key));
  }

  set(key: string, value: unknown): void {
    checkKey(key);
    this.data.set(key, copyJsonValue(value, key));
    this.write(key);
  }

  delete(key: string): void {
    checkKey(key);
    if (!this.data.delete(key)) {
      throw new KeyError(`No key ${JSON.stringify(key)} in session data`, key);
    }
    this.write(key);
  }

  keys(): string[] {
    this.readAll = true;
    return [...this.data.keys()];
  }

  values(): unknown[] {
    this.readAll = true;
    return [...this.data.values()];
  }

  items(): [string, unknown][] {
    this.readAll = true;
    return [...this.data];
  }

  clear(): void {
    const keys = [...this.data.keys()];
    this.data.clear();
    for (const key of keys) this.write(key);
    this.touchModified();
  }

  update(values: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>): void {
    const pairs =
      values instanceof Map
        ? [...(values as ReadonlyMap<string, unknown>)]
        : Object.keys(values).map(
            (key) => [key, (values as Record<string, unknown>)[key]] as const,
          );
    const copies = pairs.map(([key, value]) => {
      checkKey(key);
      return [key, copyJsonValue(value, key)] as const;
    });
    for (const [key, value] of copies) {
      this.data.set(key, value);
      this.write(key, false);
    }
    this.touchModified();
  }

  /** Shows the id and the content keys — never the browser id nor the values (S-23). */
  toString(): string {
    return `id: ${this.record.id}, content keys: ${JSON.stringify([...this.data.keys()])}`;
  }

  [inspect.custom](): string {
    return `RedisTransientObject { ${this.toString()} }`;
  }

  /** What to write at commit, or undefined when nothing changed. @internal */
  changes(): RedisSessionChanges | undefined {
    if (!this.isNew && this.written.size === 0 && !this.metaChanged) return undefined;
    const checks: [string, string | null][] = [];
    const sets: [string, string][] = [];
    const deletes: string[] = [];
    for (const [key, readFirst] of this.written) {
      if (readFirst && !this.isNew) checks.push([key, this.loaded.get(key) ?? null]);
      const value = this.data.get(key);
      if (value === undefined) deletes.push(key);
      else sets.push([key, JSON.stringify(value)]);
    }
    if (this.isNew) {
      for (const [key, value] of this.data) {
        if (!this.written.has(key)) sets.push([key, JSON.stringify(value)]);
      }
    }
    return {
      checks,
      sets,
      deletes,
      meta: { accessed: this.accessed, modified: this.modified, slice: this.slice },
    };
  }

  private read(key: string): string {
    checkKey(key);
    this.reads.add(key);
    return key;
  }

  private write(key: string, touch = true): void {
    if (!this.written.has(key)) this.written.set(key, this.readAll || this.reads.has(key));
    if (touch) this.touchModified();
    else this.host.changed(this);
  }

  private touchModified(): void {
    this.modified = this.host.now();
    this.host.changed(this);
  }

  private markMeta(): void {
    this.metaChanged = true;
    this.host.changed(this);
  }
}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new TypeError('A session data key must be a string');
}
