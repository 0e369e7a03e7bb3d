import type { TimesliceIndex } from './timeslice-index';

/** Retry-After (seconds) when a container that never expires is full. */
const FULL_RETRY_SECONDS = 60;

/** What {@link secondsUntilRoom} needs to know of a container. */
export interface ExpirySettings {
  /** The timeout in seconds (0: items never expire by inactivity). */
  timeoutSeconds: number;
  periodSeconds: number;
  /** 0: off. */
  absoluteTimeoutMinutes: number;
}

/**
 * The Retry-After of a full container: seconds until its oldest item can expire — by
 * inactivity, from the oldest timeline slice (`currentSlice` when the timeline is empty), or by
 * the absolute timeout, from the oldest birth — at least 1; 60 when nothing ever expires.
 */
export async function secondsUntilRoom(
  index: TimesliceIndex,
  settings: ExpirySettings,
  currentSlice: number,
  nowMs: number,
): Promise<number> {
  const { timeoutSeconds, periodSeconds, absoluteTimeoutMinutes } = settings;
  let expiresAt = Infinity;
  if (timeoutSeconds !== 0) {
    const oldest = (await index.oldestSlice()) ?? currentSlice;
    expiresAt = oldest + timeoutSeconds + periodSeconds;
  }
  const oldestBirth = await index.oldestBirth();
  if (absoluteTimeoutMinutes !== 0 && oldestBirth !== undefined) {
    expiresAt = Math.min(expiresAt, (oldestBirth + absoluteTimeoutMinutes * 60_000) / 1000);
  }
  return expiresAt === Infinity
    ? FULL_RETRY_SECONDS
    : Math.max(1, Math.ceil(expiresAt - nowMs / 1000));
}
