import { randomInt } from 'node:crypto';
import { ConflictError, ZoaError } from '@zoa/core';
import type { ResourceManager } from '@zoa/core';
import type { SessionContainer, SessionData } from '../session-data/session-data';
import type { RedisSessionContainer } from './redis-session-container';
import type { RedisSessionHost, RedisSessionRecord } from './redis-transient-object';
import { RedisTransientObject } from './redis-transient-object';

/**
 * The sessions one unit of work touched in a `RedisSessionContainer`, and the resource manager
 * that writes them when the transaction commits (it votes last). @internal
 */
export class RedisUnit implements ResourceManager, SessionContainer {
  /** Sorts after database names, so that Redis is written only once every database voted. */
  readonly sortKey = 'zzzzzzzz~redis-sessions';
  private readonly sessions = new Map<string, RedisTransientObject>();
  private readonly dirty = new Set<RedisTransientObject>();
  private readonly deleted = new Set<string>();
  private readonly host: RedisSessionHost;

  constructor(private readonly container: RedisSessionContainer) {
    this.host = {
      now: () => container.now(),
      changed: (session) => void this.dirty.add(session),
      invalidated: async (session) => {
        this.deleted.add(session.getContainerKey());
        this.sessions.delete(session.getContainerKey());
        await container.notify('delete', session);
      },
    };
  }

  async get(key: string): Promise<SessionData | null> {
    const known = this.sessions.get(key);
    if (known !== undefined) return known.isValid() ? known : null;
    if (this.deleted.has(key)) return null;
    const record = await this.container.load(key);
    if (record === undefined) return null;
    const session = new RedisTransientObject(record, this.host);
    this.sessions.set(key, session);
    session.touch(this.container.currentSlice());
    return session;
  }

  async new(key: string): Promise<SessionData> {
    if (this.sessions.get(key)?.isValid())
      throw new ZoaError('cannot duplicate key', { status: 500 });
    await this.container.checkLimit();
    const now = this.container.now();
    const record: RedisSessionRecord = {
      key,
      id: `${Math.floor(now / 1000)}${String(randomInt(10_000_000_000)).padStart(10, '0')}`,
      created: now,
      accessed: now,
      modified: null,
      slice: this.container.currentSlice(),
      data: new Map(),
    };
    const session = new RedisTransientObject(record, this.host, true);
    this.sessions.set(key, session);
    this.deleted.delete(key);
    this.dirty.add(session);
    await this.container.notify('add', session);
    return session;
  }

  async delete(key: string): Promise<void> {
    this.sessions.delete(key);
    this.deleted.add(key);
  }

  hasChanges(): boolean {
    return this.dirty.size > 0 || this.deleted.size > 0;
  }

  async commitReadOnly(): Promise<void> {}
  async tpcBegin(): Promise<void> {}
  async commit(): Promise<void> {}

  /** Writes every change; a conflicting one fails the transaction (it is retried). */
  async tpcVote(): Promise<void> {
    for (const key of this.deleted) await this.container.apply(key, 'delete');
    for (const session of this.dirty) {
      if (!session.isValid() || this.deleted.has(session.getContainerKey())) continue;
      const result = await this.container.apply(session, session.isNew ? 'create' : 'update');
      if (result === -1) {
        throw new ConflictError(
          'Redis session conflict: a key read and changed was changed meanwhile',
        );
      }
    }
  }

  async tpcFinish(): Promise<void> {}
  async tpcAbort(): Promise<void> {}
  async abort(): Promise<void> {}

  release(): void {
    this.sessions.clear();
    this.dirty.clear();
    this.deleted.clear();
  }
}
