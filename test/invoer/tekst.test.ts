import { getNamedType, isInputObjectType, type GraphQLInputObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alleRollen, type Rol } from '../../src/auth/rollen';
import { bouwVolledigSchema } from '../../src/lib/graphql/volledig-schema';
import { resolvers } from '../../src/modules';
import { meldingInvoer } from '../helpers/fabriek';
import {
  operaties,
  posities,
  rijtellingen,
  tokenPerRol,
  verzoek,
  type Operatie,
  type Positie,
} from '../helpers/invoer';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * Issue 15, item 7: one text type for every free-text input. Generated from the schemas: every input position of type
 * Tekst or TekstRegel, in every operation of every role, refuses each kind of bad text with its reason, without quoting
 * it, and nothing is written. A schema walk keeps plain String out of the inputs (except the listed opaque tokens).
 */

/** Inputs that stay plain String, with why: opaque tokens the API checks itself, never text a person reads. */
const STRING_TOEGESTAAN: Record<string, string> = {
  na: 'cursor: endCursor van de vorige pagina, gecontroleerd door leesCursor (ONGELDIGE_CURSOR)',
  idempotentieSleutel: 'sleutel van de client, gecontroleerd op zijn patroon (ook als header Idempotency-Key)',
};

/** Each kind of bad text, its reason, and which scalar refuses it. */
const SLECHT: { naam: string; waarde: string; reden: string; alleenRegel?: boolean }[] = [
  { naam: 'NUL', waarde: 'Jan\u0000sen', reden: 'TEKST_NUL_TEKEN' },
  { naam: 'BEL', waarde: 'Jan\u0007sen', reden: 'TEKST_STUURTEKEN' },
  { naam: 'ESC', waarde: 'Jan\u001b[31msen', reden: 'TEKST_STUURTEKEN' },
  { naam: 'C1', waarde: 'Jan\u0085sen', reden: 'TEKST_STUURTEKEN' },
  { naam: 'losse CR', waarde: 'Jan\rsen', reden: 'TEKST_STUURTEKEN' },
  { naam: 'regeleinde', waarde: 'Jan\nsen', reden: 'TEKST_STUURTEKEN', alleenRegel: true },
  { naam: 'tab', waarde: 'Jan\tsen', reden: 'TEKST_STUURTEKEN', alleenRegel: true },
  { naam: 'RLO', waarde: 'Jan\u202Enesnaj', reden: 'TEKST_RICHTINGSTEKEN' },
  { naam: 'RLI', waarde: 'Jan\u2067sen\u2069', reden: 'TEKST_RICHTINGSTEKEN' },
  { naam: 'RLM', waarde: 'Jan\u200Fsen', reden: 'TEKST_RICHTINGSTEKEN' },
  { naam: 'ALM', waarde: 'Jan\u061Csen', reden: 'TEKST_RICHTINGSTEKEN' },
  { naam: 'losse surrogaat', waarde: 'Jan\uD800sen', reden: 'TEKST_ONGELDIGE_UNICODE' },
  { naam: 'leeg', waarde: '', reden: 'TEKST_LEEG' },
  { naam: 'spaties', waarde: '   ', reden: 'TEKST_LEEG' },
  { naam: 'onzichtbaar', waarde: '\u200B\u200D\uFEFF\u00AD\u2060', reden: 'TEKST_LEEG' },
  { naam: 'te lang', waarde: 'a'.repeat(100_001), reden: 'TEKST_TE_LANG' },
];

/** The errors as text, without the stack traces a development server adds. */
const zonderStack = (errors: { message: string; extensions?: Record<string, unknown> }[] | undefined): string =>
  JSON.stringify(errors?.map((e) => ({ ...e, extensions: { ...e.extensions, stacktrace: undefined } })));

let app: TestApp;
let token: (rol: Rol) => Promise<string>;

beforeAll(async () => {
  app = await startTestApp();
  token = await tokenPerRol(app);
});
afterAll(() => app.stop());

describe('het schema: vrije tekst is Tekst of TekstRegel', () => {
  it('geen invoer van gewone String, behalve de genoemde tokens', async () => {
    const schema = await bouwVolledigSchema(resolvers);
    const string: string[] = [];
    let tekst = 0;
    const loop = (t: GraphQLInputObjectType, pad: string, gezien: Set<string>): void => {
      for (const [naam, f] of Object.entries(t.getFields())) {
        const doel = getNamedType(f.type);
        if (isInputObjectType(doel) && !gezien.has(doel.name)) {
          loop(doel, `${doel.name}`, new Set([...gezien, doel.name]));
        } else if (doel.name === 'String') string.push(`${pad}.${naam}`);
        else if (doel.name === 'Tekst' || doel.name === 'TekstRegel') tekst++;
      }
    };
    for (const { veld } of operaties(schema)) {
      for (const a of veld.args) {
        const t = getNamedType(a.type);
        if (isInputObjectType(t)) loop(t, t.name, new Set([t.name]));
        else if (t.name === 'String' && !(a.name in STRING_TOEGESTAAN)) string.push(`${veld.name}(${a.name})`);
        else if (t.name === 'Tekst' || t.name === 'TekstRegel') tekst++;
      }
    }
    expect(string).toEqual([]);
    expect(tekst).toBeGreaterThan(90);
  });
});

