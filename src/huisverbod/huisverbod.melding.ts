import { LockMode, type EntityManager } from '@mikro-orm/postgresql';

import { inzageVanAntwoord } from '../audit/inzage';
import { vtRegioVan } from '../auth/actor';
import { Rol } from '../auth/rollen';
import { casusToegangFilter } from '../beleid/casustoegang.sql';
import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, ongeldigeInvoer, procesFout, type VeldFout } from '../lib/errors';
import { alsConnection, controleerPaginagrootte, naCursor } from '../lib/graphql/paginering';
import { inKetenScope, type KetenScope } from '../lib/regio';
import { gemeenten } from '../organisaties/gemeenten';
import { type GemeldePersoon, HuisverbodEntity, HuisverbodMeldingEntity } from './huisverbod.entity';
import { controleerOpgelegdOp, isVt, plusKalenderdagen, THV_DAGEN, THV_GRONDSLAG } from './huisverbod.lezen';
import type {
  GemeldePersoonInvoer,
  HuisverbodMeldenInvoer,
  HuisverbodMeldingConnection,
} from './huisverbod-melding.types';
import { HuisverbodMeldingView } from './huisverbod-melding.types';

/**
 * The police report a tijdelijk huisverbod (issue 16, item 1; DOMAIN.md §2: "the police report it"): what the
 * burgemeester imposed, the persons as the police know them and the police's own reference, for the VT region that
 * serves the gemeente. VT registers it on a casus (huisverbodRegistreren with `meldingId`), which links the report; from
 * then on the police follow the huisverbod's status as today. The police see their own reports, VT those of its region.
 */

const isPolitie = (ctx: RequestContext): boolean =>
  ctx.actor.rol === Rol.POLITIE_MEDEWERKER && ctx.actor.organisatie.soort === 'POLITIE';

/** The scope of a read: VT its region; the police their own organisation. */
function scopeVan(ctx: RequestContext): KetenScope {
  if (isVt(ctx)) return { vtOrganisatie: vtRegioVan(ctx) };
  if (isPolitie(ctx)) return { partner: ctx.actor.organisatie.code };
  throw geenToegang();
}

/** A person named by BSN, or by surname and date of birth (as a ZSM request names them). */
function controleerPersoon(p: GemeldePersoonInvoer, veld: string, fouten: VeldFout[]): void {
  if (!p.bsn && !(p.achternaam?.trim() && p.geboortedatum)) {
    fouten.push({ veld, code: 'PERSOON_ONVOLLEDIG', melding: 'Geef een BSN, of achternaam en geboortedatum.' });
  }
}

const alsGemeld = (p: GemeldePersoonInvoer): GemeldePersoon => ({
  bsn: p.bsn ?? null,
  voornamen: p.voornamen?.trim() || null,
  achternaam: p.achternaam?.trim() || null,
  geboortedatum: p.geboortedatum ?? null,
});

/**
 * The VT region of a gemeente: the one the CBS list names for its code, if the gemeente works with it, else its only
 * region. Null when it cannot be told (the gemeente works with several regions and has no CBS code).
 */
async function regioVanGemeente(ctx: RequestContext, code: string, fouten: VeldFout[]): Promise<string | null> {
  const [org] = await ctx.em
    .getConnection()
    .execute<{ soort: string; regio_codes: string[]; actief: boolean; cbs_code: string | null }[]>(
      `select soort, regio_codes, actief, cbs_code from organisatie where code = ?`,
      [code],
    );
  if (!org || !org.actief) {
    fouten.push({
      veld: 'gemeente',
      code: 'ORGANISATIE_ONBEKEND',
      melding: 'Deze gemeente is niet bekend of niet actief.',
    });
    return null;
  }
  if (org.soort !== 'GEMEENTE') {
    fouten.push({ veld: 'gemeente', code: 'GEEN_GEMEENTE', melding: 'Noem een organisatie van soort GEMEENTE.' });
    return null;
  }
  const volgensCbs = org.cbs_code ? gemeenten[org.cbs_code]?.vtRegio : undefined;
  const regio =
    volgensCbs && org.regio_codes.includes(volgensCbs)
      ? volgensCbs
      : org.regio_codes.length === 1
        ? org.regio_codes[0]
        : null;
  if (!regio) {
    fouten.push({
      veld: 'gemeente',
      code: 'GEEN_VT_REGIO',
      melding:
        'Van deze gemeente is niet bekend welke Veilig Thuis-regio haar bedient; neem contact op met functioneel beheer.',
    });
  }
  return regio;
}

