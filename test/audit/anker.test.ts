import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  controleerCheckpoint,
  laadPubliekeSleutel,
  tekenCheckpoint,
  type Checkpoint,
} from '../../src/audit/audit-anker';
import { inhoudHash, regelUitRij } from '../../src/audit/audit-inhoud';
import { verifieer, verzegel } from '../../src/audit/audit-keten';
import { werkVerificatiesBij } from '../../src/audit/audit-verificatie';
import { verzegelAuditJob } from '../../src/audit/jobs/verzegel-audit.job';
import { createLogger } from '../../src/lib/logger';
import { LEES, meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';
import { termijnActies } from '../../src/modules';

const log = createLogger('silent', 'test');
const SCRIPT = join(__dirname, '..', '..', 'dist', 'scripts', 'audit-verifieer.js');
/** Tests that start the compiled verifier (a process each) get more time on a loaded machine. */
const CLI_TIMEOUT = 90_000;

async function registreer(app: TestApp, token: string): Promise<string> {
  const r = await app.gql<{ meldingRegistreren: { id: string } }>(token, REGISTREER, { invoer: meldingInvoer() });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.meldingRegistreren.id;
}

/** Seals and checkpoints the way the worker does (the sealing job). */
async function verzegelJob(app: TestApp): Promise<unknown> {
  const deps = {
    orm: app.orm,
    termijnActies,
    clock: app.clock,
    log,
    config: app.config,
    queue: () => {
      throw new Error('niet nodig');
    },
  };
  return verzegelAuditJob.verwerk(deps, {});
}

/** What someone with the database's owner rights can do: switch the append-only triggers off, change, switch on. */
async function alsEigenaar(app: TestApp, ...statements: [string, unknown[]?][]): Promise<void> {
  await app.sql('alter table audit_gebeurtenis disable trigger audit_gebeurtenis_alleen_toevoegen');
  await app.sql('alter table audit_zegel disable trigger audit_zegel_alleen_toevoegen');
  try {
    for (const [sql, params] of statements) await app.sql(sql, params);
  } finally {
    await app.sql('alter table audit_gebeurtenis enable trigger audit_gebeurtenis_alleen_toevoegen');
    await app.sql('alter table audit_zegel enable trigger audit_zegel_alleen_toevoegen');
  }
}

interface CliUitkomst {
  code: number;
  rapport: {
    intact: boolean;
    eersteBreuk?: { reden: string; volgnummer: string };
    checkpoint?: { status: string; melding: string };
  };
}

/** Runs `audit:verifieer` (compiled) as the login role of the app, against this app's checkpoint directory. */
async function verifieerCli(app: TestApp, ...args: string[]): Promise<CliUitkomst> {
  const uit = await promisify(execFile)(process.execPath, [SCRIPT, ...args], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: app.appDbUrl,
      LOG_LEVEL: 'silent',
      AUDIT_CHECKPOINT_SLEUTEL: app.config.auditAnker.sleutelPad,
      AUDIT_CHECKPOINT_MAP: app.config.auditAnker.map,
    },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string; stderr: string }) => {
      if (e.code === 1) throw new Error(`audit:verifieer faalde: ${e.stderr}`);
      return { code: e.code, stdout: e.stdout };
    },
  );
  return { code: uit.code, rapport: JSON.parse(uit.stdout) as CliUitkomst['rapport'] };
}

