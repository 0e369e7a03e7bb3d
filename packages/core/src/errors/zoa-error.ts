/**
 * Base class of every error Zoa raises on purpose. Koa-style: `status` is the HTTP status the
 * publisher answers with, `expose` says whether `message` may be shown to the client, and
 * `headers` are added to the response (for example `Allow` or `Retry-After`).
 *
 * @example
 * ```ts
 * throw new ZoaError('Disk full', { status: 507 });
 * ```
 */
export class ZoaError extends Error {
  /** HTTP status code the publisher answers with. */
  readonly status: number;
  /** True when the message is safe to show to the client (4xx by default). */
  readonly expose: boolean;
  /** Extra response headers, such as `Allow` for 405 or `Retry-After` for 503. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    message: string,
    options: {
      status?: number;
      expose?: boolean;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status ?? 500;
    this.expose = options.expose ?? this.status < 500;
    this.headers = { ...options.headers };
  }
}
