import type { ExtendableContext, Middleware } from 'koa';
import { ObjectManager } from '@zoa/core';
import type { Database } from '@zoa/core';
import {
  encodeBrowserIdInUrls,
  prefixRedirectLocation,
} from '../browser-id/encode-browser-id-in-urls';
import { consumeUrlBrowserId, publishedUrlNamespace } from '../browser-id/url-namespace';
import type { SessionSource } from '../session-data/request-sessions';
import {
  DEFAULT_REQUEST_NAME,
  publishedRequestName,
  SESSION_DATA_MANAGER_ID,
  SessionDataManager,
} from '../session-data/session-data-manager';
import { SessionDataManagerError } from '../session-data/session-data-manager-error';
import { sessionsRuntimeOf, warnThrottled } from '../sessions-runtime';
import { expireEndedSession } from './expire-ended-session';
import { bindSessions } from './session-accessor';

/** Options of {@link siteSessions}. */
export interface SiteSessionsOptions {
  /** The site's main database, once open (it holds the managers; undefined before). */
  database: () => Database | undefined;
}

/**
 * The sessions product's Koa middleware, placed before the publisher: it consumes a
 * `/<name>/<id>/` URL prefix when the URL namespace is on — and with auto URL encoding, makes
 * generated URLs and origin-relative redirects carry the request's id (see
 * `encodeBrowserIdInUrls`) — gives every request its lazy
 * `ctx.session` (also as `ctx.state[<request name>]`, `ctx.state.SESSION` by default), resolved
 * through `/session_data_manager` inside the publisher's transaction on first call, and expires
 * the browser id cookie of a session invalidated by the request once the request committed.
 *
 * @example
 * ```ts
 * koa.use(siteSessions({ database: () => site.rootDatabase }));
 * koa.use(publisher({ app: site }));
 * ```
 */
export function siteSessions(options: SiteSessionsOptions): Middleware {
  if (typeof options?.database !== 'function') {
    throw new TypeError('siteSessions: options.database must be a function');
  }
  const { database } = options;
  return async function zoaSessions(ctx, next) {
    const db = database();
    const url = db && publishedUrlNamespace(db);
    const encode = url?.enabled === true && url.autoUrlEncoding;
    if (url?.enabled) consumeUrlBrowserId(ctx, url.name);
    if (encode) encodeBrowserIdInUrls(ctx, url.name);
    const accessor = bindSessions(ctx, siteSessionSource);
    const name = (db && publishedRequestName(db)) ?? DEFAULT_REQUEST_NAME;
    (ctx.state as Record<string, unknown>)[name] = accessor;
    await next();
    if (encode) prefixRedirectLocation(ctx, url.name);
    expireEndedSession(ctx);
  };
}

async function siteSessionSource(ctx: ExtendableContext): Promise<SessionSource | undefined> {
  const zoa = (ctx as { zoa?: { root?: unknown } }).zoa;
  if (zoa === undefined) {
    throw new SessionDataManagerError(
      'ctx.session() is available while the publisher handles a request (in views)',
      { status: 500 },
    );
  }
  const root = zoa.root;
  if (!(root instanceof ObjectManager)) return undefined;
  const sdm = await root.get(SESSION_DATA_MANAGER_ID);
  if (!(sdm instanceof SessionDataManager)) {
    warnThrottled(
      sessionsRuntimeOf(root),
      `Sessions are unavailable: there is no Session Data Manager at /${SESSION_DATA_MANAGER_ID}`,
    );
    return undefined;
  }
  return sdm.sessionSource(ctx);
}
