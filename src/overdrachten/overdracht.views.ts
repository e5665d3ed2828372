import type { EntityManager } from '@mikro-orm/postgresql';

import type { AuditFeit } from '../audit/audit-registratie';
import { inzageVanAntwoord } from '../audit/inzage';
import { markeerCasusToegang, noodAudit } from '../beleid/casustoegang.sql';
import { noodFeit } from '../casussen/casus-toegang';
import { VeiligheidsafspraakEntity, VerzoekTotOnderzoekEntity } from '../casussen/casus.entity';
import type { RequestContext } from '../lib/context';
import { geenToegang } from '../lib/errors';
import { entiteitenVorm, leesRijen } from '../lib/lezen';
import type { BetrokkeneRol } from '../meldingen/cbs-categorieen';
import { PersoonEntity } from '../personen/persoon.entity';
import { MonitoringInputEntity, type OverdrachtEntity } from './overdracht.entity';
import { LOPEND, OverdrachtSoort } from './overdracht.model';
import {
  MonitoringInputView,
  OverdrachtAfspraakView,
  OverdrachtInhoudView,
  OverdrachtPersoonView,
  OverdrachtVerzoekView,
  OverdrachtView,
} from './overdracht.types';
import { persoonIdVoorPartner } from './partner-id';

/**
 * What every part of the overdracht process shares: who the partner is, the views of an overdracht for their reader,
 * and the audit records of a read (what the answer showed) and of a step (what changed).
 */

/** The partner roles act for a partner organisation; anyone else has no business here (the shield says so too). */
export function partnerOrganisatie(ctx: RequestContext): string {
  if (ctx.actor.organisatie.soort === 'VEILIG_THUIS') throw geenToegang();
  return ctx.actor.organisatie.code;
}

/**
 * The views of a set of overdrachten of ONE VT region for their reader, in a fixed number of queries whatever the
 * number of overdrachten (persons, roles, agreements, verzoeken and monitoring input are each loaded once). VT of
 * the region sees everything; the partner the minimal offer until it accepts, the content while the handover runs,
 * and only its own answer and outcome once it has ended. The transaction must admit the region's case rows
 * (inRegio, or alsPartner + ookVtRegio).
 */
export async function viewsVan(
  tx: EntityManager,
  ctx: RequestContext,
  rijen: readonly OverdrachtEntity[],
): Promise<OverdrachtView[]> {
  if (rijen.length === 0) return [];
  const regio = rijen[0].vtOrganisatie;
  if (rijen.some((o) => o.vtOrganisatie !== regio)) throw new Error('viewsVan: overdrachten van één regio tegelijk');
  const metInhoud = metInhoudVoor(ctx, rijen);
  return bouwViews(ctx, rijen, metInhoud, await bijlagen(tx, ctx, regio, rijen, metInhoud));
}

/**
 * One person of an overdracht's content, assigned field by field (the inbox builds 60 of them a page, and a spread
 * into `Object.assign` was about a tenth of its CPU; issue 14).
 */
function persoonView(
  p: PersoonEntity,
  toegang: { vtOrganisatie: string; ontvanger: string; toegangActief: boolean },
  id: string,
  rollen: BetrokkeneRol[],
): OverdrachtPersoonView {
  const v = new OverdrachtPersoonView();
  v.vtOrganisatie = toegang.vtOrganisatie;
  v.ontvanger = toegang.ontvanger;
  v.toegangActief = toegang.toegangActief;
  v.id = id;
  v.vtPersoonId = p.id;
  v.rollen = rollen;
  v.bsn = p.bsn ?? null;
  v.voornamen = p.voornamen ?? null;
  v.achternaam = p.achternaam ?? null;
  v.geboortedatum = p.geboortedatum ? String(p.geboortedatum).slice(0, 10) : null;
  v.straat = p.straat ?? null;
  v.huisnummer = p.huisnummer ?? null;
  v.postcode = p.postcode ?? null;
  v.woonplaats = p.woonplaats ?? null;
  v.telefoon = p.telefoon ?? null;
  v.email = p.email ?? null;
  return v;
}

