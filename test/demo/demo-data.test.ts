import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CasusFase } from '../../src/casussen/proces';
import { laadDemoData } from '../../demo/demo-data';
import type { DemoVerslag } from '../../demo/demo-jaar';
import { createLogger } from '../../src/lib/logger';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * The demo data simulates a year of a region through the services. At a reduced volume (the default start uses
 * Gooi en Vechtstreek's real one) it must still reach every fase, classify meldingen as CBS 85361 does, leave
 * overdue termijnen for the teamleider, and never take a step the process refuses.
 */
let app: TestApp;
let verslag: DemoVerslag;

beforeAll(async () => {
  app = await startTestApp({ nu: new Date('2026-11-20T10:00:00Z') });
  const log = createLogger('silent', 'test');
  [verslag] = await laadDemoData(app.orm, app.clock, log, app.config, undefined, [
    {
      regio: 'VT14',
      meldingenPerJaar: 260,
      adviezenPerJaar: 80,
      eerdereHuishoudens: 40,
      seed: 14,
      wijkteam: 'WT-HILVERSUM',
      huisverbodenPerJaar: 15,
      awareAanvragenPerJaar: 40,
    },
  ]);
}, 300_000);
afterAll(() => app.stop());

describe('demodata: een gesimuleerd jaar', () => {
  it('heeft tijdelijke huisverboden in elke stand; de burgemeester (GM0402) ziet ze en het advies', async () => {
    const rijen = await app.sql(
      `select count(*)::int as n, count(geadviseerd_op)::int as geadviseerd, count(verlengd_tot)::int as verlengd,
              count(veiligheidsplan)::int as plan, (select count(*)::int from huisverbod_monitoringcontact) as monitoring
         from huisverbod where vt_organisatie = 'VT14'`,
    );
    const t = rijen[0] as Record<string, number>;
    expect(t.n).toBeGreaterThanOrEqual(8);
    expect(t.n).toBeLessThanOrEqual(25);
    for (const k of ['geadviseerd', 'verlengd', 'plan', 'monitoring']) {
      expect(t[k], JSON.stringify(t)).toBeGreaterThan(0);
    }
    const oov = await app.token('GEMEENTE_OOV_MEDEWERKER', 'GM0402');
    const r = await app.gql<{ huisverboden: { edges: { node: { status: string; advies: string | null } }[] } }>(
      oov,
      `{ huisverboden(eerste: 100) { edges { node { status advies } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    // Partners see a huisverbod until 30 days after its end: the recent ones of the year.
    expect(r.body.data!.huisverboden.edges.length).toBeGreaterThan(0);
    expect(r.body.data!.huisverboden.edges.length).toBeLessThan(t.n);
    // Each was reported by the police first (huisverbodMelden) and registered from that report.
    const [g] = await app.sql(
      `select count(*)::int as n, count(*) filter (where m.politie = 'POLITIE-MNL' and h.politie = 'POLITIE-MNL')::int as gemeld
         from huisverbod h left join huisverbod_melding m on m.huisverbod_id = h.id where h.vt_organisatie = 'VT14'`,
    );
    expect(g).toEqual({ n: t.n, gemeld: t.n });
  });

  it('heeft Aware-aanvragen in meerdere standen; de commissie (AWARE-GV) ziet de voorgelegde, één nog zonder besluit', async () => {
    const standen = (
      await app.sql(
        `select status, count(*)::int as n from aware_aanvraag where vt_organisatie = 'VT14' group by status`,
      )
    ).map((x) => x.status as string);
    expect(standen).toEqual(expect.arrayContaining(['IN_BEHANDELING_COMMISSIE', 'ACTIEF']));
    expect(standen.length, standen.join(',')).toBeGreaterThanOrEqual(3);
    const ic = await app.token('AWARE_INDICATIECOMMISSIE', 'AWARE-GV');
    const r = await app.gql<{ awareAanvragen: { edges: { node: { status: string } }[] } }>(
      ic,
      `{ awareAanvragen(eerste: 100) { edges { node { status } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const gezien = r.body.data!.awareAanvragen.edges.map((e) => e.node.status);
    expect(gezien).toContain('IN_BEHANDELING_COMMISSIE');
    expect(gezien).not.toContain('AANGEVRAAGD');
  });

  it('neemt alleen stappen die het proces toestaat', () => {
    expect(verslag.geweigerd).toEqual({});
    expect(verslag.meldingen).toBeGreaterThan(260);
    expect(verslag.adviezen).toBe(80);
  });

  it('bereikt elke fase, en de lopende fasen zijn zichtbaar voor de teamleider van de regio', async () => {
    const bereikt = (await app.sql(`select distinct naar from casus_overgang where vt_organisatie = 'VT14'`)).map(
      (x) => x.naar,
    );
    expect(bereikt.sort()).toEqual(Object.values(CasusFase).sort());
    const t = await app.token('VT_TEAMLEIDER', 'VT14');
    const lopend = [
      CasusFase.VEILIGHEIDSBEOORDELING,
      CasusFase.OVERDRACHT,
      CasusFase.VOORWAARDEN_EN_VERVOLG,
      CasusFase.ONDERZOEK,
      CasusFase.MONITORING,
      CasusFase.AFGESLOTEN,
    ];
    for (const fase of lopend) {
      const r = await app.gql<{ casussen: { edges: { node: { fase: string } }[] } }>(
        t,
        `query($f: CasusFase) { casussen(fase: $f, eerste: 1) { edges { node { fase } } } }`,
        { f: fase },
      );
      expect(r.body.errors, fase).toBeUndefined();
      expect(
        r.body.data!.casussen.edges.map((e) => e.node.fase),
        fase,
      ).toEqual([fase]);
    }
  });

  it('verdeelt het werk: elke medewerker heeft casussen, een deel via het team, en ziet alleen wat van hem of zijn team is', async () => {
    const per = await app.sql(
      `select verantwoordelijke, count(*)::int as n, count(team)::int as met_team from casus where vt_organisatie = 'VT14' and fase <> 'AFGESLOTEN' group by 1 order by 1`,
    );
    expect(per.map((x) => x.verantwoordelijke)).toEqual(
      Array.from({ length: 9 }, (_, i) => `vt14-medewerker-0${i + 1}`),
    );
    expect(per.every((x) => (x.n as number) > 0)).toBe(true);
    const metTeam = per.reduce((a, x) => a + (x.met_team as number), 0);
    const totaal = per.reduce((a, x) => a + (x.n as number), 0);
    expect(metTeam).toBeGreaterThan(0);
    expect(metTeam).toBeLessThan(totaal);
    // A worker of team 1 reads their own casussen and those of their team, nothing else.
    const t = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'vt14-medewerker-01', teams: ['VT14-TEAM-1'] });
    const r = await app.gql<{ casussen: { edges: { node: { verantwoordelijke: string; team: string | null } }[] } }>(
      t,
      `{ casussen(eerste: 100) { edges { node { verantwoordelijke team } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const gezien = r.body.data!.casussen.edges.map((e) => e.node);
    expect(gezien.length).toBeGreaterThan(0);
    expect(gezien.every((c) => c.verantwoordelijke === 'vt14-medewerker-01' || c.team === 'VT14-TEAM-1')).toBe(true);
    expect(gezien.some((c) => c.verantwoordelijke !== 'vt14-medewerker-01')).toBe(true);
  });

  it('heeft noodtoegang in de wachtrij van de privacy officer, beoordeeld en per medewerker zichtbaar', async () => {
    const t = await app.token('PRIVACY_OFFICER', 'VT14');
    const r = await app.gql<{
      noodtoegangen: { edges: { node: { status: string; handelingen: number } }[] };
      noodtoegangGebruik: { aantal: number }[];
    }>(t, `{ noodtoegangen(eerste: 100) { edges { node { status handelingen } } } noodtoegangGebruik { aantal } }`);
    expect(r.body.errors).toBeUndefined();
    const nodes = r.body.data!.noodtoegangen.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    expect(nodes.some((n) => n.status === 'GERECHTVAARDIGD')).toBe(true);
    expect(nodes.every((n) => n.handelingen >= 2)).toBe(true);
    expect(r.body.data!.noodtoegangGebruik.reduce((a, g) => a + g.aantal, 0)).toBe(nodes.length);
  });

  it('deelt meldingen in naar eerdere betrokkenheid ongeveer zoals CBS 85361', async () => {
    const rijen = await app.sql(
      `select eerdere_betrokkenheid as soort, count(*)::int as n from melding where ontvangen_op > $1 group by 1`,
      [new Date('2025-11-20T10:00:00Z')],
    );
    const n: Record<string, number> = Object.fromEntries(rijen.map((x) => [x.soort as string, x.n as number]));
    const totaal = Object.values(n).reduce((a, b) => a + b, 0);
    for (const soort of [
      'EERSTE_MELDING',
      'HERMELDING',
      'VERVOLGMELDING_TIJDENS_BEOORDELING',
      'VERVOLGMELDING_NA_BEOORDELING',
      'VERVOLGMELDING_TIJDENS_MONITORING',
    ]) {
      expect(n[soort] ?? 0, soort).toBeGreaterThan(0);
    }
    // 2023: 31.9% first, 38.1% hermelding, 28.5% vervolgmelding. A small year is noisier; the shape must hold.
    expect(n.HERMELDING / totaal).toBeGreaterThan(0.2);
    expect(n.EERSTE_MELDING / totaal).toBeGreaterThan(0.2);
  });

  it('laat de teamleider overschreden en komende termijnen en de prestatie op de 5 werkdagen zien', async () => {
    const t = await app.token('VT_TEAMLEIDER', 'VT14');
    const r = await app.gql<{
      termijnOverzicht: { overschreden: number; binnenkort: number; perMedewerker: { groep: string }[] };
      veiligheidsbeoordelingPrestatie: { meldingen: number; aandeelBinnenTermijn: number };
    }>(
      t,
      `{ termijnOverzicht(binnenWerkdagen: 5) { overschreden binnenkort perMedewerker { groep } }
         veiligheidsbeoordelingPrestatie(van: "2026-01-01", tot: "2026-10-31") { meldingen aandeelBinnenTermijn } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const o = r.body.data!.termijnOverzicht;
    expect(o.overschreden).toBeGreaterThan(0);
    expect(o.binnenkort).toBeGreaterThan(0);
    expect(o.perMedewerker.length).toBeGreaterThan(3);
    const p = r.body.data!.veiligheidsbeoordelingPrestatie;
    expect(p.meldingen).toBeGreaterThan(100);
    // Mostly on time, not always: like the organisations the inspectorate measured.
    expect(p.aandeelBinnenTermijn).toBeGreaterThan(0.5);
    expect(p.aandeelBinnenTermijn).toBeLessThan(0.97);
  });

  it('draagt warm over aan het wijkteam: het postvak van het wijkteam heeft lopende en afgeronde overdrachten', async () => {
    const wt = await app.token('WIJKTEAM_MEDEWERKER', 'WT-HILVERSUM');
    for (const filter of ['LOPEND', 'BEEINDIGD']) {
      const r = await app.gql<{
        overdrachtInbox: { edges: { node: { status: string; inhoud: { personen: unknown[] } | null } }[] };
      }>(
        wt,
        `query($f: OverdrachtInboxFilter) { overdrachtInbox(filter: $f, eerste: 100) { edges { node { status inhoud { personen { voornamen } } } } } }`,
        { f: filter },
      );
      expect(r.body.errors, filter).toBeUndefined();
      const nodes = r.body.data!.overdrachtInbox.edges.map((e) => e.node);
      expect(nodes.length, filter).toBeGreaterThan(0);
      if (filter === 'LOPEND') expect(nodes.every((n) => (n.inhoud?.personen.length ?? 0) > 0)).toBe(true);
      else expect(nodes.every((n) => n.inhoud === null)).toBe(true);
    }
  });

  it('schrijft elke stap in het auditspoor en laadt niet twee keer', async () => {
    const [{ n }] = await app.sql(`select count(*)::int as n from audit_gebeurtenis where toegangspunt = 'demo-data'`);
    expect(n).toBeGreaterThan(verslag.stappen);
    expect(await laadDemoData(app.orm, app.clock, createLogger('silent', 'test'), app.config)).toEqual([]);
  });
});
