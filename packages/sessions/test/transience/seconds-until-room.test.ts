import { TimesliceIndex } from '../../src/transience/timeslice-index';
import { secondsUntilRoom } from '../../src/transience/seconds-until-room';

const NOW_MS = 1_000_000; // slice 1000 with a period of 20 s

describe('secondsUntilRoom', () => {
  it('counts to the end of the oldest timeline slice plus the timeout and one period', async () => {
    const index = new TimesliceIndex(true);
    await index.add('a', 980, 1);
    await index.add('b', 1000, 1);
    const settings = { timeoutSeconds: 60, periodSeconds: 20, absoluteTimeoutMinutes: 0 };
    expect(await secondsUntilRoom(index, settings, 1000, NOW_MS)).toBe(980 + 60 + 20 - 1000);
  });

  it('takes the sooner absolute timeout of the oldest birth, at least 1 s', async () => {
    const index = new TimesliceIndex(true, true);
    await index.add('a', 1000, 1, NOW_MS - 60_000 + 500); // ends in 0.5 s
    const settings = { timeoutSeconds: 60, periodSeconds: 20, absoluteTimeoutMinutes: 1 };
    expect(await secondsUntilRoom(index, settings, 1000, NOW_MS)).toBe(1);
  });

  it('answers 60 s when nothing in the container ever expires', async () => {
    const index = new TimesliceIndex(false);
    await index.add('a', 0, 1);
    const settings = { timeoutSeconds: 0, periodSeconds: 20, absoluteTimeoutMinutes: 0 };
    expect(await secondsUntilRoom(index, settings, 0, NOW_MS)).toBe(60);
  });
});
