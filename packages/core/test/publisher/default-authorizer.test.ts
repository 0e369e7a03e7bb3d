import { defaultAuthorizer, VIEW_PERMISSION } from '@zoa/core/publisher';
import type { PublisherContext } from '@zoa/core/publisher';

describe('defaultAuthorizer', () => {
  const ctx = {} as PublisherContext;

  it('grants View to everyone', () => {
    expect(defaultAuthorizer.authorize(ctx, {}, VIEW_PERMISSION)).toBe('ok');
  });

  it.each(['View management screens', 'Manage', 'view', ''])(
    'answers unauthenticated for %j',
    (permission) => {
      expect(defaultAuthorizer.authorize(ctx, {}, permission)).toBe('unauthenticated');
    },
  );
});
