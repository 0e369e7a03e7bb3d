export { ZoaError } from './zoa-error';
export {
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  UriTooLongError,
  ServiceUnavailableError,
} from './http-errors';
export { escapeHtml } from './escape-html';
