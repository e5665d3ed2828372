import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, procesFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { RechtenverzoekEntity } from './rechten.entity';
import { RechtenverzoekSoort, RechtenverzoekStatus } from './rechten.proces';
import { RECHTEN_GRONDSLAG } from './rechten.service';
import { Verzoeker } from './rechten.types';

type Rij = Record<string, unknown>;

/**
 * The afschrift (copy) of one data subject's file, as a structured document (JSON). What it holds, per requester:
 * - a betrokkene: their own personal data; the meldingen in which they are a betrokkene (text, kind, their role; the
 *   melder only by capacity, and by name only when the melder is OPEN) and VT's veiligheidsbeoordeling of each; the
 *   casus (fase, dates), its diensten, veiligheidsafspraken and monitoring contacts; overdrachten that carried their
 *   data, to whom and when; Handle with Care signals about them and ZSM requests that named them; a tijdelijk
 *   huisverbod in which they were removed or stayed behind (with VT's advice, the safety plan and the THV monitoring,
 *   not the information of third parties, not the other persons); an Aware application only for its victim (an alarm
 *   is never shown to the person it protects against); corrections and own views; and who looked at their file
 *   (audit trail: organisation, role, what, when, on which basis). Never other persons' data, never an anonymous
 *   melder's identity, nothing of another casus.
 * - a melder: their own melding only (its text, their own details, their supplements), and who read it.
 */
export interface Afschrift {
  readonly soort: 'AFSCHRIFT';
  readonly verzoekId: string;
  readonly opgesteldOp: string;
  readonly vtOrganisatie: { code: string; naam: string };
  readonly verzoeker: Verzoeker;
  readonly persoon: Rij | null;
  readonly melder: Rij | null;
  readonly meldingen: Rij[];
  readonly casus: Rij | null;
  readonly diensten: Rij[];
  readonly overdrachten: Rij[];
  readonly handleWithCare: Rij[];
  readonly zsm: Rij[];
  readonly veiligheidsbeoordelingen: Rij[];
  readonly veiligheidsafspraken: Rij[];
  readonly monitoring: Rij[];
  readonly huisverboden: Rij[];
  readonly aware: Rij[];
  readonly aanvullingenMelder: Rij[];
  readonly correcties: Rij[];
  readonly inzage: Rij[];
}

async function sql(tx: EntityManager, q: string, params: unknown[]): Promise<Rij[]> {
  return tx.getConnection().execute<Rij[]>(q, params, 'all', tx.getTransactionContext());
}

/** Dates as ISO strings, so the JSON document and the HTML show the same. */
function iso(r: Rij): Rij {
  const uit: Rij = {};
  for (const [k, v] of Object.entries(r)) uit[k] = v instanceof Date ? v.toISOString() : v;
  return uit;
}

