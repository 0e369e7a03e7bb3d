import type { PublisherContext } from '../publisher/interfaces';
import { registerPermission, VIEW_MANAGEMENT_SCREENS } from '../security/permission-registry';
import { MANAGER_ROLE } from '../security/roles';
import { hasPermission } from '../security/has-permission';
import { File } from '../tree/file';
import { isInlineType } from './file-download';
import { formatSize } from './format-size';
import { attemptAction } from './form-error';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { seeOther } from './see-other';
import { uploadedFile } from './uploaded-file';
import { renderZmiPage, urlOf } from './zmi-page';

/** Changing files (Zope's "Change Images and Files"). Default: Manager. */
export const CHANGE_FILES = 'Change Files';

/**
 * Registers the Edit tab of `File` (`manage_main`): title, content type, size, a download
 * link and, for inline image types, a preview; `manage_edit` (POST `title`, `contentType`)
 * and `manage_upload` (POST, JSON from the upload script: `file` as `{ name, type, base64 }`;
 * the new content and the browser's type) need Change Files.
 *
 * @example
 * ```ts
 * registerFileScreens(viewRegistry);
 * ```
 */
export function registerFileScreens(views: ManageScreenRegistrar): void {
  registerPermission(CHANGE_FILES, [MANAGER_ROLE]);
  registerManageScreen(views, File, {
    name: 'manage_main',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Edit', order: 10 },
    handler: (ctx, file) => showFile(ctx, file),
  });
  registerManageScreen(views, File, {
    name: 'manage_edit',
    methods: ['POST'],
    permission: CHANGE_FILES,
    handler: async (ctx, file) => {
      const form = ctx.zoa.form;
      const title = form.getString('title') ?? file.title;
      const contentType = (form.getString('contentType') ?? file.contentType).trim();
      const outcome = await attemptAction(ctx, () =>
        file.manageChangeProperties({ title, contentType }),
      );
      if (!outcome.ok) return showFile(ctx, file, outcome.error, outcome.status);
      return seeOther(ctx, file, 'manage_main', { message: 'Saved changes.' });
    },
  });
  registerManageScreen(views, File, {
    name: 'manage_upload',
    methods: ['POST'],
    permission: CHANGE_FILES,
    handler: async (ctx, file) => {
      const outcome = await attemptAction(ctx, () => {
        const upload = uploadedFile(ctx.zoa.form.get('file'), 'File');
        if (upload === undefined) return undefined;
        file.updateData(upload.data, upload.type || 'application/octet-stream');
        return upload;
      });
      if (!outcome.ok) return seeOther(ctx, file, 'manage_main', { error: outcome.error });
      if (outcome.value === undefined) {
        return seeOther(ctx, file, 'manage_main', { error: 'Choose a file to upload.' });
      }
      return seeOther(ctx, file, 'manage_main', {
        message: `Uploaded ${outcome.value.name || 'the file'} (${formatSize(file.getSize())}).`,
      });
    },
  });
}

function showFile(
  ctx: PublisherContext,
  file: File,
  error?: string,
  status?: number,
): Promise<string> {
  const url = urlOf(ctx, file);
  return renderZmiPage(
    ctx,
    file,
    'zmi/file-edit.njk',
    {
      file: {
        title: file.title,
        contentType: file.contentType,
        size: formatSize(file.getSize()),
        bytes: file.getSize(),
        downloadUrl: url,
        inline: isInlineType(file.contentType) && file.getSize() > 0,
      },
      canChange: hasPermission(ctx, CHANGE_FILES),
    },
    { ...(error === undefined ? {} : { error }), ...(status === undefined ? {} : { status }) },
  );
}
