/**
 * The publisher: URLs traverse the object tree, registered views answer, one transaction per
 * request with conflict retry, typed errors rendered in one place, URL helpers.
 *
 * @packageDocumentation
 */
export type {
  HttpMethod,
  AuthorizationResult,
  Authorizer,
  ViewResult,
  ViewHandler,
  ViewDefinition,
  ViewLookup,
  PublisherLogger,
  PublisherSettings,
  PublisherApp,
  ZoaRequest,
  PublisherContext,
} from './interfaces';
export { parsePath, PATH_LIMITS } from './parse-path';
export type { ParsedPath } from './parse-path';
export { traverse } from './traverse';
export type { TraversalResult } from './traverse';
export { isReservedTraversalName } from './reserved-names';
export { ViewRegistry, viewRegistry, registerView, DEFAULT_VIEW_NAME } from './view-registry';
export type { ViewClass, ViewOptions } from './view-registry';
export { defaultAuthorizer, VIEW_PERMISSION } from './default-authorizer';
export { RequestForm } from './request-form';
export type { FormValue } from './request-form';
export { parseUrlencoded } from './parse-urlencoded';
export type { UrlencodedOptions } from './parse-urlencoded';
export { readBody, DEFAULT_BODY_LIMITS } from './read-body';
export type { BodyLimits } from './read-body';
export { absoluteUrl, urlPathOf } from './absolute-url';
export type { Locatable } from './absolute-url';
export { requestBaseUrl } from './request-base-url';
export { setUrlPrefix, urlPrefixOf } from './url-prefix';
export type { UrlPrefix } from './url-prefix';
export { snapshotResponse, restoreResponse } from './response-snapshot';
export type { ResponseSnapshot, SnapshotTarget } from './response-snapshot';
export { bufferBody } from './buffer-body';
export { escapeHtml } from '../errors/escape-html';
export { errorResponseOf, requestRedactor, errorHtml, errorJson } from './error-response';
export type { ErrorResponse, Redactor } from './error-response';
export { errorHandler } from './error-handler';
export type { ErrorHandlerOptions } from './error-handler';
export { accessLog } from './access-log';
export type { AccessLogOptions } from './access-log';
export {
  createPublisherLogger,
  redactLogObject,
  REDACTED_KEYS,
  REDACTED,
} from './create-publisher-logger';
export type { PublisherLoggerOptions } from './create-publisher-logger';
export { BufferedLogDestination } from './buffered-log-destination';
export type { BufferedLogDestinationOptions, LogChunkTarget } from './buffered-log-destination';
export { publisher } from './publisher';
export type { PublisherOptions } from './publisher';
export { usePublisher } from './use-publisher';
