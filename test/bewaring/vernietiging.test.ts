import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verversRollups } from '../../src/analyse/rollup-verversing';
import { ROLLUPS } from '../../src/analyse/rollups';
import { verifieer, verzegel } from '../../src/audit/audit-keten';
import { bewaringBeoordelen } from '../../src/bewaring/bewaring.beoordelen';
import { okAntwoord, partnerToken, registreerPartners } from '../helpers/partners';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { type Dossier, rijkDossier, vindplaatsen } from './dossier';

/**
 * Issue 17.5, the test that proves it: a rich dossier made through GraphQL (melding with melder and betrokkenen, casus,
 * veiligheidsbeoordeling, overdracht accepted by the wijkteam, HwC signal, ZSM exchange, webhook deliveries, an
 * idempotent mutation), closed; the clock moves past the date, the review job offers it, one privacy officer
 * proposes, another approves, and it is destroyed. Then no column of any table holds the persons' BSNs, names or ids,
 * nor the ids of the dossier's objects; the audit chain verifies; the analyst's rollups are the same as before.
 */

const BEWARING = `bewaring id casusId status geslotenOp vernietigenOp vroegsteVernietigingOp gronden legalHold
  voorgesteldDoor goedgekeurdDoor vernietigdOp verwijderd { tabel aantal }`;