describe('checkpoints: de kop van de keten getekend buiten de database', () => {
  let app: TestApp;
  let vt14: string;
  beforeAll(async () => {
    app = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '60000' } });
    vt14 = await app.token('VT_MEDEWERKER', 'VT14');
  });
  afterAll(() => app.stop());

  it('de verzegel-job schrijft een getekend checkpoint van de kop, een bestand per checkpoint plus laatste.jws', async () => {
    for (let i = 0; i < 3; i++) await registreer(app, vt14);
    await verzegelJob(app);
    const map = app.config.auditAnker.map;
    const [kop] = await app.sql(
      `select volgnummer::text, encode(hash, 'hex') as hash, audit_id::text from audit_zegel order by volgnummer desc limit 1`,
    );
    const cp = await controleerCheckpoint(
      readFileSync(join(map, 'laatste.jws'), 'utf8').trim(),
      laadPubliekeSleutel(app.config.auditAnker),
    );
    expect(cp).toMatchObject({
      volgnummer: kop.volgnummer,
      hash: kop.hash,
      auditId: kop.audit_id,
      aantal: kop.volgnummer,
      tijdstip: app.clock.now().toISOString(),
    });
    expect(readdirSync(map).filter((f) => f.startsWith('checkpoint-'))).toEqual([
      `checkpoint-${String(kop.volgnummer).padStart(16, '0')}.jws`,
    ]);
    // The key lives in the data directory, not in the database.
    expect(existsSync(app.config.auditAnker.sleutelPad)).toBe(true);
  });

  it('een volgend checkpoint komt pas als de keten groeide en het interval verstreken is; eerdere bestanden blijven ongewijzigd', async () => {
    const map = app.config.auditAnker.map;
    const eerste = readdirSync(map).filter((f) => f.startsWith('checkpoint-'));
    const inhoud = readFileSync(join(map, eerste[0]), 'utf8');
    await verzegelJob(app);
    expect(readdirSync(map).filter((f) => f.startsWith('checkpoint-'))).toEqual(eerste);
    await registreer(app, vt14);
    await verzegelJob(app);
    expect(readdirSync(map).filter((f) => f.startsWith('checkpoint-'))).toEqual(eerste);
    app.clock.advance(60_000);
    await verzegelJob(app);
    const na = readdirSync(map)
      .filter((f) => f.startsWith('checkpoint-'))
      .sort();
    expect(na).toHaveLength(2);
    expect(readFileSync(join(map, eerste[0]), 'utf8')).toBe(inhoud);
    expect(readFileSync(join(map, 'laatste.jws'), 'utf8')).toBe(readFileSync(join(map, na[1]), 'utf8'));
  });

  it(
    'audit:verifieer meldt een intacte keten die met het checkpoint overeenkomt (exit 0), als de loginrol',
    async () => {
      const { code, rapport } = await verifieerCli(app);
      expect(code).toBe(0);
      expect(rapport).toMatchObject({ intact: true, checkpoint: { status: 'OVEREENKOMST' } });
    },
    CLI_TIMEOUT,
  );
});

