import type { EntityManager } from '@mikro-orm/postgresql';

import { casusToegangFilter, markeerCasusToegang, nietToegankelijk, noodAudit } from '../beleid/casustoegang.sql';
import { registreerMeldingInTransactie } from '../casussen/casus.intake';
import { isUuid, type RequestContext, vtRegioVan } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursor } from '../lib/graphql/paginering';
import { inRegio } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { HoedanigheidMelder, OrganisatieMelder } from '../meldingen/cbs-categorieen';
import type { MeldingInvoer } from '../meldingen/melding.inputs';
import { MeldingEntity } from '../meldingen/melding.entity';
import { controleerMelding, meldingService } from '../meldingen/melding.service';
import type { MeldingView } from '../meldingen/melding.types';
import { planNaCommit } from '../termijnen/termijn.service';
import { AdviesEntity } from './advies.entity';
import { adviesProces } from './advies.proces';
import type { AdviesConnection, AdviesInvoer } from './advies.types';
import { AdviesView } from './advies.types';


/**
 * The views of adviezen; one turned into a melding carries the need-to-know data of that melding's casus (its text is
 * then part of that casus' content, and a medewerker reads it only where they may read the casus).
 */
async function viewsMetToegang(tx: EntityManager, ctx: RequestContext, rijen: AdviesEntity[]): Promise<AdviesView[]> {
  const meldingIds = rijen.map((a) => a.meldingId).filter((m): m is string => Boolean(m));
  const casusVan = new Map(meldingIds.length ? (await tx.find(MeldingEntity, { id: { $in: meldingIds } }, { fields: ['id', 'casusId'] })).map((m) => [m.id, m.casusId ?? null]) : []);
  const views = rijen.map((a) => Object.assign(AdviesView.van(a), { casusId: a.meldingId ? (casusVan.get(a.meldingId) ?? null) : null }));
  return markeerCasusToegang(tx, ctx, views);
}

function auditLezen(ctx: RequestContext, a: AdviesView, velden: string[]): void {
  ctx.audit.lees({ gebeurtenis: 'ADVIES_INZIEN', actie: 'R', vtOrganisatie: a.vtOrganisatie, objectType: 'Advies', objectId: a.id, velden, ...noodAudit(ctx, a.casusToegang) });
}

/**
 * Adviezen: registered, closed, or converted into a melding (by the adviesvrager, or ambtshalve by VT).
 * An advies holds no identified persons but its text is case content: reads are audited, RLS applies.
 */
