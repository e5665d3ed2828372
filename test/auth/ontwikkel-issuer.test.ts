import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEV_ISSUER, devJwks } from '../../src/auth/dev-issuer';
import { ConfigError, loadConfig } from '../../src/lib/config';
import { TestIssuer, uitkomst } from '../helpers/issuer';
import { startTestApp, type TestApp } from '../helpers/testapp';

const PRODUCTIE = {
  NODE_ENV: 'production',
  WEBHOOK_GEHEIM_SLEUTEL: randomBytes(32).toString('base64'),
  VT_REGISTER_SLEUTEL: randomBytes(32).toString('base64'),
  AUDIT_CHECKPOINT_SLEUTEL: '/geheim/audit-checkpoint.pem',
};

/** The API's log lines, for what the start says. */
function logVanger(): { log: pino.Logger; regels: { level: number; msg: string }[] } {
  const regels: { level: number; msg: string }[] = [];
  return {
    regels,
    log: pino(
      { level: 'info' },
      { write: (s: string) => void regels.push(JSON.parse(s) as { level: number; msg: string }) },
    ),
  };
}
const WARN = 40;

describe('de ontwikkel-issuer staat alleen aan als dat expliciet zo is', () => {
  it.each([
    ['zonder DATABASE_URL (de embedded wegwerpdatabase van npm start)', {}, true],
    ['met DATABASE_URL', { DATABASE_URL: 'postgres://x@localhost/x' }, false],
    [
      'met DATABASE_URL en ONTWIKKEL_ISSUER=true',
      { DATABASE_URL: 'postgres://x@localhost/x', ONTWIKKEL_ISSUER: 'true' },
      true,
    ],
    ['zonder DATABASE_URL maar met ONTWIKKEL_ISSUER=false', { ONTWIKKEL_ISSUER: 'false' }, false],
    ['in productie', { ...PRODUCTIE, DATABASE_URL: 'postgres://x@localhost/x' }, false],
    [
      'in productie, ook met ONTWIKKEL_ISSUER=false',
      { ...PRODUCTIE, DATABASE_URL: 'postgres://x@localhost/x', ONTWIKKEL_ISSUER: 'false' },
      false,
    ],
  ])('%s', (_naam, env, aan) => {
    expect(loadConfig(env).devIssuerEnabled).toBe(aan);
  });

  it('ONTWIKKEL_ISSUER=true in productie is een configuratiefout', () => {
    const env = { ...PRODUCTIE, DATABASE_URL: 'postgres://x@localhost/x', ONTWIKKEL_ISSUER: 'true' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/ONTWIKKEL_ISSUER/);
  });

  it('OIDC_ISSUERS bestaat niet meer: wie het nog zet, krijgt een configuratiefout die naar de onboarding wijst', () => {
    const env = { OIDC_ISSUERS: JSON.stringify([{ issuer: 'https://idp.test', jwksUri: 'https://idp.test/jwks' }]) };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/OIDC_ISSUERS[\s\S]*onboarding/);
  });
});

describe('ontwikkel-issuer aan (ONTWIKKEL_ISSUER=true, zoals de tests)', () => {
  let app: TestApp;
  const { log, regels } = logVanger();
  beforeAll(async () => {
    app = await startTestApp({ log });
  });
  afterAll(() => app.stop());

  it('de start zegt luid (warn) dat hij aan staat', () => {
    expect(regels.some((r) => r.level === WARN && /ONTWIKKEL-ISSUER STAAT AAN/.test(r.msg))).toBe(true);
  });

  it('mag elke geregistreerde organisatie en passende rol claimen', async () => {
    await app.partner('SCHOOL-DEV', 'SCHOOL');
    expect(await uitkomst(app, await app.token('PRIVACY_OFFICER', 'VT09'))).toBe('PRIVACY_OFFICER@VT09');
    expect(await uitkomst(app, await app.token('SCHOOL_CONTACTPERSOON', 'SCHOOL-DEV'))).toBe(
      'SCHOOL_CONTACTPERSOON@SCHOOL-DEV',
    );
  });

  it('maar nooit een organisatie die niet geregistreerd of gedeactiveerd is, of een rol die er niet bij past', async () => {
    expect(await uitkomst(app, await app.token('VT_MEDEWERKER', 'VT99'))).toBe('ORGANISATIE_NIET_TOEGESTAAN');
    expect(await uitkomst(app, await app.token('SCHOOL_CONTACTPERSOON', 'VT14'))).toBe('ROL_NIET_TOEGESTAAN');
    await app.partner('WT-DEV-UIT', 'WIJKTEAM');
    await app.sql(`update organisatie set actief = false where code = 'WT-DEV-UIT'`);
    const token = await app.token('WIJKTEAM_MEDEWERKER', 'WT-DEV-UIT');
    // The notification of the deactivation may take a moment; the refusal must come without waiting for a TTL.
    const eind = Date.now() + 1000;
    let uit = await uitkomst(app, token);
    while (uit !== 'ORGANISATIE_GEDEACTIVEERD' && Date.now() < eind) uit = await uitkomst(app, token);
    expect(uit).toBe('ORGANISATIE_GEDEACTIVEERD');
  });
});

