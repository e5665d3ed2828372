import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/lib/config';
import { withDatabase } from '../../src/lib/database';
import { onderzoekLoginRol } from '../../src/lib/database-rollen';
import { meldingInvoer, REGISTREER } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/** What an attacker with the API's database login might try against the audit trail. */
function aanvallen(tabel: 'audit_gebeurtenis' | 'audit_zegel'): string[] {
  return [
    `alter table ${tabel} disable trigger ${tabel}_alleen_toevoegen`,
    `alter table ${tabel} disable trigger all`,
    `drop trigger ${tabel}_alleen_toevoegen on ${tabel}`,
    `update ${tabel} set ${tabel === 'audit_zegel' ? 'gezegeld_op = now()' : "gebruiker = 'x'"}`,
    `delete from ${tabel}`,
    `truncate ${tabel}`,
    `alter table ${tabel} add column x int`,
    `alter table ${tabel} rename to ${tabel}_weg`,
    `alter table ${tabel} owner to current_user`,
    `drop table ${tabel}`,
    `create trigger x before insert on ${tabel} for each row execute function weiger_wijziging_auditspoor()`,
  ];
}

describe('databaserollen: de loginrol van API en worker bezit niets en kan het auditspoor alleen aanvullen', () => {
  let app: TestApp;
  let login: Client;
  beforeAll(async () => {
    app = await startTestApp();
    const t = await app.token('VT_MEDEWERKER', 'VT14');
    expect((await app.gql(t, REGISTREER, { invoer: meldingInvoer() })).body.errors).toBeUndefined();
    login = new Client({ connectionString: app.appDbUrl });
    await login.connect();
  });
  afterAll(async () => {
    await login.end();
    await app.stop();
  });

  it('de app draait echt als die rol: geen superuser, eigenaar van geen enkele tabel', async () => {
    const { rows } = await login.query(
      `select current_user as rol, r.rolsuper, r.rolbypassrls,
              (select count(*)::int from pg_class c where c.relowner = r.oid) as bezit
         from pg_roles r where r.rolname = current_user`,
    );
    expect(rows[0]).toEqual({ rol: 'ketenpoort_api', rolsuper: false, rolbypassrls: false, bezit: 0 });
    const [viaOrm] = await app.orm.em.getConnection().execute<{ rol: string }[]>(`select current_user as rol`);
    expect(viaOrm.rol).toBe('ketenpoort_api');
  });

  for (const tabel of ['audit_gebeurtenis', 'audit_zegel'] as const) {
    it(`kan de alleen-toevoegen-trigger van ${tabel} niet uitschakelen en de regels en de tabel niet wijzigen`, async () => {
      const [voor] = (await app.sql(`select count(*)::int as n from ${tabel}`)) as { n: number }[];
      for (const sql of aanvallen(tabel)) {
        await expect(login.query(sql), sql).rejects.toMatchObject({ code: '42501' });
      }
      const [na] = (await app.sql(`select count(*)::int as n from ${tabel}`)) as { n: number }[];
      expect(na.n).toBe(voor.n);
      expect(
        await app.sql(`select tgenabled from pg_trigger where tgname = $1`, [`${tabel}_alleen_toevoegen`]),
      ).toEqual([{ tgenabled: 'O' }]);
    });
  }

  it('kan de triggers niet omzeilen met session_replication_role en de triggerfunctie niet vervangen', async () => {
    await expect(login.query(`set session_replication_role = replica`)).rejects.toMatchObject({ code: '42501' });
    await expect(
      login.query(
        `create or replace function weiger_wijziging_auditspoor() returns trigger language plpgsql as $$ begin return new; end $$`,
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('mag wel lezen en aanvullen (het gewone werk)', async () => {
    const { rows } = await login.query(`select count(*)::int as n from audit_gebeurtenis`);
    expect(rows[0].n).toBeGreaterThan(0);
    await login.query(
      `insert into audit_gebeurtenis (tijdstip, gebeurtenis, actie, gebruiker, actor_soort, rol, organisatie, toegangspunt, verzoek_id, grondslag, noodprocedure, object_type, persoon_ids, velden, inhoud_hash)
       values (now(), 'TEST', 'E', 'test', 'SYSTEEM', 'SYSTEEM', 'VT14', '127.0.0.1', 'v', 'g', false, 'Test', '{}', '{}', '\\x00')`,
    );
  });

  it('de controle bij de start ziet het verschil tussen de loginrol en de eigenaar', async () => {
    const alsLogin = await onderzoekLoginRol(async (sql) => (await login.query<Record<string, unknown>>(sql)).rows);
    expect(alsLogin).toEqual({ rol: 'ketenpoort_api', problemen: [] });
    const alsSuperuser = await onderzoekLoginRol((sql) => app.sql(sql));
    expect(alsSuperuser.problemen).toEqual(
      expect.arrayContaining([
        'is superuser',
        expect.stringMatching(/eigenaar van audit_gebeurtenis/),
        expect.stringMatching(/UPDATE, DELETE, TRUNCATE, TRIGGER op audit_zegel/),
      ]),
    );
  });
});

/** Tests that start compiled processes get more time on a loaded machine. */
const PROCES_TIMEOUT = 90_000;

/** Starts a compiled process (worker or API) in production mode and returns its exit code and output. */
async function startInProductie(
  bestand: string,
  env: Record<string, string>,
  klaar: RegExp,
): Promise<{ code: number | null; uit: string }> {
  const proces = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', bestand)], {
    env: { ...process.env, NODE_ENV: 'production', REDIS_URL: '', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let uit = '';
  proces.stdout.on('data', (d: Buffer) => (uit += d.toString()));
  proces.stderr.on('data', (d: Buffer) => (uit += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const eind = setTimeout(() => proces.kill('SIGKILL'), 30_000);
    proces.once('exit', (c) => {
      clearTimeout(eind);
      resolve(c);
    });
    const kijk = setInterval(() => {
      if (klaar.test(uit)) {
        clearInterval(kijk);
        proces.kill('SIGTERM');
      }
    }, 100);
    proces.once('exit', () => clearInterval(kijk));
  });
  return { code, uit };
}

describe('productie weigert te starten zonder checkpointsleutel of met een loginrol die het auditspoor bezit', () => {
  let app: TestApp;
  let sleutel: string;
  let basis: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp();
    await app.stop();
    const map = mkdtempSync(join(tmpdir(), 'ketenpoort-sleutel-'));
    sleutel = join(map, 'checkpoint.pem');
    writeFileSync(sleutel, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    basis = {
      QUEUE_DATABASE_URL: app.queueDbUrl,
      WEBHOOK_GEHEIM_SLEUTEL: randomBytes(32).toString('base64'),
      VT_REGISTER_SLEUTEL: randomBytes(32).toString('base64'),
      AUDIT_CHECKPOINT_SLEUTEL: sleutel,
      AUDIT_CHECKPOINT_MAP: join(map, 'checkpoints'),
      DATA_DIR: map,
    };
  });

  it('de configuratie eist AUDIT_CHECKPOINT_SLEUTEL en een https-ontvanger in productie', () => {
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://x@localhost/x',
      WEBHOOK_GEHEIM_SLEUTEL: basis.WEBHOOK_GEHEIM_SLEUTEL,
      VT_REGISTER_SLEUTEL: basis.VT_REGISTER_SLEUTEL,
    };
    expect(() => loadConfig(env)).toThrow(/AUDIT_CHECKPOINT_SLEUTEL: required in production/);
    expect(() =>
      loadConfig({ ...env, AUDIT_CHECKPOINT_SLEUTEL: sleutel, AUDIT_CHECKPOINT_URL: 'http://anker.invalid/' }),
    ).toThrow(/AUDIT_CHECKPOINT_URL: must be https/);
    expect(loadConfig({ ...env, AUDIT_CHECKPOINT_SLEUTEL: sleutel }).auditAnker).toMatchObject({
      sleutelPad: sleutel,
      sleutelAanmaken: false,
    });
  });

  it(
    'de worker start met de loginrol en de sleutel, en weigert met een onleesbare sleutel (geen aanmaak in productie)',
    async () => {
      const goed = await startInProductie('worker.js', { ...basis, DATABASE_URL: app.appDbUrl }, /worker gestart/);
      expect(goed.uit).toContain('worker gestart');
      expect(goed.code).toBe(0);
      const zonder = await startInProductie(
        'worker.js',
        { ...basis, DATABASE_URL: app.appDbUrl, AUDIT_CHECKPOINT_SLEUTEL: `${sleutel}.weg` },
        /worker gestart/,
      );
      expect(zonder.code).toBe(1);
      expect(zonder.uit).toMatch(/AUDIT_CHECKPOINT_SLEUTEL: .*niet leesbaar/);
    },
    PROCES_TIMEOUT,
  );

  it(
    'db:migrate in productie eist de eigenaars-URL en richt een lege database in voor de loginrol',
    async () => {
      const naam = `${new URL(app.dbUrl).pathname.slice(1)}_leeg`;
      const server = new Client({ connectionString: app.dbUrl });
      await server.connect();
      await server.query(`create database ${naam}`);
      await server.end();
      const leegLogin = withDatabase(app.appDbUrl, naam);
      const leegEigenaar = withDatabase(app.dbUrl, naam);
      const migreer = (env: Record<string, string>): Promise<{ code: number; stderr: string }> =>
        new Promise((resolve) => {
          const p = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'scripts', 'migreer.js')], {
            env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...basis, ...env },
          });
          let stderr = '';
          p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          p.once('exit', (code) => resolve({ code: code ?? -1, stderr }));
        });
      const zonder = await migreer({ DATABASE_URL: leegLogin });
      expect(zonder).toMatchObject({ code: 1, stderr: expect.stringMatching(/DATABASE_OWNER_URL is verplicht/) });
      expect(await migreer({ DATABASE_URL: leegLogin, DATABASE_OWNER_URL: leegEigenaar })).toMatchObject({ code: 0 });
      const login = new Client({ connectionString: leegLogin });
      await login.connect();
      try {
        expect(await onderzoekLoginRol(async (sql) => (await login.query<Record<string, unknown>>(sql)).rows)).toEqual({
          rol: 'ketenpoort_api',
          problemen: [],
        });
        expect(
          (await login.query(`select count(*)::int as n from organisatie where soort = 'VEILIG_THUIS'`)).rows[0].n,
        ).toBeGreaterThan(20);
      } finally {
        await login.end();
      }
    },
    PROCES_TIMEOUT,
  );

  for (const bestand of ['worker.js', 'main.js']) {
    it(
      `${bestand} weigert als de loginrol superuser en eigenaar van het auditspoor is, of als hij de eigenaars-URL meekrijgt`,
      async () => {
        const eigenaar = await startInProductie(
          bestand,
          { ...basis, DATABASE_URL: app.dbUrl },
          /worker gestart|API gestart/,
        );
        expect(eigenaar.code).toBe(1);
        expect(eigenaar.uit).toMatch(
          /loginrol postgres is superuser; is \(lid van\) de eigenaar van audit_gebeurtenis/,
        );
        const metEigenaarUrl = await startInProductie(
          bestand,
          { ...basis, DATABASE_URL: app.appDbUrl, DATABASE_OWNER_URL: app.dbUrl },
          /worker gestart|API gestart/,
        );
        expect(metEigenaarUrl.code).toBe(1);
        expect(metEigenaarUrl.uit).toMatch(/DATABASE_OWNER_URL is alleen voor `npm run db:migrate`/);
      },
      PROCES_TIMEOUT,
    );
  }
});
