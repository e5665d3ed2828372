import type { MikroORM } from '@mikro-orm/postgresql';
import { Gauge, Registry } from 'prom-client';

import { ROLLUPS } from '../analyse/rollups';
import type { Clock } from '../lib/clock';

/**
 * The domain's own gauges, read from PostgreSQL at a scrape: open and overdue termijnen per kind and region, the
 * webhook backlog and DEAD deliveries per endpoint, seconds since the last audit seal, and the age of each analyst
 * rollup. What must hold: aggregate counts only, labelled by codes and ids that name no person (a termijn kind, a VT
 * region, an endpoint id and its organisation, a rollup name); and a bounded cost: four statements (on the partial
 * index of open termijnen, one pass over the webhook deliveries, the last seal by primary key, one tiny table) at most
 * once per `cacheMs`, however often and however many scrapers ask.
 */
export interface DomeinMeting {
  termijnen: { soort: string; regio: string; open: number; verlopen: number }[];
  webhooks: { endpoint: string; organisatie: string; achterstand: number; dead: number }[];
  /** Seconds since the newest seal; undefined while nothing has been sealed. */
  sindsZegelSeconden?: number;
  /** Seconds since each rollup's last refresh; undefined for one never refreshed. */
  rollups: { naam: string; leeftijdSeconden?: number }[];
}

/** Reads the domain's figures in four statements (see above). */
export async function meetDomein(orm: MikroORM, clock: Clock): Promise<DomeinMeting> {
  const c = orm.em.getConnection();
  const nu = clock.now();
  const [termijnen, webhooks, zegels, verversingen] = await Promise.all([
    c.execute<{ soort: string; regio: string; open: string; verlopen: string }[]>(
      `select soort, vt_organisatie as regio, count(*) as open, count(*) filter (where vervalt_op < ?) as verlopen
         from termijn where status = 'OPEN' group by soort, vt_organisatie`,
      [nu],
    ),
    c.execute<{ endpoint: string; organisatie: string; achterstand: string; dead: string }[]>(
      `select e.id as endpoint, e.organisatie,
              count(a.id) filter (where a.status in ('PENDING', 'FAILED')) as achterstand,
              count(a.id) filter (where a.status = 'DEAD') as dead
         from webhook_endpoint e left join webhook_aflevering a on a.endpoint_id = e.id and a.status <> 'DELIVERED'
        group by e.id, e.organisatie`,
    ),
    c.execute<{ gezegeld_op: Date }[]>(`select gezegeld_op from audit_zegel order by volgnummer desc limit 1`),
    c.execute<{ naam: string; ververst_op: Date }[]>(`select naam, ververst_op from analyse_verversing`),
  ]);
  const seconden = (d: Date): number => Math.max(0, (nu.getTime() - new Date(d).getTime()) / 1000);
  const ververst = new Map(verversingen.map((v) => [v.naam, v.ververst_op]));
  return {
    termijnen: termijnen.map((t) => ({ ...t, open: Number(t.open), verlopen: Number(t.verlopen) })),
    webhooks: webhooks.map((w) => ({ ...w, achterstand: Number(w.achterstand), dead: Number(w.dead) })),
    sindsZegelSeconden: zegels[0] ? seconden(zegels[0].gezegeld_op) : undefined,
    rollups: ROLLUPS.map((naam) => {
      const op = ververst.get(naam);
      return { naam, leeftijdSeconden: op ? seconden(op) : undefined };
    }),
  };
}

/**
 * A registry with the domain gauges (served beside the process's own by the worker's metrics server). Readings are
 * cached for `cacheMs`; concurrent scrapes share one reading.
 */
export function domeinRegister(orm: MikroORM, clock: Clock, cacheMs: number): Registry {
  const register = new Registry();
  let laatste: { op: number; meting: Promise<DomeinMeting> } | undefined;
  const meting = (): Promise<DomeinMeting> => {
    const nu = Date.now();
    if (!laatste || nu - laatste.op >= cacheMs) {
      const m = meetDomein(orm, clock);
      laatste = { op: nu, meting: m };
      // A failed reading is not cached: the next scrape asks again.
      m.catch(() => {
        if (laatste?.meting === m) laatste = undefined;
      });
    }
    return laatste.meting;
  };
  const gauge = (name: string, help: string, labelNames: string[], vul: (g: Gauge, m: DomeinMeting) => void): Gauge =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [register],
      async collect() {
        const m = await meting();
        this.reset();
        vul(this, m);
      },
    });
  gauge('ketenpoort_termijnen_open', 'Open termijnen per soort en VT-regio', ['soort', 'regio'], (g, m) => {
    for (const t of m.termijnen) g.set({ soort: t.soort, regio: t.regio }, t.open);
  });
  gauge(
    'ketenpoort_termijnen_verlopen',
    'Open termijnen waarvan het vervalmoment voorbij is, per soort en VT-regio',
    ['soort', 'regio'],
    (g, m) => {
      for (const t of m.termijnen) g.set({ soort: t.soort, regio: t.regio }, t.verlopen);
    },
  );
  gauge(
    'ketenpoort_webhook_achterstand',
    'Webhook-afleveringen die nog moeten (PENDING of FAILED), per endpoint',
    ['endpoint', 'organisatie'],
    (g, m) => {
      for (const w of m.webhooks) g.set({ endpoint: w.endpoint, organisatie: w.organisatie }, w.achterstand);
    },
  );
  gauge(
    'ketenpoort_webhook_dead',
    'Webhook-afleveringen die na de laatste poging zijn opgegeven (DEAD), per endpoint',
    ['endpoint', 'organisatie'],
    (g, m) => {
      for (const w of m.webhooks) g.set({ endpoint: w.endpoint, organisatie: w.organisatie }, w.dead);
    },
  );
  gauge(
    'ketenpoort_audit_sinds_laatste_zegel_seconden',
    'Seconden sinds het laatste zegel van de auditketen (ontbreekt zolang er niets is gezegeld)',
    [],
    (g, m) => {
      if (m.sindsZegelSeconden !== undefined) g.set(m.sindsZegelSeconden);
    },
  );
  gauge(
    'ketenpoort_analyse_rollup_leeftijd_seconden',
    'Seconden sinds de laatste verversing van een analyse-rollup (ontbreekt voor een die nooit ververst is)',
    ['rollup'],
    (g, m) => {
      for (const r of m.rollups) if (r.leeftijdSeconden !== undefined) g.set({ rollup: r.naam }, r.leeftijdSeconden);
    },
  );
  return register;
}
