import type { PublisherContext, ViewHandler } from '@zoa/core';

/** A refused action's message, or the value of one that succeeded (the ZMI's `attemptAction`). */
export type ZmiActionOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string; readonly status: number };

/** Options of the ZMI's `renderZmiPage`. */
export interface ZmiPageOptions {
  tab?: string;
  title?: string;
  message?: string;
  error?: string;
  status?: number;
}

/**
 * What the sessions screens use of the ZMI: core's `zmiToolkit`, which an `extendZmi` installer
 * receives (see `registerSessionScreens`). Declared here by shape, so this package builds
 * against what `@zoa/core` exports; the view registry is opaque to the screens.
 */
export interface SessionsZmiToolkit {
  registerManageScreen<C extends object>(
    views: object,
    cls: abstract new (...args: never[]) => C,
    options: {
      name: string;
      methods?: readonly ('GET' | 'POST')[];
      permission: string;
      tab?: { label: string; order: number };
      handler: ViewHandler<C>;
    },
  ): unknown;
  renderZmiPage(
    ctx: PublisherContext,
    context: object,
    template: string,
    data?: Readonly<Record<string, unknown>>,
    options?: ZmiPageOptions,
  ): Promise<string>;
  seeOther(
    ctx: PublisherContext,
    context: object,
    view: string,
    options?: { message?: string; error?: string },
  ): string | Record<string, unknown>;
  attemptAction<T>(ctx: PublisherContext, work: () => Promise<T> | T): Promise<ZmiActionOutcome<T>>;
  addTemplate(name: string, source: string): void;
  registerIcon(metaType: string, icon: string): void;
}
