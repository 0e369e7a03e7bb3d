import type { PublisherContext } from '../publisher/interfaces';
import { hasPermission } from '../security/has-permission';
import { registerPermission, VIEW_MANAGEMENT_SCREENS } from '../security/permission-registry';
import { principalOf } from '../security/request-security';
import { MANAGER_ROLE } from '../security/roles';
import { Page } from '../tree/page';
import { attemptAction, messageText } from './form-error';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { requireManagerRole } from './require-manager-role';
import { seeOther } from './see-other';
import { renderZmiPage, urlOf } from './zmi-page';

/** Changing pages (their template source is trusted code). Default: Manager. */
export const CHANGE_PAGES = 'Change Pages';

/**
 * Registers the Page screens: the Edit tab (`manage_main`: title, content type and the template
 * source in a text area), `manage_edit` (POST `title`, `contentType`, `source`; Change Pages
 * and, whatever the site's permissions, the Manager role — the source is trusted code), and
 * the Preview tab (`manage_preview`: the page rendered for its container, shown in a sandboxed
 * frame without scripts; a template error is shown as text).
 *
 * @example
 * ```ts
 * registerPageScreens(viewRegistry);
 * ```
 */
export function registerPageScreens(views: ManageScreenRegistrar): void {
  registerPermission(CHANGE_PAGES, [MANAGER_ROLE]);
  registerManageScreen(views, Page, {
    name: 'manage_main',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Edit', order: 10 },
    handler: (ctx, page) => showEditor(ctx, page),
  });
  registerManageScreen(views, Page, {
    name: 'manage_edit',
    methods: ['POST'],
    permission: CHANGE_PAGES,
    handler: async (ctx, page) => {
      requireManagerRole(ctx);
      const form = ctx.zoa.form;
      const source = (form.getString('source') ?? page.source).replace(/\r\n?/g, '\n');
      const title = form.getString('title') ?? page.title;
      const contentType = (form.getString('contentType') ?? page.contentType).trim();
      const outcome = await attemptAction(ctx, () => {
        page.manageChangeProperties({ title, contentType });
        page.setSource(source);
      });
      if (!outcome.ok) {
        return showEditor(ctx, page, { title, contentType, source }, outcome);
      }
      return seeOther(ctx, page, 'manage_main', { message: 'Saved changes.' });
    },
  });
  registerManageScreen(views, Page, {
    name: 'manage_preview',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Preview', order: 15 },
    handler: async (ctx, page) => {
      let output = '';
      let failure: string | undefined;
      try {
        output = await page.render({
          request: { method: 'GET', url: urlOf(ctx, page), user: principalOf(ctx)?.name ?? null },
          helpers: { absoluteUrl: (obj: object) => urlOf(ctx, obj) },
        });
      } catch (error) {
        failure = messageText(error instanceof Error ? error.message : String(error));
      }
      return renderZmiPage(ctx, page, 'zmi/page-preview.njk', { output, failure });
    },
  });
}

function showEditor(
  ctx: PublisherContext,
  page: Page,
  values?: { title: string; contentType: string; source: string },
  failure?: { error: string; status: number },
): Promise<string> {
  return renderZmiPage(
    ctx,
    page,
    'zmi/page-edit.njk',
    {
      page: values ?? { title: page.title, contentType: page.contentType, source: page.source },
      canChange:
        hasPermission(ctx, CHANGE_PAGES) &&
        (principalOf(ctx)?.roles.includes(MANAGER_ROLE) ?? false),
    },
    failure === undefined ? {} : { error: failure.error, status: failure.status },
  );
}
