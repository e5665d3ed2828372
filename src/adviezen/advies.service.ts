import type { EntityManager } from '@mikro-orm/postgresql';

import {
  casusToegangFilter,
  casusToegangJsonSql,
  casusToegangSql,
  casusToegangUitJson,
  markeerCasusToegang,
  nietToegankelijk,
  noodAudit,
} from '../beleid/casustoegang.sql';
import { registreerMeldingInTransactie } from '../casussen/casus.intake';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursor, naCursorSql } from '../lib/graphql/paginering';
import { entiteitVorm, leesRijen } from '../lib/lezen';
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
 * The adviezen of `regio` the caller may read (one by id, or a page after cursor `na`), newest first, each with the casus
 * of its melding and that casus' need-to-know data: by default from one SQL statement without managed entities;
 * LEESPAD=entiteiten loads entities.
 */
async function lezen(
  ctx: RequestContext,
  tx: EntityManager,
  w: { regio: string; id?: string; na?: string },
  limiet: number,
): Promise<AdviesView[]> {
  if (ctx.config.leespad === 'entiteiten') {
    const where = {
      vtOrganisatie: w.regio,
      ...(w.id ? { id: w.id } : naCursor('ontvangenOp', w.na)),
      ...casusToegangFilter(ctx, 'melding_id'),
    };
    return markeerCasusToegang(
      tx,
      ctx,
      await viewsZonderToegang(
        tx,
        await tx.find(AdviesEntity, where, { orderBy: { ontvangenOp: 'desc', id: 'desc' }, limit: limiet }),
      ),
    );
  }
  const cursor = w.id ? { sql: 'a.id = ?', params: [w.id] } : naCursorSql('a.ontvangen_op', 'a.id', w.na);
  const toegang = casusToegangSql(ctx, 'melding_id', 'a');
  const nk = casusToegangJsonSql(ctx, 'm.casus_id');
  const rijen = await leesRijen<{
    advies: Record<string, unknown>;
    casus_id: string | null;
    nk: Parameters<typeof casusToegangUitJson>[1];
  }>(
    tx,
    `select to_jsonb(a) as advies, m.casus_id, ${nk.sql} as nk from advies a left join melding m on m.id = a.melding_id
      where a.vt_organisatie = ? and ${cursor.sql} and ${toegang.sql} order by a.ontvangen_op desc, a.id desc limit ?`,
    [...nk.params, w.regio, ...cursor.params, ...toegang.params, limiet],
  );
  return rijen.map((r) =>
    Object.assign(AdviesView.van(entiteitVorm(tx, AdviesEntity, r.advies)), {
      casusId: r.casus_id ?? null,
      casusToegang: casusToegangUitJson(ctx, r.nk),
    }),
  );
}

/**
 * The views of adviezen; one turned into a melding carries the need-to-know data of that melding's casus (its text is
 * then part of that casus' content, and a medewerker reads it only where they may read the casus).
 */
async function viewsZonderToegang(tx: EntityManager, rijen: AdviesEntity[]): Promise<AdviesView[]> {
  const meldingIds = rijen.map((a) => a.meldingId).filter((m): m is string => Boolean(m));
  const casusVan = new Map(
    meldingIds.length
      ? (await tx.find(MeldingEntity, { id: { $in: meldingIds } }, { fields: ['id', 'casusId'] })).map((m) => [
          m.id,
          m.casusId ?? null,
        ])
      : [],
  );
  return rijen.map((a) =>
    Object.assign(AdviesView.van(a), { casusId: a.meldingId ? (casusVan.get(a.meldingId) ?? null) : null }),
  );
}

function auditLezen(ctx: RequestContext, a: AdviesView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'ADVIES_INZIEN',
    actie: 'R',
    vtOrganisatie: a.vtOrganisatie,
    objectType: 'Advies',
    objectId: a.id,
    velden,
    ...noodAudit(ctx, a.casusToegang),
  });
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
    if (invoer.ontvangenOp.getTime() > nu.getTime() + 5 * 60_000) {
      fouten.push({
        veld: 'ontvangenOp',
        code: 'DATUM_IN_TOEKOMST',
        melding: 'Een advies kan niet in de toekomst ontvangen zijn.',
      });
    }
    if (invoer.ontvangenOp < new Date('2015-01-01T00:00:00Z')) {
      fouten.push({
        veld: 'ontvangenOp',
        code: 'ONMOGELIJKE_DATUM',
        melding: 'Veilig Thuis bestaat sinds 1 januari 2015; controleer de datum.',
      });
    }
    const beroeps = invoer.hoedanigheidAdviesvrager === HoedanigheidMelder.BEROEPSMATIG;
    const onbekend = invoer.hoedanigheidAdviesvrager === HoedanigheidMelder.ONBEKEND;
    if (
      onbekend
        ? invoer.organisatieAdviesvrager !== OrganisatieMelder.ONBEKEND &&
          invoer.organisatieAdviesvrager !== OrganisatieMelder.NIET_VAN_TOEPASSING
        : beroeps === (invoer.organisatieAdviesvrager === OrganisatieMelder.NIET_VAN_TOEPASSING)
    ) {
      fouten.push({
        veld: 'organisatieAdviesvrager',
        code: 'ONVERENIGBAAR',
        melding:
          'Een beroepsmatige adviesvrager heeft een organisatiesoort; een niet-beroepsmatige NIET_VAN_TOEPASSING.',
      });
    }
    if (!invoer.omschrijving.trim()) {
      fouten.push({ veld: 'omschrijving', code: 'LEEG', melding: 'Beschrijf de adviesvraag.' });
    }
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
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ADVIES_REGISTREREN',
        actie: 'C',
        vtOrganisatie: regio,
        objectType: 'Advies',
        objectId: a.id,
        velden: Object.keys(invoer),
      });
      return AdviesView.van(a);
    });
    return view;
  },

  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<AdviesView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('Het advies');
    const [v] = await inRegio(ctx, regio, async (tx) => {
      const lijst = await lezen(ctx, tx, { regio, id }, 1);
      if (!lijst[0]) throw await nietToegankelijk(tx, 'advies', id, regio, 'Het advies');
      return lijst;
    });
    auditLezen(ctx, v, velden);
    return v;
  },

  async lijst(
    ctx: RequestContext,
    eerste: number,
    na: string | undefined,
    velden: string[],
  ): Promise<AdviesConnection> {
    const regio = vtRegioVan(ctx);
    controleerPaginagrootte(eerste);
    const views = await inRegio(ctx, regio, (tx) => lezen(ctx, tx, { regio, na }, eerste + 1));
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
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ADVIES_AFRONDEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Advies',
        objectId: a.id,
        velden: ['status'],
      });
      return AdviesView.van(a);
    });
  },

  /**
   * Converts an open advies into a melding in one transaction: the adviesvrager becomes the melder, or VT makes an
   * ambtshalve melding. The melding goes through every check of a normal registration and gets its casus and termijn.
   */
  async omzetten(
    ctx: RequestContext,
    adviesId: string,
    invoer: MeldingInvoer,
    ambtshalve: boolean,
    velden: string[],
  ): Promise<MeldingView> {
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
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ADVIES_OMZETTEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Advies',
        objectId: a.id,
        velden: ['status', 'meldingId'],
      });
      return r;
    });
    await planNaCommit(ctx, nieuw);
    return meldingService.leesVoorRegistrant(ctx, id, invoer, velden);
  },
};
