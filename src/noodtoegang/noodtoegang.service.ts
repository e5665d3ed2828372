import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { toegangsgrond } from '../beleid/casustoegang';
import { laadCasusToegang, noodGrondslag } from '../beleid/casustoegang.sql';
import { CasusEntity, CasusPersoonEntity } from '../casussen/casus.entity';
import { procesFout } from '../casussen/casus.stap';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer } from '../lib/errors';
import { controleerPaginagrootte, cursorTekst, cursorTijdstip, ongeldigeCursor } from '../lib/graphql/paginering';
import { entiteitVorm, leesRijen } from '../lib/lezen';
import { inRegio } from '../lib/regio';
import { NoodtoegangEntity } from './noodtoegang.entity';
import {
  type NoodtoegangBeoordelenInvoer,
  type NoodtoegangConnection,
  type NoodtoegangFilter,
  NoodtoegangGebruikView,
  NoodtoegangStatus,
  NoodtoegangView,
  REDEN_MAX,
  REDEN_MIN,
} from './noodtoegang.types';

/** The review queue's keyset: judged after open, then newest first. Opaque to clients. */
interface Cursor {
  b: boolean;
  t: string;
  id: string;
}

function maakCursor(v: NoodtoegangView): string {
  return Buffer.from(
    JSON.stringify({
      b: v.status !== NoodtoegangStatus.TE_BEOORDELEN,
      t: v.geopendOp.toISOString(),
      id: v.id,
    } satisfies Cursor),
  ).toString('base64url');
}

function leesCursor(na: string): Cursor {
  try {
    const c = JSON.parse(cursorTekst(na)) as Cursor;
    if (typeof c.b === 'boolean' && typeof c.t === 'string' && isUuid(c.id)) {
      cursorTijdstip(c.t);
      return c;
    }
  } catch {
    // fall through
  }
  throw ongeldigeCursor();
}

/** How many audit rows were written under the noodtoegang `n` (its ground names it), for the reviewer. */
const HANDELINGEN_SQL = `(select count(*)::int from audit_gebeurtenis a
                    where a.gebruiker = n.medewerker and a.tijdstip >= n.geopend_op and a.noodprocedure
                      and a.grondslag like '%noodtoegang ' || n.id::text)`;

/** `HANDELINGEN_SQL` for loaded entities (the reference read path). */
async function handelingen(tx: EntityManager, rijen: readonly NoodtoegangEntity[]): Promise<Map<string, number>> {
  if (rijen.length === 0) return new Map();
  const uit = await tx.getConnection().execute<{ id: string; n: number }[]>(
    `select n.id, ${HANDELINGEN_SQL} as n
       from noodtoegang n where n.id = any(?::uuid[])`,
    [`{${rijen.map((r) => r.id).join(',')}}`],
    'all',
    tx.getTransactionContext(),
  );
  return new Map(uit.map((r) => [r.id, r.n]));
}

/**
 * Noodtoegang (break-the-glass, NEN 7513 "noodprocedure"): a medewerker opens a casus they are not assigned to, with a
 * stated reason, for NOODTOEGANG_MINUTEN by the request clock. Everything they do with it is audited with the
 * emergency flag and the noodtoegang as ground; the privacy officer judges and closes every use.
 */
