import { seededRandom } from '@zoa/core/testing';
import { ByteArena } from '../src/byte-arena';

/** An arena with a map of owner → location, as its users keep one. */
function arenaWithOwners(segmentSize: number): {
  arena: ByteArena;
  at: Map<number, number>;
} {
  const at = new Map<number, number>();
  const arena = new ByteArena(
    {
      locationOf: (owner) => at.get(owner) ?? -1,
      moved: (owner, location) => at.set(owner, location),
    },
    segmentSize,
  );
  return { arena, at };
}

describe('ByteArena', () => {
  it('reads back what was written when texts are ASCII, non-ASCII, empty or larger than a segment', () => {
    const { arena } = arenaWithOwners(64);
    const texts = ['{"n":1}', 'Zürich 🦑 こんにちは', '', 'x'.repeat(500)];
    const locations = texts.map((text, owner) => arena.write(owner, text));
    texts.forEach((text, i) => {
      expect(arena.read(locations[i] as number)).toBe(text);
      expect(arena.lengthAt(locations[i] as number)).toBe(Buffer.byteLength(text));
    });
  });

  it('answers the byte length of the text an entry held when it is released', () => {
    const { arena } = arenaWithOwners(64);
    const texts = ['{"n":1}', 'Zürich 🦑', '', 'x'.repeat(500)];
    const locations = texts.map((text, owner) => arena.write(owner, text));
    expect(locations.map((location) => arena.release(location))).toEqual(
      texts.map((text) => Buffer.byteLength(text)),
    );
    expect(arena.bytes).toBe(0);
  });

  it('keeps reserved memory within a small factor of the live bytes when entries are rewritten at random', () => {
    const random = seededRandom(5);
    const { arena, at } = arenaWithOwners(4096);
    const texts = new Map<number, string>();
    for (let step = 0; step < 50_000; step += 1) {
      const owner = Math.floor(random() * 500);
      const old = at.get(owner);
      if (old !== undefined) {
        at.delete(owner);
        arena.release(old);
      }
      if (random() < 0.8) {
        const text = `${step}:${'é'.repeat(Math.floor(random() * 120))}`;
        at.set(owner, arena.write(owner, text));
        texts.set(owner, text);
      } else {
        texts.delete(owner);
      }
    }
    for (const [owner, text] of texts) expect(arena.read(at.get(owner) as number)).toBe(text);
    let live = 0;
    for (const text of texts.values()) live += 8 + Buffer.byteLength(text);
    expect(arena.bytes).toBe(live);
    // each segment is at least half live, except the current one and up to eight spares
    expect(arena.reserved).toBeLessThanOrEqual(2 * live + 10 * 4096);
  });

  it('frees a segment of its own when its one large entry is released', () => {
    const { arena } = arenaWithOwners(64);
    const large = arena.write(1, 'y'.repeat(1000));
    expect(arena.reserved).toBeGreaterThanOrEqual(1008);
    arena.release(large);
    expect(arena.reserved).toBe(0);
    expect(arena.bytes).toBe(0);
  });
});