describe('vernietiging van een rijk dossier', () => {
  let app: TestApp;
  let d: Dossier;
  // Tokens are issued by the injected clock: a fresh one after each move of it.
  const po1 = (): Promise<string> => app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-1' });
  const po2 = (): Promise<string> => app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-2' });
  let naalden: string[];

  /** A fingerprint of every rollup the analyst reads, refreshed from the case tables. */
  async function cijfers(): Promise<Record<string, string>> {
    const uit: Record<string, string> = {};
    await verversRollups({ orm: app.orm, clock: app.clock }, { volledig: true });
    for (const v of ROLLUPS) {
      const [r] = await app.sql(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${v} t`,
      );
      uit[v] = `${String(r.n)}:${String(r.h)}`;
    }
    return uit;
  }

  beforeAll(async () => {
    app = await startTestApp({ env: { WEBHOOK_PRIVE_ADRESSEN_TOESTAAN: 'true' } });
    await registreerPartners(app);
    await okAntwoord(
      app,
      await partnerToken(app, 'WT-A'),
      `mutation($i: WebhookEndpointInvoer!) { webhookEndpointRegistreren(invoer: $i) { geheim } }`,
      { i: { url: 'http://127.0.0.1:9/webhook', omschrijving: 'Wijkteam A' } },
    );
    const beh = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mw-beh' });
    d = await rijkDossier(app, beh, 'Xq');
    naalden = [
      ...d.bsns,
      ...d.namen,
      ...d.persoonIds,
      ...d.betrokkeneIds,
      d.casusId,
      d.meldingId,
      d.overdrachtId,
      d.hwcId,
      d.zsmId,
      d.zsmPersoonId,
      d.idempotentieSleutel,
      d.rechtenverzoekId,
    ];
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('vóór vernietiging staat het dossier in de tabellen die het moet raken', async () => {
    const plaatsen = (await vindplaatsen(app, naalden)).map((p) => p.split(':')[0]);
    for (const t of [
      'persoon.bsn',
      'persoon.voornamen',
      'melder.naam',
      'betrokkene.id',
      'overdracht.id',
      'hwc_signaal.id',
      'hwc_signaal_inhoud.voornamen',
      'zsm_verzoek_persoon.bsn',
      'gebeurtenis.object_id',
      'idempotentie_sleutel.sleutel',
      'audit_gebeurtenis.persoon_ids',
      'audit_gebeurtenis.object_id',
      'melding.omschrijving',
      'rechtenverzoek.persoon_id',
      'gegevenscorrectie.zienswijze',
    ]) {
      expect(plaatsen).toContain(t);
    }
    expect(Number((await app.sql(`select count(*) from webhook_aflevering`))[0].count)).toBeGreaterThan(0);
  });

  it('de datum is 20 jaar na afsluiten; de job biedt het dossier pas daarna aan', async () => {
    const b = await okAntwoord<{ bewaring: Record<string, unknown> }>(
      app,
      await po1(),
      `query($c: ID!) { ${BEWARING.replace('bewaring', 'bewaring(casusId: $c) {')} } }`,
      { c: d.casusId },
    );
    expect(b.bewaring).toMatchObject({
      status: 'BEWAREN',
      vernietigenOp: '2046-03-10',
      vroegsteVernietigingOp: '2036-05-04',
      gronden: ['TWINTIG_JAAR_NA_AFSLUITEN'],
    });
    app.clock.set(new Date('2046-03-09T12:00:00Z'));
    expect(await bewaringBeoordelen(app.orm.em.fork(), { clock: app.clock })).toEqual({ teBeoordelen: 0 });
    app.clock.set(new Date('2046-03-10T12:00:00Z'));
    expect(await bewaringBeoordelen(app.orm.em.fork(), { clock: app.clock })).toEqual({ teBeoordelen: 1 });
    // Idempotent: a second run changes nothing.
    expect(await bewaringBeoordelen(app.orm.em.fork(), { clock: app.clock })).toEqual({ teBeoordelen: 0 });
    const lijst = await okAntwoord<{ bewaringen: { casusId: string; status: string }[] }>(
      app,
      await po1(),
      `{ bewaringen(status: TE_BEOORDELEN) { casusId status } }`,
    );
    expect(lijst.bewaringen).toEqual([{ casusId: d.casusId, status: 'TE_BEOORDELEN' }]);
  });

  it('na voorstel en goedkeuring door een ander staat nergens meer een BSN, naam of id van het dossier; de keten klopt; de cijfers zijn gelijk', async () => {
    const voor = await cijfers();
    await okAntwoord(
      app,
      await po1(),
      `mutation($c: ID!, $m: Tekst!) { vernietigingVoorstellen(casusId: $c, motivering: $m) { status } }`,
      { c: d.casusId, m: 'Bewaartermijn verstreken, geen reden tot langer bewaren.' },
    );
    const g = await okAntwoord<{ vernietigingGoedkeuren: Record<string, unknown> }>(
      app,
      await po2(),
      `mutation($c: ID!) { ${BEWARING.replace('bewaring', 'vernietigingGoedkeuren(casusId: $c) {')} } }`,
      { c: d.casusId },
    );
    expect(g.vernietigingGoedkeuren).toMatchObject({
      status: 'VERNIETIGD',
      casusId: null,
      voorgesteldDoor: 'po-1',
      goedgekeurdDoor: 'po-2',
    });
    const verwijderd = Object.fromEntries(
      (g.vernietigingGoedkeuren.verwijderd as { tabel: string; aantal: number }[]).map((v) => [v.tabel, v.aantal]),
    );
    expect(verwijderd).toMatchObject({
      persoon: 2,
      betrokkene: 2,
      melder: 1,
      overdracht: 1,
      hwc_signaal: 1,
      zsm_verzoek: 1,
    });
    expect(verwijderd.webhook_aflevering).toBeGreaterThan(0);
    expect(verwijderd.idempotentie_sleutel).toBe(1);

    expect(await vindplaatsen(app, naalden)).toEqual([]);

    const conn = app.orm.em.getConnection();
    await verzegel(conn);
    const rapport = await verifieer(conn);
    expect(rapport.eersteBreuk).toBeUndefined();
    expect(rapport.intact).toBe(true);
    expect(Number((await app.sql(`select count(*) from audit_redactie`))[0].count)).toBeGreaterThan(0);

    expect(await cijfers()).toEqual(voor);

    // The tombstone stays for the region's privacy officer, by its own id only.
    const graven = await okAntwoord<{ bewaringen: { id: string; casusId: string | null }[] }>(
      app,
      await po1(),
      `{ bewaringen(status: VERNIETIGD) { id casusId } }`,
    );
    expect(graven.bewaringen).toEqual([{ id: g.vernietigingGoedkeuren.id, casusId: null }]);
    // The partner's handover is gone.
    const o = await app.gql(await partnerToken(app, 'WT-A'), `query($id: ID!) { overdracht(id: $id) { id } }`, {
      id: d.overdrachtId,
    });
    expect(o.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('een gewijzigde geredigeerde auditregel of redactie valt de verificatie op', async () => {
    const [r] = await app.sql(`select audit_id from audit_redactie order by audit_id limit 1`);
    await app.sql(`alter table audit_gebeurtenis disable trigger audit_gebeurtenis_alleen_toevoegen`);
    try {
      await app.sql(`update audit_gebeurtenis set grondslag = 'iets anders' where id = $1`, [r.audit_id]);
      const rapport = await verifieer(app.orm.em.getConnection());
      expect(rapport.eersteBreuk).toMatchObject({ reden: 'AUDITREGEL_GEWIJZIGD', auditId: String(r.audit_id) });
    } finally {
      await app.sql(`alter table audit_gebeurtenis enable trigger audit_gebeurtenis_alleen_toevoegen`);
    }
  });
});
