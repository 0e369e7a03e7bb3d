import { Item } from '@zoa/core';
import type {
  Clock,
  NotificationFunction,
  NotificationTarget,
  PathResolver,
  TransienceLogger,
} from './interfaces';
import { silentLogger, systemClock } from './interfaces';
import type { NotificationKind } from './notify-target';
import { notifyTarget } from './notify-target';
import { checkAbsoluteTimeout, checkLimit, checkTimeout } from './timeslices';

/** Options of `TransientObjectContainer`. */
export interface TransientObjectContainerOptions {
  title?: string;
  /** Minutes of inactivity before an item expires; 0 = never (default 20). */
  timeoutMinutes?: number;
  /** The timeslice ("resolution") in seconds; must divide the timeout evenly (default 20). */
  periodSeconds?: number;
  /**
   * Minutes after an item was made at which it expires however active it is; 0 = off (the
   * default). Activity never extends it (S-15).
   */
  absoluteTimeoutMinutes?: number;
  /** Most items the container holds; 0 = unlimited (default 0). */
  limit?: number;
  /** Called as `(item, container)` on every assignment (a path is stored, a function is not). */
  addNotification?: NotificationTarget | null;
  /** Called as `(item, container)` when an item expires or is invalidated. */
  delNotification?: NotificationTarget | null;
  /** Epoch-ms clock (default `Date.now`); volatile: see `setClock`. */
  clock?: Clock;
  /** Resolves notification paths (volatile, like the clock). */
  resolvePath?: PathResolver;
  /** Where handled problems are reported (volatile; default: nowhere). */
  logger?: TransienceLogger;
}

/** The volatile wiring of a container: never stored, reset to defaults when loaded. */
interface Runtime {
  clock: Clock;
  resolvePath: PathResolver | undefined;
  logger: TransienceLogger;
  add: NotificationFunction | undefined;
  del: NotificationFunction | undefined;
  /** Finalization is running (a notification re-entering the container does not start more). */
  finalizing: boolean;
}

/**
 * The settings half of `TransientObjectContainer` (Zope's `TransientItemContainer` interface):
 * timeout and resolution, the subobject limit, notification targets and in-band housekeeping,
 * which are stored, and the clock, path resolver and logger, which are volatile. Sync methods;
 * a stored container must be activated first.
 */
export abstract class TransientObjectContainerSettings extends Item {
  protected timeoutSeconds: number;
  protected periodSeconds: number;
  protected limit: number;
  /** Absent (undefined) in containers stored before absolute timeouts existed: 0. */
  protected absoluteTimeoutMinutes: number;
  protected addNotificationPath: string | null = null;
  protected delNotificationPath: string | null = null;
  protected inbandHousekeeping = true;

  /** @throws TypeError / RangeError for invalid settings, in Zope's order (see `checkTimeout`). */
  constructor(id: string, options: TransientObjectContainerOptions) {
    super(id, options.title ?? '');
    const periodSeconds = options.periodSeconds ?? 20;
    this.timeoutSeconds = checkTimeout(options.timeoutMinutes ?? 20, periodSeconds);
    this.periodSeconds = periodSeconds;
    this.absoluteTimeoutMinutes = checkAbsoluteTimeout(options.absoluteTimeoutMinutes ?? 0);
    this.limit = checkLimit(options.limit ?? 0);
    const runtime = this.runtime();
    if (options.clock) runtime.clock = options.clock;
    runtime.resolvePath = options.resolvePath;
    if (options.logger) runtime.logger = options.logger;
    this.setDelNotificationTarget(options.delNotification ?? null);
    this.setAddNotificationTarget(options.addNotification ?? null);
  }

  /** The timeout in minutes (0 = never expire). */
  getTimeoutMinutes(): number {
    return this.timeoutSeconds / 60;
  }

  /**
   * Changes the timeout (and the resolution; default: unchanged). A changed value resets the
   * container: every item is dropped, without notifications.
   *
   * @throws TypeError / RangeError for invalid settings, as the constructor.
   */
  setTimeoutMinutes(timeoutMinutes: number, periodSeconds: number = this.periodSeconds): void {
    const timeoutSeconds = checkTimeout(timeoutMinutes, periodSeconds);
    if (timeoutSeconds === this.timeoutSeconds && periodSeconds === this.periodSeconds) return;
    this.timeoutSeconds = timeoutSeconds;
    this.periodSeconds = periodSeconds;
    this.reset();
    this.markChanged();
  }

  /** Minutes after its creation at which an item expires whatever its activity (0 = off). */
  getAbsoluteTimeoutMinutes(): number {
    return this.absoluteTimeoutMinutes ?? 0;
  }