async function voorBetrokkene(tx: EntityManager, v: RechtenverzoekEntity, regio: string): Promise<Partial<Afschrift>> {
  const p = v.persoonId as string;
  const [persoon] = await sql(
    tx,
    `select bsn, voornamen, achternaam, geboortedatum::text as geboortedatum, straat, huisnummer, postcode, woonplaats, telefoon, email
       from persoon where id = ? and vt_organisatie = ?`,
    [p, regio],
  );
  const meldingen = await sql(
    tx,
    `select m.id, m.ontvangen_op as "ontvangenOp", m.kanaal, m.aard_geweld as "aardGeweld", m.omschrijving,
            b.rollen as "uwRollen",
            -- The capacity of an anonymous melder could identify them indirectly (DOMAIN.md §4.2): only when OPEN.
            case when md.anonimiteit = 'OPEN' then m.hoedanigheid_melder end as "hoedanigheidMelder",
            case when md.anonimiteit = 'OPEN' then md.naam end as "melderNaam",
            case when md.anonimiteit = 'OPEN' then 'bekend' else 'anoniem' end as "melder"
       from melding m join betrokkene b on b.melding_id = m.id and b.persoon_id = ?
       left join melder md on md.melding_id = m.id
      where m.casus_id = ? and m.vt_organisatie = ? order by m.ontvangen_op, m.id`,
    [p, v.casusId, regio],
  );
  const [casus] = await sql(
    tx,
    `select c.fase, c.geopend_op as "geopendOp", c.gesloten_op as "geslotenOp", c.afsluitreden from casus c where c.id = ?`,
    [v.casusId],
  );
  const diensten = await sql(
    tx,
    `select soort, gestart_op as "gestartOp", beeindigd_op as "beeindigdOp", uitkomst from dienst where casus_id = ? order by gestart_op, id`,
    [v.casusId],
  );
  const overdrachten = await sql(
    tx,
    `select o.soort, o.status, org.code as ontvanger, org.naam as "ontvangerNaam", o.aangeboden_op as "aangebodenOp",
            o.besluit_op as "besluitOp", o.afgerond_op as "afgerondOp", o.beeindigd_op as "beeindigdOp"
       from overdracht o join organisatie org on org.code = o.ontvanger
      where o.casus_id = ? and ? = any(o.persoon_ids) order by o.aangeboden_op, o.id`,
    [v.casusId, p],
  );
  const handleWithCare = await sql(
    tx,
    `select org.code as school, org.naam as "schoolNaam", s.incidentdatum::text as incidentdatum, s.aangemaakt_op as "verzondenOp",
            s.bevestigd_op as "bevestigdOp", s.ingetrokken_op as "ingetrokkenOp"
       from hwc_signaal s join organisatie org on org.code = s.school
      where s.persoon_id = ? and s.vt_organisatie = ? order by s.aangemaakt_op, s.id`,
    [p, regio],
  );
  const zsm = await sql(
    tx,
    `select org.code as aanvrager, org.naam as "aanvragerNaam", z.ingediend_op as "ingediendOp", z.beantwoord_op as "beantwoordOp",
            zp.bekend_bij_vt as "bekendBijVt", zp.lopende_casus as "lopendeCasus"
       from zsm_verzoek_persoon zp join zsm_verzoek z on z.id = zp.verzoek_id join organisatie org on org.code = z.aanvrager
      where zp.persoon_id = ? and zp.vt_organisatie = ? order by z.ingediend_op, z.id`,
    [p, regio],
  );
  const veiligheidsbeoordelingen = await sql(
    tx,
    `select vb.beoordeeld_op as "beoordeeldOp", m.ontvangen_op as "meldingOntvangenOp", vb.taxatie, vb.uitkomst, vb.vervolg,
            vb.toelichting
       from veiligheidsbeoordeling vb join melding m on m.id = vb.melding_id
       join betrokkene b on b.melding_id = m.id and b.persoon_id = ?
      where vb.casus_id = ? and vb.vt_organisatie = ? order by vb.beoordeeld_op, vb.melding_id`,
    [p, v.casusId, regio],
  );
  const veiligheidsafspraken = await sql(
    tx,
    `select overeengekomen_op::text as "overeengekomenOp", omschrijving, partijen from veiligheidsafspraak
      where casus_id = ? and vt_organisatie = ? order by overeengekomen_op, id`,
    [v.casusId, regio],
  );
  const monitoring = await sql(
    tx,
    `select contact_op::text as "contactOp", uitkomst, toelichting from monitoringcontact
      where casus_id = ? and vt_organisatie = ? order by contact_op, id`,
    [v.casusId, regio],
  );
  // Only the person's own part: their role in it, never who else was removed or stayed (their ids), nor what third
  // parties told VT (informatie_derden: their data, and their safety).
  const huisverboden = await sql(
    tx,
    `select case when h.uithuisgeplaatste_id = ? then 'UITHUISGEPLAATST' else 'ACHTERBLIJVER' end as "uwRol",
            g.naam as "gemeenteNaam", h.opgelegd_op as "opgelegdOp", coalesce(h.verlengd_tot, h.opgelegd_tot) as "looptTot",
            h.ingetrokken_op as "ingetrokkenOp", h.advies, h.advies_toelichting as "adviesToelichting",
            h.geadviseerd_op as "geadviseerdOp", h.veiligheidsplan,
            coalesce((select json_agg(json_build_object('moment', mc.moment, 'contactOp', mc.contact_op::text, 'uitkomst', mc.uitkomst)
                        order by mc.contact_op) from huisverbod_monitoringcontact mc where mc.huisverbod_id = h.id), '[]') as monitoring
       from huisverbod h join organisatie g on g.code = h.gemeente
      where h.casus_id = ? and h.vt_organisatie = ? and (h.uithuisgeplaatste_id = ? or ? = any(h.achterblijver_ids))
      order by h.opgelegd_op, h.id`,
    [p, v.casusId, regio, p, p],
  );
  // An Aware alarm protects its victim against someone else: only the victim's afschrift shows it.
  const aware = await sql(
    tx,
    `select a.aangevraagd_op as "aangevraagdOp", c.naam as "commissieNaam", a.status, a.besluit, a.besloten_op as "beslotenOp",
            a.geinstalleerd_op::text as "geinstalleerdOp", a.einddatum::text as einddatum, a.beeindigd_op as "beeindigdOp"
       from aware_aanvraag a join organisatie c on c.code = a.commissie
      where a.casus_id = ? and a.vt_organisatie = ? and a.slachtoffer_id = ? order by a.aangevraagd_op, a.id`,
    [v.casusId, regio, p],
  );
  return {
    persoon: persoon ? iso(persoon) : null,
    meldingen,
    casus: casus ?? null,
    diensten,
    overdrachten,
    handleWithCare,
    zsm,
    veiligheidsbeoordelingen,
    veiligheidsafspraken,
    monitoring,
    huisverboden,
    aware,
  };
}

