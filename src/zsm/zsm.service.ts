import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, ongeldigeInvoer, procesFout, type VeldFout } from '../lib/errors';
import { inKetenScope } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService, type TePlannen } from '../termijnen/termijn.service';
import { ZsmVerzoekEntity, ZsmVerzoekPersoonEntity } from './zsm.entity';
import { zsmProces, zsmStatus } from './zsm.proces';
import { type ZsmAntwoordInvoer, type ZsmVerzoekInvoer, type ZsmVerzoekView } from './zsm.types';
import { auditLezen, beperktePersonen, instellingen, isZsmPartner, views, ZSM_GRONDSLAG } from './zsm.lezen';

/** The longest detention ZSM deals with (inverzekeringstelling up to 3 days + 15 hours, with margin). */
const MAX_INVERZEKERINGSTELLING_MS = 7 * 24 * 3600_000;

type GevraagdePersoon = { bsn?: string | null; achternaam?: string | null; geboortedatum?: string | null };

/** Persons of the region matching a requested person: by BSN, or by surname and date of birth. At most `max`. */
async function kandidaten(
  tx: EntityManager,
  regio: string,
  p: GevraagdePersoon,
  max: number,
  alleen?: string,
): Promise<string[]> {
  const conn = tx.getConnection();
  const [voorwaarde, params] = p.bsn
    ? ['bsn = ?', [p.bsn]]
    : ['lower(achternaam) = lower(?) and geboortedatum = ?::date', [p.achternaam ?? '', p.geboortedatum ?? null]];
  const rijen = await conn.execute<{ id: string }[]>(
    `select id from persoon where vt_organisatie = ? and ${voorwaarde}${alleen ? ' and id = ?' : ''} limit ${max}`,
    [regio, ...params, ...(alleen ? [alleen] : [])],
    'all',
    tx.getTransactionContext(),
  );
  return rijen.map((r) => r.id);
}

/**
 * The VT person meant: the one person of the region matching on BSN, or on surname and date of birth. `meerdere` when
 * several match: that is not "not known", the person may well be known (VT picks one, see beantwoorden).
 */
async function zoekPersoon(
  tx: EntityManager,
  regio: string,
  p: GevraagdePersoon,
): Promise<{ id: string | null; meerdere: boolean }> {
  const rijen = await kandidaten(tx, regio, p, 2);
  return { id: rijen.length === 1 ? rijen[0] : null, meerdere: rijen.length > 1 };
}

/** The matched person, or null when none or several match. */
async function gekoppeld(tx: EntityManager, regio: string, p: GevraagdePersoon): Promise<string | null> {
  return (await zoekPersoon(tx, regio, p)).id;
}

/**
 * ZSM information requests (DOMAIN.md §5, §9.4). A justice partner asks one VT organisation about named persons;
 * VT answers with the declared data set (gegevensset.ts). The requester sees only its own organisation's requests.
 */
