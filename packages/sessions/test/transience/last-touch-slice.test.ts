import { TransientObject } from '@zoa/sessions';
import { lastTouchSlice } from '../../src/transience/last-touch-slice';

describe('lastTouchSlice', () => {
  it('is the slice the entry records for a plain value', () => {
    expect(lastTouchSlice([100, 'value'])).toBe(100);
  });

  it('is the later slice a session records itself', () => {
    const session = new TransientObject('bid');
    session.setTimeslice(140);
    expect(lastTouchSlice([100, session])).toBe(140);
    // an entry written after the session's touch (a clock set back, then forward) wins
    expect(lastTouchSlice([160, session])).toBe(160);
  });

  it("is the entry's slice for a session stored before sessions recorded theirs", () => {
    expect(lastTouchSlice([100, new TransientObject('bid')])).toBe(100);
  });
});
