import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import { casusToegangSql, leestHeleRegio } from '../beleid/casustoegang.sql';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { GegevenscorrectieEntity, type RechtenverzoekEntity } from './rechten.entity';
import { rechtenProces, RechtenverzoekSoort, type RechtenverzoekStatus } from './rechten.proces';
import { auditWijziging, auditVerzoekLezen, isBeperkt, laadVerzoek, RECHTEN_GRONDSLAG } from './rechten.service';
import {
  CorrectieSoort,
  CorrigeerbaarVeld,
  type GegevensCorrigerenInvoer,
  GegevenscorrectieView,
  RechtenverzoekView,
  Verzoeker,
} from './rechten.types';

/** Which kind of request allows which kind of correction. */
const TOEGESTAAN: Record<CorrectieSoort, readonly string[]> = {
  [CorrectieSoort.VERBETERING]: [RechtenverzoekSoort.VERBETEREN],
  [CorrectieSoort.ZIENSWIJZE]: [RechtenverzoekSoort.AANVULLEN, RechtenverzoekSoort.VERBETEREN],
};

/** The column of each correctable field (never a name from the request). */
const KOLOM: Record<CorrigeerbaarVeld, string> = {
  voornamen: 'voornamen',
  achternaam: 'achternaam',
  geboortedatum: 'geboortedatum',
  straat: 'straat',
  huisnummer: 'huisnummer',
  postcode: 'postcode',
  woonplaats: 'woonplaats',
  telefoon: 'telefoon',
  email: 'email',
  omschrijving: 'omschrijving',
};

/** The object a correction is about: the requester's own persoon, or a melding of the casus that concerns them. */
async function doelVan(
  tx: EntityManager,
  v: RechtenverzoekEntity,
  invoer: GegevensCorrigerenInvoer,
): Promise<{
  objectType: 'PERSOON' | 'MELDING';
  objectId: string;
  tabel: 'persoon' | 'melding';
  huidig: string | null;
}> {
  const conn = tx.getConnection();
  const tc: unknown = tx.getTransactionContext();
  if (invoer.veld === CorrigeerbaarVeld.OMSCHRIJVING) {
    const meldingId = invoer.meldingId ?? '';
    // The melder: their own melding only; a betrokkene: a melding of the casus in which they are a betrokkene.
    const toegestaan =
      v.verzoeker === String(Verzoeker.MELDER)
        ? meldingId === v.meldingId
        : isUuid(meldingId) &&
          (
            await conn.execute<{ n: number }[]>(
              `select count(*)::int as n from betrokkene b join melding m on m.id = b.melding_id
                where m.id = ? and m.casus_id = ? and b.persoon_id = ?`,
              [meldingId, v.casusId, v.persoonId],
              'all',
              tc,
            )
          )[0].n > 0;
    if (!invoer.meldingId) {
      throw ongeldigeInvoer([
        {
          veld: 'meldingId',
          code: 'VERPLICHT',
          melding: 'Geef bij de omschrijving de melding die de verzoeker betreft.',
        },
      ]);
    }
    // A melding that does not concern the requester is, for this request, not there (like any foreign id).
    if (!toegestaan) throw nietGevonden('Melding');
    const [m] = await conn.execute<{ t: string }[]>(
      `select omschrijving as t from melding where id = ?`,
      [meldingId],
      'all',
      tc,
    );
    return { objectType: 'MELDING', objectId: meldingId, tabel: 'melding', huidig: m?.t ?? null };
  }
  if (v.verzoeker !== String(Verzoeker.BETROKKENE) || !v.persoonId) {
    throw ongeldigeInvoer([
      {
        veld: 'veld',
        code: 'ALLEEN_MELDING',
        melding: 'Een melder kan alleen de tekst van de eigen melding laten aanvullen of verbeteren.',
      },
    ]);
  }
  const kolom = KOLOM[invoer.veld];
  const [p] = await conn.execute<{ t: string | null }[]>(
    `select ${kolom}::text as t from persoon where id = ?`,
    [v.persoonId],
    'all',
    tc,
  );
  return { objectType: 'PERSOON', objectId: v.persoonId, tabel: 'persoon', huidig: p?.t ?? null };
}

/**
 * Aanvullen and verbeteren with history (DOMAIN.md §4.3). A VERBETERING replaces VT's text and keeps the original in
 * the history; a ZIENSWIJZE stores the person's own view beside VT's unchanged text. Both record who and why, on a
 * granted request of the right kind; reads show the current text, the history is `gegevenscorrecties`.
 */