/** The reader's id of the huisverbod a report was registered as: VT its own (if it may read the casus), the police theirs (never VT's). */
async function huisverbodIds(
  tx: EntityManager,
  ctx: RequestContext,
  rijen: readonly HuisverbodMeldingEntity[],
): Promise<Map<string, string>> {
  const ids = rijen.map((m) => m.huisverbodId).filter((x): x is string => !!x);
  if (!ids.length) return new Map();
  // VT: only a huisverbod whose casus the reader may read (need-to-know); the report itself is the region's.
  const h = await tx.find(
    HuisverbodEntity,
    isVt(ctx)
      ? { id: { $in: ids }, vtOrganisatie: vtRegioVan(ctx), ...casusToegangFilter(ctx, 'casus_id') }
      : { id: { $in: ids }, politie: ctx.actor.organisatie.code },
  );
  return new Map(h.map((x) => [x.id, isVt(ctx) ? x.id : x.politieId]));
}

/** The audit record of a read names what the reader received; the police's on the huisverbod's basis. */
function auditLezen(ctx: RequestContext, v: HuisverbodMeldingView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'HUISVERBOD_MELDING_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'HuisverbodMelding',
    objectId: v.id,
    grondslag: THV_GRONDSLAG,
    ...inzageVanAntwoord(v, velden),
  });
}

export const huisverbodMeldingService = {
  /** The police report a huisverbod the burgemeester imposed; VT of the gemeente's region sees it. */
  async melden(ctx: RequestContext, invoer: HuisverbodMeldenInvoer, velden: string[]): Promise<HuisverbodMeldingView> {
    if (!isPolitie(ctx)) throw geenToegang();
    const org = ctx.actor.organisatie;
    const nu = ctx.clock.now();
    const opgelegdTot = plusKalenderdagen(invoer.opgelegdOp, THV_DAGEN);
    const fouten: VeldFout[] = [];
    controleerOpgelegdOp(invoer.opgelegdOp, nu, fouten);
    for (const [veld, w] of [
      ['politieReferentie', invoer.politieReferentie],
      ['rihgReferentie', invoer.rihgReferentie],
    ] as const) {
      if (!w.trim()) fouten.push({ veld, code: 'LEEG', melding: 'Vul dit kenmerk in.' });
    }
    controleerPersoon(invoer.uithuisgeplaatste, 'uithuisgeplaatste', fouten);
    invoer.achterblijvers.forEach((p, i) => controleerPersoon(p, `achterblijvers[${i}]`, fouten));
    if (!invoer.achterblijvers.length) {
      fouten.push({ veld: 'achterblijvers', code: 'LEEG', melding: 'Noem wie in de woning blijven.' });
    }
    const regio = await regioVanGemeente(ctx, invoer.gemeente, fouten);
    if (regio && !org.regioCodes.includes(regio)) {
      fouten.push({
        veld: 'gemeente',
        code: 'NIET_IN_REGIO',
        melding: 'Uw organisatie werkt niet samen met de Veilig Thuis-regio van deze gemeente.',
      });
    }
    if (fouten.length || !regio) throw ongeldigeInvoer(fouten);

    const view = await inKetenScope(ctx, { partner: org.code }, async (tx) => {
      const referentie = invoer.politieReferentie.trim();
      const eerder = await tx.findOne(HuisverbodMeldingEntity, { politie: org.code, politieReferentie: referentie });
      if (eerder) {
        throw procesFout(
          'AL_GEMELD',
          'U meldde een huisverbod met dit kenmerk al; een herhaling na een time-out gaat met een idempotentieSleutel.',
          { meldingId: eerder.id },
          'CONFLICT',
        );
      }
      const m = tx.create(HuisverbodMeldingEntity, {
        vtOrganisatie: regio,
        politie: org.code,
        gemeente: invoer.gemeente,
        politieReferentie: referentie,
        beschikkingKenmerk: invoer.beschikkingKenmerk?.trim() || null,
        rihgReferentie: invoer.rihgReferentie.trim(),
        opgelegdOp: invoer.opgelegdOp,
        opgelegdTot,
        uithuisgeplaatste: alsGemeld(invoer.uithuisgeplaatste),
        achterblijvers: invoer.achterblijvers.map(alsGemeld),
        gemeldOp: nu,
        gemeldDoor: ctx.actor.sub,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'HUISVERBOD_MELDEN',
        actie: 'C',
        vtOrganisatie: regio,
        objectType: 'HuisverbodMelding',
        objectId: m.id,
        velden: Object.keys(invoer).filter((v) => (invoer as unknown as Record<string, unknown>)[v] != null),
        grondslag: THV_GRONDSLAG,
      });
      ctx.log.info({ meldingId: m.id, regio, politie: org.code }, 'tijdelijk huisverbod gemeld door de politie');
      return HuisverbodMeldingView.van(m, null);
    });
    auditLezen(ctx, view, velden);
    return view;
  },

  /** VT: the reports for its region; the police: their own. Last reported first; `alleenOpen`: not yet registered. */
  async lijst(
    ctx: RequestContext,
    eerste: number,
    na: string | undefined,
    alleenOpen: boolean,
    velden: string[],
  ): Promise<HuisverbodMeldingConnection> {
    controleerPaginagrootte(eerste);
    const scope = scopeVan(ctx);
    const eigen = scope.vtOrganisatie ? { vtOrganisatie: scope.vtOrganisatie } : { politie: scope.partner };
    const lijst = await inKetenScope(ctx, scope, async (tx) => {
      const rijen = await tx.find(
        HuisverbodMeldingEntity,
        { ...eigen, ...(alleenOpen ? { huisverbodId: null } : {}), ...naCursor('gemeldOp', na) },
        { orderBy: { gemeldOp: 'desc', id: 'desc' }, limit: eerste + 1 },
      );
      const ids = await huisverbodIds(tx, ctx, rijen);
      return rijen.map((m) => HuisverbodMeldingView.van(m, m.huisverbodId ? (ids.get(m.huisverbodId) ?? null) : null));
    });
    for (const v of lijst.slice(0, eerste)) auditLezen(ctx, v, velden);
    return alsConnection(lijst, eerste, (v) => v.gemeldOp);
  },

  /** One report by id, for the read path behind a retried huisverbodMelden (the police's own). */
  async lees(ctx: RequestContext, id: string, velden: string[]): Promise<HuisverbodMeldingView> {
    const scope = scopeVan(ctx);
    if (!isUuid(id)) throw nietGevonden('De melding van het huisverbod');
    const eigen = scope.vtOrganisatie ? { vtOrganisatie: scope.vtOrganisatie } : { politie: scope.partner };
    const view = await inKetenScope(ctx, scope, async (tx) => {
      const m = await tx.findOne(HuisverbodMeldingEntity, { id, ...eigen });
      if (!m) throw nietGevonden('De melding van het huisverbod');
      const ids = await huisverbodIds(tx, ctx, [m]);
      return HuisverbodMeldingView.van(m, m.huisverbodId ? (ids.get(m.huisverbodId) ?? null) : null);
    });
    auditLezen(ctx, view, velden);
    return view;
  },
};

