import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);
const nodeRequire = createRequire(join(root, 'package.json'));
const { zorgVoorActueleDist } = nodeRequire('./scripts/dist-actueel.cjs') as {
  zorgVoorActueleDist: (root?: string) => 'actueel' | 'gebouwd' | 'zonder-typescript';
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const schoon = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'ONTWIKKEL_ISSUER', 'NODE_ENV'].includes(k)),
);

/** Runs `npm run token -- ...` as npm does (the preload included), without npm's own start-up time. */
function token(...args: string[]) {
  return run(process.execPath, ['-r', './scripts/dist-actueel.cjs', 'dist/scripts/token.js', ...args], {
    cwd: root,
    env: { ...schoon, DATA_DIR: mkdtempSync(join(tmpdir(), 'kp-token-')) },
  });
}
const payload = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.trim().split('.')[1], 'base64url').toString()) as { iat: number; exp: number };

describe('npm run token (issue 15, punt 13)', () => {
  it('--help noemt de opties, ook die voor de geldigheid', async () => {
    const { stdout, stderr } = await token('--help');
    expect(stdout).toMatch(/Gebruik: npm run token -- <ROL>/);
    expect(stdout).toMatch(/--geldig <duur>/);
    expect(stdout).toMatch(/--verlopen/);
    // dist/ is current (the test setup made it so): no compiler run.
    expect(stderr).not.toMatch(/tsc/);
  });

  it('--verlopen geeft een verlopen token, --geldig een met die duur', async () => {
    const nu = Date.now() / 1000;
    const verlopen = payload((await token('VT_MEDEWERKER', 'VT14', '--verlopen')).stdout);
    expect(verlopen.exp).toBeLessThan(nu - 60);
    const kort = payload((await token('VT_MEDEWERKER', 'VT14', '--geldig', '15m')).stdout);
    expect(kort.exp - kort.iat).toBe(900);
    expect(payload((await token('ANALIST', '--geldig', '2d')).stdout)).toSatisfy(
      (p: { iat: number; exp: number }) => p.exp - p.iat === 172_800,
    );
  });

  it('een foute duur of een onbekende optie stopt met een melding (exit 2)', async () => {
    await expect(token('VT_MEDEWERKER', '--geldig', 'morgen')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--geldig morgen is geen duur/),
    });
    await expect(token('VT_MEDEWERKER', '--geldigheid', '1u')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown option '--geldigheid'[\s\S]*Gebruik/),
    });
  });

  it('MELDER geeft geen token maar legt uit hoe VT een melderstoegang uitgeeft (exit 2, niets op stdout)', async () => {
    await expect(token('MELDER')).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/melderToegangUitgeven[\s\S]*Authorization: Melder/),
    });
  });
});

describe('scripts zonder herbouw en zonder dev-dependencies (issue 15, punt 13)', () => {
  it('geen script bouwt elke keer: ze draaien dist/ via de actualiteitscontrole', () => {
    const bouwers = ['build', 'lint', 'typecheck', 'test', 'format', 'format:check', 'postinstall'];
    for (const [naam, opdracht] of Object.entries(pkg.scripts)) {
      if (bouwers.includes(naam)) continue;
      expect(opdracht, naam).toMatch(/^node -r \.\/scripts\/dist-actueel\.cjs dist\/\S+\.js/);
      expect(opdracht, naam).not.toMatch(/tsc|npm run/);
    }
  });

  it('gecompileerde code buiten bench/ en test/ laadt geen dev-dependency (werkt na npm ci --omit=dev)', () => {
    const dev = Object.keys(pkg.devDependencies).filter((d) => !(d in pkg.dependencies));
    const gevonden: string[] = [];
    const loop = (map: string): void => {
      for (const e of readdirSync(map, { withFileTypes: true })) {
        const pad = join(map, e.name);
        if (e.isDirectory()) loop(pad);
        else if (e.name.endsWith('.js')) {
          for (const m of readFileSync(pad, 'utf8').matchAll(/require\("([^".][^"]*)"\)|import\("([^".][^"]*)"\)/g)) {
            const naam = m[1] ?? m[2];
            const pakket = naam.startsWith('@') ? naam.split('/').slice(0, 2).join('/') : naam.split('/')[0];
            if (dev.includes(pakket)) gevonden.push(`${pad.slice(root.length + 1)}: ${naam}`);
          }
        }
      }
    };
    for (const m of ['src', 'demo', 'scripts', 'migrations']) loop(join(root, 'dist', m));
    expect(gevonden).toEqual([]);
    expect(readFileSync(join(root, 'scripts', 'dist-actueel.cjs'), 'utf8')).not.toMatch(/require\('typescript/);
    // The graphql-shield patch is applied by the postinstall, which must work without dev-dependencies too.
    expect(pkg.dependencies['patch-package']).toBeDefined();
  });

  it('bouwt alleen als een bron nieuwer is; zonder TypeScript draait dist/ zoals het is, of zegt wat te doen', () => {
    const project = mkdtempSync(join(tmpdir(), 'kp-dist-'));
    const schrijf = (pad: string, tekst: string) => {
      mkdirSync(dirname(join(project, pad)), { recursive: true });
      writeFileSync(join(project, pad), tekst);
    };
    schrijf('tsconfig.json', JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: '.' }, include: ['src'] }));
    schrijf('src/main.ts', 'export const x: number = 1;\n');
    // A production-only install: no TypeScript, no dist/.
    expect(() => zorgVoorActueleDist(project)).toThrow(/dist\/ ontbreekt en TypeScript is niet geïnstalleerd/);
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(dirname(nodeRequire.resolve('typescript/package.json')), join(project, 'node_modules', 'typescript'));
    expect(zorgVoorActueleDist(project)).toBe('gebouwd');
    expect(readFileSync(join(project, 'dist', 'src', 'main.js'), 'utf8')).toMatch(/x = 1/);
    expect(zorgVoorActueleDist(project)).toBe('actueel');
    // A source edited after the build: make the build look older than the source.
    const verouderd = () => {
      const toen = new Date(Date.now() - 60_000);
      for (const f of ['.gebouwd', '.tsbuildinfo']) {
        try {
          utimesSync(join(project, 'dist', f), toen, toen);
        } catch {
          /* not written by this build */
        }
      }
    };
    verouderd();
    // `tsc --noEmit` (npm run typecheck) rewrites .tsbuildinfo without emitting: that is no build.
    writeFileSync(join(project, 'dist', '.tsbuildinfo'), '{}');
    expect(zorgVoorActueleDist(project)).toBe('gebouwd');
    expect(zorgVoorActueleDist(project)).toBe('actueel');
    // Stale, but the compiler is gone (dist/ copied into a production image): run what is there.
    verouderd();
    rmSync(join(project, 'node_modules', 'typescript'));
    expect(zorgVoorActueleDist(project)).toBe('zonder-typescript');
  });
});
