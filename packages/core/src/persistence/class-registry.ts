/** Any class whose instances may be stored: persistent classes and registered value classes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StorableClass = abstract new (...args: any[]) => object;

/**
 * Maps stored class names to classes, so that records name their class in a way that survives
 * refactoring (the name is part of the record format; the JS class name is not).
 *
 * @example
 * ```ts
 * classRegistry.register('Counter', Counter);
 * classRegistry.classFor('Counter'); // Counter
 * ```
 */
export class ClassRegistry {
  private readonly byName = new Map<string, StorableClass>();
  private readonly byClass = new Map<StorableClass, string>();

  /**
   * Registers `cls` under `name`. Registering the same pair twice is a no-op.
   *
   * @throws Error when the name or the class is already registered differently.
   */
  register(name: string, cls: StorableClass): void {
    const existing = this.byName.get(name);
    if (existing === cls) return;
    if (existing)
      throw new Error(`Class name "${name}" is already registered for ${existing.name}`);
    const other = this.byClass.get(cls);
    if (other !== undefined) throw new Error(`${cls.name} is already registered as "${other}"`);
    this.byName.set(name, cls);
    this.byClass.set(cls, name);
  }

  /** The class registered under `name`, if any. */
  classFor(name: string): StorableClass | undefined {
    return this.byName.get(name);
  }

  /** The name `cls` is registered under, if any (exact class, not a subclass). */
  nameOf(cls: StorableClass): string | undefined {
    return this.byClass.get(cls);
  }

  /** Every registered name. */
  names(): string[] {
    return [...this.byName.keys()];
  }
}

/** The registry databases use unless given another one. */
export const classRegistry = new ClassRegistry();