export const adviesService = {
  async registreer(ctx: RequestContext, invoer: AdviesInvoer): Promise<AdviesView> {
    const regio = vtRegioVan(ctx);
    const nu = ctx.clock.now();
    const fouten: VeldFout[] = [];
    if (invoer.ontvangenOp.getTime() > nu.getTime() + 5 * 60_000) fouten.push({ veld: 'ontvangenOp', code: 'DATUM_IN_TOEKOMST', melding: 'Een advies kan niet in de toekomst ontvangen zijn.' });
    if (invoer.ontvangenOp < new Date('2015-01-01T00:00:00Z')) fouten.push({ veld: 'ontvangenOp', code: 'ONMOGELIJKE_DATUM', melding: 'Veilig Thuis bestaat sinds 1 januari 2015; controleer de datum.' });
    const beroeps = invoer.hoedanigheidAdviesvrager === HoedanigheidMelder.BEROEPSMATIG;
    if (beroeps === (invoer.organisatieAdviesvrager === OrganisatieMelder.NIET_VAN_TOEPASSING)) {
      fouten.push({ veld: 'organisatieAdviesvrager', code: 'ONVERENIGBAAR', melding: 'Een beroepsmatige adviesvrager heeft een organisatiesoort; een niet-beroepsmatige NIET_VAN_TOEPASSING.' });
    }
    if (!invoer.omschrijving.trim()) fouten.push({ veld: 'omschrijving', code: 'LEEG', melding: 'Beschrijf de adviesvraag.' });
    if (fouten.length) throw ongeldigeInvoer(fouten);
    const status = controleerStap(adviesProces, null, 'REGISTREREN', ctx.actor.rol);
    const view = await inRegio(ctx, regio, async (tx) => {
      const a = tx.create(AdviesEntity, {
        vtOrganisatie: regio,
        ontvangenOp: invoer.ontvangenOp,
        kanaal: invoer.kanaal,
        hoedanigheidAdviesvrager: invoer.hoedanigheidAdviesvrager,
        organisatieAdviesvrager: invoer.organisatieAdviesvrager,
        aardGeweld: invoer.aardGeweld,
        omschrijving: invoer.omschrijving,
        clientAnoniem: invoer.clientAnoniem,
        gemeente: invoer.gemeente ?? null,
        status,
        geregistreerdDoor: ctx.actor.sub,
        geregistreerdOp: nu,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, { gebeurtenis: 'ADVIES_REGISTREREN', actie: 'C', vtOrganisatie: regio, objectType: 'Advies', objectId: a.id, velden: Object.keys(invoer) });
      return AdviesView.van(a);
    });
    return view;
  },

  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<AdviesView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('Het advies');
    const [v] = await inRegio(ctx, regio, async (tx) => {
      const a = await tx.findOne(AdviesEntity, { id, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'melding_id') });
      if (!a) throw await nietToegankelijk(tx, 'advies', id, regio, 'Het advies');
      return viewsMetToegang(tx, ctx, [a]);
    });
    auditLezen(ctx, v, velden);
    return v;
  },

  async lijst(ctx: RequestContext, eerste: number, na: string | undefined, velden: string[]): Promise<AdviesConnection> {
    const regio = vtRegioVan(ctx);
    controleerPaginagrootte(eerste);
    const where = { vtOrganisatie: regio, ...naCursor('ontvangenOp', na), ...casusToegangFilter(ctx, 'melding_id') };
    const views = await inRegio(ctx, regio, async (tx) => viewsMetToegang(tx, ctx, await tx.find(AdviesEntity, where, { orderBy: { ontvangenOp: 'desc', id: 'desc' }, limit: eerste + 1 })));
    for (const a of views.slice(0, eerste)) auditLezen(ctx, a, velden);
    return alsConnection(views, eerste, (a) => a.ontvangenOp);
  },

  async afronden(ctx: RequestContext, id: string): Promise<AdviesView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('Het advies');
    return inRegio(ctx, regio, async (tx) => {
      const a = await tx.findOne(AdviesEntity, { id, vtOrganisatie: regio });
      if (!a) throw nietGevonden('Het advies');
      a.status = controleerStap(adviesProces, a.status, 'AFRONDEN', ctx.actor.rol);
      a.afgerondOp = ctx.clock.now();
      await tx.flush();
      await ctx.audit.inTransactie(tx, { gebeurtenis: 'ADVIES_AFRONDEN', actie: 'U', vtOrganisatie: regio, objectType: 'Advies', objectId: a.id, velden: ['status'] });
      return AdviesView.van(a);
    });
  },

  /**
   * Converts an open advies into a melding in one transaction: the adviesvrager becomes the melder, or VT makes an
   * ambtshalve melding. The melding goes through every check of a normal registration and gets its casus and termijn.
   */
  async omzetten(ctx: RequestContext, adviesId: string, invoer: MeldingInvoer, ambtshalve: boolean, velden: string[]): Promise<MeldingView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(adviesId)) throw nietGevonden('Het advies');
    controleerMelding(invoer, ctx.clock.now());
    const { id, nieuw } = await inRegio(ctx, regio, async (tx) => {
      const a = await tx.findOne(AdviesEntity, { id: adviesId, vtOrganisatie: regio });
      if (!a) throw nietGevonden('Het advies');
      const naar = controleerStap(adviesProces, a.status, 'OMZETTEN', ctx.actor.rol);
      const r = await registreerMeldingInTransactie(ctx, tx, regio, invoer, { ambtshalve, adviesId: a.id });
      a.status = naar;
      a.meldingId = r.id;
      a.afgerondOp = ctx.clock.now();
      await tx.flush();
      await ctx.audit.inTransactie(tx, { gebeurtenis: 'ADVIES_OMZETTEN', actie: 'U', vtOrganisatie: regio, objectType: 'Advies', objectId: a.id, velden: ['status', 'meldingId'] });
      return r;
    });
    await planNaCommit(ctx, nieuw);
    return meldingService.leesVoorRegistrant(ctx, id, invoer, velden);
  },
};
