/** Loads enough for the load's function to get its feedback (V8 gives it after 8 calls). */
const LOADS = 64;

/**
 * Gives `prototype` fast properties again after V8 turned it into a dictionary (a hash table), as
 * it does to an object the first time `Object.create` makes it a prototype. For
 * `String.prototype` that costs every string in the process: V8 (11.3, Node 20) no longer inlines
 * `charCodeAt`, `indexOf` and the like while `String.prototype` is a dictionary, and a loop that
 * scans a string with `charCodeAt` runs about four times slower. A property load through an
 * object whose prototype it is, once the load has its inline cache, asks V8 to make the
 * prototype fast (`MakePrototypesFast`); the load runs a few dozen times, as the cache comes
 * only after a function has run a few times. It changes no property, only how V8 stores them.
 * @internal
 *
 * @example
 * ```ts
 * Object.create(String.prototype); // String.prototype becomes a dictionary
 * restoreFastProperties(String.prototype); // fast again
 * ```
 */
export function restoreFastProperties(prototype: object): void {
  function Receiver(): void {}
  Receiver.prototype = prototype;
  const receiver = Reflect.construct(Receiver, []) as Record<string, unknown>;
  const load = (): unknown => receiver.zoaRestoreFastProperties;
  for (let i = 0; i < LOADS; i += 1) load();
}
