import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { casusToegangFilter, nietToegankelijk } from '../beleid/casustoegang.sql';
import { laadCasusVoor } from '../casussen/casus-toegang';
import { CasusPersoonEntity, VerzoekTotOnderzoekEntity } from '../casussen/casus.entity';
import { procesFout } from '../casussen/casus.stap';
import { CasusFase } from '../casussen/proces';
import { schrijfGebeurtenis, GebeurtenisType } from '../gebeurtenissen/outbox';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { OrganisatieEntity } from '../organisaties/organisatie.entity';
import { type TermijnEntity, TermijnSoort } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService } from '../termijnen/termijn.service';
import { OverdrachtEntity } from './overdracht.entity';
import { informeerCollege } from './overdracht.gemeente';
import { controleerIntrekking, trekIn } from './overdracht.intrekken';
import {
  type IntrekkingReden,
  LOPEND,
  OPEN_AANBOD,
  OverdrachtSoort,
  OverdrachtStatus,
  SOORT_REGELS,
} from './overdracht.model';
import type { OverdrachtAanbiedenInvoer, OverdrachtView } from './overdracht.types';
import { auditLees, auditStap, vtView } from './overdracht.views';

/**
 * VT's side of the warme overdracht: offering a casus (or part of it) to a partner with a legal basis and a response
 * termijn, and withdrawing the offer or the running handover. The partner's answers are in
 * overdracht-partner.service.ts; expiry and the system's withdrawals in overdracht-einde.service.ts.
 */

/** The casus fasen from which VT may hand over to a wijkteam or GI. */
const OVERDRAAGBAAR: readonly CasusFase[] = [
  CasusFase.OVERDRACHT,
  CasusFase.VOORWAARDEN_EN_VERVOLG,
  CasusFase.ONDERZOEK,
  CasusFase.MONITORING,
];

async function organisatie(tx: EntityManager, code: string): Promise<OrganisatieEntity | null> {
  return tx.findOne(OrganisatieEntity, { code });
}

