import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { geldigBsn } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/** Police meldingen in bulk from a machine client: idempotent per reference, all-or-nothing validation. */
let app: TestApp;
let politie: string;

const AANLEVEREN = `mutation P($invoer: PolitieBatchInvoer!) { politieMeldingenAanleveren(invoer: $invoer) { politieReferentie status meldingId } }`;
type Resultaat = { politieReferentie: string; status: string; meldingId: string };

function politieMelding(ref: string, overschrijf: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    politieReferentie: ref,
    vtRegio: 'VT14',
    ontvangenOp: '2026-03-09T23:10:00+01:00',
    aardGeweld: ['EX_PARTNERGEWELD'],
    duurGeweld: 'ONBEKEND',
    omschrijving: 'Zorgmelding na huiselijk geweld; kinderen aanwezig.',
    melder: {
      anonimiteit: 'OPEN',
      naam: 'Agent B. de Wit',
      telefoon: '0900-8844',
      functie: 'wijkagent',
      werkgever: 'Politie Midden-Nederland',
    },
    betrokkenen: [
      { rollen: ['SLACHTOFFER'], persoon: { bsn: geldigBsn(), voornamen: 'Eva', achternaam: 'Bakker' } },
      {
        rollen: ['KIND', 'GETUIGE'],
        persoon: { bsn: geldigBsn(), voornamen: 'Tim', achternaam: 'Bakker', geboortedatum: '2015-06-01' },
      },
    ],
    ...overschrijf,
  };
}

async function aantal(): Promise<number> {
  const [r] = await app.sql(`select count(*)::int as n from melding`);
  return r.n as number;
}

beforeAll(async () => {
  app = await startTestApp();
  await app.partner('POLITIE-MNL', 'POLITIE', 'VT14');
  politie = await app.token('POLITIE_MEDEWERKER', 'POLITIE-MNL', {
    sub: 'politie-koppeling',
    soort: 'SYSTEEM',
  } as never);
});
afterAll(() => app.stop());

