import type { PublisherContext } from '@zoa/core';
import { BadRequestError, hasPermission, VIEW_MANAGEMENT_SCREENS } from '@zoa/core';
import {
  ACCESS_ARBITRARY_SESSION_DATA,
  CHANGE_TRANSIENT_OBJECT_CONTAINERS,
} from '../product/session-permissions';
import { TransientObject } from '../transience/transient-object';
import { TransientObjectContainer } from '../transience/transient-object-container';
import { displayKey } from '../browser-id/display-key';
import type { SessionsZmiToolkit } from './zmi-toolkit';

/** How many sessions one page of the Sessions tab lists. */
export const SESSIONS_PAGE_SIZE = 50;

const SETTINGS = `{% extends "zmi/layout.njk" %}
{% block content %}
<p class="zmi-panel">{{ count }}</p>
<form class="zmi-form zmi-panel" method="post" action="{{ context.url }}/manage_changeContainer">
  <input type="hidden" name="csrf_token" value="{{ csrfToken }}">
  <label for="toc-title">Title</label>
  <input type="text" id="toc-title" name="title" value="{{ settings.title }}"{% if not canChange %} disabled{% endif %}>
  <label for="toc-timeout">Data object timeout (minutes)</label>
  <div><input type="text" inputmode="numeric" id="toc-timeout" name="timeoutMinutes" value="{{ settings.timeoutMinutes }}" required{% if not canChange %} disabled{% endif %}><p class="zmi-hint">0: items never expire.</p></div>
  <label for="toc-period">Timeout resolution (seconds)</label>
  <div><input type="text" inputmode="numeric" id="toc-period" name="periodSeconds" value="{{ settings.periodSeconds }}" required{% if not canChange %} disabled{% endif %}><p class="zmi-hint">Must divide the timeout evenly.</p></div>
  <label for="toc-absolute">Absolute timeout from creation (minutes)</label>
  <div><input type="text" inputmode="numeric" id="toc-absolute" name="absoluteTimeoutMinutes" value="{{ settings.absoluteTimeoutMinutes }}"{% if not canChange %} disabled{% endif %}><p class="zmi-hint">0: none. An item ends this long after it was made, however active (S-15).</p></div>
  <label for="toc-limit">Maximum number of subobjects</label>
  <div><input type="text" inputmode="numeric" id="toc-limit" name="limit" value="{{ settings.limit }}" required{% if not canChange %} disabled{% endif %}><p class="zmi-hint">0: unlimited. A full container answers 503 with Retry-After.</p></div>
  <label for="toc-add">Script to call on object addition</label>
  <div><input type="text" id="toc-add" name="addNotification" value="{{ settings.addNotification }}"{% if not canChange or settings.addIsFunction %} disabled{% endif %}>{% if settings.addIsFunction %}<p class="zmi-hint">A function set by code.</p>{% endif %}</div>
  <label for="toc-del">Script to call on object deletion</label>
  <div><input type="text" id="toc-del" name="delNotification" value="{{ settings.delNotification }}"{% if not canChange or settings.delIsFunction %} disabled{% endif %}>{% if settings.delIsFunction %}<p class="zmi-hint">A function set by code.</p>{% endif %}</div>
  <p class="zmi-wide zmi-warning" role="note">Changing the timeout or the resolution, or turning the absolute timeout on, drops all data in the container: every session ends.</p>
  {%- if canChange %}<div class="zmi-actions"><button type="submit" class="primary">Save changes</button></div>{% endif %}
</form>
{% endblock %}
`;

