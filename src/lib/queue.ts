import {
  Queue,
  Worker,
  withBackend,
  createPostgresBackend,
  type Processor,
  type QueueOptions,
  type WorkerOptions,
} from 'bullmq';
import IORedis, { type RedisOptions } from 'ioredis';

/**
 * BullMQ on Redis where REDIS_URL is set (production, CI), otherwise on its PostgreSQL backend in a
 * database of its own (MikroORM must never see those tables). Jobs carry ids only.
 */
export interface WachtrijVerbinding {
  soort: 'redis' | 'postgres';
  maakQueue(naam: string, opts?: Partial<QueueOptions>): Queue;
  maakWorker(naam: string, verwerker: Processor, opts?: Partial<WorkerOptions>): Worker;
  /**
   * A queue for a producer that must never wait on the queue (the API after a commit, /readyz). On Redis it has a
   * connection of its own without an offline queue and with a command timeout: while Redis is away a command fails at
   * once instead of waiting for the reconnect. BullMQ still waits for the first connection, so callers also bound
   * their wait (lib/tijdslimiet.ts).
   */
  maakProducent(naam: string, opts?: { commandoTimeoutMs?: number }): Queue;
  /**
   * Calls `f` whenever a connection to Redis becomes ready: at the start and after every reconnect (a restarted or
   * failed-over Redis may have lost everything). Never on the PostgreSQL backend, whose data is durable.
   * Returns a function that removes `f` again.
   */
  bijVerbonden(f: () => void): () => void;
  /** Prefix that separates this installation's queues (and tests' queues) from others on the same server. */
  prefix: string;
  sluit(): Promise<void>;
}

export function verbindWachtrij(opts: {
  redisUrl?: string;
  queueDatabaseUrl: string;
  prefix?: string;
}): WachtrijVerbinding {
  const prefix = opts.prefix ?? 'ketenpoort';
  if (opts.redisUrl) {
    const verbindingen: IORedis[] = [];
    const luisteraars: (() => void)[] = [];
    const nieuw = (extra: RedisOptions = {}): IORedis => {
      const c = new IORedis(opts.redisUrl as string, {
        maxRetriesPerRequest: null,
        enableOfflineQueue: true,
        ...extra,
      });
      c.on('ready', () => {
        for (const f of luisteraars) f();
      });
      // Connection errors repeat on every reconnect attempt while Redis is away; commands fail with their own errors and
      // the worker's SchemaBewaker logs the outage once. Without a listener ioredis prints each attempt to stderr.
      c.on('error', () => undefined);
      verbindingen.push(c);
      return c;
    };
    return {
      soort: 'redis',
      prefix,
      maakQueue: (naam, o) => new Queue(naam, { connection: nieuw(), prefix, ...o }),
      maakWorker: (naam, verwerker, o) => new Worker(naam, verwerker, { connection: nieuw(), prefix, ...o }),
      maakProducent: (naam, o) => {
        const c = nieuw({
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          commandTimeout: o?.commandoTimeoutMs ?? 500,
        });
        const q = new Queue(naam, { connection: c, prefix });
        // Connection errors are expected while Redis is away; the caller logs what failed. Without a listener BullMQ
        // would print every reconnect attempt to stderr.
        q.on('error', () => undefined);
        return q;
      },
      bijVerbonden: (f) => {
        luisteraars.push(f);
        return () => {
          const i = luisteraars.indexOf(f);
          if (i >= 0) luisteraars.splice(i, 1);
        };
      },
      sluit: async () => {
        // quit() waits for the reply, which never comes from a Redis that is away: then just disconnect.
        await Promise.allSettled(
          verbindingen.map((c) => (c.status === 'ready' ? c.quit() : Promise.resolve(c.disconnect()))),
        );
      },
    };
  }
  const pg = withBackend(createPostgresBackend);
  const connection = { connectionString: opts.queueDatabaseUrl, schema: 'bullmq', migrate: true, max: 5 };
  const maakQueue = (naam: string, o?: Partial<QueueOptions>): Queue =>
    new pg.Queue(naam, { connection, prefix, ...o } as never) as unknown as Queue;
  return {
    soort: 'postgres',
    prefix,
    maakQueue,
    maakWorker: (naam, verwerker, o) =>
      new pg.Worker(naam, verwerker, { connection, prefix, ...o } as never) as unknown as Worker,
    maakProducent: (naam) => {
      const q = maakQueue(naam);
      q.on('error', () => undefined);
      return q;
    },
    bijVerbonden: () => () => undefined,
    sluit: async () => undefined,
  };
}