/**
 * Inside VT's registration: the police report it registers, of the region and not registered yet, locked until commit.
 * It must be the same huisverbod (gemeente and moment of imposition); the police's organisation and reference, and
 * the beschikking's kenmerk, come from it where VT gives none.
 */
export async function meldingVoorRegistratie(
  tx: EntityManager,
  regio: string,
  id: string,
  invoer: { gemeente: string; opgelegdOp: Date; politie?: string | null },
): Promise<HuisverbodMeldingEntity> {
  const m = isUuid(id)
    ? await tx.findOne(HuisverbodMeldingEntity, { id, vtOrganisatie: regio }, { lockMode: LockMode.PESSIMISTIC_WRITE })
    : null;
  if (!m) throw nietGevonden('De melding van het huisverbod');
  if (m.huisverbodId) {
    throw procesFout('MELDING_AL_GEREGISTREERD', 'Deze melding is al als huisverbod geregistreerd.', {}, 'CONFLICT');
  }
  const fouten: VeldFout[] = [];
  if (m.gemeente !== invoer.gemeente) {
    fouten.push({
      veld: 'gemeente',
      code: 'MELDING_PAST_NIET',
      melding: `De politie meldde dit huisverbod voor ${m.gemeente}.`,
    });
  }
  if (invoer.politie && invoer.politie !== m.politie) {
    fouten.push({ veld: 'politie', code: 'MELDING_PAST_NIET', melding: `Dit huisverbod is gemeld door ${m.politie}.` });
  }
  if (m.opgelegdOp.getTime() !== invoer.opgelegdOp.getTime()) {
    fouten.push({
      veld: 'opgelegdOp',
      code: 'MELDING_PAST_NIET',
      melding: `De politie meldde het opleggen op ${m.opgelegdOp.toISOString()}.`,
    });
  }
  if (fouten.length) throw ongeldigeInvoer(fouten);
  return m;
}
