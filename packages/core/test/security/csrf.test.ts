import { ForbiddenError } from '@zoa/core';
import type { PublisherContext } from '@zoa/core/publisher';
import { RequestForm } from '@zoa/core/publisher';
import type { SecurityPolicy } from '@zoa/core/security';
import {
  checkCsrf,
  createAuthorizer,
  createSigner,
  CSRF_FIELD,
  csrfToken,
  encodeLoginTicket,
  LoginHooks,
  requireCsrf,
  UserFolder,
} from '@zoa/core/security';
import { FakeClock } from './fixtures/fake-clock';
import { fakeContext, setCookies } from './fixtures/fake-context';

const KEY = 'test-key-0123456789abcdef0123456789abcdef';
const HOUR = 3600_000;

describe('csrfToken / checkCsrf', () => {
  let clock: FakeClock;
  let folder: UserFolder;
  let root: { get(id: string): Promise<unknown> };
  let policy: SecurityPolicy;

  beforeAll(async () => {
    folder = new UserFolder({ scrypt: { N: 1024, r: 8, p: 1 } });
    await folder.addUser('manager', 'manager password', ['Manager']);
  });

  beforeEach(() => {
    clock = new FakeClock();
    root = { get: async (id) => (id === 'acl_users' ? folder : undefined) };
    policy = createAuthorizer({ keys: [KEY], clock, loginHooks: new LoginHooks() });
  });

  function ticketCookie(nonce: string): string {
    const ticket = { name: 'manager', issuedAt: clock.now(), nonce, version: 0 };
    return `__ac=${encodeLoginTicket(ticket, createSigner([KEY]), '__ac')}`;
  }

  async function request(
    headers: Record<string, string>,
    form: Record<string, string> = {},
  ): Promise<PublisherContext> {
    const ctx = fakeContext({ root, headers, form, method: 'POST' });
    await policy.identify(ctx);
    return ctx;
  }

  /** The token a page shown to the same login would carry. */
  async function tokenFor(headers: Record<string, string>): Promise<string> {
    return csrfToken(await request(headers));
  }

  function rejection(ctx: PublisherContext, form?: RequestForm): unknown {
    try {
      checkCsrf(ctx, form);
      return undefined;
    } catch (error) {
      return error;
    }
  }

  describe('for a cookie login', () => {
    let session = '';
    beforeEach(() => {
      session = ticketCookie('NONCE_A_0123456789abcd');
    });

    it('M-01: accepts the token of the login', async () => {
      const token = await tokenFor({ Cookie: session });
      const ctx = await request(
        { Cookie: session, 'Sec-Fetch-Site': 'same-origin' },
        { [CSRF_FIELD]: token },
      );
      expect(rejection(ctx)).toBeUndefined();
    });

    it('M-01: accepts the token in the X-CSRF-Token header', async () => {
      const token = await tokenFor({ Cookie: session });
      expect(rejection(await request({ Cookie: session, 'X-CSRF-Token': token }))).toBeUndefined();
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['garbage', 'not-a-token'],
      ['signed for another login', 'OTHER'],
    ])('M-01: answers 403 when the token is %s', async (_label, token) => {
      const value =
        token === 'OTHER'
          ? await tokenFor({ Cookie: ticketCookie('NONCE_B_0123456789abcd') })
          : token;
      const ctx = await request(
        { Cookie: session },
        value === undefined ? {} : { [CSRF_FIELD]: value },
      );
      const error = rejection(ctx);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).status).toBe(403);
    });

    it('M-02: answers 403 to Sec-Fetch-Site: cross-site even with a valid token', async () => {
      const token = await tokenFor({ Cookie: session });
      const ctx = await request(
        { Cookie: session, 'Sec-Fetch-Site': 'cross-site' },
        { [CSRF_FIELD]: token },
      );
      expect(rejection(ctx)).toBeInstanceOf(ForbiddenError);
    });

    it('does not exempt cookie logins from the token, browser headers or not', async () => {
      expect(rejection(await request({ Cookie: session }))).toBeInstanceOf(ForbiddenError);
    });

    it('accepts tokens signed with an older key during rotation', async () => {
      const token = await tokenFor({ Cookie: session });
      const newKey = 'new-key-0123456789abcdef0123456789abcdef';
      policy = createAuthorizer({ keys: [newKey, KEY], clock, loginHooks: new LoginHooks() });
      const rotated = ticketCookie('NONCE_A_0123456789abcd');
      expect(
        rejection(await request({ Cookie: rotated }, { [CSRF_FIELD]: token })),
      ).toBeUndefined();
    });
  });

  describe('for the login form (anonymous, M-04)', () => {
    it('sets a short-lived signed cookie and binds the token to it', async () => {
      const ctx = await request({});
      const token = csrfToken(ctx);
      expect(csrfToken(ctx)).toBe(token);
      const cookie = setCookies(ctx).get('__ac_csrf');
      expect(cookie).toMatch(/^[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{43}$/);
      const post = await request({ Cookie: `__ac_csrf=${cookie}` }, { [CSRF_FIELD]: token });
      expect(rejection(post)).toBeUndefined();
      expect(csrfToken(await request({ Cookie: `__ac_csrf=${cookie}` }))).toBe(token);
    });

    it('answers 403 without the cookie, with another cookie, or once the form expired', async () => {
      const first = await request({});
      const token = csrfToken(first);
      const cookie = setCookies(first).get('__ac_csrf') as string;
      const other = await request({});
      csrfToken(other);
      const otherCookie = setCookies(other).get('__ac_csrf') as string;
      expect(rejection(await request({}, { [CSRF_FIELD]: token }))).toBeInstanceOf(ForbiddenError);
      expect(
        rejection(await request({ Cookie: `__ac_csrf=${otherCookie}` }, { [CSRF_FIELD]: token })),
      ).toBeInstanceOf(ForbiddenError);
      clock.advance(2 * HOUR);
      expect(
        rejection(await request({ Cookie: `__ac_csrf=${cookie}` }, { [CSRF_FIELD]: token })),
      ).toBeInstanceOf(ForbiddenError);
    });

    it('answers 403 to a forged cookie', async () => {
      const forged = `__ac_csrf=AAAAAAAAAAAAAAAAAAAAAA.${clock.now()}.forged`;
      const ctx = await request({ Cookie: forged });
      expect(
        rejection(ctx, RequestForm.fromEntries([[CSRF_FIELD, 'x'.repeat(43)]])),
      ).toBeInstanceOf(ForbiddenError);
    });
  });

  describe('for HTTP Basic', () => {
    const authorization = `Basic ${Buffer.from('manager:manager password').toString('base64')}`;

    it('lets scripts (no Origin, no Sec-Fetch-Site) through without a token', async () => {
      expect(rejection(await request({ Authorization: authorization }))).toBeUndefined();
    });

    it('requires the token from browsers', async () => {
      const fromBrowser = await request({
        Authorization: authorization,
        Origin: 'https://evil.example',
      });
      expect(rejection(fromBrowser)).toBeInstanceOf(ForbiddenError);
      const sameOrigin = await request({
        Authorization: authorization,
        'Sec-Fetch-Site': 'same-origin',
      });
      expect(rejection(sameOrigin)).toBeInstanceOf(ForbiddenError);
      const token = await tokenFor({ Authorization: authorization });
      const withToken = await request(
        { Authorization: authorization, 'Sec-Fetch-Site': 'same-origin' },
        { [CSRF_FIELD]: token },
      );
      expect(rejection(withToken)).toBeUndefined();
    });

    it('M-02: refuses cross-site requests', async () => {
      const ctx = await request({ Authorization: authorization, 'Sec-Fetch-Site': 'cross-site' });
      expect(rejection(ctx)).toBeInstanceOf(ForbiddenError);
    });
  });

  it('answers 400 when the token field is repeated', async () => {
    const ctx = await request({});
    const form = RequestForm.fromEntries([[CSRF_FIELD, ['a', 'b']]]);
    expect(rejection(ctx, form)).toMatchObject({ status: 400 });
  });

  it('needs a request the security policy identified', () => {
    const ctx = fakeContext({ root });
    expect(() => csrfToken(ctx)).toThrow(/not authorized by a SecurityPolicy/);
  });
});

describe('requireCsrf', () => {
  it('M-01: runs the view only after the check passed', async () => {
    const folder = new UserFolder({ scrypt: { N: 1024, r: 8, p: 1 } });
    const root = { get: async () => folder };
    const policy = createAuthorizer({ keys: [KEY], loginHooks: new LoginHooks() });
    const calls: string[] = [];
    const view = requireCsrf((_ctx, context: { id: string }) => {
      calls.push(context.id);
      return 'done';
    });
    const refused = fakeContext({ root, method: 'POST' });
    await policy.identify(refused);
    expect(() => view(refused, { id: 'refused' })).toThrow(ForbiddenError);
    const page = fakeContext({ root });
    await policy.identify(page);
    const token = csrfToken(page);
    const cookie = setCookies(page).get('__ac_csrf');
    const accepted = fakeContext({
      root,
      method: 'POST',
      headers: { Cookie: `__ac_csrf=${cookie}` },
      form: { [CSRF_FIELD]: token },
    });
    await policy.identify(accepted);
    expect(view(accepted, { id: 'accepted' })).toBe('done');
    expect(calls).toEqual(['accepted']);
  });
});
