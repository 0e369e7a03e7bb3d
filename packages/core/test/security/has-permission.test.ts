import {
  createAuthorizer,
  hasPermission,
  LoginHooks,
  PermissionRegistry,
  UserFolder,
} from '@zoa/core/security';
import { fakeContext } from './fixtures/fake-context';

const KEY = 'test-key-0123456789abcdef0123456789abcdef';

describe('hasPermission', () => {
  it('answers with the roles the policy used for the view context, local roles included', async () => {
    const folder = new UserFolder({ scrypt: { N: 1024, r: 8, p: 1 } });
    await folder.addUser('member', 'member password', []);
    const root = { get: async () => folder };
    const permissions = new PermissionRegistry();
    permissions.register('Add Pages', ['Manager', 'Owner']);
    const policy = createAuthorizer({
      keys: [KEY],
      permissions,
      loginHooks: new LoginHooks(),
      localRoles: (_principal, context) => ((context as { mine?: boolean }).mine ? ['Owner'] : []),
    });
    const authorization = `Basic ${Buffer.from('member:member password').toString('base64')}`;
    const ctx = fakeContext({ root, headers: { Authorization: authorization } });
    await policy.authorize(ctx, { mine: true }, 'View');
    expect(hasPermission(ctx, 'Add Pages')).toBe(true);
    expect(hasPermission(ctx, 'View management screens')).toBe(false);
    await policy.authorize(ctx, { mine: false }, 'View');
    expect(hasPermission(ctx, 'Add Pages')).toBe(false);

    const anonymous = fakeContext({ root });
    await policy.authorize(anonymous, {}, 'View');
    expect(hasPermission(anonymous, 'View')).toBe(true);
    expect(hasPermission(anonymous, 'Add Pages')).toBe(false);
  });

  it('needs a request the security policy authorized', () => {
    expect(() => hasPermission(fakeContext({ root: {} }), 'View')).toThrow(/SecurityPolicy/);
  });
});
