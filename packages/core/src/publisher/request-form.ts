import { BadRequestError } from '../errors';

/** One field's value: a string, a list for repeated keys, or any JSON value from a JSON body. */
export type FormValue = unknown;

/**
 * The fields of a query string or request body: a flat, read-only Map from field name to value
 * (never an object keyed by request data, so `__proto__` is an ordinary field name — T-15, T-17).
 * A urlencoded key given once is a string, a repeated key a `string[]`; a JSON body keeps its
 * top-level values (nested objects have a null prototype). The typed accessors answer 400 when
 * the client sent the wrong shape (T-19).
 *
 * @example
 * ```ts
 * const form = RequestForm.fromEntries([['title', 'Hello'], ['ids', ['1', '2']]]);
 * form.getString('title'); // 'Hello'
 * form.getAll('ids'); // ['1', '2']
 * form.getString('ids'); // throws BadRequestError (400): one value expected
 * ```
 */
export class RequestForm {
  /** A form with no fields. */
  static readonly EMPTY = new RequestForm(new Map());

  private readonly fields: ReadonlyMap<string, FormValue>;

  constructor(fields: ReadonlyMap<string, FormValue>) {
    this.fields = fields;
  }

  /** A form from `[name, value]` pairs (later pairs replace earlier ones). */
  static fromEntries(entries: Iterable<readonly [string, FormValue]>): RequestForm {
    return new RequestForm(new Map(entries));
  }

  /** How many distinct field names. */
  get size(): number {
    return this.fields.size;
  }

  /** True when the field was sent (even empty). */
  has(name: string): boolean {
    return this.fields.has(name);
  }

  /** The field names, in the order received. */
  keys(): string[] {
    return [...this.fields.keys()];
  }

  /** The raw value (string, `string[]` or a JSON value), or undefined when absent. */
  get(name: string): FormValue {
    return this.fields.get(name);
  }

  /**
   * The field as one string, or undefined when absent.
   *
   * @throws BadRequestError when the field was repeated or is not a string (a JSON number, ...)
   */
  getString(name: string): string | undefined {
    const value = this.fields.get(name);
    if (value === undefined || typeof value === 'string') return value;
    throw new BadRequestError(
      Array.isArray(value)
        ? `Field ${quote(name)} must have a single value`
        : `Field ${quote(name)} must be a string`,
    );
  }

  /**
   * The field as one string.
   *
   * @throws BadRequestError when it is absent, repeated or not a string
   */
  requireString(name: string): string {
    const value = this.getString(name);
    if (value === undefined) throw new BadRequestError(`Field ${quote(name)} is required`);
    return value;
  }

  /**
   * Every value of the field as strings: `[]` when absent, `[value]` when given once.
   *
   * @throws BadRequestError when a value is not a string (JSON numbers, objects, ...)
   */
  getAll(name: string): string[] {
    const value = this.fields.get(name);
    if (value === undefined) return [];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      return [...(value as string[])];
    }
    throw new BadRequestError(`Field ${quote(name)} must be a list of strings`);
  }
}

/** Quotes a client-supplied field name for an error message, shortened. */
function quote(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}