describe('checkpoints: een ingekorte of opnieuw verzegelde keten wordt gevonden', () => {
  // Every case tampers with a chain of its own.
  let app: TestApp;
  async function nieuweKeten(): Promise<void> {
    app = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '0' } });
    const vt14 = await app.token('VT_MEDEWERKER', 'VT14');
    for (let i = 0; i < 4; i++) await app.gql(vt14, LEES, { id: await registreer(app, vt14) });
    await verzegelJob(app);
  }

  it(
    'het einde van de keten afgesneden samen met zijn zegels: de keten zelf lijkt intact, het checkpoint niet',
    async () => {
      await nieuweKeten();
      try {
        const [kop] = await app.sql(`select max(volgnummer)::int as n from audit_zegel`);
        const afsnijden = `select audit_id from audit_zegel where volgnummer > $1`;
        await alsEigenaar(
          app,
          [`delete from audit_gebeurtenis where id in (${afsnijden})`, [Number(kop.n) - 3]],
          [`delete from audit_zegel where volgnummer > $1`, [Number(kop.n) - 3]],
        );
        // Without the anchor this is undetectable: what is left is a consistent chain.
        expect(await verifieer(app.orm.em.getConnection())).toMatchObject({
          intact: true,
          gecontroleerd: Number(kop.n) - 3,
        });
        const { code, rapport } = await verifieerCli(app);
        expect(code).toBe(4);
        expect(rapport).toMatchObject({
          intact: false,
          eersteBreuk: { reden: 'KETEN_INGEKORT', volgnummer: String(kop.n) },
          checkpoint: { status: 'KETEN_INGEKORT' },
        });
        // The worker's verification run finds it as well.
        const po = await app.token('PRIVACY_OFFICER', 'VT14');
        await app.gql(po, `mutation { auditKetenControleren { id } }`);
        await werkVerificatiesBij(app.orm.em.getConnection(), app.config.auditAnker, app.clock.now(), log);
        const r = await app.gql<{ auditKetenControle: unknown }>(
          po,
          `{ auditKetenControle { status intact eersteBreuk { reden volgnummer } checkpoint { status volgnummer } } }`,
        );
        expect(r.body.data!.auditKetenControle).toEqual({
          status: 'KLAAR',
          intact: false,
          eersteBreuk: { reden: 'KETEN_INGEKORT', volgnummer: String(kop.n) },
          checkpoint: { status: 'KETEN_INGEKORT', volgnummer: String(kop.n) },
        });
        // The chain grows again past the cut: the worker signs no checkpoint of it (that would hide the cut).
        const bestanden = readdirSync(app.config.auditAnker.map).sort();
        const t = await app.token('VT_MEDEWERKER', 'VT14');
        for (let i = 0; i < 4; i++) await registreer(app, t);
        app.clock.advance(60_000);
        expect(await verzegelJob(app)).toMatchObject({ checkpoint: null });
        const [nieuweKop] = await app.sql(`select max(volgnummer)::int as n from audit_zegel`);
        expect(Number(nieuweKop.n)).toBeGreaterThan(Number(kop.n));
        expect(readdirSync(app.config.auditAnker.map).sort()).toEqual(bestanden);
        const opnieuw = await verifieerCli(app);
        expect(opnieuw).toMatchObject({
          code: 4,
          rapport: { eersteBreuk: { reden: 'KETEN_HERSCHREVEN', volgnummer: String(kop.n) } },
        });
      } finally {
        await app.stop();
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'een gewijzigde regel met herberekende hashes en een opnieuw verzegelde keten: gevonden als KETEN_HERSCHREVEN',
    async () => {
      await nieuweKeten();
      try {
        const [doel] = await app.sql(
          `select a.*, a.id::text as id_tekst, z.volgnummer::int as volgnummer from audit_gebeurtenis a join audit_zegel z on z.audit_id = a.id order by z.volgnummer offset 2 limit 1`,
        );
        const vervalst = inhoudHash({ ...regelUitRij(doel), gebruiker: 'iemand-anders' });
        await alsEigenaar(
          app,
          [
            `update audit_gebeurtenis set gebruiker = 'iemand-anders', inhoud_hash = $2 where id = $1`,
            [doel.id_tekst, vervalst],
          ],
          [`delete from audit_zegel where volgnummer >= $1`, [doel.volgnummer]],
        );
        await verzegel(app.orm.em.getConnection());
        expect(await verifieer(app.orm.em.getConnection())).toMatchObject({ intact: true });
        const { code, rapport } = await verifieerCli(app);
        expect(code).toBe(4);
        expect(rapport).toMatchObject({
          intact: false,
          eersteBreuk: { reden: 'KETEN_HERSCHREVEN' },
          checkpoint: { status: 'KETEN_HERSCHREVEN' },
        });
      } finally {
        await app.stop();
      }
    },
    CLI_TIMEOUT,
  );

  it(
    'een checkpoint met een vervalste handtekening wordt geweigerd (exit 5), ook als het bij de vervalste keten past',
    async () => {
      await nieuweKeten();
      try {
        await alsEigenaar(
          app,
          [`delete from audit_gebeurtenis where id in (select audit_id from audit_zegel where volgnummer > 2)`],
          [`delete from audit_zegel where volgnummer > 2`],
        );
        const [kop] = await app.sql(
          `select volgnummer::text, encode(hash, 'hex') as hash, audit_id::text, current_database() as db from audit_zegel order by volgnummer desc limit 1`,
        );
        const gelogen: Checkpoint = {
          volgnummer: kop.volgnummer as string,
          hash: kop.hash as string,
          auditId: kop.audit_id as string,
          aantal: kop.volgnummer as string,
          tijdstip: app.clock.now().toISOString(),
          database: kop.db as string,
        };
        const laatste = join(app.config.auditAnker.map, 'laatste.jws');
        const echt = readFileSync(laatste, 'utf8').trim();

        // 1. Signed with a key of the attacker's own.
        const vreemd = generateKeyPairSync('ed25519').privateKey;
        const andereSleutel = await tekenCheckpoint({ privateKey: vreemd, publicKey: vreemd, alg: 'EdDSA' }, gelogen);
        // 2. The genuine signature over a changed payload.
        const [kopdeel, , handtekening] = echt.split('.');
        const andereInhoud = `${kopdeel}.${Buffer.from(JSON.stringify(gelogen)).toString('base64url')}.${handtekening}`;
        // 3. No signature at all.
        const zonder = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'ketenpoort-audit-checkpoint+jws' })).toString('base64url')}.${Buffer.from(JSON.stringify(gelogen)).toString('base64url')}.`;
        for (const [naam, jws] of [
          ['andere sleutel', andereSleutel],
          ['andere inhoud', andereInhoud],
          ['geen handtekening', zonder],
        ] as const) {
          await expect(controleerCheckpoint(jws, laadPubliekeSleutel(app.config.auditAnker)), naam).rejects.toThrow(
            /handtekening|typ|JWS/,
          );
        }
        // The command line refuses it with its own exit code, and does not call the forged chain intact.
        writeFileSync(laatste, andereSleutel);
        const { code, rapport } = await verifieerCli(app);
        expect(code).toBe(5);
        expect(rapport.checkpoint).toMatchObject({ status: 'ONGELDIG' });
        // With the genuine checkpoint the cut is found.
        writeFileSync(laatste, echt);
        expect((await verifieerCli(app)).code).toBe(4);
      } finally {
        await app.stop();
      }
    },
    CLI_TIMEOUT,
  );
});

describe('checkpoints naar een ontvanger', () => {
  let app: TestApp;
  let ontvanger: Server;
  const ontvangen: { type: string | undefined; body: string }[] = [];
  let weigeren = true;
  beforeAll(async () => {
    ontvanger = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        ontvangen.push({ type: req.headers['content-type'], body });
        res.statusCode = weigeren ? 503 : 201;
        res.end();
      });
    });
    await new Promise<void>((r) => ontvanger.listen(0, '127.0.0.1', () => r()));
    app = await startTestApp({
      env: {
        AUDIT_CHECKPOINT_INTERVAL_MS: '60000',
        AUDIT_CHECKPOINT_URL: `http://127.0.0.1:${(ontvanger.address() as AddressInfo).port}/checkpoints`,
      },
    });
  });
  afterAll(async () => {
    await app.stop();
    ontvanger.close();
  });

  it('krijgt het nieuwe checkpoint; een mislukte aflevering wordt gelogd en na het interval herhaald, daarna niet meer', async () => {
    const vt14 = await app.token('VT_MEDEWERKER', 'VT14');
    await registreer(app, vt14);
    await verzegelJob(app);
    expect(ontvangen).toHaveLength(1);
    await verzegelJob(app);
    expect(ontvangen).toHaveLength(1); // not before the interval
    weigeren = false;
    app.clock.advance(60_000);
    await verzegelJob(app);
    expect(ontvangen).toHaveLength(2);
    const laatste = readFileSync(join(app.config.auditAnker.map, 'laatste.jws'), 'utf8').trim();
    expect(ontvangen[1]).toEqual({ type: 'application/jose', body: laatste });
    app.clock.advance(60_000);
    await verzegelJob(app);
    expect(ontvangen).toHaveLength(2);
  });
});

