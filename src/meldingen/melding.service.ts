import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursor, naCursorSql } from '../lib/graphql/paginering';
import type { Lezer } from '../lib/lezen';
import { inRegio, leesInScope } from '../lib/regio';
import { PersoonEntity } from '../personen/persoon.entity';
import { toegangsgrond } from '../beleid/casustoegang';
import {
  casusToegangFilter,
  casusToegangSql,
  markeerCasusToegang,
  nietToegankelijk,
  noodAudit,
} from '../beleid/casustoegang.sql';
import { AdresView } from '../personen/persoon.types';
import { Anonimiteit, EerdereBetrokkenheid, HoedanigheidMelder, OrganisatieMelder } from './cbs-categorieen';
import { BetrokkeneEntity, MelderEntity, MeldingEntity } from './melding.entity';
import type { MeldingInvoer, PersoonInvoer } from './melding.inputs';
import { leesMeldingen, meldingRelaties, type MeldingRelaties } from './melding.lezen';
import { type MeldingConnection, MeldingView } from './melding.types';
import { gemeenteVanBetrokkenen } from '../organisaties/gemeenten';

/** Earliest receipt date accepted: the Wmo 2015 (and Veilig Thuis) started on 1 January 2015. */
const VROEGSTE_ONTVANGST = new Date('2015-01-01T00:00:00Z');
/** Clock skew tolerated between the caller's system and ours. */
const TOEKOMST_MARGE_MS = 5 * 60_000;

const RELATIES = ['melder', 'betrokkenen', 'betrokkenen.persoon'] as const;

/**
 * Reads meldingen. Every query is scoped to the caller's own VT organisation and, within it, to the casussen the caller
 * may read. Registering one is the intake of the casus process (src/casussen/casus.intake.ts): it links the melding to
 * its casus, which meldingen, below casussen, do not know.
 */
export const meldingService = {
  /**
   * One melding of the caller's region whose casus they may read: NOT_FOUND for an unknown id or another region's
   * (existence is not revealed), FORBIDDEN (NIET_TOEGEWEZEN) for a melding of a casus of the region that is not theirs.
   */
  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<MeldingView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('De melding');
    const [view] = await lezen(ctx, { id, regio }, velden, 1);
    // Only a miss asks, in a transaction of its own, whether it is another's casus or not there at all.
    if (!view) throw await inRegio(ctx, regio, (tx) => nietToegankelijk(tx, 'melding', id, regio, 'De melding'));
    auditLezen(ctx, view, velden);
    return view;
  },

  /**
   * The answer to registering a melding (also from an advies): the melding in full when the caller may read its casus;
   * otherwise (it joined a casus assigned to someone else) only what the caller entered: their own input for every
   * person, not what the region already knew of them. `id` comes from the caller's own registration, never the request.
   */
  async leesVoorRegistrant(
    ctx: RequestContext,
    id: string,
    invoer: MeldingInvoer,
    velden: string[],
  ): Promise<MeldingView> {
    const regio = vtRegioVan(ctx);
    const view = await inRegio(ctx, regio, async (tx) => {
      const e = await tx.findOne(
        MeldingEntity,
        { id, vtOrganisatie: regio, geregistreerdDoor: ctx.actor.sub },
        { populate: RELATIES },
      );
      if (!e) throw nietGevonden('De melding');
      const [v] = await markeerCasusToegang(tx, ctx, [MeldingView.van(e)]);
      return toegangsgrond(v.casusToegang, ctx.actor, ctx.clock.now()) === null
        ? alsEigenInvoer(v, invoer, ctx.actor.sub)
        : v;
    });
    auditLezen(ctx, view, velden);
    return view;
  },

  /** A page of the meldingen whose casus the caller may read, newest first (keyset pagination on ontvangenOp, id). */
  async lijst(
    ctx: RequestContext,
    eerste: number,
    na: string | undefined,
    velden: string[],
  ): Promise<MeldingConnection> {
    const regio = vtRegioVan(ctx);
    controleerPaginagrootte(eerste);
    const views = await lezen(ctx, { regio, na }, velden, eerste + 1);
    for (const v of views.slice(0, eerste)) auditLezen(ctx, v, velden);
    return alsConnection(views, eerste, (v) => v.ontvangenOp);
  },
};

/**
 * The meldingen of `regio` the caller may read (one by id, or a page after cursor `na`), newest first, each with the
 * need-to-know data of its casus: by default one SQL statement (`lezenRijen`, melding.lezen.ts) that goes with its
 * scope in one round trip (lib/regio.ts, `leesInScope`); with `LEESPAD=entiteiten` from managed entities
 * (`lezenEntiteiten`), the reference path.
 */
