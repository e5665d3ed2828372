import { Queue, Worker, withBackend, createPostgresBackend, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';

/**
 * BullMQ on Redis where REDIS_URL is set (production, CI), otherwise on its PostgreSQL backend in a
 * database of its own (MikroORM must never see those tables). Jobs carry ids only.
 */
export interface WachtrijVerbinding {
  soort: 'redis' | 'postgres';
  maakQueue(naam: string, opts?: Partial<QueueOptions>): Queue;
  maakWorker(naam: string, verwerker: Processor, opts?: Partial<WorkerOptions>): Worker;
  /** Prefix that separates this installation's queues (and tests' queues) from others on the same server. */
  prefix: string;
  sluit(): Promise<void>;
}

export function verbindWachtrij(opts: { redisUrl?: string; queueDatabaseUrl: string; prefix?: string }): WachtrijVerbinding {
  const prefix = opts.prefix ?? 'ketenpoort';
  if (opts.redisUrl) {
    const verbindingen: IORedis[] = [];
    const nieuw = (): IORedis => {
      const c = new IORedis(opts.redisUrl as string, { maxRetriesPerRequest: null, enableOfflineQueue: true });
      verbindingen.push(c);
      return c;
    };
    return {
      soort: 'redis',
      prefix,
      maakQueue: (naam, o) => new Queue(naam, { connection: nieuw(), prefix, ...o }),
      maakWorker: (naam, verwerker, o) => new Worker(naam, verwerker, { connection: nieuw(), prefix, ...o }),
      sluit: async () => {
        await Promise.allSettled(verbindingen.map((c) => c.quit()));
      },
    };
  }
  const pg = withBackend(createPostgresBackend);
  const connection = { connectionString: opts.queueDatabaseUrl, schema: 'bullmq', migrate: true, max: 5 };
  return {
    soort: 'postgres',
    prefix,
    maakQueue: (naam, o) => new pg.Queue(naam, { connection, prefix, ...o } as never) as unknown as Queue,
    maakWorker: (naam, verwerker, o) => new pg.Worker(naam, verwerker, { connection, prefix, ...o } as never) as unknown as Worker,
    sluit: async () => undefined,
  };
}
