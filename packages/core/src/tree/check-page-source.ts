import nunjucks from '../views/nunjucks';
import { BadRequestError } from '../errors';
import { escapeHtml } from '../errors/escape-html';

/** The bits of nunjucks' (untyped) parser API this check uses. */
interface TemplateNode {
  readonly typename: string;
  readonly value?: unknown;
  readonly val?: TemplateNode;
  findAll(type: unknown): TemplateNode[];
}
interface NunjucksInternals {
  parser: { parse(source: string): TemplateNode };
  nodes: Record<'LookupVal' | 'Symbol' | 'Include' | 'Import' | 'FromImport' | 'Extends', unknown>;
}

const internals = nunjucks as unknown as NunjucksInternals;

/** Names that lead from any value to `Function` (and so to `process`), or past the object API. */
const FORBIDDEN_NAMES = new Set([
  'constructor',
  'prototype',
  'apply',
  'call',
  'bind',
  'callee',
  'arguments',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

function refuse(why: string): never {
  throw new BadRequestError(`The page template is not allowed: ${why}.`);
}

/**
 * Checks a Page's nunjucks source before it is stored or rendered. Nunjucks is not a sandbox —
 * any function value leads to `Function` through `.constructor` — so, as defence in depth
 * (a Page's source stays trusted code, editable by Managers only), it refuses:
 * - attribute lookups of `constructor`, `prototype`, `call`/`apply`/`bind`, `valueOf`, ...,
 *   and of any name starting with `_` (`_p_jar` reaches the database);
 * - computed lookups (`obj[name]`): use the `lookup(obj, name)` global, which applies the same
 *   rules at run time; literal keys (`obj["a"]`, `list[0]`) are fine;
 * - variables with those names (the render context inherits from `Object.prototype`);
 * - `include`, `import`, `from` and `extends`: a Page has no template loader.
 *
 * @throws BadRequestError naming the problem, also for a syntax error.
 */
export function checkPageSource(source: string): void {
  let ast: TemplateNode;
  try {
    ast = internals.parser.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new BadRequestError(`The page template has a syntax error: ${escapeHtml(message)}`);
  }
  const { nodes } = internals;
  for (const type of [nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends]) {
    if (ast.findAll(type).length > 0)
      refuse('include, import and extends are not available in a Page');
  }
  for (const lookup of ast.findAll(nodes.LookupVal)) {
    const key = lookup.val;
    if (!key || key.typename !== 'Literal')
      refuse('computed lookups obj[expr] need lookup(obj, expr)');
    if (typeof key.value === 'string' && isForbiddenName(key.value)) {
      refuse(`the attribute "${escapeHtml(key.value)}" cannot be used`);
    }
  }
  for (const symbol of ast.findAll(nodes.Symbol)) {
    if (typeof symbol.value === 'string' && isForbiddenName(symbol.value)) {
      refuse(`the name "${escapeHtml(symbol.value)}" cannot be used`);
    }
  }
}

/** True for names a Page may not look up (see {@link checkPageSource}). */
export function isForbiddenName(name: string): boolean {
  return name.startsWith('_') || FORBIDDEN_NAMES.has(name);
}

/**
 * The `lookup(obj, key)` global of Page templates: `obj[key]` for own properties, array items
 * and Map entries, undefined for forbidden names and inherited members.
 */
export function safeLookup(obj: unknown, key: unknown): unknown {
  if (obj === null || obj === undefined) return undefined;
  if (obj instanceof Map) return obj.get(key);
  if (typeof key === 'number')
    return Array.isArray(obj) || typeof obj === 'string'
      ? (obj as ArrayLike<unknown>)[key]
      : undefined;
  if (typeof key !== 'string' || isForbiddenName(key) || typeof obj !== 'object') return undefined;
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}
