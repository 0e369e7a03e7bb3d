import type { ExtendableContext } from 'koa';
import { isWellFormedBrowserId } from './browser-id';

/** What a form value reader needs: the publisher's parsed form, when the publisher runs. */
interface PublishedForms {
  zoa?: {
    readonly query: { get(name: string): unknown };
    readonly form: { get(name: string): unknown };
  };
}

/**
 * The browser id a `Cookie` header carries under `name`, or undefined when there is none, when
 * it is malformed (S-09: the raw value must be a well-formed id, nothing is decoded), or when the
 * name appears more than once (a duplicated cookie may be planted through a sibling domain or
 * path: neither copy is trusted).
 *
 * @example
 * ```ts
 * readCookieBrowserId('a=1; _ZopeId=' + id, '_ZopeId'); // id
 * readCookieBrowserId(`_ZopeId=${id}; _ZopeId=${other}`, '_ZopeId'); // undefined
 * ```
 */
export function readCookieBrowserId(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header === '') return undefined;
  let found: string | undefined;
  let count = 0;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end < 0) end = header.length;
    let i = start;
    while (i < end && (header.charCodeAt(i) === 32 || header.charCodeAt(i) === 9)) i += 1;
    if (header.startsWith(name, i) && header.charCodeAt(i + name.length) === 61 /* = */) {
      count += 1;
      found = header.slice(i + name.length + 1, end).trimEnd();
    }
    start = end + 1;
  }
  return count === 1 && isWellFormedBrowserId(found) ? found : undefined;
}

/**
 * The browser id a form or query field `name` carries: the publisher's parsed body and query
 * (`ctx.zoa`) when it runs, else Koa's `ctx.query` and a parsed `ctx.request.body`. Undefined
 * when absent, malformed, repeated, or different in the body and the query string (S-09).
 *
 * @example
 * ```ts
 * readFormBrowserId(ctx, '_ZopeId'); // from ?_ZopeId=… or a posted field
 * ```
 */
export function readFormBrowserId(ctx: ExtendableContext, name: string): string | undefined {
  let values: unknown[];
  try {
    const zoa = (ctx as PublishedForms).zoa;
    if (zoa) {
      values = [zoa.form.get(name), zoa.query.get(name)];
    } else {
      const body = (ctx.request as { body?: unknown }).body;
      const fromBody =
        typeof body === 'object' && body !== null && Object.hasOwn(body, name)
          ? (body as Record<string, unknown>)[name]
          : undefined;
      const query = ctx.query;
      values = [fromBody, Object.hasOwn(query, name) ? query[name] : undefined];
    }
  } catch {
    return undefined; // an unparsable query string (too many fields) is no browser id
  }
  const present = values.filter((value) => value !== undefined);
  const [first] = present;
  if (present.some((value) => value !== first)) return undefined;
  return isWellFormedBrowserId(first) ? first : undefined;
}