export const overdrachtAanbodService = {
  async aanbieden(ctx: RequestContext, invoer: OverdrachtAanbiedenInvoer, velden: string[]): Promise<OverdrachtView> {
    const regio = vtRegioVan(ctx);
    const fouten: VeldFout[] = [];
    if (!isUuid(invoer.casusId)) throw nietGevonden('De casus');
    invoer.persoonIds.forEach((p, i) => {
      if (!isUuid(p)) {
        fouten.push({ veld: `persoonIds[${i}]`, code: 'ONGELDIG_ID', melding: 'Geef persoon-ids van de casus.' });
      }
    });
    const regels = SOORT_REGELS[invoer.soort];
    if (!regels.grondslagen.includes(invoer.grondslag)) {
      fouten.push({
        veld: 'grondslag',
        code: 'GRONDSLAG_PAST_NIET',
        melding: `Voor ${invoer.soort} past als grondslag: ${regels.grondslagen.join(', ')}.`,
      });
    }
    const vto = invoer.soort === OverdrachtSoort.VERZOEK_TOT_ONDERZOEK;
    if (vto && !invoer.gemeente) {
      fouten.push({
        veld: 'gemeente',
        code: 'VERPLICHT',
        melding: 'Bij een Verzoek tot Onderzoek wordt het college geïnformeerd: geef de gemeente.',
      });
    }
    if (!vto && invoer.gemeente) {
      fouten.push({
        veld: 'gemeente',
        code: 'NIET_TOEGESTAAN',
        melding: 'Alleen bij een Verzoek tot Onderzoek wordt een gemeente geïnformeerd.',
      });
    }
    if (!invoer.toelichting.trim()) {
      fouten.push({
        veld: 'toelichting',
        code: 'LEEG',
        melding: 'Geef de partner de context en de afspraken over het veiligheids- en herstelplan.',
      });
    }
    if (fouten.length) throw ongeldigeInvoer(fouten);

    const nieuw: TermijnEntity[] = [];
    const view = await inRegio(ctx, regio, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId, true);
      const ontvanger = await organisatie(tx, invoer.ontvanger);
      if (
        !ontvanger ||
        !ontvanger.actief ||
        !regels.ontvanger.includes(ontvanger.soort) ||
        !ontvanger.regioCodes.includes(regio)
      ) {
        fouten.push({
          veld: 'ontvanger',
          code: 'ONTVANGER_PAST_NIET',
          melding: `Een ${invoer.soort} gaat naar een actieve organisatie van soort ${regels.ontvanger.join(' of ')} die met ${regio} samenwerkt.`,
        });
      }
      if (invoer.gemeente) {
        const g = await organisatie(tx, invoer.gemeente);
        if (!g || g.soort !== 'GEMEENTE' || !g.regioCodes.includes(regio)) {
          fouten.push({
            veld: 'gemeente',
            code: 'GEEN_GEMEENTE_VAN_REGIO',
            melding: `Geef een gemeente die met ${regio} samenwerkt.`,
          });
        }
      }
      const leden = new Set((await tx.find(CasusPersoonEntity, { casusId: casus.id })).map((cp) => cp.persoonId));
      invoer.persoonIds.forEach((p, i) => {
        if (!leden.has(p)) {
          fouten.push({
            veld: `persoonIds[${i}]`,
            code: 'GEEN_LID_VAN_CASUS',
            melding: 'Alleen personen van het huishouden van deze casus kunnen worden overgedragen.',
          });
        }
      });
      const verzoek = vto
        ? await tx.findOne(
            VerzoekTotOnderzoekEntity,
            { casusId: casus.id, besluit: null },
            { orderBy: { ingediendOp: 'desc' } },
          )
        : null;
      if (vto && verzoek) {
        for (const k of verzoek.kinderen) {
          if (!invoer.persoonIds.includes(k)) {
            fouten.push({
              veld: 'persoonIds',
              code: 'KINDEREN_ONTBREKEN',
              melding: 'Neem de kinderen van het Verzoek tot Onderzoek op in de overdracht.',
            });
          }
        }
      }
      if (fouten.length) throw ongeldigeInvoer(fouten);
      if (vto ? casus.fase !== CasusFase.VERZOEK_TOT_ONDERZOEK || !verzoek : !OVERDRAAGBAAR.includes(casus.fase)) {
        throw procesFout(
          'VERKEERDE_FASE',
          vto
            ? `Een Verzoek tot Onderzoek wordt aangeboden in de fase VERZOEK_TOT_ONDERZOEK met een verzoek zonder besluit; de casus is in ${casus.fase}.`
            : `Overdragen kan in de fasen ${OVERDRAAGBAAR.join(', ')}; de casus is in ${casus.fase}.`,
        );
      }
      const lopend = await tx.findOne(OverdrachtEntity, {
        casusId: casus.id,
        ontvanger: invoer.ontvanger,
        status: { $in: [...OPEN_AANBOD, ...LOPEND] },
      });
      if (lopend) {
        throw new GraphQLError(
          `Deze casus is al aan ${invoer.ontvanger} aangeboden of overgedragen (status ${lopend.status}).`,
          {
            extensions: { code: 'CONFLICT', reden: 'AL_AANGEBODEN', overdrachtId: lopend.id },
          },
        );
      }
      const nu = ctx.clock.now();
      const k = ctx.termijnRegels.kalender;
      const vandaag = k.lokaleDatum(nu);
      const verval = k.plusWerkdagen(vandaag, ctx.termijnRegels.overdrachtReactieWerkdagen[invoer.soort]);
      const o = tx.create(OverdrachtEntity, {
        vtOrganisatie: regio,
        casusId: casus.id,
        soort: invoer.soort,
        ontvanger: invoer.ontvanger,
        gemeente: invoer.gemeente ?? null,
        status: OverdrachtStatus.AANGEBODEN,
        persoonIds: invoer.persoonIds,
        metVeiligheidsafspraken: invoer.metVeiligheidsafspraken,
        toelichting: invoer.toelichting,
        grondslag: invoer.grondslag,
        grondslagToelichting: invoer.grondslagToelichting ?? null,
        aangebodenOp: nu,
        aangebodenDoor: ctx.actor.sub,
        reagerenVoor: k.eindeVanDag(verval),
        versie: 1,
      });
      nieuw.push(
        termijnService.open(tx, ctx.termijnRegels, {
          vtOrganisatie: regio,
          casusId: casus.id,
          overdrachtId: o.id,
          soort: TermijnSoort.OVERDRACHT_REACTIE,
          start: vandaag,
          vervaldatum: verval,
          verantwoordelijke: casus.verantwoordelijke ?? ctx.actor.sub,
        }),
      );
      await tx.flush();
      await schrijfGebeurtenis(tx, {
        ontvanger: o.ontvanger,
        type: GebeurtenisType.OVERDRACHT_AANGEBODEN,
        objectType: 'Overdracht',
        objectId: o.id,
        vtOrganisatie: regio,
        casusId: casus.id,
        op: nu,
      });
      if (vto && verzoek && invoer.gemeente) await informeerCollege(tx, o, invoer.gemeente, verzoek, nu);
      await auditStap(ctx, tx, o, 'OVERDRACHT_AANBIEDEN', Object.keys(invoer));
      return vtView(tx, ctx, o);
    });
    await planNaCommit(ctx, nieuw);
    auditLees(ctx, view, velden);
    return view;
  },

  async intrekken(
    ctx: RequestContext,
    id: string,
    reden: IntrekkingReden,
    toelichting: string | null,
    velden: string[],
  ): Promise<OverdrachtView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('De overdracht');
    controleerIntrekking(reden, toelichting);
    const view = await inRegio(ctx, regio, async (tx) => {
      const o = await tx.findOne(
        OverdrachtEntity,
        { id, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!o) throw await nietToegankelijk(tx, 'overdracht', id, regio, 'De overdracht');
      const nu = ctx.clock.now();
      await trekIn(tx, o, 'VT', nu, reden, toelichting);
      await tx.flush();
      await auditStap(ctx, tx, o, 'OVERDRACHT_INTREKKEN', [
        'status',
        'intrekkingReden',
        ...(o.intrekkingToelichting ? ['intrekkingToelichting'] : []),
      ]);
      return vtView(tx, ctx, o);
    });
    auditLees(ctx, view, velden);
    return view;
  },
};
