import { toegangsgrond } from '../beleid/casustoegang';
import { vtRegioVan } from '../auth/actor';
import type { RequestContext } from '../lib/context';
import { ongeldigeInvoer } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { laadCasusToegang } from '../beleid/casustoegang.sql';
import { type CasusZoekInvoer, CasusZoekresultaatView } from './casus-zoeken.types';
import type { CasusFase } from './proces';

const MAX_PERSONEN = 50;
const MAX_CASUSSEN = 100;

/**
 * casusZoeken: the only way a medewerker learns of a casus that is not theirs. It answers per matching casus of the
 * own region its id, fase, behandelaar and team, and whether (and why) the caller may read it; never content.
 * NEN 7513 counts a search as an event: every search writes an audit row per casus found (one without a casus when
 * nothing matched), with the persons the search matched.
 */
export async function casusZoeken(
  ctx: RequestContext,
  zoek: CasusZoekInvoer,
  velden: string[],
): Promise<CasusZoekresultaatView[]> {
  const regio = vtRegioVan(ctx);
  const achternaam = zoek.achternaam?.trim();
  const opNaam = Boolean(achternaam) || Boolean(zoek.geboortedatum);
  if (zoek.bsn ? opNaam : !(achternaam && zoek.geboortedatum)) {
    throw ongeldigeInvoer([
      {
        veld: 'zoek',
        code: 'ZOEKVORM',
        melding: 'Zoek op bsn, of op achternaam en geboortedatum samen; niet op beide vormen en niet op een deel.',
      },
    ]);
  }
  const zoekVelden = zoek.bsn ? ['zoek.bsn'] : ['zoek.achternaam', 'zoek.geboortedatum'];
  const nu = ctx.clock.now();
  const { personen, resultaten } = await inRegio(ctx, regio, async (tx) => {
    const conn = tx.getConnection();
    const [voorwaarde, params] = zoek.bsn
      ? ['bsn = ?', [zoek.bsn]]
      : ['lower(achternaam) = lower(?) and geboortedatum = ?::date', [achternaam, zoek.geboortedatum]];
    const personen = (
      await conn.execute<{ id: string }[]>(
        `select id from persoon where vt_organisatie = ? and ${voorwaarde} limit ${MAX_PERSONEN}`,
        [regio, ...params],
        'all',
        tx.getTransactionContext(),
      )
    ).map((p) => p.id);
    if (personen.length === 0) return { personen, resultaten: [] };
    const lijst = `{${personen.join(',')}}`;
    // The household (casus_persoon) and anyone named in a melding of the casus (also a getuige).
    const rijen = await conn.execute<
      { id: string; fase: CasusFase; verantwoordelijke: string | null; team: string | null; persoon_ids: string[] }[]
    >(
      `select c.id, c.fase, c.verantwoordelijke, c.team, array_agg(distinct x.persoon_id) as persoon_ids
         from casus c
         join (select cp.casus_id, cp.persoon_id from casus_persoon cp where cp.persoon_id = any(?::uuid[])
               union select m.casus_id, b.persoon_id from betrokkene b join melding m on m.id = b.melding_id
                      where b.persoon_id = any(?::uuid[]) and m.casus_id is not null) x on x.casus_id = c.id
        where c.vt_organisatie = ?
        group by c.id
        order by (c.fase <> 'AFGESLOTEN') desc, c.geopend_op desc
        limit ${MAX_CASUSSEN}`,
      [lijst, lijst, regio],
      'all',
      tx.getTransactionContext(),
    );
    const toegang = await laadCasusToegang(
      tx,
      ctx,
      rijen.map((r) => r.id),
    );
    return {
      personen,
      resultaten: rijen.map((r) => {
        const t = toegang.get(r.id);
        const grond = toegangsgrond(t, ctx.actor, nu);
        return {
          persoonIds: r.persoon_ids.map(String),
          view: Object.assign(new CasusZoekresultaatView(), {
            casusId: r.id,
            fase: r.fase,
            behandelaar: r.verantwoordelijke,
            team: r.team,
            heeftToegang: grond !== null,
            toegangsgrond: grond,
            toegangTot: grond === 'NOODTOEGANG' ? (t?.noodtoegang?.tot ?? null) : null,
            vtOrganisatie: regio,
          }),
        };
      }),
    };
  });
  const feit = {
    gebeurtenis: 'CASUS_ZOEKEN',
    actie: 'R' as const,
    vtOrganisatie: regio,
    objectType: 'Casus',
    velden: [...zoekVelden, ...velden],
  };
  if (resultaten.length === 0) ctx.audit.lees({ objectId: null, persoonIds: personen, ...feit });
  for (const r of resultaten) ctx.audit.lees({ objectId: r.view.casusId, persoonIds: r.persoonIds, ...feit });
  return resultaten.map((r) => r.view);
}