export const correctieService = {
  async corrigeren(
    ctx: RequestContext,
    invoer: GegevensCorrigerenInvoer,
    velden: string[],
  ): Promise<RechtenverzoekView> {
    const regio = vtRegioVan(ctx);
    const nu = ctx.clock.now();
    const view = await inRegio(ctx, regio, async (tx) => {
      const v = await laadVerzoek(ctx, tx, invoer.verzoekId);
      controleerStap(rechtenProces, v.status as RechtenverzoekStatus, 'UITVOEREN', ctx.actor.rol);
      if (!TOEGESTAAN[invoer.soort].includes(v.soort)) {
        throw ongeldigeInvoer([
          {
            veld: 'soort',
            code: 'SOORT_PAST_NIET',
            melding:
              'Een verbetering hoort bij een verzoek tot verbeteren; een zienswijze bij aanvullen of verbeteren.',
          },
        ]);
      }
      const tekst = invoer.tekst.trim();
      const reden = invoer.reden.trim();
      if (!tekst || !reden) {
        throw ongeldigeInvoer([
          { veld: tekst ? 'reden' : 'tekst', code: 'LEEG', melding: 'Vul de tekst en de reden in.' },
        ]);
      }
      if (
        invoer.veld === CorrigeerbaarVeld.GEBOORTEDATUM &&
        invoer.soort === CorrectieSoort.VERBETERING &&
        !/^\d{4}-\d{2}-\d{2}$/.test(tekst)
      ) {
        throw ongeldigeInvoer([
          { veld: 'tekst', code: 'GEEN_DATUM', melding: 'Geef de geboortedatum als JJJJ-MM-DD.' },
        ]);
      }
      const doel = await doelVan(tx, v, invoer);
      const verbetering = invoer.soort === CorrectieSoort.VERBETERING;
      tx.create(GegevenscorrectieEntity, {
        vtOrganisatie: regio,
        casusId: v.casusId,
        verzoekId: v.id,
        soort: invoer.soort,
        objectType: doel.objectType,
        objectId: doel.objectId,
        veld: invoer.veld,
        origineel: doel.huidig,
        correctie: verbetering ? tekst : null,
        zienswijze: verbetering ? null : tekst,
        reden,
        door: ctx.actor.sub,
        op: nu,
      });
      await tx.flush();
      if (verbetering) {
        await tx
          .getConnection()
          .execute(
            `update ${doel.tabel} set ${KOLOM[invoer.veld]} = ? where id = ? and vt_organisatie = ?`,
            [tekst, doel.objectId, regio],
            'run',
            tx.getTransactionContext(),
          );
      }
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: verbetering ? 'GEGEVENS_VERBETEREN' : 'ZIENSWIJZE_TOEVOEGEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: doel.objectType === 'PERSOON' ? 'Persoon' : 'Melding',
        objectId: doel.objectId,
        persoonIds: v.persoonId ? [v.persoonId] : [],
        velden: [invoer.veld],
        grondslag: RECHTEN_GRONDSLAG,
      });
      await auditWijziging(ctx, tx, v, 'RECHTENVERZOEK_UITVOEREN', ['gegevenscorrectie']);
      return RechtenverzoekView.van(v, await isBeperkt(tx, v.casusId));
    });
    auditVerzoekLezen(ctx, view, velden);
    return view;
  },

  /**
   * The history of corrections and own views on one object (a persoon or a melding): for the privacy officer of the
   * region, and for VT staff who may read its casus (need-to-know; a restricted casus: its behandelaar).
   */
  async historie(ctx: RequestContext, objectId: string): Promise<GegevenscorrectieView[]> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(objectId)) return [];
    const views = await inRegio(ctx, regio, async (tx) => {
      const po = ctx.actor.rol === 'PRIVACY_OFFICER';
      const toegang = po ? { sql: 'true', params: [] } : casusToegangSql(ctx, 'casus_id', 'g');
      if (!po && !leestHeleRegio(ctx) && ctx.actor.rol !== 'VT_MEDEWERKER') return [];
      const rijen = await tx
        .getConnection()
        .execute<{ id: string }[]>(
          `select g.id from gegevenscorrectie g where g.object_id = ? and g.vt_organisatie = ? and ${toegang.sql} order by g.op, g.id`,
          [objectId, regio, ...toegang.params],
          'all',
          tx.getTransactionContext(),
        );
      const ents = await tx.find(
        GegevenscorrectieEntity,
        { id: { $in: rijen.map((r) => r.id) } },
        { orderBy: { op: 'asc', id: 'asc' } },
      );
      return ents.map((e) => GegevenscorrectieView.van(e));
    });
    for (const v of views) {
      ctx.audit.lees({
        gebeurtenis: 'GEGEVENSCORRECTIE_INZIEN',
        actie: 'R',
        vtOrganisatie: regio,
        objectType: 'Gegevenscorrectie',
        objectId: v.id,
        velden: ['origineel', 'correctie', 'zienswijze', 'reden'],
        ...(ctx.actor.rol === 'PRIVACY_OFFICER' ? { grondslag: RECHTEN_GRONDSLAG } : {}),
      });
    }
    return views;
  },
};
