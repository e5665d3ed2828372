import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';

import { signDevToken } from '../../src/auth/dev-issuer';
import { bronbestanden } from '../../src/lib/bronbestanden';
import { embeddedPgSjabloon, pgSjabloon } from '../../src/lib/pg-sjabloon';
import { ROOT, schoneOmgeving, startProces, testMappen, vrijePoort, type Proces } from './proces';

/** Log lines at warn or above, or error text: a clean start and stop has none but the development issuer's warning. */
const foutregels = (uit: string): string[] =>
  uit
    .split('\n')
    .filter((r) => /"level":(4|5|6)0|Error|error:|FATAL|terminating connection/.test(r))
    .filter((r) => !r.includes('ONTWIKKEL-ISSUER STAAT AAN'));

/** The processes whose command line names `map` (a PostgreSQL left running on a template being built). */
const processenIn = (map: string): string[] =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((r) => r.includes(map) && !r.startsWith('ps '));

/**
 * Issue 18, point 5: a new DATA_DIR of the embedded default is a copy of a cluster template (initdb'd, provisioned and
 * migrated once; src/lib/pg-sjabloon.ts) instead of initdb plus every migration. Without a template the start is as
 * before, and the template is built after the API listens; a half template is never used; stopping during its build
 * leaves nothing behind.
 */