describe('politiemeldingen in een batch', () => {
  it('registreert elke melding met casus en termijn; opnieuw aanleveren geeft dezelfde meldingen', async () => {
    const batch = Array.from({ length: 5 }, (_, i) => politieMelding(`2026-MNL-${1000 + i}`));
    const voor = await aantal();
    const r = await app.gql<{ politieMeldingenAanleveren: Resultaat[] }>(politie, AANLEVEREN, {
      invoer: { meldingen: batch },
    });
    expect(r.body.errors).toBeUndefined();
    const eerste = r.body.data!.politieMeldingenAanleveren;
    expect(eerste.map((x) => x.status)).toEqual(['NIEUW', 'NIEUW', 'NIEUW', 'NIEUW', 'NIEUW']);
    expect(eerste.map((x) => x.politieReferentie)).toEqual(batch.map((b) => b.politieReferentie));
    expect(await aantal()).toBe(voor + 5);
    const rij = await app.sql(
      `select m.kanaal, m.organisatie_melder, m.hoedanigheid_melder, m.politie_organisatie, m.casus_id is not null as casus,
              (select count(*) from termijn t where t.melding_id = m.id and t.soort = 'VEILIGHEIDSBEOORDELING')::int as termijnen
         from melding m where m.id = $1`,
      [eerste[0].meldingId],
    );
    expect(rij[0]).toEqual({
      kanaal: 'POLITIEKOPPELING',
      organisatie_melder: 'POLITIE',
      hoedanigheid_melder: 'BEROEPSMATIG',
      politie_organisatie: 'POLITIE-MNL',
      casus: true,
      termijnen: 1,
    });

    const opnieuw = await app.gql<{ politieMeldingenAanleveren: Resultaat[] }>(politie, AANLEVEREN, {
      invoer: { meldingen: [...batch, politieMelding('2026-MNL-2000')] },
    });
    expect(opnieuw.body.errors).toBeUndefined();
    const tweede = opnieuw.body.data!.politieMeldingenAanleveren;
    expect(tweede.slice(0, 5)).toEqual(eerste.map((x) => ({ ...x, status: 'BESTAAND' })));
    expect(tweede[5].status).toBe('NIEUW');
    expect(await aantal()).toBe(voor + 6);
  });

  it('dezelfde referentie tweemaal in één batch wordt één melding', async () => {
    const r = await app.gql<{ politieMeldingenAanleveren: Resultaat[] }>(politie, AANLEVEREN, {
      invoer: { meldingen: [politieMelding('2026-MNL-3000'), politieMelding('2026-MNL-3000')] },
    });
    const [a, b] = r.body.data!.politieMeldingenAanleveren;
    expect(a.status).toBe('NIEUW');
    expect(b).toEqual({ ...a, status: 'BESTAAND' });
  });

  it('gelijktijdig aanleveren van dezelfde referentie geeft één melding', async () => {
    const batch = { meldingen: [politieMelding('2026-MNL-4000')] };
    const [x, y] = await Promise.all([
      app.gql<{ politieMeldingenAanleveren: Resultaat[] }>(politie, AANLEVEREN, { invoer: batch }),
      app.gql<{ politieMeldingenAanleveren: Resultaat[] }>(politie, AANLEVEREN, { invoer: batch }),
    ]);
    expect(x.body.errors).toBeUndefined();
    expect(y.body.errors).toBeUndefined();
    expect(x.body.data!.politieMeldingenAanleveren[0].meldingId).toBe(
      y.body.data!.politieMeldingenAanleveren[0].meldingId,
    );
    expect([x, y].map((r) => r.body.data!.politieMeldingenAanleveren[0].status).sort()).toEqual(['BESTAAND', 'NIEUW']);
    const [r] = await app.sql(`select count(*)::int as n from melding where politie_referentie = '2026-MNL-4000'`);
    expect(r.n).toBe(1);
  });

  it('één ongeldige melding weigert de hele batch met het pad van elke fout, en schrijft niets', async () => {
    const voor = await aantal();
    const r = await app.gql(politie, AANLEVEREN, {
      invoer: {
        meldingen: [
          politieMelding('2026-MNL-5000'),
          politieMelding('2026-MNL-5001', { ontvangenOp: '2031-01-01T00:00:00Z' }),
          politieMelding('2026-MNL-5002', { vtRegio: 'VT09' }),
        ],
      },
    });
    expect(r.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [
        expect.objectContaining({ veld: 'meldingen[1].ontvangenOp', code: 'DATUM_IN_TOEKOMST' }),
        expect.objectContaining({ veld: 'meldingen[2].vtRegio', code: 'REGIO_NIET_GEKOPPELD' }),
      ],
    });
    expect(await aantal()).toBe(voor);
  });

  it('grenzen: een lege batch, meer dan 100, een ongeldige referentie, een ongeldig BSN', async () => {
    const leeg = await app.gql(politie, AANLEVEREN, { invoer: { meldingen: [] } });
    expect(leeg.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const teVeel = await app.gql(politie, AANLEVEREN, {
      invoer: { meldingen: Array.from({ length: 101 }, (_, i) => politieMelding(`X-${i}`)) },
    });
    expect(teVeel.body.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fouten: [expect.objectContaining({ veld: 'meldingen' })],
    });
    const ref = await app.gql(politie, AANLEVEREN, { invoer: { meldingen: [politieMelding('met spatie')] } });
    expect(ref.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const bsn = await app.gql(politie, AANLEVEREN, {
      invoer: {
        meldingen: [
          politieMelding('2026-MNL-6000', {
            betrokkenen: [{ rollen: ['SLACHTOFFER'], persoon: { bsn: '123456789' } }],
          }),
        ],
      },
    });
    expect(bsn.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('alleen de politie kan aanleveren; de politie ziet geen meldingen', async () => {
    const vt = await app.token('VT_MEDEWERKER', 'VT14');
    const r = await app.gql(vt, AANLEVEREN, { invoer: { meldingen: [politieMelding('2026-MNL-7000')] } });
    expect(r.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const lees = await app.gql(politie, `{ meldingen { edges { node { id } } } }`);
    expect(lees.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
