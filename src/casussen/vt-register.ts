import { createHmac } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import type { RequestContext } from '../lib/context';
import { inRegio } from '../lib/regio';
import { pgArrayLiteral } from '../lib/sql';
import { noodFeit, laadCasusVoor } from './casus-toegang';
import { VtRegisterSignaalView, VtRegisterTrefferView } from './vt-register.types';

/**
 * The VT register check (issue 16.3, "that, not what"). Each VT organisation keeps, per person with a BSN, one row in
 * `vt_register`: a keyed hash of the BSN, its own persoon id, the first and last day of involvement and whether a
 * casus is open (migration 29). Only the SECURITY DEFINER function `vt_register_treffers` reads across regions, and it
 * returns those columns only: no casus, melding or person data of another region can be reached through it.
 *
 * - Intake (`vtRegisterBijIntake`, in the registering transaction): the region's rows are brought up to date and the
 *   melding's household is checked; every other organisation that knows one of them gets a signal
 *   (`vt_register_signaal`: "a melding at A concerns your person; contact A") and an audit record of its own.
 * - Closing a casus (`vtRegisterBijAfsluiten`): a person stays `lopend` only while another casus of the region is open.
 * - Reading (`vtRegisterService.treffers`): which organisations know the persons of a casus, with their contact point;
 *   audited in the asking region and, per organisation found, in that organisation (vt_organisatie = B).
 * The other organisation's persoon ids go only into its own records (audit, signal), never into A's response.
 */

/** What a treffer names when an organisation has not recorded its own contact point. */
export const LANDELIJK_CONTACT = 'Veilig Thuis, 0800-2000 (gratis, verbindt door naar de regio)';

/** The register's key for a BSN: HMAC-SHA256 with the installation's key (hex). The same in every region. */
export function bsnSleutel(ctx: Pick<RequestContext, 'config'>, bsn: string): string {
  return createHmac('sha256', ctx.config.vtRegisterSleutel).update(bsn).digest('hex');
}

interface Treffer {
  bsn_hash: string;
  vt_organisatie: string;
  persoon_id: string;
  eerst_betrokken: string;
  laatst_betrokken: string;
  lopend: boolean;
}

async function sql<T>(tx: EntityManager, tekst: string, params: unknown[]): Promise<T[]> {
  return tx.getConnection().execute<T[]>(tekst, params, 'all', tx.getTransactionContext());
}

/** Persons of the casus (optionally only these) with a BSN, and their register key. */
async function personenMetSleutel(
  ctx: RequestContext,
  tx: EntityManager,
  casusId: string,
  alleen?: readonly string[],
): Promise<{ id: string; sleutel: string }[]> {
  const rijen = await sql<{ id: string; bsn: string }>(
    tx,
    `select p.id, p.bsn from persoon p join casus_persoon cp on cp.persoon_id = p.id
      where cp.casus_id = ? and p.bsn is not null ${alleen ? 'and p.id = any(?::uuid[])' : ''}`,
    alleen ? [casusId, pgArrayLiteral(alleen)] : [casusId],
  );
  return rijen.map((r) => ({ id: r.id, sleutel: bsnSleutel(ctx, r.bsn) }));
}

async function zoekTreffers(tx: EntityManager, sleutels: readonly string[]): Promise<Treffer[]> {
  if (sleutels.length === 0) return [];
  return sql<Treffer>(
    tx,
    `select bsn_hash, vt_organisatie, persoon_id::text as persoon_id, eerst_betrokken::text as eerst_betrokken,
            laatst_betrokken::text as laatst_betrokken, lopend
       from vt_register_treffers(?::text[]) order by vt_organisatie`,
    [pgArrayLiteral(sleutels)],
  );
}

function perOrganisatie(treffers: readonly Treffer[]): Map<string, Treffer[]> {
  const m = new Map<string, Treffer[]>();
  for (const t of treffers) m.set(t.vt_organisatie, [...(m.get(t.vt_organisatie) ?? []), t]);
  return m;
}

/**
 * At intake, inside the registering transaction (scope: the melding's region), after the casus link is flushed: the
 * register rows of the melding's household persons with a BSN, the check against the other regions, a signal and an
 * audit record for every organisation that knows one of them, and the check's own audit record in this region.
 */
