import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verifieer, verzegel } from '../../src/audit/audit-keten';
import { werkVerificatiesBij } from '../../src/audit/audit-verificatie';
import { createLogger } from '../../src/lib/logger';
import { LEES, meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

type Registratie = { meldingRegistreren: { id: string; betrokkenen: { persoon: { id: string } }[] } };

async function registreer(app: TestApp, token: string): Promise<{ id: string; persoonIds: string[] }> {
  const r = await app.gql<Registratie>(token, REGISTREER, { invoer: meldingInvoer() });
  expect(r.body.errors).toBeUndefined();
  const m = r.body.data!.meldingRegistreren;
  return { id: m.id, persoonIds: m.betrokkenen.map((b) => b.persoon.id) };
}

describe('auditspoor: elke inzage en elke wijziging', () => {
  let app: TestApp;
  let vt14: string;
  beforeAll(async () => {
    app = await startTestApp();
    vt14 = await app.token('VT_MEDEWERKER', 'VT14', { sub: 'mdw-17', naam: 'A. Medewerker' });
  });
  afterAll(() => app.stop());

  it('een registratie schrijft een C-regel met de ingevoerde velden, in dezelfde transactie', async () => {
    const { id, persoonIds } = await registreer(app, vt14);
    const [regel] = await app.sql(
      `select * from audit_gebeurtenis where object_id = $1 and gebeurtenis = 'MELDING_REGISTREREN'`,
      [id],
    );
    expect(regel).toMatchObject({
      actie: 'C',
      gebruiker: 'mdw-17',
      gebruiker_naam: 'A. Medewerker',
      rol: 'VT_MEDEWERKER',
      organisatie: 'VT14',
      vt_organisatie: 'VT14',
      object_type: 'Melding',
      noodprocedure: false,
    });
    expect(regel.persoon_ids).toEqual(persoonIds);
    expect(regel.velden).toEqual(expect.arrayContaining(['betrokkenen.persoon.bsn', 'melder.naam', 'omschrijving']));
    expect(String(regel.grondslag)).toMatch(/Wmo 2015/);
  });

  it('een inzage schrijft een R-regel met de teruggegeven velden, de personen, het toegangspunt en het verzoek-id', async () => {
    const { id, persoonIds } = await registreer(app, vt14);
    const token = await app.token('VT_MEDEWERKER', 'VT14', {
      sub: 'systeem-koppeling',
      soort: 'SYSTEEM',
      namens: 'mdw-17',
    });
    // Need-to-know follows the caller's own subject, not the person it acts for: the teamleider assigns the casus first.
    const [{ casus_id: casusId }] = await app.sql(`select casus_id from melding where id = $1`, [id]);
    const toegewezen = await app.gql(
      await app.token('VT_TEAMLEIDER', 'VT14'),
      `mutation($c: ID!) { casusToewijzen(casusId: $c, medewerker: "systeem-koppeling") { id } }`,
      { c: casusId },
    );
    expect(toegewezen.body.errors).toBeUndefined();
    const r = await app.gql(token, LEES, { id }, { 'x-request-id': 'verzoek-abc-123' });
    expect(r.body.errors).toBeUndefined();
    const regels = await app.sql(
      `select * from audit_gebeurtenis where object_id = $1 and gebeurtenis = 'MELDING_INZIEN' and verzoek_id = 'verzoek-abc-123'`,
      [id],
    );
    expect(regels).toHaveLength(1);
    expect(regels[0]).toMatchObject({
      actie: 'R',
      gebruiker: 'systeem-koppeling',
      actor_soort: 'SYSTEEM',
      namens: 'mdw-17',
      verzoek_id: 'verzoek-abc-123',
    });
    expect(regels[0].toegangspunt).toMatch(/127\.0\.0\.1/);
    expect(regels[0].persoon_ids).toEqual(persoonIds);
    expect(regels[0].velden).toEqual([
      'betrokkenen.persoon.achternaam',
      'betrokkenen.persoon.bsn',
      'betrokkenen.persoon.id',
      'betrokkenen.persoon.voornamen',
      'betrokkenen.rollen',
      'id',
      'melder.anonimiteit',
      'melder.email',
      'melder.naam',
      'melder.telefoon',
      'omschrijving',
      'vtOrganisatie',
    ]);
  });

  it('een lijst schrijft één regel per teruggegeven melding, in één verzoek', async () => {
    const t = await app.token('VT_MEDEWERKER', 'VT05');
    await registreer(app, t);
    await registreer(app, t);
    const r = await app.gql(t, `{ meldingen { edges { node { id betrokkenen { persoon { bsn } } } } } }`, undefined, {
      'x-request-id': 'lijst-1',
    });
    expect(r.body.errors).toBeUndefined();
    const regels = await app.sql(`select velden from audit_gebeurtenis where verzoek_id = 'lijst-1'`);
    expect(regels).toHaveLength(2);
    expect(regels[0].velden).toEqual(['betrokkenen.persoon.bsn', 'id']);
  });

  it('als de inzage niet kan worden vastgelegd, faalt het verzoek en gaan er geen gegevens naar buiten', async () => {
    const { id } = await registreer(app, vt14);
    await app.sql('alter table audit_gebeurtenis rename to audit_gebeurtenis_weg');
    try {
      const r = await app.gql(vt14, LEES, { id });
      expect(r.status).toBe(503);
      expect(r.body.data ?? null).toBeNull();
      expect(r.body.errors![0].extensions!.code).toBe('AUDIT_UNAVAILABLE');
      expect(JSON.stringify(r.body)).not.toContain('Jansen');
    } finally {
      await app.sql('alter table audit_gebeurtenis_weg rename to audit_gebeurtenis');
    }
  });

  it('de privacy officer ziet wie een persoon heeft ingezien, en wat een gebruiker deed', async () => {
    const { id, persoonIds } = await registreer(app, vt14);
    const collega = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'teamleider-3' });
    await app.gql(collega, LEES, { id });
    const po = await app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-1' });
    const q = `query($f: AuditFilter!) { auditSpoor(filter: $f) { edges { node { gebeurtenis actie gebruiker rol objectId velden } } } }`;
    type S = { auditSpoor: { edges: { node: { gebeurtenis: string; gebruiker: string; objectId: string } }[] } };
    const perPersoon = await app.gql<S>(po, q, { f: { persoonId: persoonIds[1] } });
    expect(perPersoon.body.errors).toBeUndefined();
    const wie = perPersoon.body.data!.auditSpoor.edges.map((e) => `${e.node.gebeurtenis}:${e.node.gebruiker}`);
    // The intake's VT register check is a record of its own (the persons checked against the other regions).
    expect(wie).toEqual([
      'MELDING_INZIEN:teamleider-3',
      'MELDING_INZIEN:mdw-17',
      'VT_REGISTER_CONTROLEREN:mdw-17',
      'MELDING_REGISTREREN:mdw-17',
    ]);
    const perGebruiker = await app.gql<S>(po, q, { f: { gebruiker: 'teamleider-3' } });
    expect(perGebruiker.body.data!.auditSpoor.edges.map((e) => e.node.objectId)).toContain(id);
    // Looking at the trail is itself recorded.
    const [eigen] = await app.sql(
      `select * from audit_gebeurtenis where gebruiker = 'po-1' and gebeurtenis = 'AUDITSPOOR_INZIEN' order by id limit 1`,
    );
    expect(eigen.persoon_ids).toEqual([persoonIds[1]]);
  });

  it('de privacy officer van een andere regio ziet niets van dit dossier, en een medewerker kan het spoor niet opvragen', async () => {
    const { persoonIds } = await registreer(app, vt14);
    const anders = await app.gql<{ auditSpoor: { edges: unknown[] } }>(
      await app.token('PRIVACY_OFFICER', 'VT09'),
      `query($f: AuditFilter!) { auditSpoor(filter: $f) { edges { cursor } } }`,
      { f: { persoonId: persoonIds[0] } },
    );
    expect(anders.body.data!.auditSpoor.edges).toEqual([]);
    const mdw = await app.gql(vt14, `{ auditSpoor(filter: { gebruiker: "x" }) { edges { cursor } } }`);
    expect(mdw.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('UPDATE, DELETE en TRUNCATE op het auditspoor worden door de database geweigerd', async () => {
    await registreer(app, vt14);
    await verzegel(app.orm.em.getConnection());
    for (const sql of [
      `update audit_gebeurtenis set gebruiker = 'x'`,
      `delete from audit_gebeurtenis`,
      `truncate audit_gebeurtenis`,
      `update audit_zegel set hash = '\\x00'`,
      `delete from audit_zegel`,
      `truncate audit_zegel`,
    ]) {
      await expect(app.sql(sql), sql).rejects.toMatchObject({ code: 'P7513' });
    }
  });
});

describe('hashketen: verificatie vindt de eerste gebroken schakel', () => {
  let app: TestApp;
  let vt14: string;
  beforeAll(async () => {
    app = await startTestApp();
    vt14 = await app.token('VT_MEDEWERKER', 'VT14');
  });
  afterAll(() => app.stop());

  async function manipuleer(sql: string, params: unknown[] = []): Promise<void> {
    // A superuser can switch the trigger off; the chain is what then exposes the change.
    await app.sql('alter table audit_gebeurtenis disable trigger audit_gebeurtenis_alleen_toevoegen');
    try {
      await app.sql(sql, params);
    } finally {
      await app.sql('alter table audit_gebeurtenis enable trigger audit_gebeurtenis_alleen_toevoegen');
    }
  }

  it('een intacte keten wordt als intact gemeld, ook via de privacy officer (de worker controleert, het verzoek niet)', async () => {
    for (let i = 0; i < 3; i++) await app.gql(vt14, LEES, { id: (await registreer(app, vt14)).id });
    await verzegel(app.orm.em.getConnection());
    const po = await app.token('PRIVACY_OFFICER', 'VT14');
    const velden = 'id status intact gecontroleerd ongezegeld kopHash eersteBreuk { auditId reden }';
    type C = {
      status: string;
      intact: boolean | null;
      gecontroleerd: number;
      ongezegeld: number | null;
      eersteBreuk: unknown;
    };
    const start = await app.gql<{ auditKetenControleren: C }>(po, `mutation { auditKetenControleren { ${velden} } }`);
    expect(start.body.errors).toBeUndefined();
    expect(start.body.data!.auditKetenControleren).toMatchObject({
      status: 'WACHTEND',
      intact: null,
      gecontroleerd: 0,
    });
    await werkVerificatiesBij(
      app.orm.em.getConnection(),
      app.config.auditAnker,
      app.clock.now(),
      createLogger('silent', 'test'),
    );
    const r = await app.gql<{ auditKetenControle: C }>(po, `{ auditKetenControle { ${velden} } }`);
    expect(r.body.errors).toBeUndefined();
    // Unsealed: only the record of the request itself (written after the seal).
    expect(r.body.data!.auditKetenControle).toMatchObject({
      status: 'KLAAR',
      intact: true,
      ongezegeld: 1,
      eersteBreuk: null,
    });
    expect(r.body.data!.auditKetenControle.gecontroleerd).toBeGreaterThanOrEqual(6);
  });

  it('een gewijzigde auditregel breekt de keten precies op die regel', async () => {
    await verzegel(app.orm.em.getConnection());
    const [doel] = await app.sql(
      `select id::text from audit_gebeurtenis where gebeurtenis = 'MELDING_INZIEN' order by id limit 1`,
    );
    await manipuleer(`update audit_gebeurtenis set gebruiker = 'iemand-anders' where id = $1`, [doel.id]);
    const rapport = await verifieer(app.orm.em.getConnection());
    expect(rapport.intact).toBe(false);
    expect(rapport.eersteBreuk).toMatchObject({ auditId: doel.id, reden: 'AUDITREGEL_GEWIJZIGD' });

    // The command-line verifier reports the same and exits non-zero.
    const script = join(__dirname, '..', '..', 'dist', 'scripts', 'audit-verifieer.js');
    const fout = await promisify(execFile)(process.execPath, [script, '--zonder-verzegelen'], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: app.dbUrl, LOG_LEVEL: 'silent' },
    }).catch((e: { code: number; stdout: string }) => e);
    expect((fout as { code: number }).code).toBe(3);
    expect((fout as { stdout: string }).stdout).toContain(`"auditId": "${String(doel.id)}"`);
  });
});