function lezen(
  ctx: RequestContext,
  w: { regio: string; id?: string; na?: string },
  velden: string[],
  limiet: number,
): Promise<MeldingView[]> {
  return ctx.config.leespad === 'entiteiten'
    ? inRegio(ctx, w.regio, (tx) => lezenEntiteiten(ctx, tx, w, limiet))
    : leesInScope(ctx, { vtOrganisatie: w.regio }, (lees) => lezenRijen(ctx, lees, w, meldingRelaties(velden), limiet));
}

/** The meldingen by the reference path: managed entities (LEESPAD=entiteiten). */
async function lezenEntiteiten(
  ctx: RequestContext,
  tx: EntityManager,
  w: { regio: string; id?: string; na?: string },
  limiet: number,
): Promise<MeldingView[]> {
  const where = {
    vtOrganisatie: w.regio,
    ...(w.id ? { id: w.id } : naCursor('ontvangenOp', w.na)),
    ...casusToegangFilter(ctx, 'casus_id'),
  } as FilterQuery<MeldingEntity>;
  const rijen = await tx.find(MeldingEntity, where, {
    populate: RELATIES,
    orderBy: { ontvangenOp: 'desc', id: 'desc' },
    limit: limiet,
  });
  return markeerCasusToegang(
    tx,
    ctx,
    rijen.map((e) => MeldingView.van(e)),
  );
}

/** The meldingen by the read path: one statement (melding.lezen.ts), through `lees`. */
function lezenRijen(
  ctx: RequestContext,
  lees: Lezer,
  w: { regio: string; id?: string; na?: string },
  relaties: MeldingRelaties,
  limiet: number,
): Promise<MeldingView[]> {
  const cursor = w.id ? { sql: 'm.id = ?', params: [w.id] } : naCursorSql('m.ontvangen_op', 'm.id', w.na);
  const toegang = casusToegangSql(ctx, 'casus_id', 'm');
  return leesMeldingen(
    lees,
    ctx,
    {
      sql: `m.vt_organisatie = ? and ${cursor.sql} and ${toegang.sql}`,
      params: [w.regio, ...cursor.params, ...toegang.params],
    },
    relaties,
    limiet,
  );
}

/** The registration answer without the region's knowledge: each person as the caller entered them (same id). */
function alsEigenInvoer(v: MeldingView, invoer: MeldingInvoer, sub: string): MeldingView {
  v.betrokkenen.forEach((b, i) => {
    const p = invoer.betrokkenen[i]?.persoon;
    const a = p?.adres;
    Object.assign(b.persoon, {
      bsn: p?.bsn ?? null,
      voornamen: p?.voornamen ?? null,
      achternaam: p?.achternaam ?? null,
      geboortedatum: p?.geboortedatum ?? null,
      telefoon: p?.telefoon ?? null,
      email: p?.email ?? null,
      adres:
        a && (a.straat || a.huisnummer || a.postcode || a.woonplaats)
          ? Object.assign(new AdresView(), {
              straat: a.straat ?? null,
              huisnummer: a.huisnummer ?? null,
              postcode: a.postcode ?? null,
              woonplaats: a.woonplaats ?? null,
              vtOrganisatie: v.vtOrganisatie,
            })
          : null,
    });
  });
  v.eigenInvoerVan = sub;
  return v;
}

/** Where a melding came from, beyond its content: set by advies conversion and the police feed. */
export interface MeldingHerkomst {
  ambtshalve?: boolean;
  adviesId?: string;
  politie?: { organisatie: string; referentie: string };
}

/**
 * Writes a melding with melder, betrokkenen and the persons they concern inside the caller's transaction (which must
 * be `inRegio(regio)`), and flushes. The input must have passed `controleerMelding`. The intake links it to its casus
 * next and then records the write (`auditMeldingRegistratie`), in the same transaction.
 */
