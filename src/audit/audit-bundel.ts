import type { Knex } from '@mikro-orm/postgresql';

import { voerUitVoorbereid } from '../lib/lezen';
import { insertStatement, type AuditRegel } from './audit-inhoud';

/** Records per INSERT at most: whole requests are taken until a bundle reaches this many. */
const MAX_REGELS_PER_BUNDEL = 2_000;

interface Wachtend {
  regels: readonly AuditRegel[];
  klaar(): void;
  fout(e: unknown): void;
}

/**
 * Group commit for the read records of concurrent requests (issue 14: each read's records were their own autocommit
 * INSERT, and its commit, a WAL flush, was most of what the audit cost a read). Up to `maxInVlucht` INSERTs are in
 * flight per database pool (`AUDIT_BUNDELS_IN_VLUCHT`); the requests that arrive while all are busy wait and go
 * together in the next free one, so under load one commit carries many requests and alone a request waits for
 * nothing. With one in flight a request that just missed a bundle waits for that bundle's whole commit and then for
 * its own (about two INSERTs of latency under load, bench/README.md, leespad); more in flight shorten that wait. A request's promise resolves only when the INSERT that holds
 * its records has committed: no answer leaves before its records are durable (audit.plugin.ts). If a bundle of several
 * requests fails, each is written on its own, so one request's failure is not another's.
 */
export class AuditBundelaar {
  private readonly wachtrij: Wachtend[] = [];
  private inVlucht = 0;

  constructor(
    private readonly knex: Knex,
    private readonly maxInVlucht = 1,
  ) {}

  schrijf(regels: readonly AuditRegel[]): Promise<void> {
    return new Promise((klaar, fout) => {
      this.wachtrij.push({ regels, klaar, fout });
      if (this.inVlucht < this.maxInVlucht) void this.leeg();
    });
  }

  /** One writer: takes a bundle from the queue, writes it, and goes on while requests wait. */
  private async leeg(): Promise<void> {
    this.inVlucht += 1;
    try {
      while (this.wachtrij.length > 0) {
        let n = 0;
        let regels = 0;
        while (
          n < this.wachtrij.length &&
          (n === 0 || regels + this.wachtrij[n].regels.length <= MAX_REGELS_PER_BUNDEL)
        ) {
          regels += this.wachtrij[n].regels.length;
          n += 1;
        }
        const bundel = this.wachtrij.splice(0, n);
        try {
          await this.insert(bundel.flatMap((w) => w.regels));
          for (const w of bundel) w.klaar();
        } catch (e) {
          if (bundel.length === 1) {
            bundel[0].fout(e);
            continue;
          }
          for (const w of bundel) {
            try {
              await this.insert(w.regels);
              w.klaar();
            } catch (e2) {
              w.fout(e2);
            }
          }
        }
      }
    } finally {
      this.inVlucht -= 1;
    }
  }

  private async insert(regels: readonly AuditRegel[]): Promise<void> {
    const { sql, params } = insertStatement(regels);
    // Straight to the pool, bound as a parameter (MikroORM's execute() would inline the values into the SQL text
    // first), as a named prepared statement: the text is always the same, so it is parsed and planned once per connection.
    await voerUitVoorbereid(this.knex, sql, params);
  }
}

const perPool = new WeakMap<Knex, AuditBundelaar>();

/** The bundler of the pool `knex` (one per database pool, so per process and database). */
export function bundelaarVoor(knex: Knex, maxInVlucht = 1): AuditBundelaar {
  let b = perPool.get(knex);
  if (!b) {
    b = new AuditBundelaar(knex, maxInVlucht);
    perPool.set(knex, b);
  }
  return b;
}
