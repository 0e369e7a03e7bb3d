import { LoginThrottle, TooManyRequestsError } from '@zoa/core/security';
import { FakeClock } from './fixtures/fake-clock';

const MINUTE = 60_000;

function caught(work: () => void): TooManyRequestsError | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    if (error instanceof TooManyRequestsError) return error;
    throw error;
  }
}

describe('LoginThrottle', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });

  it('M-22: answers 429 with Retry-After once an account used its attempts', () => {
    const throttle = new LoginThrottle({ clock, maxPerAccount: 3, windowMs: 15 * MINUTE });
    for (let i = 0; i < 3; i += 1) throttle.beginAttempt('alice', `10.0.0.${i}`);
    clock.advance(5 * MINUTE);
    const error = caught(() => throttle.beginAttempt('alice', '10.0.0.9'));
    expect(error?.status).toBe(429);
    expect(error?.headers['Retry-After']).toBe(String(10 * 60));
    expect(error?.expose).toBe(true);
  });

  it('M-22: lets the account try again when its window is over', () => {
    const throttle = new LoginThrottle({ clock, maxPerAccount: 2, windowMs: MINUTE });
    throttle.beginAttempt('bob', '10.0.0.1');
    throttle.beginAttempt('bob', '10.0.0.1');
    expect(caught(() => throttle.check('bob', '10.0.0.2'))).toBeDefined();
    clock.advance(MINUTE);
    expect(caught(() => throttle.beginAttempt('bob', '10.0.0.2'))).toBeUndefined();
    expect(throttle.attemptsOf('bob')).toBe(1);
  });

  it('M-22: throttles one address trying many accounts', () => {
    const throttle = new LoginThrottle({ clock, maxPerAccount: 100, maxPerAddress: 4 });
    for (let i = 0; i < 4; i += 1) throttle.beginAttempt(`user${i}`, '203.0.113.7');
    expect(caught(() => throttle.beginAttempt('someone-else', '203.0.113.7'))?.status).toBe(429);
    expect(caught(() => throttle.beginAttempt('someone-else', '203.0.113.8'))).toBeUndefined();
  });

  it('counts account names case-insensitively and unknown names like known ones', () => {
    const throttle = new LoginThrottle({ clock, maxPerAccount: 2 });
    throttle.beginAttempt('Admin', '10.0.0.1');
    throttle.beginAttempt('admin', '10.0.0.2');
    expect(caught(() => throttle.check('ADMIN', '10.0.0.3'))).toBeDefined();
  });

  it('forgets the account and refunds the address after a success', () => {
    const throttle = new LoginThrottle({ clock, maxPerAccount: 2, maxPerAddress: 2 });
    throttle.beginAttempt('carol', '10.0.0.1');
    throttle.beginAttempt('carol', '10.0.0.1');
    throttle.recordSuccess('carol', '10.0.0.1');
    expect(throttle.attemptsOf('carol')).toBe(0);
    expect(caught(() => throttle.beginAttempt('carol', '10.0.0.1'))).toBeUndefined();
  });

  it('T-17: stays bounded, dropping expired then oldest entries', () => {
    const throttle = new LoginThrottle({ clock, maxEntries: 100, windowMs: MINUTE });
    for (let i = 0; i < 1000; i += 1) throttle.beginAttempt(`user${i}`, `addr${i}`);
    expect(throttle.size.accounts).toBeLessThanOrEqual(100);
    expect(throttle.size.addresses).toBeLessThanOrEqual(100);
    expect(throttle.attemptsOf('user999')).toBe(1);
  });

  it('keeps __proto__ as an ordinary account name', () => {
    const throttle = new LoginThrottle({ clock, maxPerAccount: 1 });
    throttle.beginAttempt('__proto__', '10.0.0.1');
    expect(caught(() => throttle.check('__proto__', '10.0.0.2'))).toBeDefined();
    expect(caught(() => throttle.check('constructor', '10.0.0.2'))).toBeUndefined();
  });

  it('refuses bad options', () => {
    expect(() => new LoginThrottle({ maxPerAccount: 0 })).toThrow(TypeError);
    expect(() => new LoginThrottle({ windowMs: 1.5 })).toThrow(TypeError);
  });
});
