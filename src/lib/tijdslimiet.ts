/** Rejection of a bounded wait on another system (the queue) that took longer than its bound. */
export class TijdslimietVerstreken extends Error {
  override readonly name = 'TijdslimietVerstreken';
}

/**
 * Settles like `p`, or rejects with TijdslimietVerstreken after `ms`, whichever comes first. `p` itself is not
 * cancelled (a late success is harmless where this is used: idempotent writes) and its late failure is swallowed.
 */
export function binnen<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new TijdslimietVerstreken(`geen antwoord binnen ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
