import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Rol } from '../../src/auth/rollen';
import { meldingInvoer } from '../helpers/fabriek';
import { okAntwoord, PARTNERS, partnerToken, registreerPartners } from '../helpers/partners';
import { alleLeesaanroepen, schemaVan } from '../helpers/selectie';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * The read path that builds views from SQL rows, executed by graphql-jit (the defaults), answers exactly as the
 * reference path that loads managed entities and is executed by graphql-js (LEESPAD=entiteiten,
 * GRAPHQL_UITVOERING=graphql-js), for every role's schema: two APIs on one database, every query each role's schema
 * offers, with everything it may select, for a sample of every kind of id (own region, another region, unknown), and
 * the answers and the audit records each read writes must be the same. A read moved to SQL that drops a field, a row
 * rule, a need-to-know condition or an audited person fails here.
 */

/** An answer without the stack traces development mode adds to errors (they name the code path, which differs). */
function zonderStack(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body, (k, v: unknown) => (k === 'stacktrace' ? undefined : v)));
}

describe('leespad: SQL en entiteiten geven hetzelfde antwoord en dezelfde auditregels, voor elke rol', () => {
  let app: TestApp;
  let ref: TestApp;
  const lezers = new Map<string, string>();

  const vtToken = (rol: Rol, sub: string, org = 'VT14'): Promise<string> => app.token(rol, org, { sub });

  beforeAll(async () => {
    app = await startTestApp();
    // The reference is the old path as a whole: managed entities, executed by graphql-js's interpreter.
    ref = await startTestApp({ deelt: app, env: { LEESPAD: 'entiteiten', GRAPHQL_UITVOERING: 'graphql-js' } });
    await registreerPartners(app);

    const beh = await vtToken('VT_MEDEWERKER', 'mw-beh');
    const ander = await vtToken('VT_MEDEWERKER', 'mw-ander');
    const tl = await vtToken('VT_TEAMLEIDER', 'tl-1');
    const ok = <T = Record<string, unknown>>(t: string, q: string, v?: Record<string, unknown>): Promise<T> =>
      okAntwoord<T>(app, t, q, v);
    const registreer = async (
      t: string,
      invoer: Record<string, unknown>,
    ): Promise<{ id: string; casusId: string; persoonIds: string[] }> => {
      const r = await ok<{
        meldingRegistreren: { id: string; casusId: string; betrokkenen: { persoon: { id: string } }[] };
      }>(
        t,
        `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { persoon { id } } } }`,
        { i: invoer },
      );
      return { ...r.meldingRegistreren, persoonIds: r.meldingRegistreren.betrokkenen.map((b) => b.persoon.id) };
    };

    // Region VT14: an open melding with an address, an anonymous melder, a melding without melder details, a second
    // melding in the same household, a casus of another worker that the teamleider assigns to a team, and one opened
    // under noodtoegang. Region VT01: one melding (another region's id).
    const a = await registreer(beh, meldingInvoer());
    await registreer(
      beh,
      meldingInvoer({
        ontvangenOp: '2026-03-09T16:00:00+01:00',
        betrokkenen: (meldingInvoer().betrokkenen as unknown[]).slice(0, 1),
        melder: {
          anonimiteit: 'ANONIEM_NAAR_GEZIN',
          toestemmingBekendmaking: false,
          naam: 'N. Buur',
          email: 'buur@voorbeeld.nl',
        },
      }),
    );
    await registreer(
      beh,
      meldingInvoer({
        ontvangenOp: '2026-03-08T09:00:00+01:00',
        hoedanigheidMelder: 'NIET_BEROEPSMATIG',
        organisatieMelder: 'NIET_VAN_TOEPASSING',
        melder: { anonimiteit: 'DUBBEL_ANONIEM', toestemmingBekendmaking: false },
      }),
    );
    const b = await registreer(ander, meldingInvoer({ ontvangenOp: '2026-03-07T09:00:00+01:00' }));
    await ok(tl, `mutation($id: ID!) { casusToewijzen(casusId: $id, team: "T-NOORD") { id } }`, { id: b.casusId });
    const c = await registreer(ander, meldingInvoer({ ontvangenOp: '2026-03-06T09:00:00+01:00' }));
    await ok(beh, `mutation($c: ID!, $r: Tekst!) { noodtoegangOpenen(casusId: $c, reden: $r) { id } }`, {
      c: c.casusId,
      r: 'Acute dreiging gemeld buiten kantoortijd door de politie.',
    });
    await registreer(await vtToken('VT_MEDEWERKER', 'mw-elders', 'VT01'), meldingInvoer());

    // The partner side: an assessment, a handover to the wijkteam that accepts it, a Handle with Care signal.
    await ok(
      beh,
      `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
      {
        i: {
          meldingId: a.id,
          taxatie: 'STRUCTURELE_ONVEILIGHEID',
          uitkomst: 'OVERDRACHT',
          toelichting: 'Structurele onveiligheid; overdracht aan het wijkteam.',
        },
      },
    );
    const o = await ok<{ overdrachtAanbieden: { id: string } }>(
      beh,
      `mutation($i: OverdrachtAanbiedenInvoer!) { overdrachtAanbieden(invoer: $i) { id } }`,
      {
        i: {
          casusId: a.casusId,
          soort: 'WARME_OVERDRACHT',
          ontvanger: 'WT-A',
          persoonIds: a.persoonIds,
          metVeiligheidsafspraken: true,
          toelichting: 'Moeder wil hulp.',
          grondslag: 'WMO_OVERDRACHT',
        },
      },
    );
    await ok(await partnerToken(app, 'WT-A'), `mutation($id: ID!) { overdrachtAccepteren(overdrachtId: $id) { id } }`, {
      id: o.overdrachtAanbieden.id,
    });

    // A casus through voorwaarden en vervolg (agreement, transition, monitoring contact), one with a Verzoek tot
    // Onderzoek, a Handle with Care signal, a ZSM request answered, and an advies made into a melding.
    const beoordeel = (meldingId: string, extra: Record<string, unknown>): Promise<unknown> =>
      ok(
        beh,
        `mutation($i: VeiligheidsbeoordelingInvoer!) { veiligheidsbeoordelingVastleggen(invoer: $i) { casus { fase } } }`,
        {
          i: {
            meldingId,
            taxatie: 'STRUCTURELE_ONVEILIGHEID',
            uitkomst: 'VERVOLGSTAPPEN_BIJ_VEILIG_THUIS',
            toelichting: 'Vervolg bij Veilig Thuis.',
            ...extra,
          },
        },
      );
    const d = await registreer(beh, meldingInvoer({ ontvangenOp: '2026-03-05T09:00:00+01:00' }));
    await beoordeel(d.id, { vervolg: 'VOORWAARDEN_EN_VERVOLG' });
    await ok(beh, `mutation($i: VeiligheidsafspraakInvoer!) { veiligheidsafspraakVastleggen(invoer: $i) { id } }`, {
      i: {
        casusId: d.casusId,
        omschrijving: 'Vader komt niet in de woning.',
        partijen: ['moeder', 'vader'],
        overeengekomenOp: '2026-03-10',
      },
    });
    await ok(beh, `mutation($i: CasusOvergangInvoer!) { casusOvergang(invoer: $i) { fase } }`, {
      i: { casusId: d.casusId, naar: 'MONITORING', toelichting: 'Afspraken lopen.' },
    });
    await ok(beh, `mutation($i: MonitoringcontactInvoer!) { monitoringcontactVastleggen(invoer: $i) { id } }`, {
      i: { casusId: d.casusId, contactOp: '2026-03-10', uitkomst: 'VEILIG_STABIEL', toelichting: 'Het gaat goed.' },
    });
    const e = await registreer(beh, meldingInvoer({ ontvangenOp: '2026-03-04T09:00:00+01:00' }));
    const kind = (
      await app.sql(`select id::text from persoon where id = any($1::uuid[]) and geboortedatum > '2010-01-01'`, [
        e.persoonIds,
      ])
    )[0].id as string;
    await beoordeel(e.id, {
      vervolg: 'VERZOEK_TOT_ONDERZOEK',
      verzoekTotOnderzoek: {
        kinderen: [kind],
        gronden: ['HULP_GEPROBEERD'],
        standpuntOuders: 'De ouders willen geen bemoeienis.',
      },
    });
    const hwc = await ok<{ hwcSignaalVersturen: { id: string } }>(
      beh,
      `mutation($i: HwcSignaalInvoer!) { hwcSignaalVersturen(invoer: $i) { id } }`,
      {
        i: {
          casusId: d.casusId,
          persoonId: (
            await app.sql(`select id::text from persoon where id = any($1::uuid[]) and geboortedatum > '2010-01-01'`, [
              d.persoonIds,
            ])
          )[0].id,
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
    const bsn = (
      await app.sql(`select bsn from persoon where id = any($1::uuid[]) and geboortedatum < '2000-01-01'`, [
        d.persoonIds,
      ])
    )[0].bsn as string;
    const zsm = await ok<{ zsmVerzoekIndienen: { id: string; personen: { id: string }[] } }>(
      await partnerToken(app, 'OM-A'),
      `mutation($i: ZsmVerzoekInvoer!) { zsmVerzoekIndienen(invoer: $i) { id personen { id } } }`,
      {
        i: {
          vtOrganisatie: 'VT14',
          reden: 'Verdachte van mishandeling.',
          inverzekeringstellingEindigtOp: '2026-03-12T12:00:00Z',
          personen: [{ bsn }],
        },
      },
    );
    await ok(beh, `mutation($i: ZsmAntwoordInvoer!) { zsmVerzoekBeantwoorden(invoer: $i) { id } }`, {
      i: {
        verzoekId: zsm.zsmVerzoekIndienen.id,
        personen: [
          { zsmPersoonId: zsm.zsmVerzoekIndienen.personen[0].id, relevanteInformatie: 'Contactverbod is nodig.' },
        ],
      },
    });
    const advies = await ok<{ adviesRegistreren: { id: string } }>(
      beh,
      `mutation($i: AdviesInvoer!) { adviesRegistreren(invoer: $i) { id } }`,
      {
        i: {
          ontvangenOp: '2026-03-09T10:00:00+01:00',
          kanaal: 'TELEFOON',
          hoedanigheidAdviesvrager: 'BEROEPSMATIG',
          organisatieAdviesvrager: 'KINDEROPVANG',
          aardGeweld: ['KINDERMISHANDELING'],
          omschrijving: 'Vraag over een peuter.',
        },
      },
    );
    await ok(beh, `mutation($i: AdviesInvoer!) { adviesRegistreren(invoer: $i) { id } }`, {
      i: {
        ontvangenOp: '2026-03-08T10:00:00+01:00',
        kanaal: 'TELEFOON',
        hoedanigheidAdviesvrager: 'NIET_BEROEPSMATIG',
        organisatieAdviesvrager: 'NIET_VAN_TOEPASSING',
        aardGeweld: ['EX_PARTNERGEWELD'],
        omschrijving: 'Buurvrouw vraagt raad.',
      },
    });
    await ok(
      beh,
      `mutation($id: ID!, $m: MeldingInvoer!) { adviesOmzettenInMelding(adviesId: $id, melding: $m, ambtshalve: true) { id } }`,
      {
        id: advies.adviesRegistreren.id,
        m: meldingInvoer({ ontvangenOp: '2026-03-09T11:00:00+01:00' }),
      },
    );

    lezers.set('VT_MEDEWERKER behandelaar', beh);
    lezers.set('VT_MEDEWERKER niet toegewezen (noodtoegang op één casus)', ander);
    lezers.set(
      'VT_MEDEWERKER teamlid',
      await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-team', teams: ['T-NOORD'] }),
    );
    lezers.set('VT_TEAMLEIDER', tl);
    lezers.set('VERTROUWENSARTS', await vtToken('VERTROUWENSARTS', 'va-1'));
    lezers.set('PRIVACY_OFFICER', await vtToken('PRIVACY_OFFICER', 'po-1'));
    lezers.set('VT_MEDEWERKER andere regio', await vtToken('VT_MEDEWERKER', 'mw-elders', 'VT01'));
    for (const org of Object.keys(PARTNERS)) lezers.set(`${PARTNERS[org].rol} ${org}`, await partnerToken(app, org));
  });
  afterAll(async () => {
    await ref?.stop();
    await app?.stop();
  });

  /** Up to three ids of each kind of row (both regions), and an id that names nothing. */
  async function ids(): Promise<string[]> {
    const tabellen = [
      'melding',
      'casus',
      'persoon',
      'overdracht',
      'hwc_signaal',
      'advies',
      'noodtoegang',
      'zsm_verzoek',
      'huisverbod',
    ];
    const uit: string[] = ['00000000-0000-4000-8000-000000000000'];
    for (const t of tabellen) {
      for (const r of await app.sql(`select id::text from ${t} order by id limit 3`)) uit.push(r.id as string);
    }
    return uit;
  }

  /** The audit records written after `na`, without what differs between two identical reads (id, time, request). */
  async function auditNa(na: number): Promise<unknown[]> {
    return app.sql(
      `select gebeurtenis, actie, gebruiker, rol, organisatie, toegangspunt, grondslag, noodprocedure, vt_organisatie, object_type, object_id,
              persoon_ids::text[] as persoon_ids, velden
         from audit_gebeurtenis where id > $1 order by object_type, object_id, gebeurtenis, id`,
      [na],
    );
  }
  const laatsteAudit = async (): Promise<number> =>
    Number((await app.sql(`select coalesce(max(id), 0) as n from audit_gebeurtenis`))[0].n);

  it('elke leesaanroep van elke rol: hetzelfde antwoord, dezelfde auditregels', { timeout: 300_000 }, async () => {
    const alleIds = await ids();
    let vergeleken = 0;
    let metGegevens = 0;
    for (const [lezer, token] of lezers) {
      const schema: GraphQLSchema = await schemaVan(app, token);
      const { aanroepen } = alleLeesaanroepen(schema, alleIds);
      for (const a of aanroepen) {
        const wat = `${lezer}: ${a.veld} ${JSON.stringify(a.variables)}`;
        const voor = await laatsteAudit();
        const sql = await app.gql(token, a.query, a.variables);
        const auditSql = await auditNa(voor);
        const tussen = await laatsteAudit();
        const entiteiten = await ref.gql(token, a.query, a.variables);
        const auditEntiteiten = await auditNa(tussen);
        expect(sql.status, wat).toBe(entiteiten.status);
        expect(zonderStack(sql.body), wat).toEqual(zonderStack(entiteiten.body));
        expect(auditSql, wat).toEqual(auditEntiteiten);
        vergeleken++;
        if (auditSql.length > 0) metGegevens++;
      }
    }
    // The scenario reached personal data through many reads, not only refusals.
    expect(vergeleken).toBeGreaterThan(200);
    expect(metGegevens).toBeGreaterThan(30);
  });
});
