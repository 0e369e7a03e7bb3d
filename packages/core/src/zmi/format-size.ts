/**
 * A size for listings: `0 B`, `512 B`, `1.5 KB`, `12 MB` (1 KB = 1024 bytes).
 *
 * @example
 * ```ts
 * formatSize(1536); // '1.5 KB'
 * ```
 */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}