export async function vtRegisterBijIntake(
  ctx: RequestContext,
  tx: EntityManager,
  melding: { id: string; vtOrganisatie: string; casusId?: string | null; ontvangenOp: Date },
  persoonIds: readonly string[],
): Promise<void> {
  if (!melding.casusId || persoonIds.length === 0) return;
  const regio = melding.vtOrganisatie;
  const personen = await personenMetSleutel(ctx, tx, melding.casusId, persoonIds);
  if (personen.length === 0) return;
  const dag = ctx.termijnRegels.kalender.lokaleDatum(melding.ontvangenOp);
  for (const p of personen) {
    await sql(
      tx,
      `insert into vt_register as r (vt_organisatie, bsn_hash, persoon_id, eerst_betrokken, laatst_betrokken, lopend)
       values (?, ?, ?, ?, ?, true)
       on conflict (vt_organisatie, bsn_hash) do update set persoon_id = excluded.persoon_id, lopend = true,
         eerst_betrokken = least(r.eerst_betrokken, excluded.eerst_betrokken),
         laatst_betrokken = greatest(r.laatst_betrokken, excluded.laatst_betrokken)`,
      [regio, p.sleutel, p.id, dag, dag],
    );
  }
  const treffers = await zoekTreffers(
    tx,
    personen.map((p) => p.sleutel),
  );
  const nu = ctx.clock.now();
  await ctx.audit.inTransactie(tx, {
    gebeurtenis: 'VT_REGISTER_CONTROLEREN',
    actie: 'R',
    vtOrganisatie: regio,
    objectType: 'Melding',
    objectId: melding.id,
    persoonIds: personen.map((p) => p.id),
    velden: [...new Set(treffers.map((t) => `bekendBij:${t.vt_organisatie}`))],
  });
  for (const [organisatie, lijst] of perOrganisatie(treffers)) {
    const signaalId = crypto.randomUUID();
    const haarPersonen = [...new Set(lijst.map((t) => t.persoon_id))];
    await sql(
      tx,
      `insert into vt_register_signaal (id, vt_organisatie, van_organisatie, persoon_ids, aangemaakt_op) values (?, ?, ?, ?::uuid[], ?)`,
      [signaalId, organisatie, regio, pgArrayLiteral(haarPersonen), nu],
    );
    // The known organisation's record: who in which region learnt that it is involved (NEN 7513, its inzage).
    await ctx.audit.inTransactie(tx, {
      gebeurtenis: 'VT_REGISTER_TREFFER',
      actie: 'R',
      vtOrganisatie: organisatie,
      objectType: 'VtRegisterSignaal',
      objectId: signaalId,
      persoonIds: haarPersonen,
      velden: ['organisatie', 'betrokkenSinds', 'laatstBetrokken', 'lopend'],
    });
    ctx.log.info(
      { regio, bekendBij: organisatie, personen: haarPersonen.length },
      'vt-register: persoon bekend bij andere regio',
    );
  }
}

/**
 * When a casus closes (inside the closing transaction, scope: its region): its persons stay `lopend` in the register
 * only while another casus of the region that holds them is open.
 */
export async function vtRegisterBijAfsluiten(tx: EntityManager, casusId: string): Promise<void> {
  await sql(
    tx,
    `update vt_register r set lopend = exists (
        select 1 from casus_persoon cp join casus c on c.id = cp.casus_id
         where cp.persoon_id = r.persoon_id and c.id <> ? and c.fase <> 'AFGESLOTEN')
      where r.persoon_id in (select persoon_id from casus_persoon where casus_id = ?)`,
    [casusId, casusId],
  );
}

