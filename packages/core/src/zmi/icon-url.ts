import { hasStaticFile } from './zmi-static';

const iconsByMetaType = new Map<string, string>();

/**
 * Gives a meta type an icon in the ZMI — a file core ships under `static/icons/` (such as
 * `session.svg`) or a `data:image/...` URL — for classes whose static `icon` is the default.
 *
 * @example
 * ```ts
 * registerIcon('Transient Object Container', 'session.svg');
 * ```
 */
export function registerIcon(metaType: string, icon: string): void {
  iconsByMetaType.set(metaType, icon);
}

const DATA_IMAGE = /^data:image\/(?:svg\+xml|png|gif|webp)[;,]/;
const ICON_NAME = /^[a-z0-9][a-z0-9_-]*\.(?:svg|png)$/;

/**
 * The URL of an object's ZMI icon: a `data:image/...` URL as is (allowed by the ZMI's CSP
 * `img-src 'self' data:`), a file name that core ships under `static/icons/` (`folder.svg`),
 * else the generic item icon.
 *
 * @example
 * ```ts
 * iconUrlOf(folder, '/manage_static/3f2a9c0d1e2b'); // '/manage_static/3f2a9c0d1e2b/icons/folder.svg'
 * ```
 */
export function iconUrlOf(
  obj: { readonly icon?: unknown; readonly metaType?: unknown },
  staticUrl: string,
): string {
  const registered =
    (obj.icon === undefined || obj.icon === 'item.svg') && typeof obj.metaType === 'string'
      ? iconsByMetaType.get(obj.metaType)
      : undefined;
  const icon = registered ?? obj.icon;
  if (typeof icon === 'string') {
    if (DATA_IMAGE.test(icon) && icon.length <= 16_384) return icon;
    if (ICON_NAME.test(icon) && hasStaticFile(`icons/${icon}`)) return `${staticUrl}/icons/${icon}`;
  }
  return `${staticUrl}/icons/item.svg`;
}
