import { expect } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { termijnActies } from '../../src/modules';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/** The operations, organisations and helpers the huisverbod tests share. */
export type Fout = { message: string; extensions?: Record<string, unknown> };
export type Huisverbod = Record<string, unknown> & { id: string; status: string };

export const VT_VELDEN = `id status opgelegdOp opgelegdTot verlengdTot eindigtOp uiterlijkTot adviesVoor advies adviesToelichting
  casusId uithuisgeplaatsteId achterblijverIds gesprekUithuisgeplaatsteOp veiligheidsplan politieReferentie beschikkingKenmerk
  monitoringcontacten { moment contactOp uitkomst }`;
export const REGISTREER = `mutation R($i: HuisverbodRegistrerenInvoer!) { huisverbodRegistreren(invoer: $i) { ${VT_VELDEN} } }`;
export const BIJWERKEN = `mutation B($i: HuisverbodBijwerkenInvoer!) { huisverbodBijwerken(invoer: $i) { ${VT_VELDEN} } }`;
export const ADVISEREN = `mutation A($i: HuisverbodAdviesInvoer!) { huisverbodAdviseren(invoer: $i) { ${VT_VELDEN} } }`;
export const VERLENGEN = `mutation V($i: HuisverbodVerlengenInvoer!) { huisverbodVerlengen(invoer: $i) { id status verlengdTot eindigtOp } }`;
export const INTREKKEN = `mutation I($id: ID!) { huisverbodIntrekken(huisverbodId: $id) { id status ingetrokkenOp } }`;
export const MONITOR = `mutation M($i: HuisverbodMonitoringcontactInvoer!) { huisverbodMonitoringcontactVastleggen(invoer: $i) { ${VT_VELDEN} } }`;
export const GEMEENTE_LEES = `query L($id: ID!) { huisverbod(id: $id) { id status gemeente opgelegdTot eindigtOp uiterlijkTot adviesVoor advies adviesToelichting beschikkingKenmerk } }`;
export const POLITIE_LEES = `query L($id: ID!) { huisverbod(id: $id) { id status eindigtOp politieReferentie } }`;

export const gesprekken = { gesprekUithuisgeplaatsteOp: '2026-03-10', gesprekAchterblijversOp: '2026-03-10' };

/** An app with the gemeenten and police organisations of the tests, and the deps to run termijn jobs by hand. */
export async function startHuisverbodApp(): Promise<{ app: TestApp; deps: JobDeps }> {
  const app = await startTestApp();
  await app.partner('GM-OOV', 'GEMEENTE', 'VT14');
  await app.partner('GM-OOV-B', 'GEMEENTE', 'VT14');
  await app.partner('GM-ELDERS', 'GEMEENTE', 'VT01');
  await app.partner('POL-A', 'POLITIE', 'VT14');
  await app.partner('POL-B', 'POLITIE', 'VT14');
  await app.partner('WT-A', 'WIJKTEAM', 'VT14');
  const deps: JobDeps = {
    orm: app.orm,
    termijnActies,
    clock: app.clock,
    log: createLogger('silent', 'test'),
    config: app.config,
    queue: () => {
      throw new Error('geen wachtrij nodig');
    },
  };
  return { app, deps };
}

/** Tokens and steps on the app `huidige()` returns (the test file's, set in its beforeAll). */
export function huisverbodHulp(huidige: () => TestApp) {
  const vt = (sub = 'mw-thv'): Promise<string> => huidige().token('VT_MEDEWERKER', 'VT14', { sub });
  const oov = (org = 'GM-OOV'): Promise<string> =>
    huidige().token('GEMEENTE_OOV_MEDEWERKER', org, { sub: `oov-${org}` });
  const politie = (org = 'POL-A'): Promise<string> => huidige().token('POLITIE_MEDEWERKER', org, { sub: `pol-${org}` });

  async function gql<T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; fout?: Fout }> {
    const r = await huidige().gql<T>(token, query, variables);
    return { data: r.body.data ?? undefined, fout: r.body.errors?.[0] };
  }

  async function ok<T = Record<string, unknown>>(token: string, q: string, v?: Record<string, unknown>): Promise<T> {
    const r = await gql<T>(token, q, v);
    expect(r.fout, JSON.stringify(r.fout)).toBeUndefined();
    return r.data!;
  }

  /** A casus with Peter (adult, pleger) and Sara (child); returns their ids. */
  async function casus(sub = 'mw-thv'): Promise<{ casusId: string; peter: string; sara: string }> {
    const r = await ok<{
      meldingRegistreren: { casusId: string; betrokkenen: { rollen: string[]; persoon: { id: string } }[] };
    }>(
      await vt(sub),
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { casusId betrokkenen { rollen persoon { id } } } }`,
      { i: meldingInvoer() },
    );
    const b = r.meldingRegistreren.betrokkenen;
    return {
      casusId: r.meldingRegistreren.casusId,
      peter: b.find((x) => x.rollen.includes('PLEGER'))!.persoon.id,
      sara: b.find((x) => x.rollen.includes('KIND'))!.persoon.id,
    };
  }

  async function registreer(extra: Record<string, unknown> = {}, sub = 'mw-thv'): Promise<Huisverbod> {
    const c = await casus(sub);
    const r = await ok<{ huisverbodRegistreren: Huisverbod }>(await vt(sub), REGISTREER, {
      i: {
        casusId: c.casusId,
        uithuisgeplaatstePersoonId: c.peter,
        achterblijverPersoonIds: [c.sara],
        opgelegdOp: '2026-03-09T22:00:00+01:00',
        gemeente: 'GM-OOV',
        politie: 'POL-A',
        politieReferentie: 'PL0900-2026-123456',
        beschikkingKenmerk: 'OOV/2026/0042',
        rihgReferentie: 'RiHG 2026-17',
        ...extra,
      },
    });
    return r.huisverbodRegistreren;
  }

  /** The ids the gemeente and the police know the huisverbod by (each its own, never VT's). */
  async function partnerIds(id: string): Promise<{ gm: string; pol: string }> {
    const [r] = await huidige().sql(
      `select gemeente_id::text as gm, politie_id::text as pol from huisverbod where id = $1`,
      [id],
    );
    return r as { gm: string; pol: string };
  }

  async function termijnen(id: string): Promise<Record<string, unknown>[]> {
    return huidige().sql(
      `select soort, vervaldatum::text, vervalt_op, status, verantwoordelijke from termijn where huisverbod_id = $1 order by vervalt_op, soort`,
      [id],
    );
  }

  return { vt, oov, politie, gql, ok, casus, registreer, partnerIds, termijnen };
}
