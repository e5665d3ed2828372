import { HeaderMap } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

import type { Logger } from './logger';

/**
 * Request rate limits (rate-limiter-flexible): a fixed window of one minute per key, counted in a store that every API
 * instance shares, so N instances together allow the limit, not N times it.
 * - Redis where REDIS_URL is set; otherwise PostgreSQL (table `verzoeklimiet`, migration 25), which every
 *   installation has; memory only where neither is given (a single process).
 * - While the store does not answer, each instance counts in memory (`insuranceLimiter`): the limit then holds per
 *   instance instead of not at all, and a store outage never refuses requests.
 * - A key over its limit is blocked in this process's memory for the rest of its window, so a flood costs the store
 *   one query per instance, not one per request.
 */

/** The code of a refusal (extensions.code), with HTTP 429 and Retry-After. */
export const TE_VEEL_VERZOEKEN = 'TE_VEEL_VERZOEKEN';

/** Where the counters live. */
export type LimietOpslag =
  { soort: 'redis'; client: IORedis } | { soort: 'postgresql'; pool: Pool } | { soort: 'geheugen' };

/** The table of migration 25 (key, points, expire), as RateLimiterPostgres expects it. */
const TABEL = 'verzoeklimiet';

/** Opens the store: Redis when given, else PostgreSQL when given, else memory. */
export function openLimietOpslag(opties: { redisUrl?: string; databaseUrl?: string }, log: Logger): LimietOpslag {
  if (opties.redisUrl) {
    // No offline queue: while Redis is away a command fails at once and the in-memory insurance counts instead.
    const client = new IORedis(opties.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
    });
    client.on('error', (e: Error) => log.debug({ fout: e.name }, 'verzoeklimiet: Redis onbereikbaar'));
    return { soort: 'redis', client };
  }
  if (opties.databaseUrl) {
    // A small pool of its own: a busy application pool must not hold up (or be held up by) the counting.
    const pool = new Pool({ connectionString: opties.databaseUrl, max: 4, connectionTimeoutMillis: 1000 });
    pool.on('error', (e: Error) => log.warn({ fout: e.name }, 'verzoeklimiet: PostgreSQL-verbinding verbroken'));
    return { soort: 'postgresql', pool };
  }
  return { soort: 'geheugen' };
}

export async function sluitLimietOpslag(opslag: LimietOpslag): Promise<void> {
  if (opslag.soort === 'redis') opslag.client.disconnect();
  if (opslag.soort === 'postgresql') await opslag.pool.end();
}

/** One limit: `perMinuut` requests per key (0: no limit, undefined is returned). */
export function maakLimiet(opslag: LimietOpslag, naam: string, perMinuut: number): RateLimiterAbstract | undefined {
  if (perMinuut <= 0) return undefined;
  const basis = { keyPrefix: `verzoeklimiet:${naam}`, points: perMinuut, duration: 60 };
  const geheugen = new RateLimiterMemory(basis);
  const gedeeld = { ...basis, inMemoryBlockOnConsumed: perMinuut + 1, insuranceLimiter: geheugen };
  switch (opslag.soort) {
    case 'redis':
      return new RateLimiterRedis({ ...gedeeld, storeClient: opslag.client, rejectIfRedisNotReady: true });
    case 'postgresql':
      return new RateLimiterPostgres({
        ...gedeeld,
        storeClient: opslag.pool,
        storeType: 'pool',
        tableName: TABEL,
        tableCreated: true,
      });
    case 'geheugen':
      return geheugen;
  }
}

/**
 * Express middleware counting one request against `limiet` under the key `sleutel(req)` (none: not counted). Over the
 * limit: 429 with Retry-After (seconds) and a GraphQL-shaped error; `reden` says which limit.
 */
export function limietMiddleware(
  limiet: RateLimiterAbstract | undefined,
  reden: string,
  sleutel: (req: Request) => string | undefined,
  log: Logger,
): RequestHandler {
  if (!limiet) return (_req, _res, next) => next();
  return (req: Request, res: Response, next: NextFunction) => {
    const k = sleutel(req);
    if (k === undefined) {
      next();
      return;
    }
    limiet.consume(k).then(
      () => next(),
      (r: unknown) => {
        if (!(r instanceof RateLimiterRes)) {
          // Store and insurance both failed: count nothing rather than refuse everyone.
          log.warn({ reden, fout: (r as Error)?.name }, 'verzoeklimiet: niet geteld');
          next();
          return;
        }
        const seconden = Math.max(1, Math.ceil(r.msBeforeNext / 1000));
        log.info({ reden }, 'verzoeklimiet bereikt');
        // The body is not read: close the connection instead of draining it.
        if (!req.readableEnded) res.setHeader('Connection', 'close');
        res
          .status(429)
          .setHeader('Retry-After', String(seconden))
          .json({
            errors: [
              {
                message: `Te veel verzoeken: de grens is ${limiet.points} per minuut. Probeer het over ${seconden} s opnieuw.`,
                extensions: { code: TE_VEEL_VERZOEKEN, reden, limiet: limiet.points, retryAfter: seconden },
              },
            ],
          });
      },
    );
  };
}

/**
 * Charges `punten` (a query's cost) to `sleutel` within a GraphQL request; over the budget a GraphQLError that Apollo
 * answers with 429 and Retry-After. A store failure (store and insurance) charges nothing.
 */
export async function verbruik(
  limiet: RateLimiterAbstract,
  reden: string,
  sleutel: string,
  punten: number,
  log: Logger,
): Promise<void> {
  try {
    await limiet.consume(sleutel, Math.max(1, Math.min(punten, limiet.points)));
  } catch (r: unknown) {
    if (!(r instanceof RateLimiterRes)) {
      log.warn({ reden, fout: (r as Error)?.name }, 'verzoeklimiet: niet geteld');
      return;
    }
    const seconden = Math.max(1, Math.ceil(r.msBeforeNext / 1000));
    log.info({ reden }, 'verzoeklimiet bereikt');
    throw new GraphQLError(
      `Te veel verzoeken: de grens is ${limiet.points} kostenpunten per minuut. Probeer het over ${seconden} s opnieuw.`,
      {
        extensions: {
          code: TE_VEEL_VERZOEKEN,
          reden,
          limiet: limiet.points,
          retryAfter: seconden,
          http: { status: 429, headers: new HeaderMap([['retry-after', String(seconden)]]) },
        },
      },
    );
  }
}