export async function legMeldingVast(
  ctx: RequestContext,
  tx: EntityManager,
  regio: string,
  invoer: MeldingInvoer,
  extra: MeldingHerkomst,
): Promise<{ melding: MeldingEntity; personen: PersoonEntity[] }> {
  const nu = ctx.clock.now();
  const melding = tx.create(MeldingEntity, {
    vtOrganisatie: regio,
    ontvangenOp: invoer.ontvangenOp,
    kanaal: invoer.kanaal,
    aardGeweld: invoer.aardGeweld,
    duurGeweld: invoer.duurGeweld,
    omschrijving: invoer.omschrijving,
    hoedanigheidMelder: invoer.hoedanigheidMelder,
    organisatieMelder: invoer.organisatieMelder,
    geregistreerdDoor: ctx.actor.sub,
    geregistreerdOp: nu,
    eerdereBetrokkenheid: EerdereBetrokkenheid.NIET_INGEDEELD,
    acuut: Boolean(invoer.acuut),
    ambtshalve: Boolean(extra.ambtshalve ?? invoer.ambtshalve),
    adviesId: extra.adviesId ?? null,
    politieOrganisatie: extra.politie?.organisatie ?? null,
    politieReferentie: extra.politie?.referentie ?? null,
    gemeente: gemeenteVanBetrokkenen(invoer.betrokkenen),
  });
  const m = invoer.melder;
  const dubbelAnoniem = m.anonimiteit === Anonimiteit.DUBBEL_ANONIEM;
  tx.create(MelderEntity, {
    melding,
    vtOrganisatie: regio,
    anonimiteit: m.anonimiteit,
    toestemmingBekendmaking: m.toestemmingBekendmaking,
    naam: dubbelAnoniem ? null : (m.naam ?? null),
    telefoon: dubbelAnoniem ? null : (m.telefoon ?? null),
    email: dubbelAnoniem ? null : (m.email ?? null),
    functie: m.functie ?? null,
    werkgever: m.werkgever ?? null,
  });
  const personen = await zoekOfMaakPersonen(
    tx,
    regio,
    invoer.betrokkenen.map((b) => b.persoon),
    nu,
  );
  invoer.betrokkenen.forEach((b, i) => {
    tx.create(BetrokkeneEntity, { melding, vtOrganisatie: regio, persoon: personen[i], rollen: b.rollen, volgorde: i });
  });
  await tx.flush();
  return { melding, personen };
}

/** The audit record of registering a melding, in the registering transaction: the persons and the fields entered. */
export async function auditMeldingRegistratie(
  ctx: RequestContext,
  tx: EntityManager,
  melding: MeldingEntity,
  personen: PersoonEntity[],
  invoer: MeldingInvoer,
): Promise<void> {
  await ctx.audit.inTransactie(tx, {
    gebeurtenis: 'MELDING_REGISTREREN',
    actie: 'C',
    vtOrganisatie: melding.vtOrganisatie,
    objectType: 'Melding',
    objectId: melding.id,
    persoonIds: personen.map((p) => p.id),
    velden: ingevuldeVelden(invoer),
  });
}

function auditLezen(ctx: RequestContext, v: MeldingView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'MELDING_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'Melding',
    objectId: v.id,
    persoonIds: v.persoonIds,
    velden,
    ...noodAudit(ctx, v.casusToegang),
  });
}