describe('hashketen: verzegelen in meerdere rondes', () => {
  it('blijft aansluiten over meer dan negen zegels en meerdere rondes', async () => {
    const app = await startTestApp();
    try {
      const vt = await app.token('VT_MEDEWERKER', 'VT14');
      for (let ronde = 0; ronde < 3; ronde++) {
        for (let i = 0; i < 4; i++) await registreer(app, vt);
        const r = await verzegel(app.orm.em.getConnection(), 5);
        expect(r.gezegeld).toBe(5);
        await verzegel(app.orm.em.getConnection());
      }
      const rapport = await verifieer(app.orm.em.getConnection());
      // 12 meldingen, 3 records each: the registration, its read back, the VT register check.
      expect(rapport).toMatchObject({ intact: true, ongezegeld: 0, gecontroleerd: 36 });
    } finally {
      await app.stop();
    }
  });
});

describe('hashketen: verwijderde regels en gewijzigde zegels', () => {
  it('een verwijderde auditregel wordt gemeld als AUDITREGEL_VERWIJDERD', async () => {
    const app = await startTestApp();
    try {
      const vt = await app.token('VT_MEDEWERKER', 'VT14');
      for (let i = 0; i < 3; i++) await registreer(app, vt);
      await verzegel(app.orm.em.getConnection());
      const [doel] = await app.sql(`select id::text from audit_gebeurtenis order by id offset 1 limit 1`);
      await app.sql('alter table audit_gebeurtenis disable trigger audit_gebeurtenis_alleen_toevoegen');
      await app.sql(`delete from audit_gebeurtenis where id = $1`, [doel.id]);
      await app.sql('alter table audit_gebeurtenis enable trigger audit_gebeurtenis_alleen_toevoegen');
      const r = await verifieer(app.orm.em.getConnection());
      expect(r.eersteBreuk).toMatchObject({ auditId: doel.id, reden: 'AUDITREGEL_VERWIJDERD', volgnummer: '2' });
    } finally {
      await app.stop();
    }
  });

  it('een verwijderde zegel wordt gemeld als ZEGEL_ONTBREEKT', async () => {
    const app = await startTestApp();
    try {
      const vt = await app.token('VT_MEDEWERKER', 'VT14');
      for (let i = 0; i < 3; i++) await registreer(app, vt);
      await verzegel(app.orm.em.getConnection());
      await app.sql('alter table audit_zegel disable trigger audit_zegel_alleen_toevoegen');
      await app.sql(`delete from audit_zegel where volgnummer = 2`);
      await app.sql('alter table audit_zegel enable trigger audit_zegel_alleen_toevoegen');
      const r = await verifieer(app.orm.em.getConnection());
      expect(r.eersteBreuk).toMatchObject({ reden: 'ZEGEL_ONTBREEKT', volgnummer: '3' });
    } finally {
      await app.stop();
    }
  });
});