describe('ontwikkel-issuer uit', () => {
  it.each([
    ['standaard met een DATABASE_URL (de tests hebben er altijd een)', { ONTWIKKEL_ISSUER: '' }],
    ['met ONTWIKKEL_ISSUER=false', { ONTWIKKEL_ISSUER: 'false' }],
  ])(
    '%s: zijn tokens worden geweigerd en de start waarschuwt dat geen enkele issuer bruikbaar is',
    async (_naam, env) => {
      const { log, regels } = logVanger();
      const app = await startTestApp({ env, log });
      try {
        expect(app.config.devIssuerEnabled).toBe(false);
        expect(await uitkomst(app, await app.token('VT_MEDEWERKER', 'VT14'))).toBe('ONTWIKKEL_ISSUER_UIT');
        expect(regels.some((r) => /ONTWIKKEL-ISSUER STAAT AAN/.test(r.msg))).toBe(false);
        expect(regels.some((r) => r.level === WARN && /geen actieve issuer/.test(r.msg))).toBe(true);
      } finally {
        await app.stop();
      }
    },
  );
});

describe('ontwikkel-issuer in productie', () => {
  let app: TestApp;
  beforeAll(async () => {
    // A configuration that (wrongly) says the development issuer is on, as a bug elsewhere might: the verifier must
    // still refuse its tokens in production.
    app = await startTestApp({ env: PRODUCTIE, config: (c) => ({ ...c, devIssuerEnabled: true }) });
  });
  afterAll(() => app.stop());

  it('weigert zijn tokens, ook als de configuratie hem aan zou zetten', async () => {
    expect(app.config.isProduction).toBe(true);
    expect(await uitkomst(app, await app.token('VT_MEDEWERKER', 'VT14'))).toBe('ONTWIKKEL_ISSUER_UIT');
  });

  it('en ook als iemand zijn naam en sleutel als issuer registreert en bindt', async () => {
    await app.sql(`insert into issuer (issuer, naam, jwks, aangemaakt_op) values ($1, 'vals', $2, now())`, [
      DEV_ISSUER,
      JSON.stringify(await devJwks(app.config.dataDir)),
    ]);
    await app.sql(
      `insert into issuer_binding (issuer, organisatie, extern_id, rollen, aangemaakt_op) values ($1, 'VT14', 'VT14', '{VT_MEDEWERKER}', now())`,
      [DEV_ISSUER],
    );
    expect(await uitkomst(app, await app.token('VT_MEDEWERKER', 'VT14'))).toBe('ONTWIKKEL_ISSUER_UIT');
  });

  it('een geregistreerde issuer werkt in productie wel', async () => {
    const idp = await TestIssuer.registreer(app, 'https://idp-productie.test');
    await idp.bind('VT14', ['VT_MEDEWERKER']);
    expect(await uitkomst(app, await idp.token())).toBe('VT_MEDEWERKER@VT14');
  });
});

describe('npm run token', () => {
  const script = join(__dirname, '..', '..', 'dist', 'scripts', 'token.js');
  const run = promisify(execFile);
  const schoon = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !['DATABASE_URL', 'ONTWIKKEL_ISSUER', 'NODE_ENV', 'OIDC_ISSUERS'].includes(k),
    ),
  );

  it('werkt zonder configuratie (npm start: embedded database, ontwikkel-issuer aan)', async () => {
    const { stdout } = await run(process.execPath, [script, 'VT_MEDEWERKER', 'VT14'], {
      env: { ...schoon, DATA_DIR: mkdtempSync(join(tmpdir(), 'kp-token-')) },
    });
    const payload = JSON.parse(Buffer.from(stdout.trim().split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({ iss: DEV_ISSUER, ketenpoort_rol: 'VT_MEDEWERKER', ketenpoort_organisatie: 'VT14' });
  });

  it('weigert met een DATABASE_URL zonder ONTWIKKEL_ISSUER=true', async () => {
    await expect(
      run(process.execPath, [script, 'VT_MEDEWERKER', 'VT14'], {
        env: {
          ...schoon,
          DATABASE_URL: 'postgres://x@localhost/x',
          DATA_DIR: mkdtempSync(join(tmpdir(), 'kp-token-')),
        },
      }),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/ONTWIKKEL_ISSUER=true/),
    });
  });

  it('werkt met een DATABASE_URL en ONTWIKKEL_ISSUER=true', async () => {
    const { stdout } = await run(process.execPath, [script, 'ANALIST', 'VT14'], {
      env: {
        ...schoon,
        DATABASE_URL: 'postgres://x@localhost/x',
        ONTWIKKEL_ISSUER: 'true',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'kp-token-')),
      },
    });
    expect(stdout.trim().split('.')).toHaveLength(3);
  });
});