describe('verificatie als begrensde job, met alleen identificaties van de eigen organisatie', () => {
  let app: TestApp;
  let po14: string;
  let po05: string;
  const velden =
    'id status intact gecontroleerd eersteBreuk { volgnummer auditId reden toelichting } checkpoint { status }';
  type C = {
    id: string;
    status: string;
    intact: boolean | null;
    gecontroleerd: number;
    eersteBreuk: { volgnummer: string; auditId: string | null; reden: string; toelichting: string } | null;
  };
  beforeAll(async () => {
    app = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '0' } });
    po14 = await app.token('PRIVACY_OFFICER', 'VT14', { sub: 'po-14' });
    po05 = await app.token('PRIVACY_OFFICER', 'VT05', { sub: 'po-05' });
  });
  afterAll(() => app.stop());

  const start = async (po: string): Promise<C> => {
    const r = await app.gql<{ auditKetenControleren: C }>(po, `mutation { auditKetenControleren { ${velden} } }`);
    expect(r.body.errors).toBeUndefined();
    return r.body.data!.auditKetenControleren;
  };
  const lees = async (po: string): Promise<C | null> => {
    const r = await app.gql<{ auditKetenControle: C | null }>(po, `{ auditKetenControle { ${velden} } }`);
    expect(r.body.errors).toBeUndefined();
    return r.body.data!.auditKetenControle;
  };

  it('de aanvraag loopt de keten niet door; de worker doet het in stappen en bewaart waar hij is', async () => {
    for (const regio of ['VT14', 'VT05']) {
      const t = await app.token('VT_MEDEWERKER', regio);
      for (let i = 0; i < 4; i++) await registreer(app, t);
    }
    await verzegelJob(app);
    const [{ n }] = await app.sql(`select count(*)::int as n from audit_zegel`);
    expect(await lees(po14)).toBeNull();
    const aanvraag = await start(po14);
    expect(aanvraag).toMatchObject({ status: 'WACHTEND', gecontroleerd: 0, intact: null });
    // Asking again while it is open gives the same run.
    expect((await start(po14)).id).toBe(aanvraag.id);
    // The request is audited.
    expect(
      await app.sql(
        `select gebruiker from audit_gebeurtenis where gebeurtenis = 'AUDITKETEN_CONTROLE_AANVRAGEN' and object_id = $1`,
        [aanvraag.id],
      ),
    ).toEqual([{ gebruiker: 'po-14' }]);

    const stappen: number[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await werkVerificatiesBij(app.orm.em.getConnection(), app.config.auditAnker, app.clock.now(), log, {
        schakelsPerStap: 3,
        ms: 0,
      });
      const nu = (await lees(po14))!;
      stappen.push(nu.gecontroleerd);
      if (nu.status === 'KLAAR') break;
      expect(r.stappen).toBe(1);
      expect(nu.status).toBe('BEZIG');
    }
    expect(stappen.slice(0, 3)).toEqual([3, 6, 9]);
    expect(await lees(po14)).toMatchObject({
      status: 'KLAAR',
      intact: true,
      gecontroleerd: Number(n),
      eersteBreuk: null,
      checkpoint: { status: 'OVEREENKOMST' },
    });
    // The other region has not asked: it sees no run of VT14.
    expect(await lees(po05)).toBeNull();
  });

  it('een breuk in een regel van een andere regio toont positie en reden, zonder het id; de eigen regio ziet het id', async () => {
    const [doel] = await app.sql(
      `select a.id::text as id, a.object_id, z.volgnummer::text as volgnummer from audit_gebeurtenis a join audit_zegel z on z.audit_id = a.id where a.vt_organisatie = 'VT05' order by z.volgnummer limit 1`,
    );
    await alsEigenaar(app, [`update audit_gebeurtenis set gebruiker = 'iemand-anders' where id = $1`, [doel.id]]);
    await start(po14);
    await start(po05);
    await werkVerificatiesBij(app.orm.em.getConnection(), app.config.auditAnker, app.clock.now(), log);
    const bij14 = (await lees(po14))!;
    expect(bij14).toMatchObject({
      status: 'KLAAR',
      intact: false,
      eersteBreuk: { volgnummer: doel.volgnummer, reden: 'AUDITREGEL_GEWIJZIGD', auditId: null },
    });
    expect(JSON.stringify(bij14)).not.toContain(String(doel.object_id));
    expect(bij14.eersteBreuk!.toelichting).toBe(
      `De auditregel van zegel ${String(doel.volgnummer)} is na registratie gewijzigd.`,
    );
    const bij05 = (await lees(po05))!;
    expect(bij05.eersteBreuk).toMatchObject({
      volgnummer: doel.volgnummer,
      reden: 'AUDITREGEL_GEWIJZIGD',
      auditId: doel.id,
    });
  });

  it('alleen de privacy officer vraagt een controle aan of leest haar', async () => {
    for (const rol of ['VT_MEDEWERKER', 'VT_TEAMLEIDER'] as const) {
      const t = await app.token(rol, 'VT14');
      expect((await app.gql(t, `mutation { auditKetenControleren { id } }`)).body.errors![0].extensions!.code).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
      expect((await app.gql(t, `{ auditKetenControle { id } }`)).body.errors![0].extensions!.code).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
    }
  });
});
