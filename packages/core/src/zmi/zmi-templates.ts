import fs from 'node:fs';
import path from 'node:path';
import nunjucks from '../views/nunjucks';
import type { ILoader, LoaderSource } from 'nunjucks';

/** Where core's templates and static files live: `packages/core/templates` (from src or dist). */
export const CORE_TEMPLATES_DIR = path.resolve(__dirname, '../../templates');

const TEMPLATE_NAME = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*\.njk$/;

/**
 * The nunjucks loader of the ZMI: templates given as source text first (products that ship no
 * template files), then the template folders in the order they were added (core's first).
 * Names are checked (`folder/name.njk`, no `..`), and sources are cached by the environment.
 */
class ZmiTemplateLoader implements ILoader {
  readonly folders: string[] = [CORE_TEMPLATES_DIR];
  readonly sources = new Map<string, string>();

  getSource(name: string): LoaderSource {
    if (!TEMPLATE_NAME.test(name))
      throw new Error(`zmi: bad template name ${JSON.stringify(name)}`);
    const source = this.sources.get(name);
    if (source !== undefined) return { src: source, path: `source:${name}`, noCache: false };
    for (const folder of this.folders) {
      const file = path.join(folder, name);
      if (fs.existsSync(file)) {
        return { src: fs.readFileSync(file, 'utf8'), path: file, noCache: false };
      }
    }
    // nunjucks reports "template not found" for a missing source
    return null as unknown as LoaderSource;
  }
}

/**
 * The ZMI's one nunjucks environment per process: core's `templates/` folder, autoescape on
 * (M-13: every value is escaped; templates never use `| safe` on data), `throwOnUndefined` off,
 * compiled templates cached. Products add template folders or sources for their screens, under
 * a folder named after the product (`sessions/...`), and may extend `zmi/layout.njk`.
 *
 * @example
 * ```ts
 * zmiTemplates.addSource('shop/product.njk', '{% extends "zmi/layout.njk" %}...');
 * const html = zmiTemplates.render('zmi/contents.njk', { page, items });
 * ```
 */
export class ZmiTemplates {
  private readonly loader = new ZmiTemplateLoader();
  private readonly environment = new nunjucks.Environment(this.loader, {
    autoescape: true,
    throwOnUndefined: false,
  });

  /**
   * Adds a folder of templates (searched after core's and earlier ones).
   *
   * @throws TypeError when the folder does not exist
   */
  addFolder(folder: string): void {
    const resolved = path.resolve(folder);
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) {
      throw new TypeError(`zmi: no template folder at ${resolved}`);
    }
    if (!this.loader.folders.includes(resolved)) this.loader.folders.push(resolved);
  }

  /**
   * Adds a template from its source text under `name` (such as `sessions/container.njk`).
   *
   * @throws TypeError for a bad name or a name already given another source
   */
  addSource(name: string, source: string): void {
    if (!TEMPLATE_NAME.test(name)) throw new TypeError(`zmi: bad template name ${name}`);
    const known = this.loader.sources.get(name);
    if (known !== undefined && known !== source) {
      throw new TypeError(`zmi: the template ${name} is already defined`);
    }
    this.loader.sources.set(name, source);
  }

  /** Renders the template `name` with `data` (synchronously; the loader reads files once). */
  render(name: string, data: object): string {
    return this.environment.render(name, data);
  }
}

/** The process's ZMI templates. */
export const zmiTemplates = new ZmiTemplates();
