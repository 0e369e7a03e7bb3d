import type { SessionData } from '../session-data/session-data';
import type { TransientObjectContainer } from '../transience/transient-object-container';
import { TransientObject } from '../transience/transient-object';

/** The final state of one session a request used, taken before its commit. @internal */
export interface SessionSnapshot {
  readonly key: string;
  readonly valid: boolean;
  readonly entries: readonly [string, unknown][];
}

/** Records the final state of the sessions a request used (before the commit). @internal */
export function snapshotSessions(sessions: readonly SessionData[]): SessionSnapshot[] {
  return sessions.map((session) => ({
    key: session.getContainerKey(),
    valid: session.isValid(),
    entries: session.isValid() ? session.items() : [],
  }));
}

/**
 * Applies the final states of a request's sessions on fresh data, after its commit conflicted
 * (on the container's buckets, not on the sessions: the request held their locks all along, so
 * nobody else in this process changed them). A valid session gets exactly its final data; an
 * invalidated one is removed. @internal
 */
export async function replaySessions(
  container: TransientObjectContainer,
  snapshots: readonly SessionSnapshot[],
): Promise<void> {
  for (const { key, valid, entries } of snapshots) {
    const stored = await container.get(key);
    if (!valid) {
      if (stored instanceof TransientObject) {
        await container.delete(key);
        await stored.invalidate();
      }
      continue;
    }
    const session = stored instanceof TransientObject ? stored : await container.new(key);
    session.clear();
    session.update(new Map(entries));
  }
}
