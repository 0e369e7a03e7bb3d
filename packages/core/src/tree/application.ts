import { classRegistry } from '../persistence/class-registry';
import { Folder } from './folder';

/**
 * The root object of the main database (Zope's `Application`): an ordered folder whose physical
 * path is `/`. It protects the ids of the objects the site's machinery relies on —
 * `temp_folder`, `browser_id_manager` and `session_data_manager` — from delete, cut and rename;
 * products can protect more with `reserveName`.
 *
 * @example
 * ```ts
 * const db = await Database.open(storage, { rootFactory: () => new Application() });
 * await tm.run(async (txn) => {
 *   const app = await (await txn.open(db)).root<Application>();
 *   await app.setObject('news', new Folder('news'));
 * });
 * ```
 */
export class Application extends Folder {
  static override readonly metaType: string = 'Application';
  static override readonly icon: string = 'application.svg';
  static override readonly reservedNames: readonly string[] = [
    'temp_folder',
    'browser_id_manager',
    'session_data_manager',
  ];

  /** Makes a root object; its id is empty, as the root's path segment is. */
  constructor(title = 'Zoa') {
    super('', title);
  }
}

classRegistry.register('Application', Application);
