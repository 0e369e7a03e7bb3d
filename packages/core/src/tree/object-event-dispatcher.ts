import type { Item } from './item';
import type { ObjectEvent, ObjectEventType } from './object-event';

/** A subscriber: called with the object the event is delivered to and the event. */
export type ObjectEventListener = (target: Item, event: ObjectEvent) => void | Promise<void>;

/** Options of {@link ObjectEventDispatcher.subscribe}. */
export interface SubscribeOptions {
  /** Only these event types (default: all). */
  types?: readonly ObjectEventType[];
}

interface Subscription {
  listener: ObjectEventListener;
  types: ReadonlySet<ObjectEventType> | undefined;
}

/**
 * Delivers object events to subscribers (products, the sessions product, catalogs...) and to the
 * objects' own hooks (`manageAfterAdd`, `manageBeforeDelete`). Listeners run one after the other
 * in subscription order and are awaited; an error thrown by a listener propagates to the folder
 * operation (for `will-*` events that aborts it before anything changed).
 *
 * @example
 * ```ts
 * const unsubscribe = objectEvents.subscribe(
 *   (target, event) => console.log(event.type, target.getPath()),
 *   { types: ['added', 'removed'] },
 * );
 * unsubscribe();
 * ```
 */
export class ObjectEventDispatcher {
  private readonly subscriptions: Subscription[] = [];

  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: ObjectEventListener, options: SubscribeOptions = {}): () => void {
    const subscription: Subscription = {
      listener,
      types: options.types ? new Set(options.types) : undefined,
    };
    this.subscriptions.push(subscription);
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) this.subscriptions.splice(index, 1);
    };
  }

  /** Delivers `event` to `target` only: its own hook first, then the listeners. */
  async notify(target: Item, event: ObjectEvent): Promise<void> {
    if (event.type === 'added') await target.manageAfterAdd(event);
    else if (event.type === 'will-remove') await target.manageBeforeDelete(event);
    for (const { listener, types } of [...this.subscriptions]) {
      if (!types || types.has(event.type)) await listener(target, event);
    }
  }

  /** Delivers `event` to `event.object` and then to every object below it, depth first. */
  async dispatchToSubtree(event: ObjectEvent): Promise<void> {
    const visit = async (target: Item): Promise<void> => {
      await this.notify(target, event);
      for await (const child of target.sublocations()) await visit(child);
    };
    await visit(event.object);
  }
}

/** The dispatcher folders send their events through. */
export const objectEvents = new ObjectEventDispatcher();