/** The register check on GraphQL: the asking region's view and the known region's signals. */
export const vtRegisterService = {
  /** Which other VT organisations know a person of this casus (need-to-know as for the casus), and whom to contact. */
  async treffers(ctx: RequestContext, casusId: string): Promise<VtRegisterTrefferView[]> {
    const regio = vtRegioVan(ctx);
    return inRegio(ctx, regio, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, casusId);
      const nood = await noodFeit(tx, ctx, casus);
      const personen = await personenMetSleutel(ctx, tx, casus.id);
      const treffers = await zoekTreffers(
        tx,
        personen.map((p) => p.sleutel),
      );
      const perSleutel = new Map(personen.map((p) => [p.sleutel, p.id]));
      const groepen = perOrganisatie(treffers);
      const organisaties = new Map(
        (
          await sql<{ code: string; naam: string; soort: string; contact: string | null }>(
            tx,
            `select code, naam, soort, contact from organisatie where code = any(?::text[])`,
            [pgArrayLiteral([...groepen.keys()])],
          )
        ).map((o) => [o.code, o]),
      );
      ctx.audit.lees({
        gebeurtenis: 'VT_REGISTER_RAADPLEGEN',
        actie: 'R',
        vtOrganisatie: regio,
        objectType: 'Casus',
        objectId: casus.id,
        persoonIds: personen.map((p) => p.id),
        velden: ['vtRegisterTreffers'],
        ...nood,
      });
      const uit: VtRegisterTrefferView[] = [];
      for (const [code, lijst] of groepen) {
        const org = organisaties.get(code);
        if (!org) continue;
        ctx.audit.lees({
          gebeurtenis: 'VT_REGISTER_TREFFER_GETOOND',
          actie: 'R',
          vtOrganisatie: code,
          objectType: 'VtRegister',
          objectId: null,
          persoonIds: [...new Set(lijst.map((t) => t.persoon_id))],
          velden: ['organisatie', 'betrokkenSinds', 'laatstBetrokken', 'lopend'],
        });
        uit.push(
          Object.assign(new VtRegisterTrefferView(), {
            vtOrganisatie: regio,
            organisatie: { code: org.code, naam: org.naam, soort: org.soort },
            contact: org.contact ?? LANDELIJK_CONTACT,
            persoonIds: [...new Set(lijst.map((t) => perSleutel.get(t.bsn_hash)).filter((x): x is string => !!x))],
            betrokkenSinds: lijst.map((t) => t.eerst_betrokken).sort()[0],
            laatstBetrokken: lijst
              .map((t) => t.laatst_betrokken)
              .sort()
              .at(-1) as string,
            lopend: lijst.some((t) => t.lopend),
          }),
        );
      }
      return uit;
    });
  },

  /** Signals to the caller's region: a melding elsewhere concerns one of its persons. */
  async signalen(ctx: RequestContext, eerste: number): Promise<VtRegisterSignaalView[]> {
    const regio = vtRegioVan(ctx);
    const n = Math.min(Math.max(eerste, 1), 100);
    const rijen = await inRegio(ctx, regio, (tx) =>
      sql<{
        id: string;
        van: string;
        naam: string;
        soort: string;
        contact: string | null;
        persoon_ids: string[];
        op: Date;
      }>(
        tx,
        `select s.id, s.van_organisatie as van, o.naam, o.soort, o.contact, s.persoon_ids::text[] as persoon_ids, s.aangemaakt_op as op
           from vt_register_signaal s join organisatie o on o.code = s.van_organisatie
          where s.vt_organisatie = ? order by s.aangemaakt_op desc, s.id desc limit ?`,
        [regio, n],
      ),
    );
    if (rijen.length) {
      ctx.audit.lees({
        gebeurtenis: 'VT_REGISTER_SIGNALEN_INZIEN',
        actie: 'R',
        vtOrganisatie: regio,
        objectType: 'VtRegisterSignaal',
        objectId: null,
        persoonIds: [...new Set(rijen.flatMap((r) => r.persoon_ids))],
        velden: ['vanOrganisatie', 'contact', 'persoonIds', 'ontvangenOp'],
      });
    }
    return rijen.map((r) =>
      Object.assign(new VtRegisterSignaalView(), {
        id: r.id,
        vtOrganisatie: regio,
        vanOrganisatie: { code: r.van, naam: r.naam, soort: r.soort },
        contact: r.contact ?? LANDELIJK_CONTACT,
        persoonIds: r.persoon_ids,
        ontvangenOp: new Date(r.op),
      }),
    );
  },
};
