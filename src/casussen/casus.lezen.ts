import type { EntityManager } from '@mikro-orm/postgresql';

import type { CasusToegang } from '../beleid/casustoegang';
import { laadCasusToegang } from '../beleid/casustoegang.sql';
import type { RequestContext } from '../lib/context';
import { entiteitenVorm, entiteitVorm, leesRijen } from '../lib/lezen';
import { TermijnEntity } from '../termijnen/termijn.entity';
import { TermijnView } from '../termijnen/termijn.types';
import {
  CasusEntity,
  CasusOvergangEntity,
  DienstEntity,
  MonitoringcontactEntity,
  OnderzoekUitkomstEntity,
  VeiligheidsafspraakEntity,
  VeiligheidsbeoordelingEntity,
  VerzoekTotOnderzoekEntity,
} from './casus.entity';
import {
  CasusOvergangView,
  CasusView,
  DienstView,
  MonitoringcontactView,
  OnderzoekUitkomstView,
  VeiligheidsafspraakView,
  VeiligheidsbeoordelingView,
  VerzoekTotOnderzoekView,
} from './casus.types';
import { CasusFase, OVERGANGEN } from './proces';

/**
 * Reads casussen without managed entities: one statement for a page (or one casus) with, as JSON and only when the
 * request selects them, its meldingen, assessments, diensten (with their outcomes and Verzoek tot Onderzoek),
 * agreements, monitoring contacts, termijnen and transitions; the views come from the same `van` functions as before.
 * The persons are always read: the audit record names them. The reference path with entities is casus.view.ts.
 */

/** The relations of a casus, each read only when a requested field path starts with its name. */
const RELATIES: Record<string, (c: string) => string> = {
  meldingIds: (c) =>
    `(select coalesce(json_agg(m.id order by m.ontvangen_op), '[]') from melding m where m.casus_id = ${c}.id)`,
  veiligheidsbeoordelingen: (c) =>
    `(select json_agg(to_jsonb(x) order by x.beoordeeld_op) from veiligheidsbeoordeling x where x.casus_id = ${c}.id)`,
  diensten: (c) => `(select json_agg(to_jsonb(x) || jsonb_build_object(
      'uitkomsten', (select json_agg(to_jsonb(u)) from onderzoek_uitkomst u where u.dienst_id = x.id),
      'verzoek', (select to_jsonb(v) from verzoek_tot_onderzoek v where v.dienst_id = x.id))
    order by x.gestart_op, x.beeindigd_op) from dienst x where x.casus_id = ${c}.id)`,
  veiligheidsafspraken: (c) =>
    `(select json_agg(to_jsonb(x) order by x.overeengekomen_op) from veiligheidsafspraak x where x.casus_id = ${c}.id)`,
  monitoringcontacten: (c) =>
    `(select json_agg(to_jsonb(x) order by x.contact_op) from monitoringcontact x where x.casus_id = ${c}.id)`,
  termijnen: (c) => `(select json_agg(to_jsonb(x) order by x.vervaldatum) from termijn x where x.casus_id = ${c}.id)`,
  overgangen: (c) => `(select json_agg(to_jsonb(x) order by x.op) from casus_overgang x where x.casus_id = ${c}.id)`,
};

type CasusRij = { casus: Record<string, unknown>; persoon_ids: string[] } & Partial<
  Record<keyof typeof RELATIES, unknown>
>;

/**
 * The casussen `c` that satisfy `voorwaarde` (SQL on alias `c`, `?` parameters), newest first, at most `limiet`; the
 * row after `volledig` rows is only read bare (it only tells the page there is a next one). Inside `inRegio`.
 */
