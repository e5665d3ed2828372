import pg from 'pg';

/**
 * Runs `werk` and returns, besides its result, the text of every query this process sent to PostgreSQL meanwhile
 * (through `pg`, which MikroORM, knex and the reads use): for tests of how many round trips a request takes.
 */
export async function metGestuurd<T>(werk: () => Promise<T>): Promise<{ gestuurd: string[]; uitkomst: T }> {
  const gestuurd: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, and called with `this` below
  const origineel = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q0 = args[0] as string | { text: string };
    gestuurd.push(typeof q0 === 'string' ? q0 : q0.text);
    return (origineel as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof origineel;
  try {
    return { gestuurd, uitkomst: await werk() };
  } finally {
    pg.Client.prototype.query = origineel;
  }
}
