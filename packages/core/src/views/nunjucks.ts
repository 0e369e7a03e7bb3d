import nunjucks from 'nunjucks';
import { restoreFastProperties } from './restore-fast-properties';

// nunjucks makes its SafeString's prototype with `Object.create(String.prototype)` as it loads,
// and V8 answers by turning String.prototype into a dictionary, which slows every string scan
// in the process about fourfold (see restore-fast-properties.ts): undo that as it loads.
restoreFastProperties(String.prototype);

/**
 * nunjucks, loaded so that it leaves `String.prototype` fast. Zoa's code imports nunjucks from
 * here, never from 'nunjucks' directly (types may be imported from there). @internal
 *
 * @example
 * ```ts
 * import nunjucks from '../views/nunjucks';
 * const environment = new nunjucks.Environment([], { autoescape: true });
 * ```
 */
export default nunjucks;
