import { casusToegangJsonSql, casusToegangUitJson } from '../beleid/casustoegang.sql';
import type { RequestContext } from '../lib/context';
import { epochMs, type Lezer } from '../lib/lezen';
import { persoonJsonSql, persoonUitRij, type PersoonRij } from '../personen/persoon.lezen';
import type { Anonimiteit, BetrokkeneRol } from './cbs-categorieen';
import { BetrokkeneView, MelderView, MeldingView } from './melding.types';

/**
 * Reads meldingen without managed entities: one statement selects the meldingen with, only when the request asks for
 * them, their melder and their betrokkenen with persons as JSON, and the views are built from the rows. Writes keep
 * MikroORM and its unit of work; this is the read side only (issue 14: hydrating entities was most of a read's CPU).
 * The caller's transaction sets the row-level-security scope; the condition it passes scopes region and need-to-know.
 * The need-to-know data of each melding's casus (for the row rule and the audit) comes in the same statement.
 */

/** Which relations a request selects, from its field paths (`gelezenVelden`). */
export interface MeldingRelaties {
  melder: boolean;
  betrokkenen: boolean;
}

export function meldingRelaties(velden: readonly string[]): MeldingRelaties {
  return {
    melder: velden.some((v) => v.startsWith('melder.')),
    betrokkenen: velden.some((v) => v.startsWith('betrokkenen.')),
  };
}

interface MeldingRij {
  id: string;
  vt_organisatie: string;
  ontvangen_op: number;
  kanaal: MeldingView['kanaal'];
  aard_geweld: MeldingView['aardGeweld'];
  duur_geweld: MeldingView['duurGeweld'];
  omschrijving: string;
  hoedanigheid_melder: MeldingView['hoedanigheidMelder'];
  organisatie_melder: MeldingView['organisatieMelder'];
  geregistreerd_op: number;
  casus_id: string | null;
  eerdere_betrokkenheid: MeldingView['eerdereBetrokkenheid'];
  acuut: boolean;
  ambtshalve: boolean;
  politie_referentie: string | null;
  /** The persons of the melding, in order: the audit names them even when the request does not select them. */
  persoon_ids: string[];
  toegang: Parameters<typeof casusToegangUitJson>[1];
  melder?: MelderRij | null;
  betrokkenen?: { id: string; rollen: BetrokkeneRol[]; persoon: PersoonRij }[];
}

interface MelderRij {
  anonimiteit: Anonimiteit;
  toestemming_bekendmaking: boolean;
  naam: string | null;
  telefoon: string | null;
  email: string | null;
  functie: string | null;
  werkgever: string | null;
}

/**
 * The meldingen `m` that satisfy `voorwaarde` (SQL on alias `m`, `?` parameters), newest first, at most `limiet`.
 * Runs inside the caller's `inRegio` transaction.
 */
export async function leesMeldingen(
  lees: Lezer,
  ctx: RequestContext,
  voorwaarde: { sql: string; params: unknown[] },
  relaties: MeldingRelaties,
  limiet: number,
): Promise<MeldingView[]> {
  const kolommen = [
    `m.id, m.vt_organisatie, ${epochMs('m.ontvangen_op')} as ontvangen_op, m.kanaal, m.aard_geweld, m.duur_geweld, m.omschrijving, m.hoedanigheid_melder,
     m.organisatie_melder, ${epochMs('m.geregistreerd_op')} as geregistreerd_op, m.casus_id, m.eerdere_betrokkenheid, m.acuut, m.ambtshalve, m.politie_referentie`,
    `array(select b.persoon_id::text from betrokkene b where b.melding_id = m.id order by b.volgorde) as persoon_ids`,
  ];
  const toegang = casusToegangJsonSql(ctx, 'm.casus_id');
  kolommen.push(`${toegang.sql} as toegang`);
  if (relaties.melder) {
    kolommen.push(`(select json_build_object('anonimiteit', md.anonimiteit, 'toestemming_bekendmaking', md.toestemming_bekendmaking,
       'naam', md.naam, 'telefoon', md.telefoon, 'email', md.email, 'functie', md.functie, 'werkgever', md.werkgever)
       from melder md where md.melding_id = m.id) as melder`);
  }
  if (relaties.betrokkenen) {
    kolommen.push(`(select coalesce(json_agg(json_build_object('id', b.id, 'rollen', b.rollen, 'persoon', ${persoonJsonSql('p')}) order by b.volgorde), '[]')
       from betrokkene b join persoon p on p.id = b.persoon_id where b.melding_id = m.id) as betrokkenen`);
  }
  const rijen = await lees<MeldingRij>(
    `select ${kolommen.join(', ')} from melding m where ${voorwaarde.sql} order by m.ontvangen_op desc, m.id desc limit ?`,
    [...toegang.params, ...voorwaarde.params, limiet],
  );
  return rijen.map((r) => Object.assign(meldingUitRij(r), { casusToegang: casusToegangUitJson(ctx, r.toegang) }));
}

function meldingUitRij(r: MeldingRij): MeldingView {
  const v = new MeldingView();
  v.id = r.id;
  v.vtOrganisatie = r.vt_organisatie;
  v.ontvangenOp = new Date(r.ontvangen_op);
  v.kanaal = r.kanaal;
  v.aardGeweld = [...r.aard_geweld];
  v.duurGeweld = r.duur_geweld;
  v.omschrijving = r.omschrijving;
  v.hoedanigheidMelder = r.hoedanigheid_melder;
  v.organisatieMelder = r.organisatie_melder;
  v.melder = r.melder ? melderUitRij(r.melder, r.vt_organisatie) : null;
  v.betrokkenen = (r.betrokkenen ?? []).map((b) => {
    const bv = new BetrokkeneView();
    bv.id = b.id;
    bv.vtOrganisatie = r.vt_organisatie;
    bv.rollen = [...b.rollen];
    bv.persoon = persoonUitRij(b.persoon);
    return bv;
  });
  v.persoonIds = [...r.persoon_ids];
  v.geregistreerdOp = new Date(r.geregistreerd_op);
  v.casusId = r.casus_id;
  v.eerdereBetrokkenheid = r.eerdere_betrokkenheid;
  v.acuut = r.acuut;
  v.ambtshalve = r.ambtshalve;
  v.politieReferentie = r.politie_referentie;
  return v;
}

function melderUitRij(r: MelderRij, vtOrganisatie: string): MelderView {
  const v = new MelderView();
  v.vtOrganisatie = vtOrganisatie;
  v.anonimiteit = r.anonimiteit;
  v.toestemmingBekendmaking = r.toestemming_bekendmaking;
  v.naam = r.naam;
  v.telefoon = r.telefoon;
  v.email = r.email;
  v.functie = r.functie;
  v.werkgever = r.werkgever;
  return v;
}