const SESSIONS = `{% extends "zmi/layout.njk" %}
{% block content %}
<p class="zmi-muted">{{ count }} Keys are shown as keyed hashes: browser ids never appear on a page.</p>
{%- if rows.length %}
<table class="zmi-list">
  <thead><tr><th>Key (hash)</th><th>Created</th><th>Last accessed</th><th class="hide-small">Last modified</th><th class="num">Values</th></tr></thead>
  <tbody>
    {%- for row in rows %}
    <tr><td><code>{{ row.key }}</code></td><td class="nowrap">{{ row.created }}</td><td class="nowrap">{{ row.lastAccessed }}</td><td class="hide-small nowrap">{{ row.lastModified }}</td><td class="num">{{ row.values }}</td></tr>
    {%- endfor %}
  </tbody>
</table>
{%- else %}
<p class="zmi-empty">There are no live sessions.</p>
{%- endif %}
{%- if rows.length and canClear %}
<form class="zmi-toolbar" method="post" action="{{ context.url }}/manage_endSessions">
  <input type="hidden" name="csrf_token" value="{{ csrfToken }}">
  <button type="submit" class="danger" data-confirm="End every session? Visitors lose their session data.">End all sessions</button>
</form>
{%- endif %}
{%- if previous is not none or next is not none %}
<nav class="zmi-paging" aria-label="Pages">
  <span>Sessions {{ first }}–{{ last }} of {{ total }}</span>
  {%- if previous is not none %}<a href="{{ context.url }}/manage_sessions?start={{ previous }}">Previous page</a>{% endif %}
  {%- if next is not none %}<a href="{{ context.url }}/manage_sessions?start={{ next }}">Next page</a>{% endif %}
</nav>
{%- endif %}
{% endblock %}
`;

/**
 * Zope's wording for the number of items in a container.
 *
 * @example
 * ```ts
 * itemCountText(1); // '1 item is in this container.'
 * ```
 */
export function itemCountText(count: number): string {
  if (count === 0) return 'There are no items in this container.';
  return count === 1 ? '1 item is in this container.' : `${count} items are in this container.`;
}

/**
 * An epoch-ms time as `2026-11-26 10:30:05 UTC` ('' for none).
 *
 * @example
 * ```ts
 * formatTime(session.getCreated());
 * ```
 */
export function formatTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A whole number from a form field. @throws BadRequestError naming the field. */
function wholeNumber(ctx: PublisherContext, name: string, label: string): number {
  const text = (ctx.zoa.form.getString(name) ?? '').trim();
  if (!/^\d{1,9}$/.test(text)) throw new BadRequestError(`${label} must be a whole number.`);
  return Number(text);
}

/** Turns the container's TypeError / RangeError into a 400 with its message. */
function asBadRequest(work: () => void): void {
  try {
    work();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      throw new BadRequestError(error.message);
    }
    throw error;
  }
}

/**
 * Registers the screens of `TransientObjectContainer`: the Settings tab (`manage_main`: the
 * item count, title, timeout, resolution, absolute timeout, limit and notification paths, with
 * the warning that a new timeout (or turning the absolute timeout on) drops every item; `manage_changeContainer` needs Change Transient Object
 * Containers) and the Sessions tab (`manage_sessions`: the live sessions with created, last
 * accessed and last modified times, keys shown as keyed hashes — S-23 — 50 per page, `?start=`;
 * `manage_endSessions` ends them all, firing the delete notification, with Access arbitrary
 * user session data).
 *
 * @example
 * ```ts
 * registerContainerScreens(views, zmi);
 * ```
 */
