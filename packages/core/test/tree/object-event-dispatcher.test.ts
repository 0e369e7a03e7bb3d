import { classRegistry } from '@zoa/core/persistence';
import {
  BeforeDeleteError,
  Folder,
  Item,
  ObjectEventDispatcher,
  objectEvents,
} from '@zoa/core/tree';
import type { ObjectEvent } from '@zoa/core/tree';
import { inTxn, openTreeDb } from './fixtures/tree-db';

/** An item whose before-delete hook vetoes while `locked`. */
class Locked extends Item {
  static override readonly metaType = 'Locked';
  locked = true;
  added = 0;

  override manageBeforeDelete(): void {
    if (this.locked) throw new BeforeDeleteError(`${this.id} is locked`);
  }

  override manageAfterAdd(): void {
    this.added += 1;
    this.markChanged();
  }
}
classRegistry.register('test.events.Locked', Locked);

type Seen = [string, string, string];

function record(): { seen: Seen[]; stop: () => void } {
  const seen: Seen[] = [];
  const stop = objectEvents.subscribe((target: Item, event: ObjectEvent) => {
    seen.push([event.type, target.id, event.object.id]);
  });
  return { seen, stop };
}

async function tree(): Promise<Folder> {
  const root = new Folder('root');
  const a = await root.setObject('a', new Folder('a'));
  await a.setObject('x', new Item('x'));
  return root;
}

describe('object events', () => {
  let stops: (() => void)[] = [];
  afterEach(() => {
    stops.forEach((stop) => stop());
    stops = [];
  });
  const watch = (): Seen[] => {
    const { seen, stop } = record();
    stops.push(stop);
    return seen;
  };

  it('sends will-add and added to the whole new subtree, then container-modified', async () => {
    const root = new Folder('root');
    const sub = new Folder('sub');
    await sub.setObject('leaf', new Item('leaf'));
    const seen = watch();
    await root.setObject('sub', sub);
    expect(seen).toEqual([
      ['will-add', 'sub', 'sub'],
      ['will-add', 'leaf', 'sub'],
      ['added', 'sub', 'sub'],
      ['added', 'leaf', 'sub'],
      ['container-modified', 'root', 'root'],
    ]);
  });

  it('sends will-remove and removed to the whole subtree on delete', async () => {
    const root = await tree();
    const seen = watch();
    await root.delObject('a');
    expect(seen).toEqual([
      ['will-remove', 'a', 'a'],
      ['will-remove', 'x', 'a'],
      ['removed', 'a', 'a'],
      ['removed', 'x', 'a'],
      ['container-modified', 'root', 'root'],
    ]);
  });

  it('sends will-move and moved with old and new names on rename', async () => {
    const root = await tree();
    const events: ObjectEvent[] = [];
    stops.push(objectEvents.subscribe((_t, e) => void events.push(e), { types: ['moved'] }));
    await root.renameObject('a', 'b');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'moved', oldName: 'a', newName: 'b' });
    expect(events[0]?.oldParent).toBe(root);
    expect(events[0]?.newParent).toBe(root);
  });

  it('sends container-modified when the order changes', async () => {
    const root = await tree();
    await root.setObject('b', new Item('b'));
    const seen = watch();
    await root.moveObjectsUp(['b']);
    expect(seen).toEqual([['container-modified', 'root', 'root']]);
    await root.moveObjectsUp(['b']);
    expect(seen).toHaveLength(1);
  });

  it('lets a before-delete hook veto the delete: nothing is removed', async () => {
    const root = await tree();
    const a = (await root.get('a')) as Folder;
    const locked = await a.setObject('locked', new Locked('locked'));
    const seen = watch();
    await expect(root.delObjects(['a'])).rejects.toBeInstanceOf(BeforeDeleteError);
    await expect(root.delObject('a')).rejects.toMatchObject({
      status: 409,
      message: 'locked is locked',
    });
    expect(await root.objectIds()).toEqual(['a']);
    expect(await a.objectIds()).toEqual(['x', 'locked']);
    expect(seen.some(([type]) => type === 'removed')).toBe(false);
    locked.locked = false;
    await root.delObject('a');
    expect(await root.objectIds()).toEqual([]);
  });

  it('lets a will-remove listener veto a delete of several objects before any is removed', async () => {
    const root = await tree();
    await root.setObject('b', new Item('b'));
    stops.push(
      objectEvents.subscribe(
        (target) => {
          if (target.id === 'b') throw new BeforeDeleteError('b is needed');
        },
        { types: ['will-remove'] },
      ),
    );
    await expect(root.delObjects(['a', 'b'])).rejects.toThrow('b is needed');
    expect(await root.objectIds()).toEqual(['a', 'b']);
  });

  it('calls manageAfterAdd on every object of an added subtree', async () => {
    const root = new Folder('root');
    const sub = new Folder('sub');
    const locked = await sub.setObject('l', new Locked('l'));
    expect(locked.added).toBe(1);
    await root.setObject('sub', sub);
    expect(locked.added).toBe(2);
  });

  it('awaits async listeners in subscription order and stops after unsubscribe', async () => {
    const dispatcher = new ObjectEventDispatcher();
    const order: string[] = [];
    const stop = dispatcher.subscribe(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      order.push('first');
    });
    dispatcher.subscribe(() => void order.push('second'));
    const item = new Item('i');
    await dispatcher.notify(item, { type: 'added', object: item });
    stop();
    await dispatcher.notify(item, { type: 'added', object: item });
    expect(order).toEqual(['first', 'second', 'second']);
  });

  it('dispatches to children loaded from the database (ghosts activated)', async () => {
    const db = await openTreeDb();
    await inTxn(db, async (app) => {
      const a = await app.setObject('a', new Folder('a'));
      await a.setObject('x', new Item('x'));
    });
    const seen = watch();
    await inTxn(db, (app) => app.delObject('a'));
    expect(seen.filter(([type]) => type === 'will-remove')).toEqual([
      ['will-remove', 'a', 'a'],
      ['will-remove', 'x', 'a'],
    ]);
    await db.close();
  });
});
