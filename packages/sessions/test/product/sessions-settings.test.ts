import { ConfigError } from '@zoa/core/config';
import { parseSessionsSettings } from '../../src/product/sessions-settings';

describe('parseSessionsSettings', () => {
  it('maps Zope 2’s knobs to container defaults', () => {
    expect(
      parseSessionsSettings({
        timeoutMinutes: 30,
        resolutionSeconds: 60,
        maximumNumberOfSessionObjects: 1000,
        addNotificationPath: '/shop/started',
        delNotificationPath: '/shop/ended',
        housekeepingIntervalSeconds: 10,
      }),
    ).toEqual({
      containerDefaults: {
        timeoutMinutes: 30,
        periodSeconds: 60,
        limit: 1000,
        addNotificationPath: '/shop/started',
        delNotificationPath: '/shop/ended',
      },
      housekeepingIntervalSeconds: 10,
    });
    expect(parseSessionsSettings({})).toEqual({
      containerDefaults: {},
      housekeepingIntervalSeconds: 60,
    });
  });

  it('S-15: maps absoluteTimeoutMinutes to the container defaults', () => {
    expect(parseSessionsSettings({ absoluteTimeoutMinutes: 480 }).containerDefaults).toEqual({
      absoluteTimeoutMinutes: 480,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'an unknown key',
      { timeout: 5 },
      'Invalid configuration at "settings.sessions.timeout": unknown setting',
    ],
    [
      'a string number',
      { timeoutMinutes: '20' },
      '"settings.sessions.timeoutMinutes": must be an integer >= 0',
    ],
    ['a negative limit', { maximumNumberOfSessionObjects: -1 }, 'must be an integer >= 0'],
    [
      'a negative absolute timeout (S-15)',
      { absoluteTimeoutMinutes: -5 },
      '"settings.sessions.absoluteTimeoutMinutes": must be an integer >= 0',
    ],
    [
      'a fractional absolute timeout (S-15)',
      { absoluteTimeoutMinutes: 1.5 },
      '"settings.sessions.absoluteTimeoutMinutes": must be an integer >= 0',
    ],
    ['a path that is not a string', { delNotificationPath: 3 }, 'must be a path'],
    ['an uneven resolution', { resolutionSeconds: 7 }, 'must be evenly divisible by resolution'],
    [
      'a bad path',
      { addNotificationPath: '/a<b' },
      'contains characters invalid in a Zope object path',
    ],
  ])('refuses %s with a ConfigError naming the key', (_what, settings, message) => {
    expect(() => parseSessionsSettings(settings)).toThrow(ConfigError);
    expect(() => parseSessionsSettings(settings)).toThrow(message);
  });
});