describe('elke tekstinvoer van elke rol weigert elke soort slechte tekst', () => {
  it('BAD_USER_INPUT met de reden, zonder de waarde te herhalen; niets geschreven', { timeout: 240_000 }, async () => {
    // Each operation once, in the first role that has it; each of its text positions.
    const gedaan = new Set<string>();
    const gevallen: { rol: Rol; op: Operatie; positie: Positie }[] = [];
    for (const rol of alleRollen) {
      for (const op of operaties(app.api.schemas.get(rol)!)) {
        if (gedaan.has(op.veld.name)) continue;
        gedaan.add(op.veld.name);
        for (const a of op.veld.args) {
          for (const p of posities(a)) {
            if (p.type === 'Tekst' || p.type === 'TekstRegel') gevallen.push({ rol, op, positie: p });
          }
        }
      }
    }
    expect(gevallen.length).toBeGreaterThan(90);
    const voor = await rijtellingen(app);
    const fouten: string[] = [];
    let verzoeken = 0;
    for (const { rol, op, positie } of gevallen) {
      const t = await token(rol);
      for (const s of SLECHT) {
        if (s.alleenRegel && positie.type === 'Tekst') continue;
        const { query, variables } = verzoek(op, positie, s.waarde);
        const r = await app.gql(t, query, variables);
        verzoeken++;
        const plek = `${rol} ${op.veld.name}(${positie.argument}).${positie.pad.join('.')} ${s.naam}`;
        const eigen = r.body.errors?.find((e) => e.extensions?.reden === s.reden);
        if (r.status !== 400 || !eigen || eigen.extensions?.code !== 'BAD_USER_INPUT') {
          fouten.push(`${plek}: ${r.status} ${JSON.stringify(r.body.errors?.map((e) => e.extensions)).slice(0, 300)}`);
        } else if (s.waarde && zonderStack(r.body.errors).includes(JSON.stringify(s.waarde).slice(1, -1))) {
          fouten.push(`${plek}: de waarde staat in het antwoord: ${zonderStack(r.body.errors).slice(0, 400)}`);
        } else if (!eigen.message.includes(`${positie.argument}`)) {
          fouten.push(`${plek}: de melding noemt de plek niet: ${eigen.message}`);
        }
      }
    }
    expect(fouten).toEqual([]);
    expect(verzoeken).toBeGreaterThan(1000);
    expect(await rijtellingen(app)).toEqual(voor);
  });

  it('een naam als inline literal: ook geweigerd, ook zonder de waarde', async () => {
    const t = await token('VT_MEDEWERKER');
    const r = await app.gql(t, `{ casusZoeken(zoek: { achternaam: "Jan\\u202Esen" }) { casusId } }`);
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ reden: 'TEKST_RICHTINGSTEKEN' });
    expect(r.body.errors?.[0]?.message).not.toContain('Jan');
  });
});

describe('goede tekst', () => {
  it('wordt opgeslagen in NFC; tab, regeleinde en emoji met ZWJ mogen in Tekst; CRLF wordt LF', async () => {
    const t = await token('VT_MEDEWERKER');
    const invoer = meldingInvoer({ omschrijving: 'Eerste regel\r\n\tTweede regel met 👨‍👩‍👧 en Zoë' });
    const persoon = (invoer.betrokkenen as { persoon: Record<string, unknown> }[])[1].persoon;
    persoon.achternaam = 'Zoe\u0308 Müller'; // NFD: e + combining diaeresis
    const r = await app.gql<{ meldingRegistreren: { id: string } }>(
      t,
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id } }`,
      { i: invoer },
    );
    expect(r.body.errors).toBeUndefined();
    const id = r.body.data!.meldingRegistreren.id;
    const [m] = await app.sql(`select omschrijving from melding where id = $1`, [id]);
    expect(m.omschrijving).toBe('Eerste regel\n\tTweede regel met 👨‍👩‍👧 en Zoë');
    const namen = (
      await app.sql(
        `select p.achternaam from persoon p join betrokkene b on b.persoon_id = p.id where b.melding_id = $1`,
        [id],
      )
    ).map((x) => x.achternaam as string);
    expect(namen).toContain('Zo\u00EB Müller');
    expect(namen).not.toContain('Zoe\u0308 Müller');
  });
});