/** The overdrachten whose content the reader sees: VT all, a partner those that run (accepted, contact confirmed). */
export function metInhoudVoor(ctx: RequestContext, rijen: readonly OverdrachtEntity[]): OverdrachtEntity[] {
  const isVt = ctx.actor.organisatie.soort === 'VEILIG_THUIS';
  return rijen.filter((o) => isVt || LOPEND.includes(o.status));
}

/** The views of `rijen` (one region) from their `Bijlagen`, for the reader: the rules of `viewsVan`, without reading. */
export function bouwViews(
  ctx: RequestContext,
  rijen: readonly OverdrachtEntity[],
  metInhoud: readonly OverdrachtEntity[],
  { personen, rolPer, afspraken, verzoeken, inputs }: Bijlagen,
): OverdrachtView[] {
  const isVt = ctx.actor.organisatie.soort === 'VEILIG_THUIS';
  return rijen.map((o) => {
    const v = OverdrachtView.kaal(o, (id) => personen.get(id)?.woonplaats);
    v.monitoringInput = inputs.filter((m) => m.overdrachtId === o.id).map((m) => MonitoringInputView.van(m));
    if (!metInhoud.includes(o)) return v;
    const toegang = {
      vtOrganisatie: o.vtOrganisatie,
      ontvanger: o.ontvanger,
      toegangActief: LOPEND.includes(o.status),
    };
    const verzoek = verzoeken.find((x) => x.casusId === o.casusId);
    v.inhoud = Object.assign(new OverdrachtInhoudView(), {
      vtOrganisatie: toegang.vtOrganisatie,
      ontvanger: toegang.ontvanger,
      toegangActief: toegang.toegangActief,
      toelichting: o.toelichting,
      vtContactpersoon: o.aangebodenDoor,
      personen: o.persoonIds
        .map((id) => personen.get(id))
        .filter((p): p is PersoonEntity => Boolean(p))
        .map((p) =>
          persoonView(
            p,
            toegang,
            isVt ? p.id : persoonIdVoorPartner(o.ontvanger, p.id),
            rolPer.get(`${o.casusId}|${p.id}`) ?? [],
          ),
        ),
      veiligheidsafspraken: o.metVeiligheidsafspraken
        ? afspraken
            .filter((a) => a.casusId === o.casusId)
            .map((a) =>
              Object.assign(new OverdrachtAfspraakView(), {
                vtOrganisatie: toegang.vtOrganisatie,
                ontvanger: toegang.ontvanger,
                toegangActief: toegang.toegangActief,
                omschrijving: a.omschrijving,
                partijen: [...a.partijen],
                overeengekomenOp: String(a.overeengekomenOp).slice(0, 10),
              }),
            )
        : [],
      verzoekTotOnderzoek:
        o.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK && verzoek
          ? Object.assign(new OverdrachtVerzoekView(), {
              vtOrganisatie: toegang.vtOrganisatie,
              ontvanger: toegang.ontvanger,
              toegangActief: toegang.toegangActief,
              gronden: [...verzoek.gronden],
              standpuntOuders: verzoek.standpuntOuders,
              kinderen: verzoek.kinderen
                .filter((kind) => o.persoonIds.includes(kind))
                .map((kind) => (isVt ? kind : persoonIdVoorPartner(o.ontvanger, kind))),
              ingediendOp: verzoek.ingediendOp,
            })
          : null,
    });
    return v;
  });
}

export interface Bijlagen {
  personen: Map<string, PersoonEntity>;
  rolPer: Map<string, BetrokkeneRol[]>;
  afspraken: VeiligheidsafspraakEntity[];
  verzoeken: VerzoekTotOnderzoekEntity[];
  inputs: MonitoringInputEntity[];
}

/** The parts of `Bijlagen` as one row of JSON columns (personen, rollen, afspraken, verzoeken, inputs), as SQL reads them. */
export type BijlagenRij = Record<'personen' | 'rollen' | 'afspraken' | 'verzoeken' | 'inputs', unknown>;

