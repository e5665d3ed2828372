import { casusToegangFilter, markeerCasusToegang, nietToegankelijk, noodAudit } from '../beleid/casustoegang.sql';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { Anonimiteit } from '../meldingen/cbs-categorieen';
import { MeldingEntity } from '../meldingen/melding.entity';
import { OrganisatieEntity } from '../organisaties/organisatie.entity';
import { OverdrachtEntity } from './overdracht.entity';
import { LOPEND, OverdrachtStatus } from './overdracht.model';
import { MelderTerugkoppelingView } from './overdracht.types';

/**
 * The melder's feedback after 10 weeks names the partner(s) that took over; nothing of the case itself. A dubbel
 * anonieme melder cannot be reached. Reading it shows no personal data of the household (organisation names only),
 * but which partner took over is part of the casus: a medewerker reads it only for a casus they may read.
 */
export async function melderTerugkoppeling(ctx: RequestContext, meldingId: string): Promise<MelderTerugkoppelingView> {
  const regio = vtRegioVan(ctx);
  if (!isUuid(meldingId)) throw nietGevonden('De melding');
  const view = await inRegio(ctx, regio, async (tx) => {
    const m = await tx.findOne(
      MeldingEntity,
      { id: meldingId, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') },
      { populate: ['melder'] },
    );
    if (!m?.casusId) throw await nietToegankelijk(tx, 'melding', meldingId, regio, 'De melding');
    const over = await tx.find(
      OverdrachtEntity,
      { casusId: m.casusId, vtOrganisatie: regio, status: { $in: [...LOPEND, OverdrachtStatus.AFGEROND] } },
      { orderBy: { besluitOp: 'asc' } },
    );
    const namen: string[] = [];
    for (const o of over) {
      const org = await tx.findOne(OrganisatieEntity, { code: o.ontvanger });
      const naam = org?.naam ?? o.ontvanger;
      if (!namen.includes(naam)) namen.push(naam);
    }
    const bereikbaar = Boolean(m.melder) && m.melder?.anonimiteit !== Anonimiteit.DUBBEL_ANONIEM;
    const tekst = !bereikbaar
      ? 'De melder is dubbel anoniem en kan niet worden teruggekoppeld.'
      : namen.length
        ? `Veilig Thuis heeft de zorg na uw melding overgedragen aan: ${namen.join(', ')}. Over de inhoud kunnen wij u niets vertellen.`
        : 'Veilig Thuis heeft de zorg na uw melding (nog) niet aan een ketenpartner overgedragen.';
    const v = Object.assign(new MelderTerugkoppelingView(), {
      meldingId: m.id,
      melderBereikbaar: bereikbaar,
      overgenomenDoor: namen,
      tekst,
      vtOrganisatie: regio,
      casusId: m.casusId,
    });
    return (await markeerCasusToegang(tx, ctx, [v]))[0];
  });
  ctx.audit.lees({
    gebeurtenis: 'MELDER_TERUGKOPPELING_INZIEN',
    actie: 'R',
    vtOrganisatie: regio,
    objectType: 'Melding',
    objectId: view.meldingId,
    velden: ['overgenomenDoor'],
    ...noodAudit(ctx, view.casusToegang),
  });
  return view;
}
