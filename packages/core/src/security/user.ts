import { classRegistry } from '../persistence/class-registry';
import { AUTHENTICATED_ROLE } from './roles';

/** The fields of a {@link User}. */
export interface UserData {
  /** The login name (unique in its user folder, NFC). */
  readonly name: string;
  /** The password hash (`scrypt$N$r$p$salt$hash`); never shown or logged. */
  readonly passwordHash: string;
  /** Stored roles, sorted (never `Anonymous` or `Authenticated`, which are automatic). */
  readonly roles: readonly string[];
  /**
   * Client addresses the user may log in from (Zope's user domains): exact IPs or IPv4 patterns
   * with `*` parts (`10.0.*.*`); empty means anywhere.
   */
  readonly domains: readonly string[];
  /**
   * Bumped by logout and password changes: login tickets carry the version they were issued
   * under, and older ones are refused (server-side revocation).
   */
  readonly ticketVersion: number;
}

/**
 * A user of a {@link UserFolder}: an immutable record stored inside the folder (not a persistent
 * object of its own). The folder replaces a user with an updated copy ({@link with}) and marks
 * itself changed, so a user can never be changed behind the database's back.
 *
 * @example
 * ```ts
 * const user = folder.getUser('alice');
 * user?.hasRole('Manager'); // true
 * user?.getRoles(); // ['Authenticated', 'Manager']
 * ```
 */
export class User implements UserData {
  readonly name: string;
  readonly passwordHash: string;
  readonly roles: readonly string[];
  readonly domains: readonly string[];
  readonly ticketVersion: number;

  constructor(data: UserData) {
    this.name = data.name;
    this.passwordHash = data.passwordHash;
    this.roles = [...data.roles];
    this.domains = [...data.domains];
    this.ticketVersion = data.ticketVersion;
  }

  /** A copy with some fields changed. */
  with(changes: Partial<UserData>): User {
    return new User({ ...this.data(), ...changes });
  }

  /** True when the user holds `role` (stored roles, plus `Authenticated`). */
  hasRole(role: string): boolean {
    return role === AUTHENTICATED_ROLE || this.roles.includes(role);
  }

  /** The user's roles with `Authenticated` (Zope's `getRoles()`), sorted. */
  getRoles(): string[] {
    return [...new Set([AUTHENTICATED_ROLE, ...this.roles])].sort();
  }

  /** True when the user may log in from `address` (always when no domains are set). */
  allowsAddress(address: string): boolean {
    if (this.domains.length === 0) return true;
    const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
    return this.domains.some((pattern) => matchesAddress(ip, pattern));
  }

  /** The plain fields (for copies and listings; includes the hash: never render it). */
  data(): UserData {
    const { name, passwordHash, roles, domains, ticketVersion } = this;
    return { name, passwordHash, roles, domains, ticketVersion };
  }

  /** Keeps the hash out of `JSON.stringify`, logs and error pages. */
  toJSON(): Omit<UserData, 'passwordHash'> {
    const { name, roles, domains, ticketVersion } = this;
    return { name, roles, domains, ticketVersion };
  }
}

classRegistry.register('User', User);

function matchesAddress(ip: string, pattern: string): boolean {
  if (!pattern.includes('*')) return ip === pattern;
  const want = pattern.split('.');
  const have = ip.split('.');
  return want.length === have.length && want.every((part, i) => part === '*' || part === have[i]);
}