/** `Bijlagen` from their row (`em` only for the entities' metadata: nothing is managed). */
export function bijlagenUitRij(em: EntityManager, r: BijlagenRij): Bijlagen {
  const rollen = (r.rollen as { casus_id: string; persoon_id: string; rollen: BetrokkeneRol[] }[] | null) ?? [];
  return {
    personen: new Map(entiteitenVorm(em, PersoonEntity, r.personen).map((p) => [p.id, p])),
    rolPer: new Map(rollen.map((x) => [`${x.casus_id}|${x.persoon_id}`, x.rollen])),
    afspraken: entiteitenVorm(em, VeiligheidsafspraakEntity, r.afspraken),
    verzoeken: entiteitenVorm(em, VerzoekTotOnderzoekEntity, r.verzoeken),
    inputs: entiteitenVorm(em, MonitoringInputEntity, r.inputs),
  };
}

/** The roles of the persons `personen` (uuid[]) per casus of `casussen` (uuid[]): SQL expressions, in that order. */
function rollenVan(casussen: string, personen: string): string {
  return `select m.casus_id, b.persoon_id, array_agg(distinct r) as rollen
            from betrokkene b join melding m on m.id = b.melding_id, unnest(b.rollen) r
           where m.casus_id = any(${casussen}) and b.persoon_id = any(${personen}) group by m.casus_id, b.persoon_id`;
}

/**
 * The statement that reads `Bijlagen` as one row (`BijlagenRij`). Each part is an SQL expression: a parameter, or a
 * subquery over the overdrachten read in the same statement (overdracht-inbox.lezen.ts). `volledig` (boolean): whole
 * persons, or only their woonplaats where no overdracht shows content. Parameters, if any, in the order of the fields.
 */
export function bijlagenSql(d: {
  volledig: string;
  personen: string;
  regio: string;
  casussen: string;
  inhoudPersonen: string;
  afsprakenCasussen: string;
  verzoekCasussen: string;
  overdrachten: string;
}): string {
  return `select
    (select json_agg(case when ${d.volledig} then to_jsonb(p) else jsonb_build_object('id', p.id, 'woonplaats', p.woonplaats) end)
       from persoon p where p.id = any(${d.personen}) and p.vt_organisatie = ${d.regio}) as personen,
    (select json_agg(x) from (${rollenVan(d.casussen, d.inhoudPersonen)}) x) as rollen,
    (select json_agg(to_jsonb(a) order by a.overeengekomen_op) from veiligheidsafspraak a where a.casus_id = any(${d.afsprakenCasussen})) as afspraken,
    (select json_agg(to_jsonb(v) order by v.ingediend_op desc) from verzoek_tot_onderzoek v where v.casus_id = any(${d.verzoekCasussen})) as verzoeken,
    (select json_agg(to_jsonb(i) order by i.gevraagd_op) from monitoring_input i where i.overdracht_id = any(${d.overdrachten})) as inputs`;
}

/**
 * What the views of `rijen` need besides the overdracht rows: persons (only the woonplaats where no content is shown),
 * their roles per casus, the agreements, the Verzoeken tot Onderzoek and the monitoring input. By default one statement
 * with each part as JSON, read as rows; LEESPAD=entiteiten loads managed entities, one query per part.
 */
