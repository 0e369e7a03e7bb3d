/**
 * The publisher's extension points and the shapes it hands to views. Each interface states its
 * contract; `@zoa/core/testing` has `createTestApp()`, a minimal {@link PublisherApp}.
 */
import type { DefaultState, ParameterizedContext } from 'koa';
import type { Database } from '../persistence/database';
import type { Transaction } from '../persistence/transaction';
import type { TransactionManager } from '../persistence/transaction-manager';
import type { RequestForm } from './request-form';

/** The HTTP methods a view may be registered for (`HEAD` comes with `GET`). */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** The answer of an {@link Authorizer}. */
export type AuthorizationResult = 'ok' | 'unauthenticated' | 'forbidden';

/**
 * Decides whether the current request may use a permission on an object. The publisher calls it
 * once per request, after view lookup and before the view runs, inside the request's transaction
 * (so it may read the tree, e.g. a user folder; it must not write).
 *
 * Contract:
 * - return `'ok'` to run the view, `'unauthenticated'` when the request has no (valid) identity
 *   and the permission is not granted to anonymous users (the publisher answers 401), or
 *   `'forbidden'` when the identity is known but lacks the permission (403);
 * - it may throw a `ZoaError` to answer otherwise (for example a `WWW-Authenticate` challenge, or
 *   a 302 to a login form for browsers); any other error is a 500;
 * - it may record the principal on `ctx.state` for views; it must not write to the response;
 * - it may be called again for the same request when a conflict makes the publisher retry.
 *
 * @example
 * ```ts
 * const managersOnly: Authorizer = {
 *   authorize: (ctx, context, permission) =>
 *     permission === 'View' ? 'ok' : ctx.state.user ? 'forbidden' : 'unauthenticated',
 * };
 * ```
 */
export interface Authorizer {
  authorize(
    ctx: PublisherContext,
    context: object,
    permission: string,
  ): AuthorizationResult | Promise<AuthorizationResult>;
}

/** What a view handler may return; see {@link ViewHandler}. */
export type ViewResult =
  | string
  | Uint8Array
  | NodeJS.ReadableStream
  | Record<string, unknown>
  | readonly unknown[]
  | null
  | undefined
  | void;

/**
 * A view: called with the Koa context (`ctx.zoa` set) and the traversed object. It returns the
 * body — a string (HTML when it starts with `<`, else text), bytes, a stream (read fully before
 * the commit), or a JSON-able object — or sets `ctx.body` itself and returns nothing. It may set
 * `ctx.status`, headers and cookies; all of that is discarded when the request is retried.
 */
export type ViewHandler<C extends object = object> = (
  ctx: PublisherContext,
  context: C,
) => ViewResult | Promise<ViewResult>;

/** A registered view, as returned by {@link ViewLookup.lookup}. */
export interface ViewDefinition {
  readonly name: string;
  /** Allowed methods, `HEAD` included when `GET` is; sorted, for the `Allow` header. */
  readonly methods: readonly HttpMethod[];
  /** The `Allow` header value (the methods joined by `, `). */
  readonly allow: string;
  /** The permission the {@link Authorizer} is asked about. */
  readonly permission: string;
  /** Whether URL segments after the view name (a subpath) are accepted; else they are 404. */
  readonly acceptsSubpath: boolean;
  readonly handler: ViewHandler;
}

/**
 * Finds the view `name` for an object. Contract: only explicitly registered views are returned;
 * reserved names (`_x`, `__proto__`, ...) never are; the answer depends only on the object's
 * prototype chain and the name (so implementations may cache per class).
 */
export interface ViewLookup {
  lookup(context: object, name: string): ViewDefinition | undefined;
}

/** Structured logger the publisher writes to (a pino logger fits; see `createPublisherLogger`). */
export interface PublisherLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Site-wide settings the publisher reads. How the base URL of generated URLs is chosen (T-18):
 * 1. `publicUrl` when set (for example `https://www.example.com`), always;
 * 2. else, with `trustProxy`, the first `X-Forwarded-Proto` (`http`/`https`) and
 *    `X-Forwarded-Host` values, falling back to the connection's protocol and `Host`;
 * 3. else the connection's protocol and the `Host` header;
 * in 2 and 3 the host must be well-formed and, when `allowedHosts` is set, in it (else the
 * first allowed host is used). With neither `publicUrl`, `trustProxy` nor `allowedHosts`, the
 * `Host` header is never trusted: generated URLs are origin-relative paths (`/a/b`).
 */
export interface PublisherSettings {
  /** Development mode: error pages show the message and stack of 500s. */
  readonly devMode: boolean;
  /** Trust `X-Forwarded-Proto` / `X-Forwarded-Host` (only behind a proxy that sets them). */
  readonly trustProxy: boolean;
  /** Host names (with `:port` when not the default) the `Host` header may take. */
  readonly allowedHosts?: readonly string[];
  /** The canonical origin of the site, e.g. `https://example.com`; wins over every header. */
  readonly publicUrl?: string;
}

/**
 * Everything the publisher needs from the running site. The `Site` runtime (in `config/`)
 * implements it; tests use `createTestApp()` from `@zoa/core/testing`.
 *
 * Contract: the databases are open for as long as the publisher serves requests; the root
 * object of `rootDatabase` is the traversal root (usually an `Application`, which must be
 * `Traversable` for anything but `/` to resolve); the other databases share one `databases` map
 * with it so that mount points open them in the request's transaction.
 */
export interface PublisherApp {
  /** The database mounted at `/`. */
  readonly rootDatabase: Database;
  /** Every database by name, the root one included. */
  readonly databases: ReadonlyMap<string, Database>;
  /** Begins one transaction per request attempt. */
  readonly transactionManager: TransactionManager;
  /** The view registry. */
  readonly views: ViewLookup;
  /** Decides on permissions. */
  readonly authorizer: Authorizer;
  /** Access lines and errors go here. */
  readonly logger: PublisherLogger;
  readonly settings: PublisherSettings;
}

/** What the publisher puts on `ctx.zoa` for views (Zope's `REQUEST` extras). */
export interface ZoaRequest {
  /** The site. */
  readonly app: PublisherApp;
  /** This attempt's transaction; commits after the view, aborts on error. */
  readonly txn: Transaction;
  /** The root object of the main database. */
  readonly root: object;
  /** The object the view was found for. */
  readonly context: object;
  /** The view's name (`index_html` for the default view). */
  readonly viewName: string;
  /** Segments after the view name (only for views that accept a subpath). */
  readonly subpath: readonly string[];
  /** The names traversed from the root to the context. */
  readonly traversed: readonly string[];
  /** Objects traversed, innermost first (`parents[0]` is the context; Zope's `PARENTS`). */
  readonly parents: readonly object[];
  /** The decoded query string (T-19 accessors). */
  readonly query: RequestForm;
  /** The parsed request body of POST/PUT/PATCH (empty otherwise). */
  readonly form: RequestForm;
  /** 0 for the first attempt, then 1..n for conflict retries. */
  readonly attempt: number;
  /**
   * The site's base URL (`''` when URLs are origin-relative; see {@link PublisherSettings}),
   * followed by the request's URL prefix when one is set (see `setUrlPrefix`; read each time).
   */
  readonly baseUrl: string;
  /** The canonical URL of this request, without the query string (after {@link baseUrl}). */
  readonly url: string;
  /** The absolute URL of an object of the tree (see `absoluteUrl`). */
  absoluteUrl(object: object): string;
}

/** The Koa context views receive. */
export type PublisherContext = ParameterizedContext<DefaultState, { zoa: ZoaRequest }>;
