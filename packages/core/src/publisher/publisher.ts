import type { Context, Middleware } from 'koa';
import {
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  UnauthorizedError,
  ZoaError,
} from '../errors';
import { ConflictError } from '../persistence/conflict-error';
import type { Transaction } from '../persistence/transaction';
import { isTraversable } from '../tree/interfaces';
import { recordConflictRetries } from './access-log';
import { bufferBody } from './buffer-body';
import type { HttpMethod, PublisherApp, PublisherContext } from './interfaces';
import { parsePath } from './parse-path';
import { PublishedRequest, RequestInputs } from './published-request';
import type { BodyLimits } from './read-body';
import { DEFAULT_BODY_LIMITS, readBody } from './read-body';
import { checkUrlSettings } from './request-base-url';
import { RequestForm } from './request-form';
import { restoreResponse, snapshotResponse } from './response-snapshot';
import { traverse } from './traverse';
import { urlPrefixOf } from './url-prefix';
import { DEFAULT_VIEW_NAME } from './view-registry';

/** Options of {@link publisher}. */
export interface PublisherOptions {
  /** The site: databases, transaction manager, views, authorizer, logger, settings. */
  app: PublisherApp;
  /** Conflict retries before answering 409 (default 3). */
  retries?: number;
  /** Upper bound of the random back-off before a retry, in ms (default 10, times the attempt). */
  maxBackoffMs?: number;
  /** Body size limits (defaults: {@link DEFAULT_BODY_LIMITS}). */
  bodyLimits?: Partial<BodyLimits>;
}

const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);
const COMMIT = true;
const ABORT = false;

/**
 * The Koa middleware that publishes the object tree; it answers every request and never calls
 * `next`. Each request is one unit of work: parse the path (400/404/414), read the body of
 * POST/PUT/PATCH (413/415/400), then per attempt begin a transaction, open the root, traverse,
 * look the view up (404, 405 with `Allow`), redirect containers to their slash URL (301, GET and
 * HEAD), authorize (401/403), call the view, buffer the body and commit before anything is sent.
 * Any error aborts. A `ConflictError` aborts, discards the attempt's status, headers, cookies
 * and body, and re-runs the request after a small random back-off, up to `retries` times; then
 * 409. Errors are thrown to the {@link errorHandler} in front of it.
 *
 * @throws TypeError at once when the options are incomplete or wrong
 * @example
 * ```ts
 * const koa = new Koa();
 * koa.use(accessLog({ logger: app.logger }));
 * koa.use(errorHandler({ devMode: app.settings.devMode, logger: app.logger }));
 * koa.use(publisher({ app }));
 * ```
 */
export function publisher(options: PublisherOptions): Middleware {
  const problems = checkOptions(options);
  if (problems.length > 0) throw new TypeError(`publisher: ${problems.join('; ')}`);
  const { app } = options;
  const retries = options.retries ?? 3;
  const maxBackoffMs = options.maxBackoffMs ?? 10;
  const limits: BodyLimits = { ...DEFAULT_BODY_LIMITS, ...options.bodyLimits };
  const { rootDatabase, transactionManager, views } = app;

  async function publishOnce(
    ctx: Context,
    txn: Transaction,
    inputs: RequestInputs,
    attempt: number,
  ): Promise<boolean> {
    const root = await (await txn.open(rootDatabase)).root();
    const found = await traverse(root, inputs.path.segments);
    const viewName = found.viewName === '' ? DEFAULT_VIEW_NAME : found.viewName;
    const view = views.lookup(found.context, viewName);
    if (view === undefined || (found.subpath.length > 0 && !view.acceptsSubpath)) {
      throw new NotFoundError();
    }
    const method = ctx.method;
    const readOnly = method === 'GET' || method === 'HEAD';
    if (!view.methods.includes(method as HttpMethod)) throw new MethodNotAllowedError(view.methods);
    if (
      readOnly &&
      found.viewName === '' &&
      !inputs.path.trailingSlash &&
      isTraversable(found.context)
    ) {
      redirectToSlash(ctx, inputs);
      return ABORT;
    }
    const zoa = new PublishedRequest(inputs, txn, found, viewName, attempt);
    const publishing = ctx as unknown as PublisherContext;
    publishing.zoa = zoa;
    // read per request: a site may plug its authorizer in after the middleware was made
    const answer = app.authorizer.authorize(publishing, found.context, view.permission);
    const decision = typeof answer === 'string' ? answer : await answer;
    if (decision !== 'ok')
      throw decision === 'forbidden' ? new ForbiddenError() : new UnauthorizedError();
    ctx.status = 200;
    const returned = view.handler(publishing, found.context);
    const result: unknown = returned instanceof Promise ? await returned : returned;
    if (result !== undefined) ctx.body = result;
    if (typeof ctx.body === 'object' && ctx.body !== null) await bufferBody(ctx);
    if (ctx.status === 200 && ctx.body == null) ctx.status = 204;
    else if (readOnly && ctx.status === 200 && isConditional(ctx) && ctx.fresh) ctx.status = 304;
    return COMMIT;
  }

  return async function zoaPublisher(ctx: Context): Promise<void> {
    const rawPath = ctx.path;
    const path = parsePath(rawPath);
    const form = BODY_METHODS.has(ctx.method) ? await readBody(ctx.req, limits) : RequestForm.EMPTY;
    const inputs = new RequestInputs(app, ctx.req, ctx.querystring, path, form);
    const before = snapshotResponse(ctx);
    for (let attempt = 0; ; attempt += 1) {
      const txn = transactionManager.begin({ note: rawPath });
      try {
        if ((await publishOnce(ctx, txn, inputs, attempt)) === COMMIT) await txn.commit();
        else await txn.abort();
        recordConflictRetries(ctx, attempt);
        return;
      } catch (error) {
        await abortQuietly(txn);
        restoreResponse(ctx, before);
        recordConflictRetries(ctx, attempt);
        if (!(error instanceof ConflictError)) throw error;
        if (attempt >= retries) {
          throw new ZoaError('The request conflicted with concurrent changes; please try again', {
            status: 409,
            cause: error,
          });
        }
        await backoff(maxBackoffMs * (attempt + 1));
      }
    }
  };
}

