import { UnauthorizedError } from '@zoa/core';
import type { PublisherContext } from '@zoa/core/publisher';
import type { SecurityPolicy } from '@zoa/core/security';
import {
  createAuthorizer,
  createSigner,
  encodeLoginTicket,
  LoginHooks,
  LoginThrottle,
  PermissionRegistry,
  PUBLIC_PERMISSION,
  principalOf,
  TooManyRequestsError,
  UserFolder,
  VIEW_MANAGEMENT_SCREENS,
} from '@zoa/core/security';
import { FakeClock } from './fixtures/fake-clock';
import { fakeContext, setCookieLines, setCookies } from './fixtures/fake-context';

const KEY = 'test-key-0123456789abcdef0123456789abcdef';
const HOUR = 3600_000;
const basic = (name: string, password: string): string =>
  `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

describe('SecurityPolicy', () => {
  let clock: FakeClock;
  let folder: UserFolder;
  let root: { get(id: string): Promise<unknown> };
  let permissions: PermissionRegistry;
  let policy: SecurityPolicy;

  beforeAll(async () => {
    folder = new UserFolder({ scrypt: { N: 1024, r: 8, p: 1 } });
    await folder.addUser('manager', 'manager password', ['Manager']);
    await folder.addUser('owner', 'owner password', ['Owner']);
    await folder.addUser('member', 'member password', []);
  });

  beforeEach(() => {
    clock = new FakeClock();
    root = { get: async (id) => (id === 'acl_users' ? folder : undefined) };
    permissions = new PermissionRegistry();
    permissions.register('Add Pages', ['Manager', 'Owner']);
    permissions.register('Comment', ['Authenticated']);
    policy = createAuthorizer({
      keys: [KEY],
      clock,
      permissions,
      throttle: new LoginThrottle({ clock, maxPerAccount: 3 }),
      loginHooks: new LoginHooks(),
    });
  });

  /** A request carrying a login ticket issued now for `name`. */
  function withTicket(
    name: string,
    overrides: { issuedAt?: number; version?: number } = {},
  ): PublisherContext {
    const user = folder.getUser(name);
    const ticket = {
      name,
      issuedAt: overrides.issuedAt ?? clock.now(),
      nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
      version: overrides.version ?? user?.ticketVersion ?? 0,
    };
    const value = encodeLoginTicket(ticket, createSigner([KEY]), '__ac');
    return fakeContext({ root, headers: { Cookie: `__ac=${value}`, Accept: 'text/html' } });
  }

  const anonymous = (): PublisherContext => fakeContext({ root, headers: { Accept: 'text/html' } });

  describe('authorize: the role × permission matrix', () => {
    type Who = 'anonymous' | 'member' | 'owner' | 'manager';
    const request = (who: Who): PublisherContext =>
      who === 'anonymous' ? anonymous() : withTicket(who);
    it.each<[Who, string, string]>([
      ['anonymous', 'View', 'ok'],
      ['anonymous', PUBLIC_PERMISSION, 'ok'],
      ['anonymous', 'Comment', 'unauthenticated'],
      ['anonymous', 'Add Pages', 'unauthenticated'],
      ['anonymous', VIEW_MANAGEMENT_SCREENS, 'unauthenticated'],
      ['anonymous', 'Change Anything', 'unauthenticated'],
      ['member', 'View', 'ok'],
      ['member', 'Comment', 'ok'],
      ['member', 'Add Pages', 'forbidden'],
      ['member', VIEW_MANAGEMENT_SCREENS, 'forbidden'],
      ['owner', 'Add Pages', 'ok'],
      ['owner', VIEW_MANAGEMENT_SCREENS, 'forbidden'],
      ['manager', 'View', 'ok'],
      ['manager', 'Comment', 'ok'],
      ['manager', 'Add Pages', 'ok'],
      ['manager', VIEW_MANAGEMENT_SCREENS, 'ok'],
      ['manager', 'Change Anything', 'ok'],
    ])('%s asking for %s → %s', async (who, permission, expected) => {
      await expect(policy.authorize(request(who), {}, permission)).resolves.toBe(expected);
    });
  });

  it('sets ctx.state.user to the principal, and clears it for anonymous requests', async () => {
    const ctx = withTicket('owner');
    await policy.authorize(ctx, {}, 'View');
    expect(ctx.state.user).toEqual({
      name: 'owner',
      roles: ['Authenticated', 'Owner'],
      via: 'ticket',
    });
    expect(principalOf(ctx)).toBe(ctx.state.user);
    const anon = anonymous();
    anon.state.user = { name: 'stale' };
    await policy.authorize(anon, {}, 'View');
    expect(anon.state.user).toBeUndefined();
  });

  it('does not load the user folder for requests without credentials', async () => {
    const get = jest.fn(root.get);
    root = { get };
    await expect(policy.authorize(anonymous(), {}, 'View')).resolves.toBe('ok');
    expect(get).not.toHaveBeenCalled();
    await policy.authorize(withTicket('member'), {}, 'View');
    expect(get).toHaveBeenCalledWith('acl_users');
  });

  it('never writes the response while authorizing', async () => {
    const ctx = withTicket('manager', { issuedAt: clock.now() - 9 * HOUR });
    await policy.authorize(ctx, {}, VIEW_MANAGEMENT_SCREENS);
    expect(ctx.res.getHeaderNames()).toEqual([]);
  });

  describe('login tickets', () => {
    it('expire after the ticket lifetime (8 hours by default)', async () => {
      const ctx = withTicket('manager', { issuedAt: clock.now() - 8 * HOUR + 1 });
      await expect(policy.authorize(ctx, {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe('ok');
      const old = withTicket('manager', { issuedAt: clock.now() - 8 * HOUR });
      await expect(policy.authorize(old, {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe(
        'unauthenticated',
      );
    });

    it('are refused when issued in the future beyond clock skew', async () => {
      const ctx = withTicket('manager', { issuedAt: clock.now() + 2 * 60_000 });
      await expect(policy.authorize(ctx, {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe(
        'unauthenticated',
      );
    });

    it('are revoked when the user ticket version moves on (logout, password change)', async () => {
      const user = folder.getUser('member');
      const stale = withTicket('member', { version: (user?.ticketVersion ?? 0) - 1 });
      await expect(policy.authorize(stale, {}, 'Comment')).resolves.toBe('unauthenticated');
    });

    it('are refused for a deleted user, a forged signature or another key', async () => {
      const gone = withTicket('ghost');
      await expect(policy.authorize(gone, {}, 'Comment')).resolves.toBe('unauthenticated');
      const other = createAuthorizer({
        keys: ['another-key-0123456789abcdef0123456789'],
        clock,
        permissions,
      });
      await expect(other.authorize(withTicket('manager'), {}, 'Comment')).resolves.toBe(
        'unauthenticated',
      );
    });

    it('are refused from an address outside the user domains', async () => {
      const guarded = new UserFolder({ scrypt: { N: 1024, r: 8, p: 1 } });
      await guarded.addUser('guarded', 'guarded password', ['Manager'], { domains: ['10.9.*.*'] });
      root = { get: async () => guarded };
      const ctx = withTicket('guarded', { version: 0 });
      await expect(policy.authorize(ctx, {}, 'Comment')).resolves.toBe('unauthenticated');
    });
  });

  describe('HTTP Basic', () => {
    const script = (authorization?: string): PublisherContext =>
      fakeContext({
        root,
        headers: authorization === undefined ? {} : { Authorization: authorization },
      });

    it('authenticates scripts', async () => {
      const ctx = script(basic('manager', 'manager password'));
      await expect(policy.authorize(ctx, {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe('ok');
      expect(ctx.state.user).toMatchObject({ name: 'manager', via: 'basic' });
    });

    it('challenges scripts with WWW-Authenticate: Basic realm="Zoa" on 401', async () => {
      const error = await Promise.resolve(
        policy.authorize(script(), {}, VIEW_MANAGEMENT_SCREENS),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as UnauthorizedError).headers['WWW-Authenticate']).toBe(
        'Basic realm="Zoa", charset="UTF-8"',
      );
    });

    it('answers browsers with a plain 401 (the login form), never a Basic prompt', async () => {
      await expect(policy.authorize(anonymous(), {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe(
        'unauthenticated',
      );
    });

    it('never challenges a fetch from a browser page (Sec-Fetch-Mode), whatever it accepts', async () => {
      const ctx = fakeContext({
        root,
        headers: { Accept: 'application/json', 'Sec-Fetch-Mode': 'cors' },
      });
      await expect(policy.authorize(ctx, {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe(
        'unauthenticated',
      );
    });

    it('answers 401 for wrong credentials even on a public view', async () => {
      await expect(
        policy.authorize(script(basic('manager', 'nope')), {}, 'View'),
      ).rejects.toMatchObject({
        status: 401,
        headers: { 'WWW-Authenticate': 'Basic realm="Zoa", charset="UTF-8"' },
      });
    });

    it('M-22: throttles wrong passwords with 429 and Retry-After', async () => {
      for (let i = 0; i < 3; i += 1) {
        await expect(
          policy.authorize(script(basic('owner', `guess ${i}`)), {}, 'View'),
        ).rejects.toMatchObject({
          status: 401,
        });
      }
      const error = await Promise.resolve(
        policy.authorize(script(basic('owner', 'owner password')), {}, 'View'),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TooManyRequestsError);
      expect((error as TooManyRequestsError).headers['Retry-After']).toBe('900');
    });

    it('remembers a verified password briefly, so scripts pay scrypt once', async () => {
      const verify = jest.spyOn(folder, 'authenticate');
      try {
        for (let i = 0; i < 3; i += 1) {
          await policy.authorize(script(basic('member', 'member password')), {}, 'Comment');
        }
        expect(verify).toHaveBeenCalledTimes(1);
        clock.advance(60_000);
        await policy.authorize(script(basic('member', 'member password')), {}, 'Comment');
        expect(verify).toHaveBeenCalledTimes(2);
        await expect(
          policy.authorize(script(basic('member', 'other password')), {}, 'Comment'),
        ).rejects.toThrow();
      } finally {
        verify.mockRestore();
      }
    });

    it('can be turned off', async () => {
      const cookiesOnly = createAuthorizer({ keys: [KEY], clock, permissions, basicAuth: false });
      const ctx = script(basic('manager', 'manager password'));
      await expect(cookiesOnly.authorize(ctx, {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe(
        'unauthenticated',
      );
    });
  });

  it('adds local roles for the context', async () => {
    const mine = { owner: 'member' };
    const local = createAuthorizer({
      keys: [KEY],
      clock,
      permissions,
      localRoles: (principal, context) =>
        (context as { owner?: string }).owner === principal.name ? ['Owner'] : [],
    });
    await expect(local.authorize(withTicket('member'), mine, 'Add Pages')).resolves.toBe('ok');
    await expect(local.authorize(withTicket('member'), {}, 'Add Pages')).resolves.toBe('forbidden');
  });

  it('treats every request as anonymous when the root has no user folder', async () => {
    root = { get: async () => undefined };
    await expect(
      policy.authorize(withTicket('manager'), {}, VIEW_MANAGEMENT_SCREENS),
    ).resolves.toBe('unauthenticated');
  });

  describe('login and logout', () => {
    it('S-11: sets a signed HttpOnly SameSite=Lax cookie with a new nonce and runs onLogin hooks', async () => {
      const hooks = new LoginHooks();
      const seen: string[] = [];
      hooks.onLogin((ctx, user) => {
        seen.push(`${user.name}:${String(ctx.state.user?.name)}`);
      });
      const withHooks = createAuthorizer({ keys: [KEY], clock, permissions, loginHooks: hooks });
      const ctx = anonymous();
      await withHooks.identify(ctx);
      await expect(withHooks.login(ctx, 'owner', 'owner password')).resolves.toMatchObject({
        name: 'owner',
      });
      expect(seen).toEqual(['owner:owner']);
      const line = setCookieLines(ctx).find((l) => l.startsWith('__ac='));
      expect(line).toMatch(/; path=\/; samesite=lax; httponly$/);
      expect(line).not.toMatch(/expires/);
      const ticket = withHooks.cookies.readTicket(
        fakeContext({ root, headers: { Cookie: `__ac=${setCookies(ctx).get('__ac')}` } }),
      );
      expect(ticket).toMatchObject({ name: 'owner', issuedAt: clock.now() });
    });

    it('sets Secure cookies on https requests', async () => {
      const ctx = fakeContext({ root, headers: { 'X-Forwarded-Proto': 'https' } });
      ctx.app.proxy = true;
      try {
        await policy.identify(ctx);
        await policy.login(ctx, 'member', 'member password');
        expect(setCookieLines(ctx).find((l) => l.startsWith('__ac='))).toMatch(
          /; secure; httponly$/,
        );
      } finally {
        ctx.app.proxy = false;
      }
    });

    it('returns undefined for a wrong password and sets no cookie', async () => {
      const ctx = anonymous();
      await policy.identify(ctx);
      await expect(policy.login(ctx, 'owner', 'wrong password')).resolves.toBeUndefined();
      await expect(policy.login(ctx, 'nobody', 'wrong password')).resolves.toBeUndefined();
      expect(setCookies(ctx).has('__ac')).toBe(false);
    });

    it('logout revokes every ticket of the user and expires the cookie', async () => {
      const user = await folder.addUser('leaver', 'leaver password', ['Manager']);
      const first = withTicket('leaver');
      const second = withTicket('leaver');
      await expect(policy.authorize(first, {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe('ok');
      await policy.logout(first);
      expect(folder.getUser('leaver')?.ticketVersion).toBe(user.ticketVersion + 1);
      expect(setCookieLines(first).find((l) => l.startsWith('__ac='))).toMatch(
        /^__ac=; path=\/; expires=Thu, 01 Jan 1970/,
      );
      expect(first.state.user).toBeUndefined();
      // the copied cookie of another browser is dead too, and so is a replay of the first one
      await expect(policy.authorize(second, {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe(
        'unauthenticated',
      );
      const replay = fakeContext({
        root,
        headers: { Cookie: first.get('Cookie'), Accept: 'text/html' },
      });
      await expect(policy.authorize(replay, {}, VIEW_MANAGEMENT_SCREENS)).resolves.toBe(
        'unauthenticated',
      );
    });
  });

  it('refuses bad options at once', () => {
    expect(() => createAuthorizer({ keys: [] })).toThrow(TypeError);
    expect(() => createAuthorizer({ keys: [KEY], cookieName: 'bad name' })).toThrow(/cookieName/);
    expect(() => createAuthorizer({ keys: [KEY], ticketLifetimeMs: 0 })).toThrow(
      /ticketLifetimeMs/,
    );
    expect(() => createAuthorizer({ keys: [KEY], defaultCameFrom: '//evil' })).toThrow(
      /defaultCameFrom/,
    );
  });
});
