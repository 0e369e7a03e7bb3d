import { BadRequestError, ForbiddenError } from '../errors';
import type { AddFormField, TypeRegistration } from '../products/interfaces';
import type { PublisherContext } from '../publisher/interfaces';
import type { RequestForm } from '../publisher/request-form';
import { hasPermission } from '../security/has-permission';
import { VIEW_MANAGEMENT_SCREENS } from '../security/permission-registry';
import { ObjectManager } from '../tree/object-manager';
import { Page } from '../tree/page';
import { attemptAction } from './form-error';
import { formWidget } from './form-widget';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { showMountPoints } from './mount-point-screens';
import { requireManagerRole } from './require-manager-role';
import { seeOther } from './see-other';
import { uploadedFile } from './uploaded-file';
import { renderZmiPage } from './zmi-page';
import { productsOf } from './zmi-site';

/** The add menu's entry for mount points (not a product type: see the mount point screens). */
export const MOUNT_POINT_TYPE = 'Mount Point';

/**
 * Registers adding objects on `ObjectManager`: `manage_addForm?type=<meta type>` renders the
 * generic add form from the type's add-form fields (an id field first; a `file` field makes
 * the form upload with a script, as JSON), and `manage_addObject` (POST) checks the type's add
 * permission, converts the fields, adds the object and returns to Contents — or shows the form
 * again with the message when the id or a value is refused. Pages hold trusted code: adding one
 * also needs the Manager role.
 *
 * @example
 * ```ts
 * registerAddScreens(viewRegistry);
 * ```
 */
export function registerAddScreens(views: ManageScreenRegistrar): void {
  registerManageScreen(views, ObjectManager, {
    name: 'manage_addForm',
    permission: VIEW_MANAGEMENT_SCREENS,
    handler: (ctx, folder) => {
      const metaType = ctx.zoa.query.requireString('type');
      if (metaType === MOUNT_POINT_TYPE) return showMountPoints(ctx, folder);
      return showAddForm(ctx, folder, addableType(ctx, metaType));
    },
  });
  registerManageScreen(views, ObjectManager, {
    name: 'manage_addObject',
    methods: ['POST'],
    permission: VIEW_MANAGEMENT_SCREENS,
    handler: addObject,
  });
}

/** The registration of an addable type the user may add. */
function addableType(ctx: PublisherContext, metaType: string): TypeRegistration {
  const type = productsOf(ctx).typeInfo(metaType);
  if (type === undefined || type.addable === false) {
    throw new BadRequestError(`Unknown type "${metaType}".`);
  }
  if (!hasPermission(ctx, type.addPermission)) {
    throw new ForbiddenError(`You are not allowed to add objects of the type ${metaType}.`);
  }
  if (isPageType(type)) requireManagerRole(ctx);
  return type;
}

function isPageType(type: TypeRegistration): boolean {
  return type.class === Page || type.class.prototype instanceof Page;
}

function showAddForm(
  ctx: PublisherContext,
  folder: ObjectManager,
  type: TypeRegistration,
  input?: RequestForm,
  error?: { message: string; status: number },
): Promise<string> {
  const fields = type.addFormFields ?? [];
  const widgets = fields.map((field) =>
    formWidget({
      name: field.name,
      label: field.label,
      type: field.type,
      value: input === undefined ? defaultOf(field) : input.get(field.name),
      required: field.required === true,
      ...(field.options === undefined ? {} : { options: field.options }),
    }),
  );
  return renderZmiPage(
    ctx,
    folder,
    'zmi/add-form.njk',
    {
      type: { metaType: type.metaType, description: type.description ?? '' },
      id: input?.getString('id') ?? '',
      widgets,
      upload: fields.some((field) => field.type === 'file'),
    },
    {
      tab: 'manage_main',
      title: `Add ${type.metaType}`,
      ...(error === undefined ? {} : { error: error.message, status: error.status }),
    },
  );
}

function defaultOf(field: AddFormField): unknown {
  return Buffer.isBuffer(field.default) ? undefined : field.default;
}

async function addObject(
  ctx: PublisherContext,
  folder: ObjectManager,
): Promise<string | Record<string, unknown>> {
  const form = ctx.zoa.form;
  const type = addableType(ctx, form.requireString('type'));
  const fields = type.addFormFields ?? [];
  const input = Object.create(null) as Record<string, unknown>;
  let fileName = '';
  let fileType = '';
  for (const field of fields) {
    const raw = form.get(field.name);
    if (field.type !== 'file') {
      input[field.name] = raw;
      continue;
    }
    const file = uploadedFile(raw, field.label);
    if (file === undefined) continue;
    input[field.name] = file.data;
    fileName ||= file.name;
    fileType ||= file.type;
  }
  const contentType = fields.find((field) => field.name === 'contentType');
  if (contentType && fileType && isUnsetType(input.contentType, contentType)) {
    input.contentType = fileType;
  }
  const id = (form.getString('id') ?? '').trim() || baseName(fileName);
  const outcome = await attemptAction(ctx, () =>
    productsOf(ctx).addObject(folder, type.metaType, id, input),
  );
  if (!outcome.ok) {
    if (ctx.accepts('html', 'json') === 'json') {
      return seeOther(ctx, folder, 'manage_addForm', {
        query: { type: type.metaType },
        error: outcome.error,
      });
    }
    return showAddForm(ctx, folder, type, form, { message: outcome.error, status: outcome.status });
  }
  return seeOther(ctx, folder, 'manage_main', {
    message: `Added the ${type.metaType} "${outcome.value.id}".`,
  });
}

function isUnsetType(value: unknown, field: AddFormField): boolean {
  return value === undefined || value === '' || value === field.default;
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop()?.trim() ?? '';
}
