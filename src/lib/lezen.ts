/**
 * Helpers for read statements that build views from rows instead of managed entities. The database driver hands
 * timestamps over as text (MikroORM turns off pg's date parsing), so a read selects them as epoch milliseconds and
 * makes the Date itself: the same instant, to the millisecond, as an entity would hold.
 */
export function epochMs(kolom: string): string {
  return `(extract(epoch from ${kolom}) * 1000)::float8`;
}

/** A nullable timestamp column read with `epochMs`, as a Date. */
export function alsDatum(ms: number | null): Date | null {
  return ms == null ? null : new Date(ms);
}
