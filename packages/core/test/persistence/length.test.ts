import type { PersistentMapping } from '@zoa/core/persistence';
import {
  ConflictError,
  Database,
  Length,
  MemoryStorage,
  TransactionManager,
} from '@zoa/core/persistence';

describe('Length', () => {
  it('counts changes', () => {
    const length = new Length(5);
    length.change(2);
    length.change(-3);
    expect(length.value).toBe(4);
    expect(() => length.change(Number.NaN)).toThrow(TypeError);
  });

  it('resolves a conflict by adding both deltas', () => {
    expect(Length.resolveConflict({ value: 10 }, { value: 13 }, { value: 9 })).toEqual({
      value: 12,
    });
  });

  it('refuses states that are not Length states', () => {
    expect(() => Length.resolveConflict({ value: 1 }, { count: 2 }, { value: 1 })).toThrow(
      ConflictError,
    );
    expect(() => Length.resolveConflict(null, { value: 2 }, { value: 1 })).toThrow(ConflictError);
  });

  it('merges concurrent transactions instead of conflicting', async () => {
    const tm = new TransactionManager();
    const db = await Database.open(new MemoryStorage(), { devChecks: true });
    await tm.run(async (txn) => {
      (await (await txn.open(db)).root<PersistentMapping>()).set('count', new Length(100));
    });
    const deltas = [1, 5, -2];
    const txns = deltas.map(() => tm.begin());
    for (const [i, txn] of txns.entries()) {
      const root = await (await txn.open(db)).root<PersistentMapping>();
      const length = await (root.get('count') as Length).activate();
      length.change(deltas[i] as number);
    }
    for (const txn of txns) await txn.commit();
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<PersistentMapping>();
      expect((await (root.get('count') as Length).activate()).value).toBe(104);
    });
    await db.close();
  });
});
