import { Persistent } from '../persistence/persistent';
import type { PublisherContext } from '../publisher/interfaces';

/** What {@link attemptAction} returns: the work's value, or the message of a refused action. */
export type ActionOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string; readonly status: number };

const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * The text of an error message for a template: the tree's messages quote ids HTML-escaped (for
 * plain error pages), and the ZMI's templates escape everything, so the five entities are
 * decoded first — the page shows `"<b>"`, not `"&lt;b&gt;"`, and stays inert.
 *
 * @example
 * ```ts
 * messageText('The id "&lt;b&gt;" contains characters illegal in URLs.'); // 'The id "<b>" ...'
 * ```
 */
export function messageText(message: string): string {
  return message.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** True for the errors a form shows again: 4xx (but 401/403) whose message may be shown. */
function isRefusal(error: unknown): error is { status: number; message: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { status, expose, message } = error as {
    status?: unknown;
    expose?: unknown;
    message?: unknown;
  };
  return (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    status !== 401 &&
    status !== 403 &&
    expose !== false &&
    typeof message === 'string'
  );
}

/**
 * Runs a ZMI action; when it is refused with a client error (a bad id, a bad value, a vetoed
 * delete: 4xx with an exposed message), every change it made in this request is rolled back —
 * each database's connection of the request's transaction drops its changes, so the
 * transaction commits nothing — and the message is returned for the screen to show again
 * (status 400/409...). Other errors propagate (the publisher aborts).
 *
 * @example
 * ```ts
 * const outcome = await attemptAction(ctx, () => folder.renameObject(id, newId));
 * if (!outcome.ok) return renderZmiPage(ctx, folder, 'zmi/rename.njk', data, { error: outcome.error });
 * ```
 */
export async function attemptAction<T>(
  ctx: PublisherContext,
  work: () => Promise<T> | T,
): Promise<ActionOutcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!isRefusal(error)) throw error;
    await rollbackChanges(ctx);
    return { ok: false, error: messageText(error.message), status: error.status };
  }
}

/**
 * Drops every change the request made so far, in every database, keeping the transaction open
 * (its commit then writes nothing): the connections' `abort()` turns changed objects back into
 * ghosts that reload their committed state; the context and its parents are loaded again.
 *
 * @example
 * ```ts
 * if (!folder.hasManager()) await rollbackChanges(ctx);
 * ```
 */
export async function rollbackChanges(ctx: PublisherContext): Promise<void> {
  for (const db of ctx.zoa.app.databases.values()) {
    const connection = await ctx.zoa.txn.open(db);
    await connection.abort();
  }
  for (const obj of ctx.zoa.parents) {
    if (obj instanceof Persistent) await obj.activate();
  }
}