export function registerContainerScreens(views: object, zmi: SessionsZmiToolkit): void {
  zmi.addTemplate('sessions/container.njk', SETTINGS);
  zmi.addTemplate('sessions/sessions.njk', SESSIONS);
  const showSettings = async (
    ctx: PublisherContext,
    container: TransientObjectContainer,
    failure?: { error: string; status: number },
  ): Promise<string> => {
    const add = container.getAddNotificationTarget();
    const del = container.getDelNotificationTarget();
    return zmi.renderZmiPage(
      ctx,
      container,
      'sessions/container.njk',
      {
        count: itemCountText(await container.length),
        settings: {
          title: container.title,
          timeoutMinutes: container.getTimeoutMinutes(),
          periodSeconds: container.getPeriodSeconds(),
          absoluteTimeoutMinutes: container.getAbsoluteTimeoutMinutes(),
          limit: container.getSubobjectLimit(),
          addNotification: typeof add === 'string' ? add : '',
          delNotification: typeof del === 'string' ? del : '',
          addIsFunction: typeof add === 'function',
          delIsFunction: typeof del === 'function',
        },
        canChange: true,
      },
      failure === undefined ? {} : { error: failure.error, status: failure.status },
    );
  };
  zmi.registerManageScreen(views, TransientObjectContainer, {
    name: 'manage_main',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Settings', order: 10 },
    handler: (ctx, container) => showSettings(ctx, container),
  });
  zmi.registerManageScreen(views, TransientObjectContainer, {
    name: 'manage_changeContainer',
    methods: ['POST'],
    permission: CHANGE_TRANSIENT_OBJECT_CONTAINERS,
    handler: async (ctx, container) => {
      const form = ctx.zoa.form;
      const outcome = await zmi.attemptAction(ctx, () => {
        const timeout = wholeNumber(ctx, 'timeoutMinutes', 'The timeout');
        const period = wholeNumber(ctx, 'periodSeconds', 'The resolution');
        const limit = wholeNumber(ctx, 'limit', 'The maximum number of subobjects');
        const absolute =
          form.getString('absoluteTimeoutMinutes') === undefined
            ? container.getAbsoluteTimeoutMinutes()
            : wholeNumber(ctx, 'absoluteTimeoutMinutes', 'The absolute timeout');
        const turnedOn = absolute !== 0 && container.getAbsoluteTimeoutMinutes() === 0;
        const changed =
          turnedOn ||
          timeout !== container.getTimeoutMinutes() ||
          period !== container.getPeriodSeconds();
        asBadRequest(() => {
          container.setTimeoutMinutes(timeout, period);
          container.setAbsoluteTimeoutMinutes(absolute);
          container.setSubobjectLimit(limit);
          const add = form.getString('addNotification');
          const del = form.getString('delNotification');
          if (add !== undefined) container.setAddNotificationTarget(add.trim() || null);
          if (del !== undefined) container.setDelNotificationTarget(del.trim() || null);
        });
        const title = form.getString('title');
        if (title !== undefined && title !== container.title) container.setTitle(title);
        return changed;
      });
      if (!outcome.ok) return showSettings(ctx, container, outcome);
      return zmi.seeOther(ctx, container, 'manage_main', {
        message: outcome.value
          ? 'Saved changes. The new timeout dropped every item.'
          : 'Saved changes.',
      });
    },
  });
  zmi.registerManageScreen(views, TransientObjectContainer, {
    name: 'manage_sessions',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Sessions', order: 20 },
    handler: async (ctx, container) => {
      const start = Number(ctx.zoa.query.getString('start') ?? '0');
      const from = Number.isSafeInteger(start) && start > 0 ? start : 0;
      const items = await container.items();
      const rows = items.slice(from, from + SESSIONS_PAGE_SIZE).map(([key, value]) => {
        const session = value instanceof TransientObject ? value : undefined;
        return {
          key: displayKey(key),
          created: formatTime(session?.getCreated() ?? null),
          lastAccessed: formatTime(session?.getLastAccessed() ?? null),
          lastModified: formatTime(session?.getLastModified() ?? null),
          values: session === undefined ? '' : String(session.keys().length),
        };
      });
      return zmi.renderZmiPage(ctx, container, 'sessions/sessions.njk', {
        count: itemCountText(items.length),
        rows,
        total: items.length,
        first: rows.length === 0 ? 0 : from + 1,
        last: from + rows.length,
        previous: from > 0 ? Math.max(0, from - SESSIONS_PAGE_SIZE) : null,
        next: from + SESSIONS_PAGE_SIZE < items.length ? from + SESSIONS_PAGE_SIZE : null,
        canClear: hasPermission(ctx, ACCESS_ARBITRARY_SESSION_DATA),
      });
    },
  });
  zmi.registerManageScreen(views, TransientObjectContainer, {
    name: 'manage_endSessions',
    methods: ['POST'],
    permission: ACCESS_ARBITRARY_SESSION_DATA,
    handler: async (ctx, container) => {
      let ended = 0;
      for (const [, item] of await container.items()) {
        if (item instanceof TransientObject && item.isValid()) {
          await item.invalidate();
          ended += 1;
        }
      }
      return zmi.seeOther(ctx, container, 'manage_sessions', {
        message: ended === 1 ? 'Ended 1 session.' : `Ended ${ended} sessions.`,
      });
    },
  });
}
