import { expect } from 'vitest';

import type { JobDeps } from '../../src/lib/job';
import { createLogger } from '../../src/lib/logger';
import { termijnActies } from '../../src/modules';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/** The operations, organisations and helpers the Aware tests share. */
export type Fout = { message: string; extensions?: Record<string, unknown> };
export type Aanvraag = Record<string, unknown> & { id: string; status: string };

export const VT_VELDEN = `id status dreiging onderbouwing ingediendOp besluitVoor besluit besluitMotivering periodeMaanden
  geinstalleerdOp einddatum verlengingen beeindigdOp casusId slachtofferId aangevraagdDoor beeindigdReden`;
export const COMMISSIE_VELDEN = `id vtOrganisatie commissie status dreiging onderbouwing ingediendOp besluitVoor besluit
  besluitMotivering beslotenOp periodeMaanden geinstalleerdOp einddatum verlengingen beeindigdOp`;
export const AANMAKEN = `mutation A($i: AwareAanvraagInvoer!) { awareAanvraagRegistreren(invoer: $i) { ${VT_VELDEN} } }`;
export const INDIENEN = `mutation I($id: ID!) { awareAanvraagVoorleggen(aanvraagId: $id) { ${VT_VELDEN} } }`;
export const BESLUIT = `mutation B($i: AwareBesluitInvoer!) { awareBesluitNemen(invoer: $i) { ${COMMISSIE_VELDEN} } }`;
export const INSTALLEREN = `mutation N($i: AwareInstallatieInvoer!) { awareInstallatieVastleggen(invoer: $i) { ${VT_VELDEN} } }`;
export const VERLENGEN = `mutation V($i: AwareVerlengenInvoer!) { awareVerlengen(invoer: $i) { ${VT_VELDEN} } }`;
export const BEEINDIGEN = `mutation E($i: AwareBeeindigenInvoer!) { awareBeeindigen(invoer: $i) { ${VT_VELDEN} } }`;
export const COMMISSIE_LEES = `query L($id: ID!) { awareAanvraag(id: $id) { ${COMMISSIE_VELDEN} } }`;

/** An app with the committees of the tests, and the deps to run termijn jobs by hand. */
export async function startAwareApp(): Promise<{ app: TestApp; deps: JobDeps }> {
  const app = await startTestApp();
  await app.partner('AWARE-A', 'ZORG_EN_VEILIGHEIDSHUIS', 'VT14');
  await app.partner('AWARE-B', 'ZORG_EN_VEILIGHEIDSHUIS', 'VT14');
  await app.partner('AWARE-ELDERS', 'ZORG_EN_VEILIGHEIDSHUIS', 'VT01');
  await app.partner('GM-AW', 'GEMEENTE', 'VT14');
  await app.partner('POL-AW', 'POLITIE', 'VT14');
  await app.partner('WT-AW', 'WIJKTEAM', 'VT14');
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
export function awareHulp(huidige: () => TestApp) {
  const vt = (sub = 'mw-aware'): Promise<string> => huidige().token('VT_MEDEWERKER', 'VT14', { sub });
  const commissie = (org = 'AWARE-A'): Promise<string> =>
    huidige().token('AWARE_INDICATIECOMMISSIE', org, { sub: `ic-${org}` });

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

  /** A casus with a victim (the mother, SLACHTOFFER) of an ex-partner; returns its id and the victim's. */
  async function casus(sub = 'mw-aware'): Promise<{ casusId: string; slachtoffer: string; meldingId: string }> {
    const r = await ok<{
      meldingRegistreren: {
        id: string;
        casusId: string;
        betrokkenen: { rollen: string[]; persoon: { id: string } }[];
      };
    }>(
      await vt(sub),
      `mutation($i: MeldingInvoer!) { meldingRegistreren(invoer: $i) { id casusId betrokkenen { rollen persoon { id } } } }`,
      { i: meldingInvoer() },
    );
    const b = r.meldingRegistreren.betrokkenen;
    return {
      casusId: r.meldingRegistreren.casusId,
      meldingId: r.meldingRegistreren.id,
      slachtoffer: (b.find((x) => x.rollen.includes('SLACHTOFFER')) ?? b[0]).persoon.id,
    };
  }

  async function aanmaken(extra: Record<string, unknown> = {}, sub = 'mw-aware'): Promise<Aanvraag> {
    const c = await casus(sub);
    const r = await ok<{ awareAanvraagRegistreren: Aanvraag }>(await vt(sub), AANMAKEN, {
      i: {
        casusId: c.casusId,
        slachtofferPersoonId: c.slachtoffer,
        commissie: 'AWARE-A',
        dreiging: 'EX_PARTNER',
        onderbouwing: 'Ex-partner volgt haar sinds januari; contactverbod overtreden.',
        ...extra,
      },
    });
    return r.awareAanvraagRegistreren;
  }

  /** The id the committee knows an application by (its own, never VT's). */
  async function commissieId(id: string): Promise<string> {
    const [r] = await huidige().sql(`select commissie_id::text as c from aware_aanvraag where id = $1`, [id]);
    return r.c as string;
  }

  /** An application drafted, submitted and (when `besluit` is given) decided by AWARE-A. */
  async function tot(
    stand: 'INGEDIEND' | 'TOEGEKEND' | 'AFGEWEZEN' | 'ACTIEF',
    sub = 'mw-aware',
  ): Promise<Aanvraag & { cid: string }> {
    const a = await aanmaken({}, sub);
    await ok(await vt(sub), INDIENEN, { id: a.id });
    const cid = await commissieId(a.id);
    if (stand !== 'INGEDIEND') {
      const toekennen = stand !== 'AFGEWEZEN';
      await ok(await commissie(), BESLUIT, {
        i: {
          aanvraagId: cid,
          besluit: toekennen ? 'TOEGEKEND' : 'AFGEWEZEN',
          motivering: toekennen ? 'Ernstige dreiging; alarm voor 3 maanden.' : 'Onvoldoende dreiging.',
          ...(toekennen ? { periodeMaanden: 3 } : {}),
        },
      });
    }
    if (stand === 'ACTIEF') {
      await ok(await vt(sub), INSTALLEREN, { i: { aanvraagId: a.id, geinstalleerdOp: '2026-03-10' } });
    }
    return { ...a, cid };
  }

  async function termijnen(id: string): Promise<Record<string, unknown>[]> {
    return huidige().sql(
      `select id, soort, startdatum::text, vervaldatum::text, status, verantwoordelijke from termijn
        where aware_aanvraag_id = $1 order by vervalt_op, soort`,
      [id],
    );
  }

  return { vt, commissie, gql, ok, casus, aanmaken, commissieId, tot, termijnen };
}
