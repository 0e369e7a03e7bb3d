import {
  checkAbsoluteTimeout,
  checkLimit,
  checkTimeout,
  hasOutlived,
  isLive,
  timesliceOf,
} from '@zoa/sessions';

describe('checkAbsoluteTimeout', () => {
  it('S-15: accepts whole minutes >= 0 and names the setting when refusing others', () => {
    expect(checkAbsoluteTimeout(0)).toBe(0);
    expect(checkAbsoluteTimeout(480)).toBe(480);
    expect(() => checkAbsoluteTimeout(-1)).toThrow(
      new RangeError('absoluteTimeoutMinutes cannot be negative (-1)'),
    );
    expect(() => checkAbsoluteTimeout('5')).toThrow(
      new TypeError('absoluteTimeoutMinutes must be an integer, not "5"'),
    );
    expect(() => checkAbsoluteTimeout(2 ** 60)).toThrow(TypeError);
  });
});

describe('hasOutlived', () => {
  it('S-15: is true from created + absolute timeout on, never when off or unknown', () => {
    expect(hasOutlived(0, 59_999, 1)).toBe(false);
    expect(hasOutlived(0, 60_000, 1)).toBe(true);
    expect(hasOutlived(0, 10 ** 12, 0)).toBe(false);
    expect(hasOutlived(undefined, 10 ** 12, 1)).toBe(false);
  });
});

describe('checkTimeout', () => {
  it('returns the timeout in seconds when the settings are valid', () => {
    expect(checkTimeout(20, 20)).toBe(1200);
    expect(checkTimeout(1, 60)).toBe(60);
    expect(checkTimeout(0, 0)).toBe(0);
  });

  it('rejects a non-integer timeout with a TypeError before looking at the period', () => {
    expect(() => checkTimeout(1.5, 'x')).toThrow(
      new TypeError('timeoutMinutes must be an integer, not 1.5'),
    );
    expect(() => checkTimeout('20', 20)).toThrow(TypeError);
  });

  it('rejects a non-integer period with a TypeError', () => {
    expect(() => checkTimeout(20, 2.5)).toThrow(
      new TypeError('periodSeconds must be an integer, not 2.5'),
    );
    expect(() => checkTimeout(20, null)).toThrow(TypeError);
  });

  it('rejects negative values after the type checks (Zoa departs)', () => {
    expect(() => checkTimeout(-1, 0)).toThrow(
      new RangeError('timeout minutes cannot be negative (-1)'),
    );
    expect(() => checkTimeout(1, -20)).toThrow(
      new RangeError('resolution cannot be negative (-20)'),
    );
    expect(() => checkTimeout(-1, 1.5)).toThrow(TypeError);
  });

  it('says "resolution cannot be 0" when the timeout is not 0 and the period is', () => {
    expect(() => checkTimeout(1, 0)).toThrow(new RangeError('resolution cannot be 0'));
  });

  it('refuses a period longer than the timeout with Zope message', () => {
    expect(() => checkTimeout(1, 120)).toThrow(
      new RangeError('resolution cannot be greater than timeout minutes * 60 ( 120 > 60 )'),
    );
  });

  it('refuses a period that does not divide the timeout with Zope message', () => {
    expect(() => checkTimeout(1, 7)).toThrow(
      new RangeError('timeout seconds (60) must be evenly divisible by resolution (7)'),
    );
  });

  it('ignores the period when the timeout is 0, as Zope does', () => {
    expect(checkTimeout(0, 7)).toBe(0);
    expect(checkTimeout(0, 1000)).toBe(0);
  });
});

describe('checkLimit', () => {
  it('accepts 0 (unlimited) and positive integers', () => {
    expect(checkLimit(0)).toBe(0);
    expect(checkLimit(1000)).toBe(1000);
  });

  it('rejects a non-integer limit with a TypeError and a negative one with a RangeError', () => {
    expect(() => checkLimit(1.5)).toThrow(new TypeError('limit must be an integer, not 1.5'));
    expect(() => checkLimit('10')).toThrow(new TypeError('limit must be an integer, not "10"'));
    expect(() => checkLimit(-1)).toThrow(new RangeError('limit cannot be negative (-1)'));
  });
});

describe('timesliceOf', () => {
  it('is floor(t / P) * P in epoch seconds', () => {
    expect(timesliceOf(1_000_019_999, 60, 20)).toBe(1_000_000);
    expect(timesliceOf(1_000_020_000, 60, 20)).toBe(1_000_020);
  });

  it('is 0 for every time when the timeout is 0', () => {
    expect(timesliceOf(1_735_689_600_000, 0, 20)).toBe(0);
  });

  it('refuses times a clock should never return', () => {
    expect(() => timesliceOf(Number.NaN, 60, 20)).toThrow(RangeError);
    expect(() => timesliceOf(-1, 60, 20)).toThrow(RangeError);
  });
});

describe('isLive', () => {
  it('is true while the current slice c <= s + T, false after', () => {
    expect(isLive(1000, 1060, 60)).toBe(true);
    expect(isLive(1000, 1080, 60)).toBe(false);
  });

  it('is always true when the timeout is 0', () => {
    expect(isLive(0, 10 ** 9, 0)).toBe(true);
  });
});