describe('een nieuwe DATA_DIR uit het clustersjabloon (issue 18, punt 5)', () => {
  const mappen: string[] = [];
  afterAll(() => {
    for (const m of mappen) rmSync(m, { recursive: true, force: true });
  });
  const cacheMap = (): string => {
    const m = mkdtempSync(join(tmpdir(), 'kp-sjabloon-'));
    chmodSync(m, 0o755);
    mappen.push(m);
    return m;
  };
  const omgeving = async (cache: string): Promise<{ env: NodeJS.ProcessEnv; dataDir: string }> => {
    const { dataDir, tmp } = testMappen();
    mappen.push(tmp);
    const env = schoneOmgeving({
      DATA_DIR: dataDir,
      TMPDIR: tmp,
      DEMO_DATA: 'false',
      START_WORKER: 'false',
      PORT: String(await vrijePoort()),
      EMBEDDED_PG_PORT: String(await vrijePoort()),
      EMBEDDED_PG_SJABLOON: cache,
    });
    return { env, dataDir };
  };

  /** `npm start`, stopped when the test ends however it ends (a failed assertion leaves no server running). */
  const gestart = (env: NodeJS.ProcessEnv): Proces => {
    const p = startProces(['dist/demo/start.js'], env);
    onTestFinished(() => {
      if (p.kind.exitCode === null && p.kind.signalCode === null) p.signaalAanGroep('SIGTERM');
    });
    return p;
  };

  it('geldt nooit met een DATABASE_URL, in productie of uitgezet; de sleutel volgt de code', () => {
    const delen = ['Migration1\nclass A {}'];
    expect(pgSjabloon('/c', { databaseUrl: 'postgres://h/db', isProduction: false }, delen)).toBeUndefined();
    expect(pgSjabloon('/c', { isProduction: true }, delen)).toBeUndefined();
    expect(pgSjabloon(false, { isProduction: false }, delen)).toBeUndefined();
    const a = pgSjabloon('/c', { isProduction: false }, delen);
    expect(a?.map).toMatch(/^\/c\/pg-sjabloon-[0-9a-f]{16}$/);
    expect(pgSjabloon('/c', { isProduction: false }, [...delen])?.sleutel).toBe(a?.sleutel);
    expect(pgSjabloon('/c', { isProduction: false }, ['Migration1\nclass A { up() {} }'])?.sleutel).not.toBe(
      a?.sleutel,
    );
  });

  it('de sleutel komt uit de bestanden van de migraties en wat ze importeren, vóór die geladen zijn', () => {
    const code = join(cacheMap(), 'code');
    const schrijf = (pad: string, inhoud: string): void => {
      mkdirSync(join(code, pad, '..'), { recursive: true });
      writeFileSync(join(code, pad), inhoud);
    };
    schrijf('migrations/index.js', 'const m1 = require("./M1");\nconst g = require("../src/gedeeld");\n');
    schrijf('migrations/M1.js', 'class M1 {}\nexports.M1 = M1;\n');
    schrijf('src/gedeeld.js', 'const d = __importDefault(require("./data/lijst.json"));\nconst pg = require("pg");\n');
    schrijf('src/data/lijst.json', '[1]');
    schrijf('src/los.js', '// niet geïmporteerd');
    const migraties = join(code, 'migrations');
    expect(bronbestanden(migraties, code).map((b) => b.pad)).toEqual([
      'migrations/M1.js',
      'migrations/index.js',
      'src/data/lijst.json',
      'src/gedeeld.js',
    ]);
    const sleutel = (map = migraties): string | undefined =>
      embeddedPgSjabloon('/c', { isProduction: false }, map)?.sleutel;
    const a = sleutel();
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(sleutel()).toBe(a);
    schrijf('src/los.js', '// anders');
    expect(sleutel()).toBe(a);
    // The same code in another checkout: the same template.
    cpSync(code, `${code}-elders`, { recursive: true });
    expect(sleutel(join(`${code}-elders`, 'migrations'))).toBe(a);
    schrijf('src/data/lijst.json', '[2]');
    expect(sleutel()).not.toBe(a);
    expect(embeddedPgSjabloon(false, { isProduction: false }, migraties)).toBeUndefined();
    expect(embeddedPgSjabloon('/c', { isProduction: true }, migraties)).toBeUndefined();

    // The real ones, compiled (what `npm start` runs) and as sources: every migration, and the reference data.
    for (const [map, ext] of [
      [join(ROOT, 'dist', 'migrations'), 'js'],
      [join(ROOT, 'migrations'), 'ts'],
    ] as const) {
      const paden = bronbestanden(map, join(map, '..')).map((b) => b.pad);
      expect(paden).toContain(`migrations/index.${ext}`);
      expect(paden).toContain(`migrations/Migration20261122000001_fundament.${ext}`);
      expect(paden).toContain(`src/organisaties/gemeenten.${ext}`);
      expect(paden).toContain('src/organisaties/data/gemeenten.json');
      expect(paden.filter((p) => p.startsWith('migrations/Migration'))).toHaveLength(
        readdirSync(join(ROOT, 'migrations')).filter((n) => n.startsWith('Migration')).length,
      );
    }
  });

  it('eerst initdb en migraties en daarna het sjabloon; de volgende nieuwe DATA_DIR is een kopie die antwoordt; een half sjabloon telt niet', async () => {
    const cache = cacheMap();

    // 1. No template: initdb and the migrations, as before; the template is built after the API listens.
    const eerste = await omgeving(cache);
    const p1 = gestart(eerste.env);
    await p1.wachtOp('"msg":"embedded PostgreSQL: sjabloon gebouwd', 120_000);
    expect(p1.uitvoer()).toMatch(/"cluster":"initdb"/);
    expect(p1.uitvoer()).toMatch(/"msg":"migraties toegepast"/);
    p1.signaalAanGroep('SIGINT');
    expect((await p1.einde()).code).toBe(0);
    const sjablonen = readdirSync(cache);
    expect(sjablonen).toHaveLength(1);
    expect(sjablonen[0]).toMatch(/^pg-sjabloon-[0-9a-f]{16}$/);
    const sjabloon = join(cache, sjablonen[0]);
    expect(existsSync(join(sjabloon, '.klaar'))).toBe(true);

    // 2. A new DATA_DIR: a copy of the template, no migrations; the API answers as the login role.
    const tweede = await omgeving(cache);
    const p2 = gestart(tweede.env);
    await p2.wachtOp('"msg":"Ketenpoort API gestart"', 90_000);
    const uit = p2.uitvoer();
    expect(uit).toMatch(/"msg":"embedded PostgreSQL: datamap gekopieerd uit het sjabloon"/);
    expect(uit).toMatch(/"cluster":"uit sjabloon"/);
    expect(uit).not.toMatch(/"msg":"migraties toegepast"/);
    const token = await signDevToken(tweede.dataDir, {
      rol: 'VT_MEDEWERKER',
      organisatie: 'VT14',
      audience: 'ketenpoort',
    });
    const r = await fetch(`http://127.0.0.1:${tweede.env.PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: '{ ik { rol organisatie { naam } } meldingen(eerste: 1) { edges { node { id } } } }',
      }),
    });
    expect(await r.json()).toMatchObject({ data: { ik: { rol: 'VT_MEDEWERKER' }, meldingen: { edges: [] } } });
    p2.signaalAanGroep('SIGINT');
    expect((await p2.einde()).code).toBe(0);
    expect(foutregels(p2.uitvoer())).toEqual([]);
    // The template itself was never started: it is as it was built.
    expect(existsSync(join(sjabloon, 'data', 'postmaster.pid'))).toBe(false);

    // 3. A template without its mark (half built, or being built) is not used.
    rmSync(join(sjabloon, '.klaar'));
    const derde = await omgeving(cache);
    const p3 = gestart(derde.env);
    await p3.wachtOp('"msg":"Ketenpoort API gestart"', 90_000);
    expect(p3.uitvoer()).toMatch(/"cluster":"initdb"/);
    expect(p3.uitvoer()).not.toMatch(/gekopieerd uit het sjabloon/);
    p3.signaalAanGroep('SIGINT');
    expect((await p3.einde()).code).toBe(0);
  }, 300_000);

  it('Ctrl-C terwijl het sjabloon gebouwd wordt: exit 0, zonder foutregels, geen half sjabloon en geen PostgreSQL achtergelaten', async () => {
    const cache = cacheMap();
    const { env } = await omgeving(cache);
    const p = gestart(env);
    await p.wachtOp('"msg":"Ketenpoort API gestart"', 90_000);
    // The build begins a few seconds after (and initdb alone takes longer than it takes to see it): stop while it runs.
    const bouwt = (): boolean => readdirSync(cache).some((n) => n.includes('.bouw-'));
    for (let i = 0; i < 300 && !bouwt(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(bouwt()).toBe(true);
    p.signaalAanGroep('SIGINT');
    const { code, duurMs } = await p.einde(30_000);
    expect(code).toBe(0);
    expect(duurMs).toBeLessThan(15_000);
    expect(foutregels(p.uitvoer()), p.uitvoer()).toEqual([]);
    expect(readdirSync(cache)).toEqual([]);
    expect(processenIn(cache)).toEqual([]);
  }, 120_000);
});