/**
 * 301 to the same URL with a slash appended, keeping the query string and the request's URL
 * prefix (see `setUrlPrefix`); origin-relative.
 */
function redirectToSlash(ctx: Context, inputs: RequestInputs): void {
  let location = urlPrefixOf(ctx);
  for (const segment of inputs.path.segments) location += `/${encodeURIComponent(segment)}`;
  location += '/';
  const query = ctx.querystring;
  if (query !== '') location += `?${query.replace(/[^\x21-\x7e]/g, encodeURIComponent)}`;
  ctx.status = 301;
  ctx.set('Location', location);
  ctx.body = `Moved permanently to ${location}`;
}

function isConditional(ctx: Context): boolean {
  const headers = ctx.req.headers;
  return headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined;
}

async function abortQuietly(txn: Transaction): Promise<void> {
  try {
    await txn.abort();
  } catch {
    // the original error is the one to report
  }
}

function backoff(maxMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * maxMs));
}

function checkOptions(options: PublisherOptions): string[] {
  if (typeof options !== 'object' || options === null) return ['options are required'];
  const app = options.app as Partial<PublisherApp> | undefined;
  if (typeof app !== 'object' || app === null) return ['options.app is required'];
  const problems: string[] = [];
  const need = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  need(typeof app.rootDatabase?.connect === 'function', 'app.rootDatabase must be a Database');
  need(app.databases instanceof Map, 'app.databases must be a Map of databases');
  need(typeof app.transactionManager?.begin === 'function', 'app.transactionManager is required');
  need(typeof app.views?.lookup === 'function', 'app.views must have lookup()');
  need(typeof app.authorizer?.authorize === 'function', 'app.authorizer must have authorize()');
  need(typeof app.logger?.info === 'function', 'app.logger must have info()');
  const settings = app.settings;
  if (typeof settings !== 'object' || settings === null) {
    problems.push('app.settings is required');
  } else {
    need(typeof settings.devMode === 'boolean', 'app.settings.devMode must be a boolean');
    need(typeof settings.trustProxy === 'boolean', 'app.settings.trustProxy must be a boolean');
    problems.push(...checkUrlSettings(settings));
  }
  const { retries = 3, maxBackoffMs = 10, bodyLimits = {} } = options;
  need(Number.isInteger(retries) && retries >= 0, 'retries must be an integer >= 0');
  need(Number.isFinite(maxBackoffMs) && maxBackoffMs >= 0, 'maxBackoffMs must be a number >= 0');
  for (const [key, value] of Object.entries(bodyLimits)) {
    need(
      key in DEFAULT_BODY_LIMITS && Number.isInteger(value) && (value as number) > 0,
      `bodyLimits.${key} is invalid`,
    );
  }
  return problems;
}