/** Domain checks that need more than one field or the clock. All problems are reported at once. */
export function controleerMelding(invoer: MeldingInvoer, nu: Date): void {
  const fouten: VeldFout[] = [];
  if (invoer.ontvangenOp.getTime() > nu.getTime() + TOEKOMST_MARGE_MS) {
    fouten.push({
      veld: 'ontvangenOp',
      code: 'DATUM_IN_TOEKOMST',
      melding: 'Een melding kan niet in de toekomst ontvangen zijn.',
    });
  }
  if (invoer.ontvangenOp < VROEGSTE_ONTVANGST) {
    fouten.push({
      veld: 'ontvangenOp',
      code: 'ONMOGELIJKE_DATUM',
      melding: 'Veilig Thuis bestaat sinds 1 januari 2015; controleer de datum.',
    });
  }
  if (invoer.omschrijving.trim().length === 0) {
    fouten.push({ veld: 'omschrijving', code: 'LEEG', melding: 'Beschrijf de situatie die gemeld wordt.' });
  }
  const beroeps = invoer.hoedanigheidMelder === HoedanigheidMelder.BEROEPSMATIG;
  const onbekend = invoer.hoedanigheidMelder === HoedanigheidMelder.ONBEKEND;
  // A melder of unknown kind has an unknown organisation: ONBEKEND (or NIET_VAN_TOEPASSING, as CBS publishes it).
  if (onbekend) {
    if (
      invoer.organisatieMelder !== OrganisatieMelder.ONBEKEND &&
      invoer.organisatieMelder !== OrganisatieMelder.NIET_VAN_TOEPASSING
    ) {
      fouten.push({
        veld: 'organisatieMelder',
        code: 'ONVERENIGBAAR',
        melding: 'Bij een melder van onbekende hoedanigheid is de organisatiesoort ONBEKEND of NIET_VAN_TOEPASSING.',
      });
    }
  } else if (beroeps && invoer.organisatieMelder === OrganisatieMelder.NIET_VAN_TOEPASSING) {
    fouten.push({
      veld: 'organisatieMelder',
      code: 'ONVERENIGBAAR',
      melding: 'Een beroepsmatige melder heeft een organisatiesoort (eventueel ONBEKEND).',
    });
  }
  if (!beroeps && !onbekend && invoer.organisatieMelder !== OrganisatieMelder.NIET_VAN_TOEPASSING) {
    fouten.push({
      veld: 'organisatieMelder',
      code: 'ONVERENIGBAAR',
      melding: 'Bij een niet-beroepsmatige melder is de organisatiesoort NIET_VAN_TOEPASSING.',
    });
  }
  const m = invoer.melder;
  if (m.anonimiteit === Anonimiteit.DUBBEL_ANONIEM) {
    if (m.naam || m.telefoon || m.email) {
      fouten.push({
        veld: 'melder',
        code: 'IDENTITEIT_BIJ_DUBBEL_ANONIEM',
        melding: 'Bij een dubbel anonieme melder wordt geen naam of contactgegeven vastgelegd.',
      });
    }
  } else if (!m.naam?.trim() || (!m.telefoon && !m.email)) {
    fouten.push({
      veld: 'melder',
      code: 'MELDER_IDENTITEIT_VEREIST',
      melding: 'Een melding vraagt naam en een telefoonnummer of e-mailadres van de melder (DOMAIN.md §1.2).',
    });
  }
  const gezien = new Set<string>();
  invoer.betrokkenen.forEach((b, i) => {
    const p = b.persoon;
    const veld = `betrokkenen[${i}].persoon`;
    if (!p.bsn && !p.achternaam?.trim() && !p.voornamen?.trim()) {
      fouten.push({ veld, code: 'PERSOON_ONBEKEND', melding: 'Geef ten minste een BSN of een naam.' });
    }
    if (p.bsn) {
      if (gezien.has(p.bsn)) {
        fouten.push({
          veld: `${veld}.bsn`,
          code: 'DUBBELE_BETROKKENE',
          melding: 'Deze persoon staat al in de melding.',
        });
      }
      gezien.add(p.bsn);
    }
    if (p.geboortedatum) {
      const d = new Date(`${p.geboortedatum}T00:00:00Z`);
      if (d.getTime() > nu.getTime()) {
        fouten.push({
          veld: `${veld}.geboortedatum`,
          code: 'DATUM_IN_TOEKOMST',
          melding: 'Een geboortedatum ligt niet in de toekomst.',
        });
      } else if (d.getUTCFullYear() < 1900) {
        fouten.push({
          veld: `${veld}.geboortedatum`,
          code: 'ONMOGELIJKE_DATUM',
          melding: 'Een geboortedatum vóór 1900 is niet aannemelijk; controleer de datum.',
        });
      }
    }
  });
  if (fouten.length > 0) throw ongeldigeInvoer(fouten);
}

/** Reuses a person the region already knows by BSN; otherwise registers a new one. One query for all. */
async function zoekOfMaakPersonen(
  tx: EntityManager,
  regio: string,
  invoer: PersoonInvoer[],
  nu: Date,
): Promise<PersoonEntity[]> {
  const bsns = invoer.map((p) => p.bsn).filter((b): b is string => Boolean(b));
  const bekend = bsns.length ? await tx.find(PersoonEntity, { vtOrganisatie: regio, bsn: { $in: bsns } }) : [];
  const perBsn = new Map(bekend.map((p) => [p.bsn as string, p]));
  return invoer.map((p) => {
    const hit = p.bsn ? perBsn.get(p.bsn) : undefined;
    if (hit) return hit;
    return tx.create(PersoonEntity, {
      vtOrganisatie: regio,
      bsn: p.bsn ?? null,
      voornamen: p.voornamen ?? null,
      achternaam: p.achternaam ?? null,
      geboortedatum: p.geboortedatum ?? null,
      straat: p.adres?.straat ?? null,
      huisnummer: p.adres?.huisnummer ?? null,
      postcode: p.adres?.postcode ?? null,
      woonplaats: p.adres?.woonplaats ?? null,
      telefoon: p.telefoon ?? null,
      email: p.email ?? null,
      aangemaaktOp: nu,
    });
  });
}

/** Names of the input fields that carried a value: what the write record says was entered. */
function ingevuldeVelden(invoer: MeldingInvoer): string[] {
  const uit = new Set<string>();
  const loop = (v: unknown, pad: string): void => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) {
      if (v.length && typeof v[0] === 'object' && !(v[0] instanceof Date)) v.forEach((x) => loop(x, pad));
      else uit.add(pad);
      return;
    }
    if (typeof v === 'object' && !(v instanceof Date)) {
      for (const [k, w] of Object.entries(v)) loop(w, pad ? `${pad}.${k}` : k);
      return;
    }
    uit.add(pad);
  };
  loop(invoer, '');
  return [...uit].sort();
}
