import { waaierUit } from '../../src/gebeurtenissen/aflevering';
import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { okAntwoord, partnerToken } from '../helpers/partners';
import type { TestApp } from '../helpers/testapp';
import { jobDeps } from '../webhooks/ontvanger';

/** Everything a rich dossier put in the database that a destruction must remove: the needles of the search. */
export interface Dossier {
  casusId: string;
  meldingId: string;
  persoonIds: string[];
  betrokkeneIds: string[];
  bsns: string[];
  namen: string[];
  overdrachtId: string;
  hwcId: string;
  zsmId: string;
  zsmPersoonId: string;
  idempotentieSleutel: string;
  rechtenverzoekId: string;
}

/** A household with names no other row of the database has, so a search for them means this dossier. */
export async function rijkDossier(app: TestApp, beh: string, tag: string): Promise<Dossier> {
  const ok = <T = Record<string, unknown>>(t: string, q: string, v?: Record<string, unknown>): Promise<T> =>
    okAntwoord<T>(app, t, q, v);
  const bsns = [geldigBsn(), geldigBsn()];
  const kind = `Zoë${tag}`;
  const vader = `Pieter${tag}`;
  const achternaam = `Bewaarsma${tag}`;
  const melderNaam = `Meldster${tag}`;
  const invoer = meldingInvoer({
    melder: {
      anonimiteit: 'OPEN',
      toestemmingBekendmaking: true,
      naam: melderNaam,
      telefoon: '+31 35 999 1234',
      email: `melder.${tag.toLowerCase()}@voorbeeld.nl`,
      functie: 'leerkracht',
      werkgever: 'OBS De Linde',
    },
    omschrijving: `${kind} ${achternaam} heeft blauwe plekken; vader ${vader} is boos.`,
    betrokkenen: [
      {
        rollen: ['KIND', 'SLACHTOFFER'],
        persoon: {
          bsn: bsns[0],
          voornamen: kind,
          achternaam,
          geboortedatum: '2018-05-04',
          adres: { straat: 'Kerkstraat', huisnummer: '12', postcode: '1211 AB', woonplaats: 'Hilversum' },
        },
      },
      { rollen: ['PLEGER'], persoon: { bsn: bsns[1], voornamen: vader, achternaam, geboortedatum: '1984-11-23' } },
    ],
  });
  const idempotentieSleutel = `bewaring-${tag}-${Date.now()}`;
  const r = await app.gql<{
    meldingRegistreren: { id: string; casusId: string; betrokkenen: { id: string; persoon: { id: string } }[] };
  }>(
    beh,
    `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { id persoon { id } } } }`,
    { i: invoer },
    { 'Idempotency-Key': idempotentieSleutel },
  );
  if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
  const m = r.body.data!.meldingRegistreren;
  const persoonIds = m.betrokkenen.map((b) => b.persoon.id);
  await ok(
    beh,
    `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
    {
      i: {
        meldingId: m.id,
        taxatie: 'STRUCTURELE_ONVEILIGHEID',
        uitkomst: 'OVERDRACHT',
        toelichting: `Overdracht aan het wijkteam; ${vader} werkt mee.`,
      },
    },
  );
  const o = await ok<{ overdrachtAanbieden: { id: string } }>(
    beh,
    `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
    {
      i: {
        casusId: m.casusId,
        soort: 'WARME_OVERDRACHT',
        ontvanger: 'WT-A',
        persoonIds,
        metVeiligheidsafspraken: true,
        toelichting: `Moeder van ${kind} wil hulp.`,
        grondslag: 'WMO_OVERDRACHT',
      },
    },
  );
  await ok(await partnerToken(app, 'WT-A'), `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { id } }`, {
    id: o.overdrachtAanbieden.id,
  });
  const hwc = await ok<{ hwcSignaalVersturen: { id: string } }>(
    beh,
    `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`,
    {
      i: {
        casusId: m.casusId,
        persoonId: persoonIds[0],
        school: 'SCHOOL-A',
        incidentdatum: '2026-03-09',
        grondslag: 'Politie-inzet in het gezin.',
      },
    },
  );
  await ok(
    await partnerToken(app, 'SCHOOL-A'),
    `mutation($id: ID!) { hwcOntvangstBevestigen(signaalId: $id) { __typename } }`,
    { id: hwc.hwcSignaalVersturen.id },
  );
  const zsm = await ok<{ zsmVerzoekIndienen: { id: string; personen: { id: string }[] } }>(
    await partnerToken(app, 'OM-A'),
    `mutation($i: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $i) { id personen { id } } }`,
    {
      i: {
        vtOrganisatie: 'VT14',
        reden: 'Verdachte van mishandeling.',
        inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
        personen: [{ bsn: bsns[1] }],
      },
    },
  );
  await ok(beh, `mutation($i: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $i) { id } }`, {
    i: {
      verzoekId: zsm.zsmVerzoekIndienen.id,
      personen: [
        { zsmPersoonId: zsm.zsmVerzoekIndienen.personen[0].id, relevanteInformatie: `Contactverbod voor ${vader}.` },
      ],
    },
  });
  await ok(beh, `mutation($i: CasusOvergangInvoer!) { casusOvergang(invoer: $i) { fase } }`, {
    i: {
      casusId: m.casusId,
      naar: 'AFGESLOTEN',
      toelichting: 'Overgedragen.',
      afsluitreden: `Wijkteam begeleidt ${achternaam}.`,
      overdracht: { ontvangendePartij: 'Wijkteam A', contactBevestigdOp: '2026-03-10' },
    },
  });
  // A request of the father (src/rechten): granted, with his own view beside VT's text, which names him.
  const po = await app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-bewaring' });
  const verzoek = await ok<{ rechtenverzoekRegistreren: { id: string } }>(
    po,
    `mutation($i: RechtenverzoekInvoer!) { rechtenverzoekRegistreren(invoer: $i) { id } }`,
    {
      i: {
        casusId: m.casusId,
        soort: 'AANVULLEN',
        verzoeker: 'BETROKKENE',
        persoonId: persoonIds[1],
        omschrijving: `${vader} wil zijn kant toevoegen.`,
        ontvangenOp: '2026-03-10',
      },
    },
  );
  await ok(po, `mutation($i: RechtenverzoekBesluitInvoer!) { rechtenverzoekBesluiten(invoer: $i) { id } }`, {
    i: { verzoekId: verzoek.rechtenverzoekRegistreren.id, besluit: 'TOEGEKEND', motivering: 'Gewogen.' },
  });
  await ok(po, `mutation($i: GegevensCorrigerenInvoer!) { gegevensCorrigeren(invoer: $i) { id } }`, {
    i: {
      verzoekId: verzoek.rechtenverzoekRegistreren.id,
      soort: 'ZIENSWIJZE',
      veld: 'OMSCHRIJVING',
      meldingId: m.id,
      tekst: `Ik, ${vader}, ben nooit boos geweest.`,
      reden: 'Eigen zienswijze',
    },
  });
  // The webhook deliveries of the events the partners got.
  await waaierUit(jobDeps(app));
  return {
    casusId: m.casusId,
    meldingId: m.id,
    persoonIds,
    betrokkeneIds: m.betrokkenen.map((b) => b.id),
    bsns,
    namen: [kind, vader, achternaam, melderNaam],
    overdrachtId: o.overdrachtAanbieden.id,
    hwcId: hwc.hwcSignaalVersturen.id,
    zsmId: zsm.zsmVerzoekIndienen.id,
    zsmPersoonId: zsm.zsmVerzoekIndienen.personen[0].id,
    idempotentieSleutel,
    rechtenverzoekId: verzoek.rechtenverzoekRegistreren.id,
  };
}

/**
 * Every place a needle occurs: each text, json, uuid and array column of each table of the database
 * (information_schema), as `table.column`.
 */
export async function vindplaatsen(app: TestApp, naalden: readonly string[]): Promise<string[]> {
  const kolommen = await app.sql(
    `select c.table_name as t, c.column_name as k from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'uuid', 'ARRAY')`,
  );
  const uit: string[] = [];
  for (const { t, k } of kolommen as { t: string; k: string }[]) {
    const rijen = await app.sql(
      `select n from unnest($1::text[]) n where exists (select 1 from "${t}" x where x."${k}"::text ilike '%' || n || '%')`,
      [naalden],
    );
    for (const r of rijen) uit.push(`${t}.${k}: ${String(r.n)}`);
  }
  return uit;
}
