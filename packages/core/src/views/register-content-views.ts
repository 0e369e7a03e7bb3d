import { NotFoundError } from '../errors';
import type { ViewRegistry } from '../publisher/view-registry';
import { ObjectManager } from '../tree/object-manager';
import { Page } from '../tree/page';
import { renderPage } from './render-page';

/**
 * Registers the public views of core's content types: a `Page` renders itself (`index_html`),
 * and a folder's default view is its `index_html` Page child rendered for the folder, as in
 * Zope; a folder without one answers 404. (Files' views and every `manage_*` screen come with
 * the ZMI.)
 */
export function registerContentViews(views: ViewRegistry): void {
  views.register(Page, {
    name: 'index_html',
    permission: 'View',
    handler: (ctx, page) => renderPage(ctx, page),
  });
  views.register(ObjectManager, {
    name: 'index_html',
    permission: 'View',
    handler: async (ctx, folder) => {
      const page = await folder.get('index_html');
      if (!(page instanceof Page)) throw new NotFoundError('This folder has no index_html page.');
      return renderPage(ctx, page, { context: folder });
    },
  });
}
