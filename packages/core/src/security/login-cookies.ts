import Cookies from 'cookies';
import type Keygrip from 'keygrip';
import type { Context } from 'koa';
import type { LoginTicket } from './login-ticket';
import { decodeLoginTicket, encodeLoginTicket, newNonce } from './login-ticket';
import type { ResolvedSecurityOptions } from './security-options';

/** The part of a Koa context the cookie functions use. */
export type CookieContext = Pick<Context, 'req' | 'res' | 'secure'> & {
  zoa?: { readonly baseUrl: string };
};

const NONCE = /^[A-Za-z0-9_-]{22}$/;

/**
 * Reads and writes the login cookie (`__ac`: a signed {@link LoginTicket}) and the login form's
 * CSRF cookie (`__ac_csrf`: a signed random nonce with its time), through the `cookies` package.
 * Both are HttpOnly, SameSite=Lax, `Path=/`, browser-session cookies, and `Secure` on https
 * requests (or always, see `secureCookies`). Reading never writes (the authorizer must not touch
 * the response); a value with a bad signature is simply ignored.
 *
 * @example
 * ```ts
 * const cookies = new LoginCookies(resolveSecurityOptions({ keys }), createSigner(keys));
 * cookies.writeTicket(ctx, ticket);
 * cookies.readTicket(ctx); // the ticket, signature checked
 * ```
 */
export class LoginCookies {
  constructor(
    private readonly options: ResolvedSecurityOptions,
    private readonly signer: Keygrip,
  ) {}

  /** The ticket of the request's login cookie when its signature holds (not checked: expiry). */
  readTicket(ctx: CookieContext): LoginTicket | undefined {
    const { cookieName } = this.options;
    return decodeLoginTicket(this.jar(ctx).get(cookieName), this.signer, cookieName);
  }

  /** Sets the login cookie. */
  writeTicket(ctx: CookieContext, ticket: LoginTicket): void {
    const { cookieName } = this.options;
    this.set(ctx, cookieName, encodeLoginTicket(ticket, this.signer, cookieName));
  }

  /** Expires the login cookie. */
  clearTicket(ctx: CookieContext): void {
    this.set(ctx, this.options.cookieName, '');
  }

  /** The login form nonce of the request's CSRF cookie when signed and not older than allowed. */
  readLoginNonce(ctx: CookieContext, now: number): string | undefined {
    const { csrfCookieName, loginFormLifetimeMs } = this.options;
    const value = this.jar(ctx).get(csrfCookieName);
    if (value === undefined || value.length > 200) return undefined;
    const [nonce = '', issued = '', signature = ''] = value.split('.');
    if (!NONCE.test(nonce) || !/^\d{1,15}$/.test(issued) || signature === '') return undefined;
    if (!this.signer.verify(`${csrfCookieName}=${nonce}.${issued}`, signature)) return undefined;
    const age = now - Number(issued);
    return age >= -60_000 && age < loginFormLifetimeMs ? nonce : undefined;
  }

  /** Sets a new login form nonce cookie and returns the nonce. */
  writeLoginNonce(ctx: CookieContext, now: number): string {
    const { csrfCookieName } = this.options;
    const nonce = newNonce();
    const data = `${nonce}.${Math.floor(now)}`;
    this.set(ctx, csrfCookieName, `${data}.${this.signer.sign(`${csrfCookieName}=${data}`)}`);
    return nonce;
  }

  /** Expires the login form nonce cookie. */
  clearLoginNonce(ctx: CookieContext): void {
    this.set(ctx, this.options.csrfCookieName, '');
  }

  private set(ctx: CookieContext, name: string, value: string): void {
    const secure = this.isSecure(ctx);
    new Cookies(ctx.req, ctx.res, { secure }).set(name, value, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      overwrite: true,
    });
  }

  private jar(ctx: CookieContext): Cookies {
    return new Cookies(ctx.req, ctx.res, { secure: this.isSecure(ctx) });
  }

  private isSecure(ctx: CookieContext): boolean {
    return (
      this.options.secureCookies === 'always' ||
      ctx.secure === true ||
      (ctx.zoa?.baseUrl.startsWith('https:') ?? false)
    );
  }
}