async function bijlagen(
  tx: EntityManager,
  ctx: RequestContext,
  regio: string,
  rijen: readonly OverdrachtEntity[],
  metInhoud: readonly OverdrachtEntity[],
): Promise<Bijlagen> {
  const alleIds = [...new Set(rijen.flatMap((o) => o.persoonIds))];
  const inhoudIds = new Set(metInhoud.flatMap((o) => o.persoonIds));
  const casusIds = [...new Set(metInhoud.map((o) => o.casusId))];
  const afsprakenCasus = metInhoud.filter((o) => o.metVeiligheidsafspraken).map((o) => o.casusId);
  const vtoCasus = metInhoud.filter((o) => o.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK).map((o) => o.casusId);
  const overdrachtIds = rijen.map((o) => o.id);
  const lijst = (ids: readonly string[]): string => `{${ids.join(',')}}`;
  const rollenSql = rollenVan('?::uuid[]', '?::uuid[]');

  if (ctx.config.leespad !== 'entiteiten') {
    const [r] = await leesRijen<BijlagenRij>(
      tx,
      bijlagenSql({
        volledig: inhoudIds.size ? 'true' : 'false',
        personen: '?::uuid[]',
        regio: '?',
        casussen: '?::uuid[]',
        inhoudPersonen: '?::uuid[]',
        afsprakenCasussen: '?::uuid[]',
        verzoekCasussen: '?::uuid[]',
        overdrachten: '?::uuid[]',
      }),
      [
        lijst(alleIds),
        regio,
        lijst(casusIds),
        lijst([...inhoudIds]),
        lijst(afsprakenCasus),
        lijst(vtoCasus),
        lijst(overdrachtIds),
      ],
    );
    return bijlagenUitRij(tx, r);
  }

  const personen = new Map(
    (
      await tx.find(
        PersoonEntity,
        { id: { $in: alleIds }, vtOrganisatie: regio },
        inhoudIds.size ? {} : { fields: ['id', 'woonplaats'] },
      )
    ).map((p) => [p.id, p as PersoonEntity]),
  );
  const rollen = casusIds.length
    ? await leesRijen<{ casus_id: string; persoon_id: string; rollen: BetrokkeneRol[] }>(tx, rollenSql, [
        lijst(casusIds),
        lijst([...inhoudIds]),
      ])
    : [];
  const afspraken = afsprakenCasus.length
    ? await tx.find(
        VeiligheidsafspraakEntity,
        { casusId: { $in: afsprakenCasus } },
        { orderBy: { overeengekomenOp: 'asc' } },
      )
    : [];
  const verzoeken = vtoCasus.length
    ? await tx.find(VerzoekTotOnderzoekEntity, { casusId: { $in: vtoCasus } }, { orderBy: { ingediendOp: 'desc' } })
    : [];
  const inputs = await tx.find(
    MonitoringInputEntity,
    { overdrachtId: { $in: overdrachtIds } },
    { orderBy: { gevraagdOp: 'asc' } },
  );
  return {
    personen,
    rolPer: new Map(rollen.map((x) => [`${x.casus_id}|${x.persoon_id}`, x.rollen])),
    afspraken,
    verzoeken,
    inputs,
  };
}

export async function viewVan(tx: EntityManager, ctx: RequestContext, o: OverdrachtEntity): Promise<OverdrachtView> {
  return (await viewsVan(tx, ctx, [o]))[0];
}

/** VT's view, with the need-to-know data of the casus for the row rule and the audit. */
export async function vtView(tx: EntityManager, ctx: RequestContext, o: OverdrachtEntity): Promise<OverdrachtView> {
  return (await markeerCasusToegang(tx, ctx, [await viewVan(tx, ctx, o)]))[0];
}

/** The audit record of a read: the fields and persons the answer showed (inzage.ts), and on which basis (the handover). */
export function auditLees(ctx: RequestContext, v: OverdrachtView, velden: string[]): void {
  const feit: AuditFeit = {
    gebeurtenis: 'OVERDRACHT_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'Overdracht',
    objectId: v.id,
    grondslag: ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? undefined : `Overdracht ${v.id} (${v.grondslag})`,
    // Spreads last: properties after a spread make the literal some 100 times slower on Node 20 (issue 14).
    ...inzageVanAntwoord(v, velden),
    ...noodAudit(ctx, v.casusToegang),
  };
  ctx.audit.lees(feit);
}

/** The audit record of a step, in the changing transaction; VT's with the noodtoegang it used, if any. */
export async function auditStap(
  ctx: RequestContext,
  tx: EntityManager,
  o: OverdrachtEntity,
  gebeurtenis: string,
  velden: string[],
): Promise<void> {
  await ctx.audit.inTransactie(tx, {
    gebeurtenis,
    actie: 'U',
    vtOrganisatie: o.vtOrganisatie,
    objectType: 'Overdracht',
    objectId: o.id,
    persoonIds: o.persoonIds,
    velden,
    grondslag: ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? undefined : `Overdracht ${o.id} (${o.grondslag})`,
    ...(ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? await noodFeit(tx, ctx, o.casusId) : {}),
  });
}
