import { ZoaError } from './zoa-error';

type Options = { headers?: Record<string, string>; cause?: unknown };

/** 400: the request is malformed (bad encoding, bad id, wrong value type). */
export class BadRequestError extends ZoaError {
  constructor(message = 'Bad Request', options: Options = {}) {
    super(message, { ...options, status: 400 });
  }
}

/** 401: the view needs an authenticated user. */
export class UnauthorizedError extends ZoaError {
  constructor(message = 'Unauthorized', options: Options = {}) {
    super(message, { ...options, status: 401 });
  }
}

/** 403: the user is known but lacks the permission. */
export class ForbiddenError extends ZoaError {
  constructor(message = 'Forbidden', options: Options = {}) {
    super(message, { ...options, status: 403 });
  }
}

/** 404: nothing is published at this URL. */
export class NotFoundError extends ZoaError {
  constructor(message = 'Not Found', options: Options = {}) {
    super(message, { ...options, status: 404 });
  }
}

/** 405: the view exists but not for this HTTP method; carries the `Allow` header. */
export class MethodNotAllowedError extends ZoaError {
  readonly allowed: readonly string[];
  constructor(allowed: readonly string[], message = 'Method Not Allowed') {
    super(message, { status: 405, headers: { Allow: allowed.join(', ') } });
    this.allowed = allowed;
  }
}

/** 413: the request body is larger than the configured limit. */
export class PayloadTooLargeError extends ZoaError {
  constructor(message = 'Payload Too Large', options: Options = {}) {
    super(message, { ...options, status: 413 });
  }
}

/** 414: the path has too many or too long segments. */
export class UriTooLongError extends ZoaError {
  constructor(message = 'URI Too Long', options: Options = {}) {
    super(message, { ...options, status: 414 });
  }
}

/** 503: a resource is exhausted or unavailable; carries `Retry-After`. */
export class ServiceUnavailableError extends ZoaError {
  constructor(
    message = 'Service Unavailable',
    options: Options & { retryAfterSeconds?: number } = {},
  ) {
    const headers = { 'Retry-After': String(options.retryAfterSeconds ?? 5), ...options.headers };
    super(message, { cause: options.cause, headers, status: 503, expose: true });
  }
}