export async function leesCasussen(
  tx: EntityManager,
  ctx: RequestContext,
  voorwaarde: { sql: string; params: unknown[] },
  velden: readonly string[],
  limiet: number,
  volledig = limiet,
): Promise<CasusView[]> {
  const gevraagd = Object.keys(RELATIES).filter((r) => velden.some((v) => v === r || v.startsWith(`${r}.`)));
  const kolommen = [
    'to_jsonb(c) as casus',
    // Unordered, as the entity path reads them (casus_persoon by its key).
    'array(select cp.persoon_id::text from casus_persoon cp where cp.casus_id = c.id) as persoon_ids',
    ...gevraagd.map((r) => `${RELATIES[r]('c')} as "${r}"`),
  ];
  const rijen = await leesRijen<CasusRij>(
    tx,
    `select ${kolommen.join(', ')} from casus c where ${voorwaarde.sql} order by c.geopend_op desc, c.id desc limit ?`,
    [...voorwaarde.params, limiet],
  );
  const nu = ctx.clock.now();
  const casussen = rijen.map((r) => entiteitVorm(tx, CasusEntity, r.casus));
  const toegang = await casusToegangVoor(tx, ctx, casussen.slice(0, volledig));
  const uit: CasusView[] = [];
  for (const [i, r] of rijen.entries()) {
    const casus = casussen[i];
    const v = CasusView.kaal(casus);
    if (i >= volledig) {
      uit.push(v);
      continue;
    }
    v.meldingIds = (r.meldingIds as string[] | undefined) ?? [];
    v.persoonIds = r.persoon_ids;
    v.casusToegang = toegang.get(casus.id);
    v.veiligheidsbeoordelingen = entiteitenVorm(tx, VeiligheidsbeoordelingEntity, r.veiligheidsbeoordelingen).map((e) =>
      Object.assign(VeiligheidsbeoordelingView.van(e), { casusToegang: v.casusToegang }),
    );
    v.diensten = ((r.diensten as Record<string, unknown>[] | undefined) ?? []).map((d) => {
      const uitkomsten = entiteitenVorm(tx, OnderzoekUitkomstEntity, d.uitkomsten).map((x) =>
        Object.assign(new OnderzoekUitkomstView(), {
          aardGeweld: x.aardGeweld,
          uitkomst: x.uitkomst,
          vtOrganisatie: x.vtOrganisatie,
        }),
      );
      const verzoek = d.verzoek
        ? VerzoekTotOnderzoekView.van(entiteitVorm(tx, VerzoekTotOnderzoekEntity, d.verzoek as Record<string, unknown>))
        : null;
      return DienstView.van(entiteitVorm(tx, DienstEntity, d), uitkomsten, verzoek);
    });
    v.veiligheidsafspraken = entiteitenVorm(tx, VeiligheidsafspraakEntity, r.veiligheidsafspraken).map((a) =>
      VeiligheidsafspraakView.van(a),
    );
    v.monitoringcontacten = entiteitenVorm(tx, MonitoringcontactEntity, r.monitoringcontacten).map((c) =>
      MonitoringcontactView.van(c),
    );
    v.termijnen = entiteitenVorm(tx, TermijnEntity, r.termijnen).map((t) => TermijnView.van(t, nu));
    v.overgangen = entiteitenVorm(tx, CasusOvergangEntity, r.overgangen).map((o) => CasusOvergangView.van(o));
    v.toegestaneOvergangen = toegestaneOvergangen(casus.fase);
    uit.push(v);
  }
  return uit;
}

/**
 * The need-to-know data of each casus (behandelaar, team, the caller's noodtoegang, the restriction flag), in one
 * query for all (as `casusToegangVan` does for one).
 */
async function casusToegangVoor(
  tx: EntityManager,
  ctx: RequestContext,
  casussen: readonly CasusEntity[],
): Promise<Map<string, CasusToegang>> {
  const uit = new Map<string, CasusToegang>();
  for (const c of casussen) {
    // Fails closed until the lookup (one query for all) says otherwise.
    uit.set(c.id, { behandelaar: c.verantwoordelijke ?? null, team: c.team ?? null, noodtoegang: null, beperkt: true });
  }
  for (const [id, t] of await laadCasusToegang(
    tx,
    ctx,
    casussen.map((c) => c.id),
  )) {
    uit.set(id, t);
  }
  return uit;
}

/** The phases a casus may go to from `fase` by `casusOvergang` (the assessment has its own step). */
export function toegestaneOvergangen(fase: CasusFase): CasusFase[] {
  return OVERGANGEN.filter(
    (o) =>
      o.van === fase && !o.vereist.includes('VEILIGHEIDSBEOORDELING') && o.naar !== CasusFase.VEILIGHEIDSBEOORDELING,
  ).map((o) => o.naar);
}
