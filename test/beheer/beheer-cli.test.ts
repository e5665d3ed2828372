import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * The beheer CLI (`npm run beheer`), run as the compiled script in a child process against this file's test database,
 * as the first administrator of a fresh production database would: it uses the API's services and validation, audits
 * as SYSTEEM with toegangspunt cli, prints refusals with the same codes and exits non-zero.
 */
let app: TestApp;
const SCRIPT = join(__dirname, '..', '..', 'dist', 'scripts', 'beheer.js');
const dataDir = mkdtempSync(join(tmpdir(), 'ketenpoort-beheer-cli-'));

type Uitkomst = { code: number; stdout: string; stderr: string };

function beheer(args: string[], env: Record<string, string | undefined> = {}): Promise<Uitkomst> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATA_DIR: dataDir,
          DATABASE_URL: app.dbUrl,
          ...env,
        },
      },
      (fout, stdout, stderr) => resolve({ code: fout ? ((fout as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const ISSUER = 'https://login.landelijk.example/realms/ketenpoort';
const jwksBestand = join(dataDir, 'jwks.json');
/** The identity provider's signing key: its public half is what the CLI registers. */
let idpSleutel: KeyObject;

beforeAll(async () => {
  app = await startTestApp();
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  idpSleutel = privateKey;
  writeFileSync(
    jwksBestand,
    JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' }] }),
  );
});
afterAll(() => app.stop());

// Each run starts a Node process that loads the whole service graph: seconds on a busy machine.
describe('npm run beheer', { timeout: 120_000 }, () => {
  it('--help beschrijft de opdrachten en slaagt; zonder opdracht of met een onbekende opdracht faalt het', async () => {
    const hulp = await beheer(['--help'], { DATABASE_URL: undefined });
    expect(hulp.code).toBe(0);
    for (const o of [
      'organisatie-registreren',
      'issuer-registreren',
      'issuer-binden',
      'organisatie-deactiveren',
      'lijst',
    ]) {
      expect(hulp.stdout).toContain(o);
    }
    expect((await beheer([])).code).toBe(2);
    const onbekend = await beheer(['organisatie-verwijderen', '--code', 'X']);
    expect(onbekend.code).toBe(2);
    expect(onbekend.stderr).toMatch(/Onbekende opdracht/);
    const optie = await beheer(['lijst', '--kleur', 'rood']);
    expect(optie.code).toBe(2);
    const zonder = await beheer(['organisatie-registreren', '--naam', 'X', '--soort', 'WIJKTEAM']);
    expect(zonder).toMatchObject({ code: 2, stderr: expect.stringMatching(/--code is verplicht/) });
  });

  it('zonder DATABASE_URL weigert het (geen ingebouwde ontwikkeldatabase)', async () => {
    const r = await beheer(['lijst'], { DATABASE_URL: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DATABASE_URL/);
  });

  it('de eerste beheerder: landelijke beheerorganisatie, haar identity provider en de binding met FUNCTIONEEL_BEHEERDER; daarna werkt de API met dezelfde gegevens', async () => {
    const org = await beheer([
      'organisatie-registreren',
      '--code',
      'landelijk-beheer',
      '--naam',
      'Landelijk functioneel beheer',
      '--soort',
      'landelijk',
    ]);
    expect(org.code, org.stderr).toBe(0);
    expect(JSON.parse(org.stdout)).toMatchObject({
      code: 'LANDELIJK-BEHEER',
      soort: 'LANDELIJK',
      actief: true,
      regioCodes: [],
    });
    expect(org.stdout).not.toContain('beheerRegios');

    const iss = await beheer([
      'issuer-registreren',
      '--issuer',
      ISSUER,
      '--naam',
      'Landelijke IdP',
      '--jwks-bestand',
      jwksBestand,
      '--rolwaarde',
      'beheerder=FUNCTIONEEL_BEHEERDER',
      '--client',
      'ketenpoort-beheer',
      '--acr',
      'urn:idp:mfa=SUBSTANTIEEL',
      '--min-betrouwbaarheid',
      'SUBSTANTIEEL',
      '--max-token-leeftijd',
      '3600',
    ]);
    expect(iss.code, iss.stderr).toBe(0);
    expect(JSON.parse(iss.stdout)).toMatchObject({
      issuer: ISSUER,
      jwksUri: null,
      rolWaarden: [{ waarde: 'beheerder', rol: 'FUNCTIONEEL_BEHEERDER' }],
      toegestaneClients: ['ketenpoort-beheer'],
      maxTokenLeeftijdS: 3600,
    });

    const bind = await beheer([
      'issuer-binden',
      '--issuer',
      ISSUER,
      '--organisatie',
      'LANDELIJK-BEHEER',
      '--rol',
      'FUNCTIONEEL_BEHEERDER',
      '--extern-id',
      'oin-00000001234567890000',
    ]);
    expect(bind.code, bind.stderr).toBe(0);
    expect(JSON.parse(bind.stdout)).toEqual(
      expect.objectContaining({
        organisatie: 'LANDELIJK-BEHEER',
        externId: 'oin-00000001234567890000',
        rollen: ['FUNCTIONEEL_BEHEERDER'],
      }),
    );

    // The same rows through the API, as the national beheerder the CLI just made possible.
    const t = await app.token('FUNCTIONEEL_BEHEERDER', 'LANDELIJK-BEHEER');
    const r = await app.gql<{ beheerOrganisatie: { issuerBindingen: { issuer: string; rollen: string[] }[] } }>(
      t,
      `{ beheerOrganisatie(code: "LANDELIJK-BEHEER") { issuerBindingen { issuer rollen } } }`,
    );
    expect(r.body.data!.beheerOrganisatie.issuerBindingen).toEqual([
      { issuer: ISSUER, rollen: ['FUNCTIONEEL_BEHEERDER'] },
    ]);

    // A token as that identity provider issues it (its own claim values, mapped by the registration) is accepted at
    // once, for exactly the bound organisation and role: the first administrator can log in.
    const nu = Math.floor(app.clock.now().getTime() / 1000);
    const idpToken = await new SignJWT({
      ketenpoort_rol: 'beheerder',
      ketenpoort_organisatie: 'oin-00000001234567890000',
      azp: 'ketenpoort-beheer',
      acr: 'urn:idp:mfa',
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(app.config.oidcAudience)
      .setSubject('beheerder-1')
      .setIssuedAt(nu)
      .setExpirationTime(nu + 600)
      .sign(idpSleutel);
    const ik = await app.gql<{ ik: { rol: string; organisatie: { code: string } } }>(
      idpToken,
      `{ ik { rol organisatie { code } } }`,
    );
    expect(ik.body.errors, JSON.stringify(ik.body.errors)).toBeUndefined();
    expect(ik.body.data!.ik).toEqual({ rol: 'FUNCTIONEEL_BEHEERDER', organisatie: { code: 'LANDELIJK-BEHEER' } });

    // Audited as the system, with the OS user and the CLI as access point, in the audit trail like any change.
    const rijen = await app.sql(
      `select gebeurtenis, gebruiker, actor_soort, rol, organisatie, toegangspunt, object_type, object_id from audit_gebeurtenis where toegangspunt = 'cli' order by id`,
    );
    const wie = {
      gebruiker: `cli:${userInfo().username}`,
      actor_soort: 'SYSTEEM',
      rol: 'FUNCTIONEEL_BEHEERDER',
      organisatie: 'KETENPOORT',
      toegangspunt: 'cli',
    };
    expect(rijen).toEqual([
      { ...wie, gebeurtenis: 'ORGANISATIE_REGISTREREN', object_type: 'Organisatie', object_id: 'LANDELIJK-BEHEER' },
      { ...wie, gebeurtenis: 'ISSUER_REGISTREREN', object_type: 'Issuer', object_id: ISSUER },
      { ...wie, gebeurtenis: 'ISSUER_BINDEN', object_type: 'IssuerBinding', object_id: `LANDELIJK-BEHEER@${ISSUER}` },
    ]);
  });

  it('ongeldige invoer: dezelfde codes als de API op stderr, exitcode 1, niets veranderd', async () => {
    const stand = async (): Promise<string> =>
      JSON.stringify(
        await app.sql(
          `select (select count(*) from organisatie) o, (select count(*) from issuer) i, (select count(*) from issuer_binding) b, (select count(*) from audit_gebeurtenis) a`,
        ),
      );
    const voor = await stand();
    const school = await beheer([
      'organisatie-registreren',
      '--code',
      'SCHOOL-X',
      '--naam',
      'School X',
      '--soort',
      'SCHOOL',
      '--regio',
      'VT14',
    ]);
    expect(school.code).toBe(1);
    expect(school.stderr).toMatch(/BAD_USER_INPUT/);
    expect(school.stderr).toMatch(/brin: BRIN_VEREIST/);
    expect(school.stderr).toMatch(/schoolvakantieregio: SCHOOLVAKANTIEREGIO_VEREIST/);
    const rol = await beheer([
      'issuer-registreren',
      '--issuer',
      'https://idp.example',
      '--naam',
      'X',
      '--jwks-bestand',
      jwksBestand,
      '--rolwaarde',
      'x=OPPERBAAS',
    ]);
    expect(rol).toMatchObject({ code: 1, stderr: expect.stringMatching(/ROL_ONBEKEND/) });
    const soort = await beheer([
      'issuer-binden',
      '--issuer',
      ISSUER,
      '--organisatie',
      'VT14',
      '--rol',
      'WIJKTEAM_MEDEWERKER',
    ]);
    expect(soort).toMatchObject({ code: 1, stderr: expect.stringMatching(/ROL_NIET_VOOR_SOORT/) });
    const dubbel = await beheer([
      'organisatie-registreren',
      '--code',
      'LANDELIJK-BEHEER',
      '--naam',
      'X',
      '--soort',
      'LANDELIJK',
    ]);
    expect(dubbel).toMatchObject({ code: 1, stderr: expect.stringMatching(/CONFLICT, CODE_BESTAAT/) });
    const onbekend = await beheer(['organisatie-deactiveren', '--code', 'BESTAAT-NIET']);
    expect(onbekend).toMatchObject({ code: 1, stderr: expect.stringMatching(/NOT_FOUND/) });
    expect(await stand()).toBe(voor);
  });

  it('in productie: de issuer-URL moet https zijn (HTTPS_VEREIST)', async () => {
    const prod = {
      NODE_ENV: 'production',
      WEBHOOK_GEHEIM_SLEUTEL: randomBytes(32).toString('base64'),
      VT_REGISTER_SLEUTEL: randomBytes(32).toString('base64'),
      AUDIT_CHECKPOINT_SLEUTEL: join(dataDir, 'checkpoint.pem'),
      DATABASE_URL: app.appDbUrl,
    };
    // In production the CLI, like the API, logs in as the role that owns nothing (never the superuser).
    const r = await beheer(
      [
        'issuer-registreren',
        '--issuer',
        'http://idp.intern.example',
        '--naam',
        'X',
        '--jwks-uri',
        'http://idp.intern.example/jwks',
      ],
      prod,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/issuer: HTTPS_VEREIST/);
    expect(r.stderr).toMatch(/jwksUri: HTTPS_VEREIST/);
    const ok = await beheer(['lijst', '--soort', 'LANDELIJK'], prod);
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { code: string }[]).map((o) => o.code)).toContain('LANDELIJK-BEHEER');
  });

  it('een partner registreren, deactiveren en weer activeren; lijst en issuers tonen de stand', async () => {
    expect(
      (
        await beheer([
          'organisatie-registreren',
          '--code',
          'GM-HUIZEN',
          '--naam',
          'Gemeente Huizen',
          '--soort',
          'GEMEENTE',
          '--regio',
          'VT14',
          '--cbs-code',
          'GM0406',
        ])
      ).code,
    ).toBe(0);
    const d = await beheer(['organisatie-deactiveren', '--code', 'GM-HUIZEN']);
    expect(d.code, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout)).toMatchObject({
      organisatie: { code: 'GM-HUIZEN', actief: false },
      overdrachtenIngetrokken: 0,
      webhookEndpointsUitgeschakeld: 0,
    });
    const lijst = await beheer(['lijst', '--actief', 'false']);
    expect((JSON.parse(lijst.stdout) as { code: string }[]).map((o) => o.code)).toEqual(['GM-HUIZEN']);
    expect((await beheer(['organisatie-heractiveren', '--code', 'GM-HUIZEN'])).code).toBe(0);
    expect((await app.sql(`select actief from organisatie where code = 'GM-HUIZEN'`))[0].actief).toBe(true);
    const issuers = await beheer(['issuers']);
    expect((JSON.parse(issuers.stdout) as { issuer: string }[]).map((i) => i.issuer)).toEqual([ISSUER]);
    const gebeurtenissen = (
      await app.sql(`select gebeurtenis from audit_gebeurtenis where object_id = 'GM-HUIZEN' order by id`)
    ).map((r) => r.gebeurtenis);
    expect(gebeurtenissen).toEqual(['ORGANISATIE_REGISTREREN', 'ORGANISATIE_DEACTIVEREN', 'ORGANISATIE_HERACTIVEREN']);
  });
});
