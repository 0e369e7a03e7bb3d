import { isReservedTraversalName } from '@zoa/core/publisher';
import { T04_NAMES } from './fixtures/t04-vectors';

describe('isReservedTraversalName', () => {
  it.each(T04_NAMES)('T-04 reserves %s', (name) => {
    expect(isReservedTraversalName(name)).toBe(true);
  });

  it.each(['index_html', 'a', 'docs', 'Constructor', 'proto', 'then_what', 'x_', 'café', '%2e%2e'])(
    'does not reserve %s',
    (name) => {
      expect(isReservedTraversalName(name)).toBe(false);
    },
  );
});
