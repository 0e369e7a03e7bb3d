import {
  PermissionRegistry,
  PUBLIC_PERMISSION,
  VIEW_MANAGEMENT_SCREENS,
  MANAGE_USERS,
} from '@zoa/core/security';

describe('PermissionRegistry', () => {
  let registry: PermissionRegistry;
  beforeEach(() => {
    registry = new PermissionRegistry();
  });

  it('grants View to everyone and management permissions to Manager by default', () => {
    expect(registry.isGranted('View', [])).toBe(true);
    expect(registry.isGranted('Access contents information', [])).toBe(true);
    expect(registry.isGranted(VIEW_MANAGEMENT_SCREENS, ['Authenticated'])).toBe(false);
    expect(registry.isGranted(VIEW_MANAGEMENT_SCREENS, ['Authenticated', 'Manager'])).toBe(true);
    expect(registry.isGranted(MANAGE_USERS, ['Owner'])).toBe(false);
  });

  it('gives unregistered permissions (Add …, Change …) to Manager only', () => {
    expect(registry.has('Add Widgets')).toBe(false);
    expect(registry.rolesOf('Add Widgets')).toEqual(['Manager']);
    expect(registry.isGranted('Change Widgets', ['Authenticated', 'Owner'])).toBe(false);
    expect(registry.isGranted('Change Widgets', ['Manager'])).toBe(true);
  });

  it('always grants the public permission', () => {
    expect(registry.isGranted(PUBLIC_PERMISSION, [])).toBe(true);
    expect(() => registry.register(PUBLIC_PERMISSION, [])).toThrow(TypeError);
  });

  it('lets products register permissions and refuses conflicting registrations', () => {
    registry.register('Add Pages', ['Owner', 'Manager']);
    registry.register('Add Pages', ['Manager', 'Owner']);
    expect(registry.rolesOf('Add Pages')).toEqual(['Manager', 'Owner']);
    expect(registry.isGranted('Add Pages', ['Authenticated', 'Owner'])).toBe(true);
    expect(() => registry.register('Add Pages', ['Manager'])).toThrow(/already registered/);
    registry.setRoles('Add Pages', ['Manager']);
    expect(registry.rolesOf('Add Pages')).toEqual(['Manager']);
  });

  it('lets a site restrict View to logged-in users', () => {
    registry.setRoles('View', ['Authenticated', 'Manager']);
    expect(registry.isGranted('View', [])).toBe(false);
    expect(registry.isGranted('View', ['Authenticated'])).toBe(true);
  });

  it('refuses unknown roles until they are added', () => {
    expect(() => registry.register('Review', ['Reviewer'])).toThrow(/unknown role/);
    registry.addRole('Reviewer');
    registry.register('Review', ['Reviewer']);
    expect(registry.roles()).toContain('Reviewer');
    expect(() => registry.addRole('<b>')).toThrow(TypeError);
  });

  it('refuses bad permission names', () => {
    expect(() => registry.register('', ['Manager'])).toThrow(TypeError);
    expect(() => registry.register('bad\nname', ['Manager'])).toThrow(TypeError);
  });
});