export const noodtoegangService = {
  async openen(ctx: RequestContext, casusId: string, reden: string): Promise<NoodtoegangView> {
    const regio = vtRegioVan(ctx);
    const tekst = reden.trim();
    if (tekst.length < REDEN_MIN || tekst.length > REDEN_MAX) {
      throw ongeldigeInvoer([
        {
          veld: 'reden',
          code: tekst.length < REDEN_MIN ? (tekst.length === 0 ? 'VERPLICHT' : 'TE_KORT') : 'TE_LANG',
          melding: `Zeg in ${REDEN_MIN} tot ${REDEN_MAX} tekens welke nood deze toegang vraagt; de privacy officer beoordeelt het.`,
        },
      ]);
    }
    if (!isUuid(casusId)) throw nietGevonden('De casus');
    const nu = ctx.clock.now();
    const view = await inRegio(ctx, regio, async (tx) => {
      const casus = await tx.findOne(CasusEntity, { id: casusId, vtOrganisatie: regio });
      if (!casus) throw nietGevonden('De casus');
      // One opening per medewerker and casus at a time, also when two requests arrive together.
      await tx
        .getConnection()
        .execute(
          `select pg_advisory_xact_lock(hashtextextended(?, 0))`,
          [`noodtoegang:${casus.id}:${ctx.actor.sub}`],
          'run',
          tx.getTransactionContext(),
        );
      const toegang = (await laadCasusToegang(tx, ctx, [casus.id])).get(casus.id);
      const grond = toegangsgrond(toegang, ctx.actor, nu);
      if (grond === 'NOODTOEGANG' && toegang?.noodtoegang) {
        throw new GraphQLError(`U heeft al noodtoegang tot deze casus, tot ${toegang.noodtoegang.tot.toISOString()}.`, {
          extensions: {
            code: 'CONFLICT',
            reden: 'NOODTOEGANG_ACTIEF',
            noodtoegangId: toegang.noodtoegang.id,
            verlooptOp: toegang.noodtoegang.tot.toISOString(),
          },
        });
      }
      if (grond !== null) {
        throw procesFout(
          'AL_TOEGANG',
          'U bent aan deze casus toegewezen (als behandelaar of via uw team) en heeft geen noodtoegang nodig.',
        );
      }
      const n = tx.create(NoodtoegangEntity, {
        vtOrganisatie: regio,
        casusId: casus.id,
        medewerker: ctx.actor.sub,
        medewerkerNaam: ctx.actor.naam ?? null,
        reden: tekst,
        geopendOp: nu,
        verlooptOp: new Date(nu.getTime() + ctx.config.noodtoegangMinuten * 60_000),
      });
      await tx.flush();
      const leden = await tx.find(CasusPersoonEntity, { casusId: casus.id });
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'NOODTOEGANG_OPENEN',
        actie: 'C',
        vtOrganisatie: regio,
        objectType: 'Casus',
        objectId: casus.id,
        persoonIds: leden.map((l) => l.persoonId),
        velden: ['reden'],
        noodprocedure: true,
        grondslag: noodGrondslag(ctx, n.id),
      });
      return NoodtoegangView.van(n, nu, 0);
    });
    ctx.log.warn(
      { noodtoegangId: view.id, casusId: view.casusId, regio, verlooptOp: view.verlooptOp },
      'noodtoegang geopend',
    );
    return view;
  },

  /** The review queue of the region: open for review first, then newest first; filter by status, medewerker, casus. */
  async lijst(
    ctx: RequestContext,
    filter: NoodtoegangFilter,
    eerste: number,
    na: string | undefined,
    velden: string[],
  ): Promise<NoodtoegangConnection> {
    const regio = vtRegioVan(ctx);
    controleerPaginagrootte(eerste);
    if (filter.casusId !== undefined && filter.casusId !== null && !isUuid(filter.casusId)) {
      throw ongeldigeInvoer([{ veld: 'filter.casusId', code: 'ONGELDIG_ID', melding: 'casusId is geen geldig id.' }]);
    }
    const nu = ctx.clock.now();
    const voorwaarden = ['n.vt_organisatie = ?'];
    const params: unknown[] = [regio];
    if (filter.status) {
      voorwaarden.push(filter.status === NoodtoegangStatus.TE_BEOORDELEN ? 'n.oordeel is null' : 'n.oordeel = ?');
      if (filter.status !== NoodtoegangStatus.TE_BEOORDELEN) params.push(filter.status);
    }
    if (filter.medewerker) {
      voorwaarden.push('n.medewerker = ?');
      params.push(filter.medewerker);
    }
    if (filter.casusId) {
      voorwaarden.push('n.casus_id = ?');
      params.push(filter.casusId);
    }
    if (na) {
      const c = leesCursor(na);
      voorwaarden.push(
        '((n.oordeel is not null) > ? or ((n.oordeel is not null) = ? and (n.geopend_op, n.id) < (?, ?)))',
      );
      params.push(c.b, c.b, new Date(c.t), c.id);
    }
    const views = await inRegio(ctx, regio, async (tx) => {
      if (ctx.config.leespad !== 'entiteiten') {
        // One statement: the page with each use's count of audited actions; views from rows, no managed entities.
        const rijen = await leesRijen<{ n: Record<string, unknown>; aantal: number }>(
          tx,
          `select to_jsonb(n) as n, ${HANDELINGEN_SQL} as aantal from noodtoegang n where ${voorwaarden.join(' and ')}
            order by (n.oordeel is not null), n.geopend_op desc, n.id desc limit ?`,
          [...params, eerste + 1],
        );
        return rijen.map((r) => NoodtoegangView.van(entiteitVorm(tx, NoodtoegangEntity, r.n), nu, r.aantal));
      }
      const ids = await tx
        .getConnection()
        .execute<{ id: string }[]>(
          `select n.id from noodtoegang n where ${voorwaarden.join(' and ')} order by (n.oordeel is not null), n.geopend_op desc, n.id desc limit ?`,
          [...params, eerste + 1],
          'all',
          tx.getTransactionContext(),
        );
      const rijen = ids.length
        ? await tx.find(NoodtoegangEntity, { id: { $in: ids.map((r) => r.id) }, vtOrganisatie: regio })
        : [];
      const perId = new Map(rijen.map((r) => [r.id, r]));
      const geordend = ids.map((r) => perId.get(r.id)).filter((r): r is NoodtoegangEntity => Boolean(r));
      const aantal = await handelingen(tx, geordend);
      return geordend.map((r) => NoodtoegangView.van(r, nu, aantal.get(r.id) ?? 0));
    });
    const pagina = views.slice(0, eerste);
    // Reading the queue is itself audited: which uses this reviewer saw.
    for (const v of pagina) {
      ctx.audit.lees({
        gebeurtenis: 'NOODTOEGANG_INZIEN',
        actie: 'R',
        vtOrganisatie: regio,
        objectType: 'Noodtoegang',
        objectId: v.id,
        velden,
      });
    }
    const laatste = pagina[pagina.length - 1];
    return {
      edges: pagina.map((node) => ({ cursor: maakCursor(node), node })),
      pageInfo: { hasNextPage: views.length > eerste, endCursor: laatste ? maakCursor(laatste) : null },
    };
  },

  /** Misuse visible per worker: per medewerker of the region the uses, how they were judged, and how many are open. */
  async gebruik(ctx: RequestContext, velden: string[]): Promise<NoodtoegangGebruikView[]> {
    const regio = vtRegioVan(ctx);
    const rijen = await inRegio(ctx, regio, (tx) =>
      tx.getConnection().execute<
        {
          medewerker: string;
          naam: string | null;
          aantal: number;
          open: number;
          goed: number;
          fout: number;
          laatste: Date;
        }[]
      >(
        `select medewerker, max(medewerker_naam) as naam, count(*)::int as aantal,
                count(*) filter (where oordeel is null)::int as open,
                count(*) filter (where oordeel = 'GERECHTVAARDIGD')::int as goed,
                count(*) filter (where oordeel = 'NIET_GERECHTVAARDIGD')::int as fout,
                max(geopend_op) as laatste
           from noodtoegang where vt_organisatie = ?
          group by medewerker
          order by fout desc, open desc, aantal desc, medewerker`,
        [regio],
        'all',
        tx.getTransactionContext(),
      ),
    );
    ctx.audit.lees({
      gebeurtenis: 'NOODTOEGANG_GEBRUIK_INZIEN',
      actie: 'R',
      vtOrganisatie: regio,
      objectType: 'Noodtoegang',
      objectId: null,
      velden,
    });
    return rijen.map((r) =>
      Object.assign(new NoodtoegangGebruikView(), {
        medewerker: r.medewerker,
        medewerkerNaam: r.naam,
        aantal: r.aantal,
        teBeoordelen: r.open,
        gerechtvaardigd: r.goed,
        nietGerechtvaardigd: r.fout,
        laatsteOp: new Date(r.laatste),
        vtOrganisatie: regio,
      }),
    );
  },

  /**
   * The privacy officer judges and closes one use. Judged NIET_GERECHTVAARDIGD, an access still running ends at once.
   * A use is judged once (CONFLICT AL_BEOORDEELD); the judgement is in the audit trail.
   */
  async beoordelen(ctx: RequestContext, invoer: NoodtoegangBeoordelenInvoer): Promise<NoodtoegangView> {
    const regio = vtRegioVan(ctx);
    const toelichting = invoer.toelichting.trim();
    if (toelichting.length === 0 || toelichting.length > REDEN_MAX) {
      throw ongeldigeInvoer([
        {
          veld: 'toelichting',
          code: toelichting.length === 0 ? 'VERPLICHT' : 'TE_LANG',
          melding: `Licht het oordeel toe in 1 tot ${REDEN_MAX} tekens.`,
        },
      ]);
    }
    if (!isUuid(invoer.noodtoegangId)) throw nietGevonden('De noodtoegang');
    const nu = ctx.clock.now();
    return inRegio(ctx, regio, async (tx) => {
      const n = await tx.findOne(
        NoodtoegangEntity,
        { id: invoer.noodtoegangId, vtOrganisatie: regio },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!n) throw nietGevonden('De noodtoegang');
      if (n.oordeel) {
        throw new GraphQLError(`Deze noodtoegang is al beoordeeld: ${n.oordeel}.`, {
          extensions: { code: 'CONFLICT', reden: 'AL_BEOORDEELD', oordeel: n.oordeel },
        });
      }
      Object.assign(n, {
        oordeel: invoer.oordeel,
        oordeelToelichting: toelichting,
        beoordeeldDoor: ctx.actor.sub,
        beoordeeldOp: nu,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'NOODTOEGANG_BEOORDELEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Noodtoegang',
        objectId: n.id,
        velden: ['oordeel', 'oordeelToelichting'],
      });
      return NoodtoegangView.van(n, nu, (await handelingen(tx, [n])).get(n.id) ?? 0);
    });
  },
};
