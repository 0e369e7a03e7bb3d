import type { PublisherContext } from '../publisher/interfaces';
import { MANAGE_PROPERTIES, VIEW_MANAGEMENT_SCREENS } from '../security/permission-registry';
import { hasPermission } from '../security/has-permission';
import { PropertyManager } from '../tree/property-manager';
import { PROPERTY_TYPES } from '../tree/property-types';
import { attemptAction } from './form-error';
import { formWidget } from './form-widget';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { seeOther } from './see-other';
import { renderZmiPage } from './zmi-page';

type Result = string | Record<string, unknown>;

/**
 * Registers the Properties tab of every `PropertyManager` (folders, files, pages, the root):
 * `manage_propertiesForm` lists the typed properties with a control per type (read-only ones
 * disabled), `manage_editProperties` saves every writable one (an unchecked box is false),
 * `manage_addProperty` adds one (`id`, `type`, `value`, and `options` for selections, one per
 * line), `manage_delProperties` deletes the selected `ids` (class properties cannot be
 * deleted). Changes need Manage properties; a refused value shows the form again.
 *
 * @example
 * ```ts
 * registerPropertiesScreen(viewRegistry);
 * ```
 */
export function registerPropertiesScreen(views: ManageScreenRegistrar): void {
  registerManageScreen(views, PropertyManager, {
    name: 'manage_propertiesForm',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Properties', order: 20 },
    handler: (ctx, obj) => showProperties(ctx, obj),
  });
  const action = (
    name: string,
    handler: (ctx: PublisherContext, obj: PropertyManager) => Promise<Result>,
  ) =>
    registerManageScreen(views, PropertyManager, {
      name,
      methods: ['POST'],
      permission: MANAGE_PROPERTIES,
      handler,
    });
  action('manage_editProperties', async (ctx, obj) => {
    const form = ctx.zoa.form;
    const input = new Map<string, unknown>();
    for (const id of obj.propertyIds()) if (form.has(id)) input.set(id, form.get(id));
    const outcome = await attemptAction(ctx, () => obj.manageEditProperties(input));
    if (!outcome.ok) return showProperties(ctx, obj, outcome);
    return seeOther(ctx, obj, 'manage_propertiesForm', { message: 'Saved changes.' });
  });
  action('manage_addProperty', async (ctx, obj) => {
    const form = ctx.zoa.form;
    const id = (form.getString('id') ?? '').trim();
    const type = form.getString('type') ?? 'string';
    const options = (form.getString('options') ?? '')
      .split(/\r\n|\r|\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    const isSelection = type === 'selection' || type === 'multiple selection';
    const outcome = await attemptAction(ctx, () =>
      obj.manageAddProperty(id, form.get('value') ?? '', type, {
        ...(isSelection && options.length > 0 ? { options } : {}),
      }),
    );
    if (!outcome.ok) return showProperties(ctx, obj, outcome, { id, type });
    return seeOther(ctx, obj, 'manage_propertiesForm', { message: `Added the property "${id}".` });
  });
  action('manage_delProperties', async (ctx, obj) => {
    const ids = ctx.zoa.form.getAll('ids');
    if (ids.length === 0) {
      return seeOther(ctx, obj, 'manage_propertiesForm', { error: 'Select properties to delete.' });
    }
    const outcome = await attemptAction(ctx, () => obj.manageDelProperties(ids));
    if (!outcome.ok) return showProperties(ctx, obj, outcome);
    return seeOther(ctx, obj, 'manage_propertiesForm', {
      message: `Deleted ${ids.length} propert${ids.length === 1 ? 'y' : 'ies'}.`,
    });
  });
}

function showProperties(
  ctx: PublisherContext,
  obj: PropertyManager,
  failure?: { error: string; status: number },
  adding?: { id: string; type: string },
): Promise<string> {
  const classIds = new Set(
    (obj.constructor as typeof PropertyManager).properties.map((definition) => definition.id),
  );
  const rows = obj.propertyMap().map((definition) => {
    const mode = definition.mode ?? 'wd';
    return {
      id: definition.id,
      type: definition.type,
      writable: mode.includes('w'),
      deletable: mode.includes('d') && !classIds.has(definition.id),
      widget: formWidget({
        name: definition.id,
        label: definition.label ?? definition.id,
        type: definition.type,
        value: obj.getProperty(definition.id),
        ...(definition.options === undefined ? {} : { options: definition.options }),
        idPrefix: 'zmi-property-',
      }),
    };
  });
  return renderZmiPage(
    ctx,
    obj,
    'zmi/properties.njk',
    {
      rows,
      types: PROPERTY_TYPES,
      adding: adding ?? { id: '', type: 'string' },
      canChange: hasPermission(ctx, MANAGE_PROPERTIES),
      anyDeletable: rows.some((row) => row.deletable),
    },
    failure === undefined ? {} : { error: failure.error, status: failure.status },
  );
}
