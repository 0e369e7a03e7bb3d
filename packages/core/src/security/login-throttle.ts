import type { Clock } from './clock';
import { systemClock } from './clock';
import { TooManyRequestsError } from './too-many-requests-error';

/** Options of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  /** Attempts per account name within the window (default 5). */
  maxPerAccount?: number;
  /** Attempts per client address within the window (default 20). */
  maxPerAddress?: number;
  /** The window, from an account's or address's first failed attempt, in ms (default 15 min). */
  windowMs?: number;
  /** Accounts and addresses tracked at most, each (default 10,000; oldest dropped first). */
  maxEntries?: number;
  /** Time source (default the system clock). */
  clock?: Clock;
}

interface Counter {
  count: number;
  resetAt: number;
}

/**
 * Throttles login attempts per account and per client address (M-22). Each attempt is counted
 * before the password is checked ({@link beginAttempt}), so parallel guesses count too; a
 * successful login takes its attempt back and clears the account's count
 * ({@link recordSuccess}). Once an account or address has used its attempts, further attempts
 * answer 429 with `Retry-After` until its window (started by its first attempt) ends. Unknown
 * account names are counted like known ones, so the answers do not tell who exists. Counters
 * live in two bounded Maps (T-17) in this process only; several processes each keep their own.
 *
 * @example
 * ```ts
 * const throttle = new LoginThrottle({ maxPerAccount: 5, clock });
 * throttle.beginAttempt('alice', ctx.ip); // throws TooManyRequestsError (429) when exhausted
 * if (user) throttle.recordSuccess('alice', ctx.ip);
 * ```
 */
export class LoginThrottle {
  readonly maxPerAccount: number;
  readonly maxPerAddress: number;
  readonly windowMs: number;
  readonly maxEntries: number;
  private readonly clock: Clock;
  private readonly accounts = new Map<string, Counter>();
  private readonly addresses = new Map<string, Counter>();

  /** @throws TypeError for options that are not positive integers */
  constructor(options: LoginThrottleOptions = {}) {
    this.maxPerAccount = positive(options.maxPerAccount ?? 5, 'maxPerAccount');
    this.maxPerAddress = positive(options.maxPerAddress ?? 20, 'maxPerAddress');
    this.windowMs = positive(options.windowMs ?? 15 * 60_000, 'windowMs');
    this.maxEntries = positive(options.maxEntries ?? 10_000, 'maxEntries');
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Throws when the account or the address has no attempt left; counts nothing.
   *
   * @throws TooManyRequestsError (429, `Retry-After`)
   */
  check(account: string, address: string): void {
    const now = this.clock.now();
    const waits = [
      this.wait(this.accounts, accountKey(account), this.maxPerAccount, now),
      this.wait(this.addresses, address, this.maxPerAddress, now),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) throw new TooManyRequestsError(wait / 1000);
  }

  /**
   * Checks (see {@link check}), then counts one attempt for the account and the address.
   *
   * @throws TooManyRequestsError (429, `Retry-After`) when either has no attempt left
   */
  beginAttempt(account: string, address: string): void {
    this.check(account, address);
    const now = this.clock.now();
    this.bump(this.accounts, accountKey(account), now);
    this.bump(this.addresses, address, now);
  }

  /** After a successful login: forgets the account's attempts and gives the address its one back. */
  recordSuccess(account: string, address: string): void {
    this.accounts.delete(accountKey(account));
    const counter = this.addresses.get(address);
    if (counter !== undefined && --counter.count <= 0) this.addresses.delete(address);
  }

  /** Attempts counted for an account within its current window (for tests and monitoring). */
  attemptsOf(account: string): number {
    return this.live(this.accounts, accountKey(account), this.clock.now())?.count ?? 0;
  }

  /** How many accounts and addresses are tracked. */
  get size(): { accounts: number; addresses: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size };
  }

  /** Forgets everything (an administrator unlocking accounts). */
  clear(): void {
    this.accounts.clear();
    this.addresses.clear();
  }

  private wait(map: Map<string, Counter>, key: string, max: number, now: number): number {
    const counter = this.live(map, key, now);
    return counter !== undefined && counter.count >= max ? counter.resetAt - now : 0;
  }

  private live(map: Map<string, Counter>, key: string, now: number): Counter | undefined {
    const counter = map.get(key);
    if (counter !== undefined && counter.resetAt <= now) {
      map.delete(key);
      return undefined;
    }
    return counter;
  }

  private bump(map: Map<string, Counter>, key: string, now: number): void {
    const counter = this.live(map, key, now);
    if (counter !== undefined) {
      counter.count += 1;
      return;
    }
    if (map.size >= this.maxEntries) this.evict(map, now);
    map.set(key, { count: 1, resetAt: now + this.windowMs });
  }

  /** Drops expired counters, then the oldest ones, until a tenth of the room is free. */
  private evict(map: Map<string, Counter>, now: number): void {
    for (const [key, counter] of map) if (counter.resetAt <= now) map.delete(key);
    const target = this.maxEntries - Math.max(1, Math.floor(this.maxEntries / 10));
    for (const key of map.keys()) {
      if (map.size <= target) break;
      map.delete(key);
    }
  }
}

/** Account names are counted case-insensitively, so `Admin` and `admin` share attempts. */
function accountKey(account: string): string {
  return String(account).normalize('NFC').toLowerCase().slice(0, 200);
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`LoginThrottle: ${name} must be a positive integer`);
  }
  return value;
}