  /**
   * Changes the absolute timeout (0 = off). Items already held get the new one, counted from
   * their creation. Turning it on (from 0) resets the container — every item is dropped,
   * without notifications, as a timeout change does — since only then are creation times
   * indexed; between two non-zero values, or when turning it off, the items stay.
   *
   * @throws TypeError when not an integer; RangeError when negative.
   * @example
   * ```ts
   * toc.setAbsoluteTimeoutMinutes(8 * 60); // a session ends 8 hours after it began
   * ```
   */
  setAbsoluteTimeoutMinutes(absoluteTimeoutMinutes: number): void {
    const minutes = checkAbsoluteTimeout(absoluteTimeoutMinutes);
    const current = this.getAbsoluteTimeoutMinutes();
    if (minutes === current) return;
    this.absoluteTimeoutMinutes = minutes;
    if (current === 0) this.reset();
    this.markChanged();
  }

  /** The timeslice ("resolution") in seconds. */
  getPeriodSeconds(): number {
    return this.periodSeconds;
  }

  /** The most items the container holds (0 = unlimited). */
  getSubobjectLimit(): number {
    return this.limit;
  }

  /**
   * Changes the limit; items already held stay.
   *
   * @throws TypeError when not an integer; RangeError when negative.
   */
  setSubobjectLimit(limit: number): void {
    const checked = checkLimit(limit);
    if (checked === this.limit) return;
    this.limit = checked;
    this.markChanged();
  }

  /** The add notification: a function, a path, or '' when there is none. */
  getAddNotificationTarget(): NotificationTarget {
    return this.runtime().add ?? this.addNotificationPath ?? '';
  }

  /**
   * Sets the add notification: a path (stored), a function (kept in this in-memory instance only:
   * re-install it after loading), or null / '' for none.
   *
   * @throws TypeError for anything else.
   */
  setAddNotificationTarget(target: NotificationTarget | null): void {
    this.setPath('addNotificationPath', target);
    this.runtime().add = typeof target === 'function' ? target : undefined;
  }

  /** The delete notification: a function, a path, or '' when there is none. */
  getDelNotificationTarget(): NotificationTarget {
    return this.runtime().del ?? this.delNotificationPath ?? '';
  }

  /** Sets the delete notification, as {@link setAddNotificationTarget}. */
  setDelNotificationTarget(target: NotificationTarget | null): void {
    this.setPath('delNotificationPath', target);
    this.runtime().del = typeof target === 'function' ? target : undefined;
  }

  /** Stops finalizing expired items during keyed accesses (an external timer does it). */
  disableInbandHousekeeping(): void {
    this.setInband(false);
  }

  /** Finalizes expired items during keyed accesses again (the default). */
  enableInbandHousekeeping(): void {
    this.setInband(true);
  }

  /** True when keyed accesses finalize expired items. */
  isInbandHousekeepingEnabled(): boolean {
    return this.inbandHousekeeping;
  }

  /**
   * Sets the clock. It is volatile — not stored — so a stored container starts with the system
   * clock each time it is loaded: the session data manager calls `setClock` with its clock each
   * time it hands the container out (it is cheap), as tests do with a fake clock.
   */
  setClock(clock: Clock): void {
    this.runtime().clock = clock;
  }

  /** Sets how notification paths are resolved (volatile, like the clock). */
  setPathResolver(resolvePath: PathResolver | undefined): void {
    this.runtime().resolvePath = resolvePath;
  }

  /** Sets where handled problems are reported (volatile, like the clock). */
  setLogger(logger: TransienceLogger): void {
    this.runtime().logger = logger;
  }

  /** The current time on the container's clock, epoch ms. */
  now(): number {
    return this.runtime().clock();
  }

  /** Drops every item (after a timeout change). */
  protected abstract reset(): void;

  /** Fires a notification; what goes wrong is logged, never raised. */
  protected async notify(kind: NotificationKind, item: unknown): Promise<void> {
    const runtime = this.runtime();
    const target =
      kind === 'add'
        ? (runtime.add ?? this.addNotificationPath)
        : (runtime.del ?? this.delNotificationPath);
    await notifyTarget(kind, target, item, {
      container: this,
      where: this.describe(),
      resolvePath: runtime.resolvePath,
      logger: runtime.logger,
    });
  }

  /** The volatile wiring: a non-enumerable property, never stored, kept when ghosted. */
  protected runtime(): Runtime {
    const holder = this as unknown as { _v_runtime?: Runtime };
    let runtime = holder._v_runtime;
    if (!runtime) {
      runtime = {
        clock: systemClock,
        resolvePath: undefined,
        logger: silentLogger,
        add: undefined,
        del: undefined,
        finalizing: false,
      };
      Object.defineProperty(this, '_v_runtime', { value: runtime, configurable: true });
    }
    return runtime;
  }

  private setInband(enabled: boolean): void {
    if (this.inbandHousekeeping === enabled) return;
    this.inbandHousekeeping = enabled;
    this.markChanged();
  }

  private setPath(field: 'addNotificationPath' | 'delNotificationPath', target: unknown): void {
    if (target !== null && typeof target !== 'string' && typeof target !== 'function') {
      throw new TypeError('A notification target must be a path, a function or null');
    }
    const path = typeof target === 'string' && target !== '' ? target : null;
    if (this[field] === path) return;
    this[field] = path;
    this.markChanged();
  }
}
