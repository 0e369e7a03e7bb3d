import type { PublisherContext } from '@zoa/core';
import { BadRequestError, VIEW_MANAGEMENT_SCREENS } from '@zoa/core';
import { BrowserIdManager } from '../browser-id/browser-id-manager';
import type { BrowserIdNamespace, BrowserIdSettings } from '../browser-id/browser-id-settings';
import { CHANGE_BROWSER_ID_MANAGERS } from '../product/session-permissions';
import type { SessionsZmiToolkit } from './zmi-toolkit';

const TEMPLATE = `{% extends "zmi/layout.njk" %}
{% macro check(name, label, on, hint='') -%}
<span class="zmi-label">{{ label }}</span>
<div><label><input type="checkbox" name="{{ name }}" value="on"{% if on %} checked{% endif %}> on</label>{% if hint %}<p class="zmi-hint">{{ hint }}</p>{% endif %}</div>
{%- endmacro %}
{% macro choose(name, label, value, options) -%}
<label for="bim-{{ name }}">{{ label }}</label>
<select id="bim-{{ name }}" name="{{ name }}">{% for option in options %}<option value="{{ option }}"{% if option == value %} selected{% endif %}>{{ option }}</option>{% endfor %}</select>
{%- endmacro %}
{% block content %}
<form class="zmi-form zmi-panel" method="post" action="{{ context.url }}/manage_changeBrowserIdManager">
  <input type="hidden" name="csrf_token" value="{{ csrfToken }}">
  <label for="bim-title">Title</label>
  <input type="text" id="bim-title" name="title" value="{{ title }}">
  <label for="bim-name">Browser id name</label>
  <div><input type="text" id="bim-name" name="name" value="{{ s.name }}" required><p class="zmi-hint">The cookie (or form field) name. A <code>__Host-</code> prefix pins the cookie to this host.</p></div>
  <label for="bim-namespaces">Look for the browser id in</label>
  <div><input type="text" id="bim-namespaces" name="namespaces" value="{{ s.namespaces | join(' ') }}" required><p class="zmi-hint">In order, among <code>cookies</code>, <code>form</code> and <code>url</code>. Form and URL ids leak into logs and referrers: keep to cookies unless needed.</p></div>
  <label for="bim-path">Cookie path</label>
  <input type="text" id="bim-path" name="cookiePath" value="{{ s.cookiePath }}">
  <label for="bim-domain">Cookie domain</label>
  <div><input type="text" id="bim-domain" name="cookieDomain" value="{{ s.cookieDomain }}"><p class="zmi-hint">Empty: this host only (recommended).</p></div>
  <label for="bim-days">Cookie lifespan (days)</label>
  <div><input type="text" inputmode="numeric" id="bim-days" name="cookieLifeDays" value="{{ s.cookieLifeDays }}" required><p class="zmi-hint">0: the cookie ends with the browser session.</p></div>
  {{ choose('cookieSecure', 'Secure cookie', s.cookieSecure, ['auto', 'always']) }}
  {{ check('cookieHttpOnly', 'HttpOnly cookie', s.cookieHttpOnly, 'Scripts in pages cannot read the id.') }}
  {{ choose('cookieSameSite', 'SameSite', s.cookieSameSite, ['Lax', 'Strict', 'None']) }}
  {{ check('autoUrlEncoding', 'Automatically encode ids in URLs', s.autoUrlEncoding) }}
  {{ check('strict', 'Strict browser ids', s.strict, 'An id the server does not know selects no session; a new one is issued.') }}
  <div class="zmi-actions"><button type="submit" class="primary">Save changes</button></div>
</form>
{% endblock %}
`;

/**
 * Registers the Settings tab of `BrowserIdManager` (`manage_main`): every setting — title, id
 * name, namespaces in order, cookie path, domain, lifespan, Secure, HttpOnly, SameSite,
 * automatic URL encoding and strict ids; `manage_changeBrowserIdManager` (POST, Change Browser
 * Id Managers) checks them all together and changes nothing when one is bad.
 *
 * @example
 * ```ts
 * registerBrowserIdManagerScreen(views, zmi);
 * ```
 */
export function registerBrowserIdManagerScreen(views: object, zmi: SessionsZmiToolkit): void {
  zmi.addTemplate('sessions/browser-id-manager.njk', TEMPLATE);
  const show = (
    ctx: PublisherContext,
    bim: BrowserIdManager,
    failure?: { error: string; status: number },
  ): Promise<string> =>
    zmi.renderZmiPage(
      ctx,
      bim,
      'sessions/browser-id-manager.njk',
      { title: bim.title, s: bim.getSettings() },
      failure === undefined ? {} : { error: failure.error, status: failure.status },
    );
  zmi.registerManageScreen(views, BrowserIdManager, {
    name: 'manage_main',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Settings', order: 10 },
    handler: (ctx, bim) => show(ctx, bim),
  });
  zmi.registerManageScreen(views, BrowserIdManager, {
    name: 'manage_changeBrowserIdManager',
    methods: ['POST'],
    permission: CHANGE_BROWSER_ID_MANAGERS,
    handler: async (ctx, bim) => {
      const outcome = await zmi.attemptAction(ctx, () => {
        bim.setSettings(settingsFrom(ctx));
        const title = ctx.zoa.form.getString('title');
        if (title !== undefined && title !== bim.title) bim.setTitle(title);
      });
      if (!outcome.ok) return show(ctx, bim, outcome);
      return zmi.seeOther(ctx, bim, 'manage_main', { message: 'Saved changes.' });
    },
  });
}

/** The settings of the form (checkboxes missing from it are off). */
function settingsFrom(ctx: PublisherContext): Partial<BrowserIdSettings> {
  const form = ctx.zoa.form;
  const days = (form.getString('cookieLifeDays') ?? '0').trim();
  if (!/^\d{1,6}$/.test(days))
    throw new BadRequestError('The cookie lifespan must be a whole number of days.');
  const text = (name: string): string => (form.getString(name) ?? '').trim();
  return {
    name: text('name'),
    namespaces: text('namespaces')
      .split(/[\s,]+/)
      .filter(Boolean) as BrowserIdNamespace[],
    cookiePath: text('cookiePath'),
    cookieDomain: text('cookieDomain'),
    cookieLifeDays: Number(days),
    cookieSecure: text('cookieSecure') as BrowserIdSettings['cookieSecure'],
    cookieHttpOnly: form.has('cookieHttpOnly'),
    cookieSameSite: text('cookieSameSite') as BrowserIdSettings['cookieSameSite'],
    autoUrlEncoding: form.has('autoUrlEncoding'),
    strict: form.has('strict'),
  };
}
