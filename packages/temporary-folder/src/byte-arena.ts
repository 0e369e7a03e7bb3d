/** Bytes before each entry: its owner and its length in bytes (two uint32, little endian). */
const HEADER = 8;
const TWO_32 = 2 ** 32;

/** What a {@link ByteArena} asks its user when it compacts a segment. */
export interface ByteArenaOwners {
  /** The location the owner's entry has now (-1 when it has none): stale entries are skipped. */
  locationOf(owner: number): number;
  /** Tells the owner its entry moved to `location`. */
  moved(owner: number, location: number): void;
}

/**
 * Text kept as UTF-8 bytes outside the JavaScript heap, in segments of `segmentSize` bytes
 * (`Buffer`s, whose memory the garbage collector neither scans nor moves). Entries are written
 * once and read back as strings; each names its *owner* (an integer the user chooses) so that a
 * segment can be compacted. New entries go into the current segment; a segment whose live bytes
 * drop below half of its used bytes has its live entries copied into the current one and is
 * reused, so the memory held stays under about twice the live bytes (each byte freed costs at
 * most one byte copied). Entries larger than a segment get one of their own, freed with them.
 *
 * A *location* is a number: the segment's index times 2^32 plus the entry's offset.
 *
 * @example
 * ```ts
 * const arena = new ByteArena(owners);
 * const at = arena.write(1, '{"n":1}');
 * arena.read(at); // '{"n":1}'
 * arena.release(at);
 * ```
 */
export class ByteArena {
  private readonly segments: (Buffer | undefined)[] = [];
  private readonly used: number[] = [];
  private readonly live: number[] = [];
  /** Emptied standard segments kept for reuse (up to 8). */
  private readonly spare: number[] = [];
  /** Indexes whose segment was freed, for the next segment added. */
  private readonly freed: number[] = [];
  private current = -1;
  private liveBytes = 0;

  constructor(
    private readonly owners: ByteArenaOwners,
    private readonly segmentSize = 1 << 20,
  ) {}

  /** Bytes of the live entries, headers included. */
  get bytes(): number {
    return this.liveBytes;
  }

  /** Bytes held in segments, live or not. */
  get reserved(): number {
    let total = 0;
    for (const segment of this.segments) total += segment?.length ?? 0;
    return total;
  }

  /** Writes `text` for `owner`; returns its location. */
  write(owner: number, text: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: when that fits, write without measuring first
    const most = HEADER + 3 * text.length;
    let index = this.current;
    if (index < 0 || (this.used[index] as number) + most > this.segmentSize) {
      const exact = HEADER + Buffer.byteLength(text, 'utf8');
      index =
        exact > this.segmentSize
          ? this.addSegment(Buffer.allocUnsafeSlow(exact))
          : this.currentWithRoom(exact);
    }
    const segment = this.segments[index] as Buffer;
    const offset = this.used[index] as number;
    const length = segment.write(text, offset + HEADER, 'utf8');
    segment.writeUInt32LE(owner, offset);
    segment.writeUInt32LE(length, offset + 4);
    return this.claim(index, offset, HEADER + length);
  }

  /** The text at `location`. */
  read(location: number): string {
    const segment = this.segments[segmentOf(location)] as Buffer;
    const start = location % TWO_32;
    return segment.toString('utf8', start, start + segment.readUInt32LE(start - 4));
  }

  /** The length in bytes of the text at `location`. */
  lengthAt(location: number): number {
    const segment = this.segments[segmentOf(location)] as Buffer;
    return segment.readUInt32LE((location % TWO_32) - 4);
  }

  /**
   * Frees the entry at `location`; its owner must no longer report that location. Returns the
   * length in bytes of the text it held.
   */
  release(location: number): number {
    const index = segmentOf(location);
    const length = this.lengthAt(location);
    const size = HEADER + length;
    const live = (this.live[index] as number) - size;
    this.live[index] = live;
    this.liveBytes -= size;
    if (index !== this.current) {
      if (live === 0) this.recycle(index);
      else if (live * 2 < (this.used[index] as number)) this.compact(index);
    }
    return length;
  }

  /** Frees every segment. */
  clear(): void {
    this.segments.length = 0;
    this.used.length = 0;
    this.live.length = 0;
    this.spare.length = 0;
    this.freed.length = 0;
    this.current = -1;
    this.liveBytes = 0;
  }

  /** Makes a spare or new segment the current one; returns its index. */
  private roll(): number {
    const previous = this.current;
    const reused = this.spare.pop();
    this.current = reused ?? this.addSegment(Buffer.allocUnsafeSlow(this.segmentSize));
    if (previous >= 0 && this.live[previous] === 0) this.recycle(previous);
    return this.current;
  }

  private addSegment(segment: Buffer): number {
    const index = this.freed.pop() ?? this.segments.length;
    this.segments[index] = segment;
    this.used[index] = 0;
    this.live[index] = 0;
    return index;
  }

  /** Empties a segment: a standard one becomes spare, an oversized one is freed. */
  private recycle(index: number): void {
    this.used[index] = 0;
    const segment = this.segments[index];
    if (segment !== undefined && segment.length === this.segmentSize && this.spare.length < 8) {
      this.spare.push(index);
    } else {
      this.segments[index] = undefined;
      this.freed.push(index);
    }
  }

  /** Copies the live entries of segment `index` into the current one and recycles it. */
  private compact(index: number): void {
    const segment = this.segments[index] as Buffer;
    const end = this.used[index] as number;
    for (let offset = 0; offset < end;) {
      const owner = segment.readUInt32LE(offset);
      const length = segment.readUInt32LE(offset + 4);
      const location = index * TWO_32 + offset + HEADER;
      if (this.owners.locationOf(owner) === location) {
        const moved = this.copy(owner, segment, offset, HEADER + length);
        this.owners.moved(owner, moved);
      }
      offset += HEADER + length;
    }
    this.liveBytes -= this.live[index] as number;
    this.live[index] = 0;
    this.recycle(index);
  }

  /** Copies one entry (header included) into the current segment; returns its new location. */
  private copy(owner: number, from: Buffer, offset: number, size: number): number {
    const index = this.currentWithRoom(size);
    const at = this.used[index] as number;
    const target = this.segments[index] as Buffer;
    from.copy(target, at, offset, offset + size);
    target.writeUInt32LE(owner, at);
    return this.claim(index, at, size);
  }

  /** The current segment if `size` more bytes fit in it, else a new current one. */
  private currentWithRoom(size: number): number {
    const index = this.current;
    const fits = index >= 0 && (this.used[index] as number) + size <= this.segmentSize;
    return fits ? index : this.roll();
  }

  /** Counts an entry of `size` bytes written at `offset` of segment `index`; its location. */
  private claim(index: number, offset: number, size: number): number {
    this.used[index] = offset + size;
    this.live[index] = (this.live[index] as number) + size;
    this.liveBytes += size;
    return index * TWO_32 + offset + HEADER;
  }
}

function segmentOf(location: number): number {
  return Math.floor(location / TWO_32);
}
