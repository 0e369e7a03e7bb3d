import type { ViewRegistry } from '../publisher/view-registry';
import { registerSecurityViews } from '../security/security-views';
import { Application } from '../tree/application';
import { installZmi } from '../zmi/install-zmi';
import { registerContentViews } from '../views/register-content-views';

const installed = new WeakSet<ViewRegistry>();

/**
 * Registers core's own views (login, logout, content views; the ZMI's management views) in `views`, once per
 * registry — several sites in one process (tests) share the global registry.
 */
export function installCoreViews(views: ViewRegistry): void {
  if (installed.has(views)) return;
  installed.add(views);
  registerSecurityViews(views, Application);
  registerContentViews(views);
  installZmi(views);
}
