import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { geldigBsn, meldingInvoer } from '../helpers/fabriek';
import { rijtellingen } from '../helpers/invoer';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Issue 15, item 8: coded errors where there were 500s (the cursors: cursors.test.ts). A police reference already
 * delivered to another region, a persisted-query hash that does not match its query, and a change whose audit record
 * cannot be written: each a stable code, nothing written, nothing of another region revealed.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const AANLEVEREN = `mutation P($invoer: PolitieBatchInvoer!) { politieMeldingenAanleveren(invoer: $invoer) { politieReferentie status meldingId } }`;

function politieMelding(ref: string, vtRegio: string): Record<string, unknown> {
  return {
    politieReferentie: ref,
    vtRegio,
    ontvangenOp: '2026-03-09T23:10:00+01:00',
    aardGeweld: ['EX_PARTNERGEWELD'],
    duurGeweld: 'ONBEKEND',
    omschrijving: 'Zorgmelding na huiselijk geweld.',
    melder: { anonimiteit: 'OPEN', naam: 'Agent B. de Wit', telefoon: '0900-8844', werkgever: 'Politie' },
    betrokkenen: [{ rollen: ['SLACHTOFFER'], persoon: { bsn: geldigBsn(), voornamen: 'Eva', achternaam: 'Bakker' } }],
  };
}

describe('een politiereferentie die al in een andere regio bestaat', () => {
  it('CONFLICT met REFERENTIE_IN_ANDERE_REGIO, de plek in de batch, niets van de andere regio, niets geschreven', async () => {
    await app.partner('POL-TWEE', 'POLITIE', 'VT14');
    await app.sql(`update organisatie set regio_codes = '{VT14,VT09}' where code = 'POL-TWEE'`);
    const politie = await app.token('POLITIE_MEDEWERKER', 'POL-TWEE', { sub: 'politie-koppeling' });
    const eerst = await app.gql<{ politieMeldingenAanleveren: { meldingId: string }[] }>(politie, AANLEVEREN, {
      invoer: { meldingen: [politieMelding('2026-REF-1', 'VT14')] },
    });
    expect(eerst.body.errors).toBeUndefined();
    const elders = eerst.body.data!.politieMeldingenAanleveren[0].meldingId;

    const voor = await rijtellingen(app);
    const r = await app.gql(politie, AANLEVEREN, {
      invoer: { meldingen: [politieMelding('2026-REF-1', 'VT09'), politieMelding('2026-REF-2', 'VT09')] },
    });
    expect(r.status).toBeLessThan(500);
    const fout = r.body.errors![0];
    expect(fout.extensions).toMatchObject({
      code: 'CONFLICT',
      reden: 'REFERENTIE_IN_ANDERE_REGIO',
      fouten: [expect.objectContaining({ veld: 'meldingen[0].politieReferentie', code: 'REFERENTIE_IN_ANDERE_REGIO' })],
    });
    const tekst = JSON.stringify(r.body);
    for (const geheim of [elders, 'VT14']) expect(tekst).not.toContain(geheim);
    expect(await rijtellingen(app)).toEqual(voor);

    // The same reference again for its own region is still the existing melding.
    const weer = await app.gql<{ politieMeldingenAanleveren: { status: string; meldingId: string }[] }>(
      politie,
      AANLEVEREN,
      { invoer: { meldingen: [politieMelding('2026-REF-1', 'VT14')] } },
    );
    expect(weer.body.data!.politieMeldingenAanleveren[0]).toMatchObject({ status: 'BESTAAND', meldingId: elders });
  });
});

describe('automatic persisted queries', () => {
  const query = '{ __typename }';
  const hash = (q: string): string => createHash('sha256').update(q).digest('hex');
  const verstuur = async (
    extensions: Record<string, unknown>,
  ): Promise<{ status: number; body: { errors?: { extensions?: Record<string, unknown> }[] } }> => {
    const t = await app.token('VT_MEDEWERKER', 'VT14');
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
      body: JSON.stringify({ query, extensions }),
    });
    return { status: res.status, body: (await res.json()) as { errors?: { extensions?: Record<string, unknown> }[] } };
  };

  it('een hash die niet bij de query hoort: 400, BAD_REQUEST met PERSISTED_QUERY_HASH_ONJUIST', async () => {
    const r = await verstuur({ persistedQuery: { version: 1, sha256Hash: hash('{ iets anders }') } });
    expect(r.status).toBe(400);
    expect(r.body.errors![0].extensions).toMatchObject({ code: 'BAD_REQUEST', reden: 'PERSISTED_QUERY_HASH_ONJUIST' });
    const goed = await verstuur({ persistedQuery: { version: 1, sha256Hash: hash(query) } });
    expect(goed.body.errors).toBeUndefined();
  });

  it('een onbekende versie: 400, BAD_REQUEST met PERSISTED_QUERY_VERSIE_ONBEKEND', async () => {
    const r = await verstuur({ persistedQuery: { version: 2, sha256Hash: hash(query) } });
    expect(r.status).toBe(400);
    expect(r.body.errors![0].extensions).toMatchObject({
      code: 'BAD_REQUEST',
      reden: 'PERSISTED_QUERY_VERSIE_ONBEKEND',
    });
  });
});

describe('een wijziging waarvan het auditrecord niet kan worden geschreven', () => {
  it('AUDIT_UNAVAILABLE met 503, zoals een lezing; de wijziging is niet gedaan', async () => {
    const t = await app.token('VT_MEDEWERKER', 'VT14');
    const voor = await rijtellingen(app);
    await app.sql('alter table audit_gebeurtenis rename to audit_gebeurtenis_weg');
    try {
      const r = await app.gql(t, `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id } }`, {
        i: meldingInvoer(),
      });
      expect(r.status).toBe(503);
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
      expect(r.body.data?.meldingRegistreren ?? null).toBeNull();
    } finally {
      await app.sql('alter table audit_gebeurtenis_weg rename to audit_gebeurtenis');
    }
    expect(await rijtellingen(app)).toEqual(voor);
  });
});
