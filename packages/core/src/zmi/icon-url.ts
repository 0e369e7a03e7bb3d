import { hasStaticFile } from './zmi-static';

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
export function iconUrlOf(obj: { readonly icon?: unknown }, staticUrl: string): string {
  const icon = obj.icon;
  if (typeof icon === 'string') {
    if (DATA_IMAGE.test(icon) && icon.length <= 16_384) return icon;
    if (ICON_NAME.test(icon) && hasStaticFile(`icons/${icon}`)) return `${staticUrl}/icons/${icon}`;
  }
  return `${staticUrl}/icons/item.svg`;
}
