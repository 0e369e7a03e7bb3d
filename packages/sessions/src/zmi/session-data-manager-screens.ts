import type { PublisherContext } from '@zoa/core';
import { BadRequestError, resolvePath, VIEW_MANAGEMENT_SCREENS } from '@zoa/core';
import { CHANGE_SESSION_DATA_MANAGERS } from '../product/session-permissions';
import type { ContainerDefaults } from '../session-data/container-defaults';
import { DEFAULT_CONTAINER_PATH, SessionDataManager } from '../session-data/session-data-manager';
import { TransientObjectContainer } from '../transience/transient-object-container';
import type { SessionsZmiToolkit } from './zmi-toolkit';

const SETTINGS = `{% extends "zmi/layout.njk" %}
{% block content %}
{%- if warning %}<p class="zmi-warning" role="alert">{{ warning }}</p>{% endif %}
<form class="zmi-form zmi-panel" method="post" action="{{ context.url }}/manage_changeSessionDataManager">
  <input type="hidden" name="csrf_token" value="{{ csrfToken }}">
  <label for="sdm-title">Title</label>
  <input type="text" id="sdm-title" name="title" value="{{ values.title }}">
  <label for="sdm-path">Transient object container path</label>
  <div><input type="text" id="sdm-path" name="containerPath" value="{{ values.containerPath }}" required><p class="zmi-hint">Where the session data lives, such as <code>/temp_folder/session_data</code>.</p></div>
  <label for="sdm-name">Place SESSION in REQUEST object as</label>
  <div><input type="text" id="sdm-name" name="requestName" value="{{ values.requestName }}" required><p class="zmi-hint">Views find the session as <code>ctx.session</code> and as <code>ctx.state[name]</code>.</p></div>
  <div class="zmi-actions"><button type="submit" class="primary">Save changes</button></div>
</form>
{% endblock %}
`;

const DEFAULTS = `{% extends "zmi/layout.njk" %}
{% block content %}
<p class="zmi-muted">The settings the session data container is created with in a fresh temporary folder, on every start. The running container has its own settings.</p>
<form class="zmi-form zmi-panel" method="post" action="{{ context.url }}/manage_changeContainerDefaults">
  <input type="hidden" name="csrf_token" value="{{ csrfToken }}">
  <label for="cd-timeout">Data object timeout (minutes)</label>
  <input type="text" inputmode="numeric" id="cd-timeout" name="timeoutMinutes" value="{{ d.timeoutMinutes }}" required>
  <label for="cd-period">Timeout resolution (seconds)</label>
  <input type="text" inputmode="numeric" id="cd-period" name="periodSeconds" value="{{ d.periodSeconds }}" required>
  <label for="cd-absolute">Absolute timeout from creation (minutes)</label>
  <div><input type="text" inputmode="numeric" id="cd-absolute" name="absoluteTimeoutMinutes" value="{{ d.absoluteTimeoutMinutes }}"><p class="zmi-hint">0: none. A session ends this long after it began, however active.</p></div>
  <label for="cd-limit">Maximum number of subobjects</label>
  <div><input type="text" inputmode="numeric" id="cd-limit" name="limit" value="{{ d.limit }}" required><p class="zmi-hint">0: unlimited.</p></div>
  <label for="cd-add">Script to call on object addition</label>
  <input type="text" id="cd-add" name="addNotificationPath" value="{{ d.addNotificationPath }}">
  <label for="cd-del">Script to call on object deletion</label>
  <input type="text" id="cd-del" name="delNotificationPath" value="{{ d.delNotificationPath }}">
  <div class="zmi-actions"><button type="submit" class="primary">Save defaults</button></div>
</form>
{% endblock %}
`;

type Failure = { error: string; status: number };

/**
 * Registers the screens of `SessionDataManager`: the Settings tab (`manage_main`: title,
 * container path — with a warning when nothing usable is there — and request name;
 * `manage_changeSessionDataManager`) and the Container defaults tab (`manage_containerDefaults`:
 * timeout, resolution, absolute timeout, limit and notification paths the container is created with;
 * `manage_changeContainerDefaults`). Changes need Change Session Data Managers.
 *
 * @example
 * ```ts
 * registerSessionDataManagerScreens(views, zmi);
 * ```
 */
