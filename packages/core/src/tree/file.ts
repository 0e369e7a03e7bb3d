import { classRegistry } from '../persistence/class-registry';
import { checkContentType } from './content-type';
import { PropertyManager } from './property-manager';
import type { PropertyDefinition, PropertyValue } from './property-types';

/** Options of {@link File}. */
export interface FileOptions {
  title?: string;
  /** The media type (default `application/octet-stream`). */
  contentType?: string;
}

/**
 * A file in the tree (Zope's `File`): binary content in a Buffer, its content type and size.
 * The data is kept in the object's own record (base64 in the JSON state), so a file is loaded
 * whole; that is fine for documents and images, not for videos — large data may later move to
 * chunk records without changing this API.
 *
 * Serving uploaded HTML or SVG inline is an XSS risk: the publisher's view decides how a File
 * is sent (`Content-Disposition`, CSP); this class only stores it.
 *
 * @example
 * ```ts
 * const logo = new File('logo.svg', '<svg/>', { contentType: 'image/svg+xml' });
 * logo.getSize(); // 6
 * logo.updateData(Buffer.from([0x89, 0x50]), 'image/png');
 * ```
 */
export class File extends PropertyManager {
  static override readonly metaType: string = 'File';
  static override readonly icon: string = 'file.svg';
  static override readonly properties: readonly PropertyDefinition[] = [
    ...PropertyManager.properties,
    { id: 'contentType', type: 'string', mode: 'w', label: 'Content type' },
  ];

  /** The content. */
  data: Buffer;
  /** The media type, checked to be a valid `Content-Type` header value. */
  contentType: string;

  /**
   * Makes a file; a string `data` is stored as UTF-8.
   *
   * @throws BadRequestError for an invalid content type.
   */
  constructor(
    id: string,
    data: Buffer | Uint8Array | string = Buffer.alloc(0),
    options: FileOptions = {},
  ) {
    super(id, options.title ?? '');
    this.data = toBuffer(data);
    this.contentType = checkContentType(options.contentType ?? 'application/octet-stream');
  }

  /** The size in bytes. */
  override getSize(): number {
    return this.data.length;
  }

  /** The media type (Zope's `getContentType`). */
  getContentType(): string {
    return this.contentType;
  }

  /**
   * Replaces the content and, when given, the content type (Zope's `update_data`).
   *
   * @throws BadRequestError for an invalid content type.
   */
  updateData(data: Buffer | Uint8Array | string, contentType?: string): void {
    const type = contentType === undefined ? this.contentType : checkContentType(contentType);
    this.data = toBuffer(data);
    this.contentType = type;
    this.markChanged();
  }

  protected override checkProperty(id: string, value: PropertyValue): void {
    if (id === 'contentType') checkContentType(String(value));
  }
}

function toBuffer(data: Buffer | Uint8Array | string): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.from(data);
}

classRegistry.register('File', File);
