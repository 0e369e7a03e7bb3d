import type { StorableClass } from './class-registry';

/**
 * A new object of `cls` whose constructor has not run, for a stored state to be restored into.
 * Made with `cls` as `new.target` of `Object` rather than with `Object.create(cls.prototype)`:
 * V8 then leaves room in the object itself for the properties `cls`'s constructors set, where
 * `Object.create` leaves room for four and puts the rest in a separate property array (one more
 * object per loaded object, which the garbage collector copies, and slower property access).
 * @internal
 *
 * @example
 * ```ts
 * const obj = blankInstance(Counter); // obj instanceof Counter; no constructor ran
 * obj.setState({ value: 3 });
 * ```
 */
export function blankInstance<T extends object>(cls: StorableClass): T {
  return Reflect.construct(Object, [], cls as unknown as new () => T) as T;
}