export function registerSessionDataManagerScreens(views: object, zmi: SessionsZmiToolkit): void {
  zmi.addTemplate('sessions/session-data-manager.njk', SETTINGS);
  zmi.addTemplate('sessions/container-defaults.njk', DEFAULTS);
  const showSettings = async (
    ctx: PublisherContext,
    sdm: SessionDataManager,
    failure?: Failure,
  ): Promise<string> =>
    zmi.renderZmiPage(
      ctx,
      sdm,
      'sessions/session-data-manager.njk',
      {
        values: {
          title: sdm.title,
          containerPath: sdm.getContainerPath(),
          requestName: sdm.getRequestName(),
        },
        warning: await containerWarning(sdm),
      },
      failure === undefined ? {} : { error: failure.error, status: failure.status },
    );
  const showDefaults = (
    ctx: PublisherContext,
    sdm: SessionDataManager,
    failure?: Failure,
  ): Promise<string> =>
    zmi.renderZmiPage(
      ctx,
      sdm,
      'sessions/container-defaults.njk',
      { d: sdm.getContainerDefaults() },
      failure === undefined ? {} : { error: failure.error, status: failure.status },
    );
  zmi.registerManageScreen(views, SessionDataManager, {
    name: 'manage_main',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Settings', order: 10 },
    handler: (ctx, sdm) => showSettings(ctx, sdm),
  });
  zmi.registerManageScreen(views, SessionDataManager, {
    name: 'manage_containerDefaults',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Container defaults', order: 20 },
    handler: (ctx, sdm) => showDefaults(ctx, sdm),
  });
  zmi.registerManageScreen(views, SessionDataManager, {
    name: 'manage_changeSessionDataManager',
    methods: ['POST'],
    permission: CHANGE_SESSION_DATA_MANAGERS,
    handler: async (ctx, sdm) => {
      const form = ctx.zoa.form;
      const outcome = await zmi.attemptAction(ctx, () => {
        const path = (form.getString('containerPath') ?? '').trim();
        const name = (form.getString('requestName') ?? '').trim();
        if (path !== sdm.getContainerPath()) sdm.setContainerPath(path);
        if (name !== sdm.getRequestName()) sdm.setRequestName(name);
        const title = form.getString('title');
        if (title !== undefined && title !== sdm.title) sdm.setTitle(title);
      });
      if (!outcome.ok) return showSettings(ctx, sdm, outcome);
      return zmi.seeOther(ctx, sdm, 'manage_main', { message: 'Saved changes.' });
    },
  });
  zmi.registerManageScreen(views, SessionDataManager, {
    name: 'manage_changeContainerDefaults',
    methods: ['POST'],
    permission: CHANGE_SESSION_DATA_MANAGERS,
    handler: async (ctx, sdm) => {
      const outcome = await zmi.attemptAction(ctx, () =>
        sdm.setContainerDefaults(defaultsFrom(ctx)),
      );
      if (!outcome.ok) return showDefaults(ctx, sdm, outcome);
      return zmi.seeOther(ctx, sdm, 'manage_containerDefaults', {
        message: 'Saved the container defaults; they apply when the container is next created.',
      });
    },
  });
}

/** Why the configured path gives no sessions, or undefined when it does (or will). */
async function containerWarning(sdm: SessionDataManager): Promise<string | undefined> {
  const path = sdm.getContainerPath();
  let found: unknown;
  try {
    found = await resolvePath(sdm, path);
  } catch (error) {
    return `The container path ${path} cannot be resolved: ${(error as Error).message}`;
  }
  if (found instanceof TransientObjectContainer) return undefined;
  if (found === undefined && path === DEFAULT_CONTAINER_PATH) {
    return `There is no container at ${path} yet: it is created there when a session is first needed (with the container defaults).`;
  }
  return found === undefined
    ? `There is no transient object container at ${path}: sessions are not available.`
    : `The object at ${path} is not a transient object container: sessions are not available.`;
}

/** The container defaults of the form. @throws BadRequestError for a non-number. */
function defaultsFrom(ctx: PublisherContext): Partial<ContainerDefaults> {
  const form = ctx.zoa.form;
  const number = (name: string, label: string): number => {
    const text = (form.getString(name) ?? '').trim();
    if (!/^\d{1,9}$/.test(text)) throw new BadRequestError(`${label} must be a whole number.`);
    return Number(text);
  };
  const absolute = form.getString('absoluteTimeoutMinutes');
  return {
    timeoutMinutes: number('timeoutMinutes', 'The timeout'),
    periodSeconds: number('periodSeconds', 'The resolution'),
    ...(absolute === undefined
      ? {}
      : { absoluteTimeoutMinutes: number('absoluteTimeoutMinutes', 'The absolute timeout') }),
    limit: number('limit', 'The maximum number of subobjects'),
    addNotificationPath: (form.getString('addNotificationPath') ?? '').trim(),
    delNotificationPath: (form.getString('delNotificationPath') ?? '').trim(),
  };
}