export const zsmService = {
  async indienen(ctx: RequestContext, invoer: ZsmVerzoekInvoer, velden: string[]): Promise<ZsmVerzoekView> {
    if (!isZsmPartner(ctx)) throw geenToegang();
    controleerStap(zsmProces, null, 'INDIENEN', ctx.actor.rol);
    const nu = ctx.clock.now();
    const org = ctx.actor.organisatie;
    const fouten: VeldFout[] = [];
    if (!org.regioCodes.includes(invoer.vtOrganisatie)) {
      fouten.push({
        veld: 'vtOrganisatie',
        code: 'REGIO_NIET_VERBONDEN',
        melding: 'Uw organisatie werkt niet met deze VT-organisatie samen; kies een verbonden VT-regio.',
      });
    }
    if (!invoer.reden.trim()) {
      fouten.push({ veld: 'reden', code: 'LEEG', melding: 'Geef aan waarom de informatie nodig is.' });
    }
    const eind = invoer.inverzekeringstellingEindigtOp;
    if (eind <= nu) {
      fouten.push({
        veld: 'inverzekeringstellingEindigtOp',
        code: 'VERSTREKEN',
        melding: 'De inverzekeringstelling is al voorbij.',
      });
    } else if (eind.getTime() - nu.getTime() > MAX_INVERZEKERINGSTELLING_MS) {
      fouten.push({
        veld: 'inverzekeringstellingEindigtOp',
        code: 'BUITEN_BEREIK',
        melding: 'Een inverzekeringstelling duurt niet langer dan enkele dagen; controleer het tijdstip.',
      });
    }
    invoer.personen.forEach((p, i) => {
      if (!p.bsn && !(p.achternaam?.trim() && p.geboortedatum)) {
        fouten.push({
          veld: `personen[${i}]`,
          code: 'PERSOON_ONVOLLEDIG',
          melding: 'Geef een BSN, of achternaam en geboortedatum.',
        });
      }
    });
    if (fouten.length) throw ongeldigeInvoer(fouten);
    const { uren } = instellingen(ctx);
    const antwoordVoor = new Date(Math.min(nu.getTime() + uren * 3600_000, eind.getTime()));

    // Scope: the asked VT organisation (to match persons) and the requester (to write its rows). The matching is the
    // only read of VT data in this transaction, and its result goes to VT's side of the request, never to the requester.
    const nieuw: TePlannen[] = [];
    const view = await inKetenScope(ctx, { vtOrganisatie: invoer.vtOrganisatie, partner: org.code }, async (tx) => {
      const v = tx.create(ZsmVerzoekEntity, {
        vtOrganisatie: invoer.vtOrganisatie,
        aanvrager: org.code,
        ingediendDoor: ctx.actor.sub,
        ingediendOp: nu,
        parketnummer: invoer.parketnummer ?? null,
        reden: invoer.reden.trim(),
        inverzekeringstellingEindigtOp: eind,
        antwoordVoor,
      });
      let volgorde = 0;
      for (const p of invoer.personen) {
        tx.create(ZsmVerzoekPersoonEntity, {
          verzoekId: v.id,
          vtOrganisatie: invoer.vtOrganisatie,
          aanvrager: org.code,
          volgorde: volgorde++,
          bsn: p.bsn ?? null,
          voornamen: p.voornamen?.trim() || null,
          achternaam: p.achternaam?.trim() || null,
          geboortedatum: p.geboortedatum ?? null,
          // Ambiguous stays unlinked here; VT resolves it when answering (it must not leak to the requester).
          persoonId: await gekoppeld(tx, invoer.vtOrganisatie, p),
        });
      }
      // VT's answer is a termijn of the asked region: due at antwoordVoor, escalated to its teamleider when missed.
      // No casus and nobody assigned yet: the reminder goes to the teamleider as well.
      nieuw.push(
        termijnService.open(tx, ctx.termijnRegels, {
          vtOrganisatie: invoer.vtOrganisatie,
          casusId: null,
          object: { zsmVerzoekId: v.id },
          soort: TermijnSoort.ZSM_ANTWOORD,
          tijdstip: { van: nu, tot: antwoordVoor },
          verantwoordelijke: null,
        }),
      );
      await tx.flush();
      const [uit] = await views(ctx, tx, [v]);
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ZSM_VERZOEK_INDIENEN',
        actie: 'C',
        vtOrganisatie: invoer.vtOrganisatie,
        objectType: 'ZsmVerzoek',
        objectId: v.id,
        persoonIds: uit.persoonIds,
        velden: [
          'personen',
          'reden',
          'inverzekeringstellingEindigtOp',
          ...(invoer.parketnummer ? ['parketnummer'] : []),
        ],
        grondslag: ZSM_GRONDSLAG,
      });
      return uit;
    });
    await planNaCommit(ctx, nieuw);
    ctx.log.info({ verzoekId: view.id, regio: view.vtOrganisatie, antwoordVoor }, 'ZSM-verzoek ingediend');
    auditLezen(ctx, view, velden);
    return view;
  },

  async beantwoorden(ctx: RequestContext, invoer: ZsmAntwoordInvoer, velden: string[]): Promise<ZsmVerzoekView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(invoer.verzoekId)) throw nietGevonden('Het ZSM-verzoek');
    const { set } = instellingen(ctx);
    const inSet = new Set(set);
    const nu = ctx.clock.now();
    const view = await inKetenScope(ctx, { vtOrganisatie: regio }, async (tx) => {
      const v = await tx.findOne(
        ZsmVerzoekEntity,
        { id: invoer.verzoekId, vtOrganisatie: regio },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!v) throw nietGevonden('Het ZSM-verzoek');
      controleerStap(zsmProces, zsmStatus(v, nu), 'BEANTWOORDEN', ctx.actor.rol);
      const personen = await tx.find(ZsmVerzoekPersoonEntity, { verzoekId: v.id }, { orderBy: { volgorde: 'asc' } });
      const fouten: VeldFout[] = [];
      invoer.personen.forEach((a, i) => {
        if (!personen.some((p) => p.id === a.zsmPersoonId)) {
          fouten.push({
            veld: `personen[${i}].zsmPersoonId`,
            code: 'ONBEKENDE_PERSOON',
            melding: 'Noem een persoon uit dit verzoek (ZsmPersoon.id).',
          });
        }
        if (a.relevanteInformatie && !inSet.has('relevanteInformatie')) {
          fouten.push({
            veld: `personen[${i}].relevanteInformatie`,
            code: 'NIET_IN_GEGEVENSSET',
            melding: 'Vrije tekst hoort niet bij de afgesproken ZSM-gegevensset van deze installatie.',
          });
        }
      });
      if (fouten.length) throw ongeldigeInvoer(fouten);
      // Link every person before changing anything: a person VT names must match the request; when several persons
      // match and VT names none, the answer is refused rather than "niet bekend" (the person may well be known).
      for (const p of personen) {
        const i = invoer.personen.findIndex((a) => a.zsmPersoonId === p.id);
        const gekozen = i >= 0 ? invoer.personen[i].persoonId : undefined;
        if (gekozen) {
          if (p.persoonId && p.persoonId !== gekozen) {
            fouten.push({
              veld: `personen[${i}].persoonId`,
              code: 'PERSOON_AL_GEKOPPELD',
              melding: `Persoon ${p.volgorde + 1} van het verzoek is al op BSN of naam en geboortedatum gekoppeld; laat persoonId weg.`,
            });
          } else if (!isUuid(gekozen) || (await kandidaten(tx, regio, p, 1, gekozen)).length === 0) {
            fouten.push({
              veld: `personen[${i}].persoonId`,
              code: 'PERSOON_PAST_NIET',
              melding: `Kies een persoon van uw regio die past bij persoon ${p.volgorde + 1} van het verzoek.`,
            });
          } else {
            p.persoonId = gekozen;
          }
          continue;
        }
        if (p.persoonId) continue;
        const { id, meerdere } = await zoekPersoon(tx, regio, p);
        if (meerdere) {
          fouten.push({
            veld: `verzoek.personen[${p.volgorde}]`,
            code: 'MEERDERE_PERSONEN',
            melding: `Meerdere personen van uw regio passen bij persoon ${p.volgorde + 1} van het verzoek (ZsmPersoon.id ${p.id}); kies de persoon met personen[].persoonId.`,
          });
        } else {
          p.persoonId = id;
        }
      }
      if (fouten.length) throw ongeldigeInvoer(fouten);
      // A person of a restricted casus (src/rechten): VT shares nothing about them, not even "known" (AVG art. 18).
      if ((await beperktePersonen(tx, personen)).size > 0) {
        throw procesFout(
          'VERWERKING_BEPERKT',
          'Over een persoon van dit verzoek is de verwerking beperkt (verzoek van een betrokkene): Veilig Thuis verstrekt niets via ZSM. Overleg met de privacy officer.',
        );
      }
      const conn = tx.getConnection();
      for (const p of personen) {
        p.bekendBijVt = Boolean(p.persoonId);
        if (p.persoonId) {
          const [open] = await conn.execute<{ id: string; fase: string }[]>(
            `select c.id, c.fase from casus c join casus_persoon cp on cp.casus_id = c.id
              where cp.persoon_id = ? and c.vt_organisatie = ? and c.fase <> 'AFGESLOTEN' order by c.geopend_op desc limit 1`,
            [p.persoonId, regio],
            'all',
            tx.getTransactionContext(),
          );
          p.lopendeCasus = Boolean(open);
          p.fase = open && inSet.has('fase') ? open.fase : null;
          if (inSet.has('veiligheidsafspraken')) {
            const [r] = open
              ? await conn.execute<{ n: number }[]>(
                  `select count(*)::int as n from veiligheidsafspraak where casus_id = ?`,
                  [open.id],
                  'all',
                  tx.getTransactionContext(),
                )
              : [{ n: 0 }];
            p.veiligheidsafspraken = r.n > 0;
          }
        } else {
          p.lopendeCasus = false;
        }
        const tekst = invoer.personen.find((a) => a.zsmPersoonId === p.id)?.relevanteInformatie?.trim();
        p.relevanteInformatie = tekst || null;
      }
      v.beantwoordOp = nu;
      v.beantwoordDoor = ctx.actor.sub;
      await termijnService.sluitVoor(tx, { zsmVerzoekId: v.id }, TermijnStatus.VOLDAAN, nu);
      if (inSet.has('contactpersoon')) {
        v.contactpersoonNaam = invoer.contactpersoonNaam?.trim() || ctx.actor.naam || ctx.actor.sub;
        v.contactpersoonTelefoon = invoer.contactpersoonTelefoon ?? null;
      }
      v.gebeurtenisId = await schrijfGebeurtenis(tx, {
        ontvanger: v.aanvrager,
        type: GebeurtenisType.ZSM_VERZOEK_BEANTWOORD,
        objectType: 'ZsmVerzoek',
        objectId: v.id,
        vtOrganisatie: regio,
        casusId: null,
        op: nu,
      });
      await tx.flush();
      const [uit] = await views(ctx, tx, [v]);
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ZSM_VERZOEK_BEANTWOORDEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'ZsmVerzoek',
        objectId: v.id,
        persoonIds: uit.persoonIds,
        velden: uit.gegevensset,
        grondslag: ZSM_GRONDSLAG,
      });
      return uit;
    });
    auditLezen(ctx, view, velden);
    return view;
  },
};
