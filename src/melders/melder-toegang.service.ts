import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import type { CasusToegang } from '../beleid/casustoegang';
import { casusToegangFilter, markeerCasusToegang, nietToegankelijk, noodAudit } from '../beleid/casustoegang.sql';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, procesFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { MeldingEntity } from '../meldingen/melding.entity';
import { MeldingAanvullingEntity, MelderToegangEntity } from './melder-toegang.entity';
import { MeldingAanvullingView, MelderToegangView } from './melders.types';

/** Default and maximum lifetime of a melder's access, in days. */
export const STANDAARD_GELDIG_DAGEN = 120;
export const MAX_GELDIG_DAGEN = 365;

/** The stored form of a secret: SHA-256, hex. A 256-bit random secret needs no salt or slow hash. */
export function hashVanGeheim(geheim: string): string {
  return createHash('sha256').update(geheim).digest('hex');
}

function toegangView(t: MelderToegangEntity, casusId: string | null, geheim: string | null): MelderToegangView {
  return Object.assign(new MelderToegangView(), {
    id: t.id,
    meldingId: t.meldingId,
    uitgegevenOp: t.uitgegevenOp,
    geldigTot: t.geldigTot,
    ingetrokkenOp: t.ingetrokkenOp ?? null,
    geheim,
    vtOrganisatie: t.vtOrganisatie,
    casusId,
  });
}

/** Builds the view of a supplement (for the melder and for VT). */
export function aanvullingView(a: MeldingAanvullingEntity, casusId: string | null): MeldingAanvullingView {
  return Object.assign(new MeldingAanvullingView(), {
    id: a.id,
    meldingId: a.meldingId,
    soort: a.soort,
    tekst: a.tekst,
    ingediendOp: a.ingediendOp,
    toegangId: a.toegangId,
    vtOrganisatie: a.vtOrganisatie,
    casusId,
  });
}

/** The melding of the caller's region that the caller may work on (need-to-know), or the usual refusal. */
async function eigenMelding(tx: EntityManager, ctx: RequestContext, regio: string, id: string): Promise<MeldingEntity> {
  if (!isUuid(id)) throw nietGevonden('De melding');
  const m = await tx.findOne(
    MeldingEntity,
    { id, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') },
    { populate: ['melder'] },
  );
  if (!m) throw await nietToegankelijk(tx, 'melding', id, regio, 'De melding');
  return m;
}

/**
 * VT's side of melder access (issue 16.5): issue an access for the melder of one melding, revoke it, and read what the
 * melder added. Only VT staff who may work on the melding's casus (need-to-know) do any of it.
 */
export const melderToegangService = {
  async uitgeven(ctx: RequestContext, meldingId: string, geldigDagen: number | null): Promise<MelderToegangView> {
    const regio = vtRegioVan(ctx);
    const dagen = geldigDagen ?? STANDAARD_GELDIG_DAGEN;
    if (!Number.isInteger(dagen) || dagen < 1 || dagen > MAX_GELDIG_DAGEN) {
      throw ongeldigeInvoer([
        { veld: 'geldigDagen', code: 'BUITEN_BEREIK', melding: `Kies 1 tot en met ${MAX_GELDIG_DAGEN} dagen.` },
      ]);
    }
    const nu = ctx.clock.now();
    const geheim = randomBytes(32).toString('base64url');
    return inRegio(ctx, regio, async (tx) => {
      const m = await eigenMelding(tx, ctx, regio, meldingId);
      if (!m.melder) {
        throw procesFout('GEEN_MELDER', 'Deze melding heeft geen melder (ambtshalve of zonder meldergegevens).');
      }
      const t = tx.create(MelderToegangEntity, {
        id: crypto.randomUUID(),
        meldingId: m.id,
        vtOrganisatie: regio,
        geheimHash: hashVanGeheim(geheim),
        uitgegevenOp: nu,
        uitgegevenDoor: ctx.actor.sub,
        geldigTot: new Date(nu.getTime() + dagen * 86_400_000),
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'MELDERTOEGANG_UITGEGEVEN',
        actie: 'C',
        vtOrganisatie: regio,
        objectType: 'Melding',
        objectId: m.id,
      });
      const [v] = await markeerCasusToegang(tx, ctx, [toegangView(t, m.casusId ?? null, geheim)]);
      return v;
    });
  },

  /** One access, without its secret (the idempotent replay of the issuing reads it this way). */
  async lees(ctx: RequestContext, toegangId: string): Promise<MelderToegangView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(toegangId)) throw nietGevonden('De melderstoegang');
    return inRegio(ctx, regio, async (tx) => {
      const t = await tx.findOne(MelderToegangEntity, { id: toegangId, vtOrganisatie: regio });
      if (!t) throw nietGevonden('De melderstoegang');
      const m = await eigenMelding(tx, ctx, regio, t.meldingId);
      const [v] = await markeerCasusToegang(tx, ctx, [toegangView(t, m.casusId ?? null, null)]);
      return v;
    });
  },

  /** Revokes an access; revoking it again changes nothing and answers the same (idempotent). */
  async intrekken(ctx: RequestContext, toegangId: string): Promise<MelderToegangView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(toegangId)) throw nietGevonden('De melderstoegang');
    return inRegio(ctx, regio, async (tx) => {
      const t = await tx.findOne(MelderToegangEntity, { id: toegangId, vtOrganisatie: regio });
      if (!t) throw nietGevonden('De melderstoegang');
      const m = await eigenMelding(tx, ctx, regio, t.meldingId);
      if (!t.ingetrokkenOp) {
        t.ingetrokkenOp = ctx.clock.now();
        t.ingetrokkenDoor = ctx.actor.sub;
        await tx.flush();
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'MELDERTOEGANG_INGETROKKEN',
          actie: 'U',
          vtOrganisatie: regio,
          objectType: 'Melding',
          objectId: m.id,
        });
      }
      const [v] = await markeerCasusToegang(tx, ctx, [toegangView(t, m.casusId ?? null, null)]);
      return v;
    });
  },

  /** What the melder added to one melding, oldest first, for VT staff who may read its casus. */
  async aanvullingen(ctx: RequestContext, meldingId: string): Promise<MeldingAanvullingView[]> {
    const regio = vtRegioVan(ctx);
    const views = await inRegio(ctx, regio, async (tx) => {
      const m = await eigenMelding(tx, ctx, regio, meldingId);
      const rijen = await tx.find(
        MeldingAanvullingEntity,
        { meldingId: m.id, vtOrganisatie: regio },
        { orderBy: { ingediendOp: 'asc', id: 'asc' } },
      );
      const casusId = m.casusId ?? null;
      const merk: { casusId: string | null; casusToegang?: CasusToegang } = { casusId };
      const [{ casusToegang }] = await markeerCasusToegang(tx, ctx, [merk]);
      return { casusToegang, views: rijen.map((a) => Object.assign(aanvullingView(a, casusId), { casusToegang })) };
    });
    ctx.audit.lees({
      gebeurtenis: 'MELDERAANVULLINGEN_INZIEN',
      actie: 'R',
      vtOrganisatie: regio,
      objectType: 'Melding',
      objectId: meldingId,
      velden: ['tekst'],
      ...noodAudit(ctx, views.casusToegang),
    });
    return views.views;
  },
};
