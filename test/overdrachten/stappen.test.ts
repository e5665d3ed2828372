import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import {
  BEEINDIGD,
  OPEN_AANBOD,
  OVERDRACHT_STAPPEN,
  OverdrachtStatus,
  type Uitvoerder,
} from '../../src/overdrachten/overdracht.model';
import { neemStap, type StapOnderwerp, zoekStap } from '../../src/overdrachten/overdracht.stappen';

/**
 * The overdracht's transition table, checked exhaustively: every (state, target, actor) is generated from the enum and
 * the actors, and each is allowed exactly when the table lists it. No database: neemStap is pure.
 */

const STATUSSEN = Object.values(OverdrachtStatus);
const UITVOERDERS: readonly Uitvoerder[] = ['VT', 'PARTNER', 'SYSTEEM'];
const NU = new Date('2026-03-02T10:00:00Z');
const MORGEN = new Date('2026-03-03T10:00:00Z');

const inTabel = (van: OverdrachtStatus, naar: OverdrachtStatus, door: Uitvoerder): boolean =>
  OVERDRACHT_STAPPEN.some((s) => s.van.includes(van) && s.naar === naar && s.door === door);

const gevallen = STATUSSEN.flatMap((van) =>
  STATUSSEN.flatMap((naar) => UITVOERDERS.map((door) => ({ van, naar, door, toegestaan: inTabel(van, naar, door) }))),
);

function onderwerp(status: OverdrachtStatus, reagerenVoor = MORGEN): StapOnderwerp {
  return { status, reagerenVoor, beeindigdOp: null };
}

function weigering(f: () => unknown): GraphQLError {
  try {
    f();
  } catch (e) {
    return e as GraphQLError;
  }
  throw new Error('geen weigering');
}

describe('overdrachtstappen: de tabel is de enige weg', () => {
  it('de gevallen dekken elke combinatie, en de tabel staat er een deel van toe', () => {
    expect(gevallen).toHaveLength(STATUSSEN.length * STATUSSEN.length * UITVOERDERS.length);
    expect(gevallen.filter((g) => g.toegestaan).length).toBe(OVERDRACHT_STAPPEN.reduce((n, s) => n + s.van.length, 0));
  });

  it.each(gevallen.filter((g) => g.toegestaan).map((g) => [g.van, g.naar, g.door] as const))(
    '%s → %s door %s staat in de tabel en mag',
    (van, naar, door) => {
      const o = onderwerp(van);
      const stap = neemStap(o, naar, door, NU);
      expect(stap).toMatchObject({ naar, door });
      expect(stap.van).toContain(van);
      expect(o.status).toBe(naar);
      expect(o.beeindigdOp).toEqual(BEEINDIGD.includes(naar) ? NU : null);
    },
  );

  it.each(gevallen.filter((g) => !g.toegestaan).map((g) => [g.van, g.naar, g.door] as const))(
    '%s → %s door %s staat niet in de tabel en wordt geweigerd',
    (van, naar, door) => {
      const o = onderwerp(van);
      const fout = weigering(() => neemStap(o, naar, door, NU));
      // The partner answering an offer that is no longer open is a conflict (a colleague was first); anything else
      // outside the table is STAP_NIET_TOEGESTAAN, naming what this actor could do from here.
      if (
        door === 'PARTNER' &&
        (naar === OverdrachtStatus.GEACCEPTEERD || naar === OverdrachtStatus.AFGEWEZEN) &&
        !OPEN_AANBOD.includes(van)
      ) {
        expect(fout.extensions).toMatchObject({ code: 'CONFLICT', reden: 'AL_BESLIST', status: van });
      } else {
        const toegestaan = OVERDRACHT_STAPPEN.filter((s) => s.door === door && s.van.includes(van)).map((s) => s.naar);
        expect(fout.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          reden: 'STAP_NIET_TOEGESTAAN',
          van,
          naar,
          toegestaan,
        });
      }
      expect(o.status).toBe(van);
      expect(o.beeindigdOp).toBeNull();
    },
  );

  it('de stap wordt gezocht op uitvoerder: dezelfde overgang van een andere uitvoerder telt niet', () => {
    // INGETROKKEN from AANGEBODEN is a step of VT and of the system: each finds its own.
    expect(zoekStap(OverdrachtStatus.AANGEBODEN, OverdrachtStatus.INGETROKKEN, 'SYSTEEM')?.door).toBe('SYSTEEM');
    expect(zoekStap(OverdrachtStatus.AANGEBODEN, OverdrachtStatus.INGETROKKEN, 'VT')?.door).toBe('VT');
    expect(zoekStap(OverdrachtStatus.AANGEBODEN, OverdrachtStatus.INGETROKKEN, 'PARTNER')).toBeUndefined();
    // From CONTACT_BEVESTIGD only the system withdraws (deactivation); VT is refused.
    expect(zoekStap(OverdrachtStatus.CONTACT_BEVESTIGD, OverdrachtStatus.INGETROKKEN, 'VT')).toBeUndefined();
    expect(
      weigering(() => neemStap(onderwerp(OverdrachtStatus.CONTACT_BEVESTIGD), OverdrachtStatus.INGETROKKEN, 'VT', NU))
        .extensions,
    ).toMatchObject({
      reden: 'STAP_NIET_TOEGESTAAN',
      toegestaan: [],
    });
  });

  it('het antwoord van de partner na de reactietermijn is VERLOPEN, ook vóór de worker; VT en het systeem kennen geen termijn', () => {
    const o = onderwerp(OverdrachtStatus.AANGEBODEN, NU);
    expect(weigering(() => neemStap(o, OverdrachtStatus.GEACCEPTEERD, 'PARTNER', NU)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reden: 'VERLOPEN',
    });
    expect(o.status).toBe(OverdrachtStatus.AANGEBODEN);
    neemStap(o, OverdrachtStatus.VERLOPEN, 'SYSTEEM', NU);
    expect(o.status).toBe(OverdrachtStatus.VERLOPEN);
    const p = onderwerp(OverdrachtStatus.ONTVANGEN, NU);
    neemStap(p, OverdrachtStatus.INGETROKKEN, 'VT', NU);
    expect(p.status).toBe(OverdrachtStatus.INGETROKKEN);
  });

  it('geen code buiten overdracht.stappen.ts zet de status van een overdracht', () => {
    const src = join(__dirname, '..', '..', 'src');
    const bestanden = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('overdracht.stappen.ts'),
    );
    const overtredingen = bestanden.flatMap((f) =>
      readFileSync(join(src, f), 'utf8')
        .split('\n')
        .map((regel, i) => ({ f, i: i + 1, regel }))
        .filter(
          ({ f, regel }) =>
            /\.status\s*=\s*OverdrachtStatus\./.test(regel) ||
            (f.startsWith('overdrachten') && /\.status\s*=\s*naar\b/.test(regel)) ||
            /update\s+overdracht\b/i.test(regel),
        ),
    );
    expect(overtredingen).toEqual([]);
  });
});