async function voorMelder(tx: EntityManager, v: RechtenverzoekEntity, regio: string): Promise<Partial<Afschrift>> {
  const m = v.meldingId as string;
  // Only the melding itself, without the persons it names: the melder's afschrift covers their own melding.
  const meldingen = await sql(
    tx,
    `select m.id, m.ontvangen_op as "ontvangenOp", m.kanaal, m.aard_geweld as "aardGeweld", m.omschrijving,
            m.hoedanigheid_melder as "hoedanigheidMelder"
       from melding m where m.id = ? and m.vt_organisatie = ?`,
    [m, regio],
  );
  const [melder] = await sql(
    tx,
    `select anonimiteit, naam, telefoon, email, functie, werkgever from melder where melding_id = ? and vt_organisatie = ?`,
    [m, regio],
  );
  const aanvullingenMelder = await sql(
    tx,
    `select soort, tekst, ingediend_op as "ingediendOp" from melding_aanvulling where melding_id = ? order by ingediend_op, id`,
    [m],
  );
  return { melder: melder ?? null, meldingen, aanvullingenMelder };
}

/** Who looked at the file: the audit records about the person (or the melder's melding), without user names. */
async function inzage(tx: EntityManager, v: RechtenverzoekEntity, regio: string): Promise<Rij[]> {
  const waar =
    v.verzoeker === String(Verzoeker.BETROKKENE)
      ? `a.persoon_ids @> array[?]::uuid[]`
      : `(a.object_id = ? and a.object_type = 'Melding')`;
  return sql(
    tx,
    `select a.tijdstip, a.organisatie, coalesce(org.naam, a.organisatie) as "organisatieNaam", a.rol, a.gebeurtenis, a.actie,
            a.object_type as "onderdeel", a.velden, a.grondslag, a.noodprocedure
       from audit_gebeurtenis a left join organisatie org on org.code = a.organisatie
      where ${waar} and (a.vt_organisatie = ? or a.vt_organisatie is null)
      order by a.tijdstip, a.id
      limit 5000`,
    [v.verzoeker === String(Verzoeker.BETROKKENE) ? v.persoonId : v.meldingId, regio],
  );
}

/**
 * Builds the afschrift of a granted AFSCHRIFT request (TOEGEKEND or AFGEHANDELD after a grant), for the privacy
 * officer of the region, and writes its audit record (a copy made: NEN 7513) in the same transaction, so the
 * document leaves only when the record is durable.
 */
export async function maakAfschrift(
  ctx: RequestContext,
  verzoekId: string,
  formaat: 'JSON' | 'HTML',
): Promise<Afschrift> {
  const regio = vtRegioVan(ctx);
  if (ctx.actor.rol !== 'PRIVACY_OFFICER') throw nietGevonden('Het rechtenverzoek');
  if (!isUuid(verzoekId)) throw nietGevonden('Het rechtenverzoek');
  const nu = ctx.clock.now();
  return inRegio(ctx, regio, async (tx) => {
    const v = await tx.findOne(RechtenverzoekEntity, { id: verzoekId, vtOrganisatie: regio });
    if (!v) throw nietGevonden('Het rechtenverzoek');
    const toegekend =
      v.besluit === 'TOEGEKEND' &&
      [String(RechtenverzoekStatus.TOEGEKEND), String(RechtenverzoekStatus.AFGEHANDELD)].includes(v.status);
    if (v.soort !== String(RechtenverzoekSoort.AFSCHRIFT) || !toegekend) {
      throw procesFout(
        'GEEN_TOEGEKEND_AFSCHRIFT',
        'Een afschrift wordt alleen gemaakt voor een toegekend verzoek om afschrift.',
      );
    }
    const [org] = await sql(tx, `select code, naam from organisatie where code = ?`, [regio]);
    const deel =
      v.verzoeker === String(Verzoeker.BETROKKENE)
        ? await voorBetrokkene(tx, v, regio)
        : await voorMelder(tx, v, regio);
    const afschrift: Afschrift = {
      soort: 'AFSCHRIFT',
      verzoekId: v.id,
      opgesteldOp: nu.toISOString(),
      vtOrganisatie: { code: String(org.code), naam: String(org.naam) },
      verzoeker: v.verzoeker as Verzoeker,
      persoon: null,
      melder: null,
      meldingen: [],
      casus: null,
      diensten: [],
      overdrachten: [],
      handleWithCare: [],
      zsm: [],
      veiligheidsbeoordelingen: [],
      veiligheidsafspraken: [],
      monitoring: [],
      huisverboden: [],
      aware: [],
      aanvullingenMelder: [],
      correcties: await sql(
        tx,
        `select soort, object_type as "objectType", veld, origineel, correctie, zienswijze, reden, op from gegevenscorrectie
          where verzoek_id in (select id from rechtenverzoek where casus_id = ?) and object_id = any(?::uuid[]) order by op, id`,
        [v.casusId, `{${[v.persoonId, v.meldingId].filter(Boolean).join(',')}}`],
      ),
      inzage: await inzage(tx, v, regio),
      ...deel,
    };
    await ctx.audit.inTransactie(tx, {
      gebeurtenis: 'AFSCHRIFT_VERSTREKKEN',
      actie: 'R',
      vtOrganisatie: regio,
      objectType: 'Rechtenverzoek',
      objectId: v.id,
      persoonIds: v.persoonId ? [v.persoonId] : [],
      velden: [`afschrift:${formaat}`],
      grondslag: RECHTEN_GRONDSLAG,
    });
    return JSON.parse(JSON.stringify(afschrift)) as Afschrift;
  });
}
