import type { IncomingMessage } from 'node:http';
import { UriTooLongError } from '../errors';
import type { Transaction } from '../persistence/transaction';
import { absoluteUrl } from './absolute-url';
import type { PublisherApp, ZoaRequest } from './interfaces';
import type { ParsedPath } from './parse-path';
import { parseUrlencoded } from './parse-urlencoded';
import { requestBaseUrl } from './request-base-url';
import { urlPrefixOf } from './url-prefix';
import { RequestForm } from './request-form';
import type { TraversalResult } from './traverse';

/**
 * What one request keeps across conflict retries: its parsed path, body, and lazily the query
 * and the origin. The URL prefix (see `setUrlPrefix`) is read each time a URL is generated.
 * @internal
 */
export class RequestInputs {
  private queryForm: RequestForm | undefined;
  private origin: string | undefined;
  private canonicalPath: string | undefined;

  constructor(
    readonly app: PublisherApp,
    readonly req: IncomingMessage,
    readonly querystring: string,
    readonly path: ParsedPath,
    readonly form: RequestForm,
  ) {}

  get query(): RequestForm {
    this.queryForm ??=
      this.querystring === ''
        ? RequestForm.EMPTY
        : new RequestForm(
            parseUrlencoded(this.querystring, {
              tooMany: () => new UriTooLongError('The query string has too many fields'),
            }),
          );
    return this.queryForm;
  }

  get baseUrl(): string {
    this.origin ??= requestBaseUrl(this.req, this.app.settings);
    return this.origin + urlPrefixOf(this);
  }

  get url(): string {
    if (this.canonicalPath === undefined) {
      const { segments, trailingSlash } = this.path;
      let path = '';
      for (const segment of segments) path += `/${encodeURIComponent(segment)}`;
      this.canonicalPath = segments.length === 0 ? '/' : trailingSlash ? `${path}/` : path;
    }
    return this.baseUrl + this.canonicalPath;
  }
}

/** The `ctx.zoa` of one attempt. @internal */
export class PublishedRequest implements ZoaRequest {
  readonly root: object;
  readonly context: object;
  readonly subpath: readonly string[];
  readonly traversed: readonly string[];
  readonly parents: readonly object[];

  constructor(
    private readonly inputs: RequestInputs,
    readonly txn: Transaction,
    found: TraversalResult,
    readonly viewName: string,
    readonly attempt: number,
  ) {
    this.root = found.root;
    this.context = found.context;
    this.subpath = found.subpath;
    this.traversed = found.traversed;
    this.parents = found.parents;
  }

  get app(): PublisherApp {
    return this.inputs.app;
  }

  get query(): RequestForm {
    return this.inputs.query;
  }

  get form(): RequestForm {
    return this.inputs.form;
  }

  get baseUrl(): string {
    return this.inputs.baseUrl;
  }

  get url(): string {
    return this.inputs.url;
  }

  absoluteUrl(object: object): string {
    return absoluteUrl(object, { zoa: this });
  }
}
