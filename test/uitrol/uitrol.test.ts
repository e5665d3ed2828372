import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { loadConfig } from '../../src/lib/config';

/**
 * The deployment files, checked without a Docker daemon (these machines have the docker client only): the Dockerfile
 * through a Dockerfile parser (dockerfile-ast, the parser of the Docker language server), compose.yaml through a YAML
 * parser, the environment the services get through the application's own configuration loader in production mode,
 * and "a production install runs every script" by walking the require graph of every entry point.
 */

const ROOT = join(__dirname, '..', '..');
const lees = (pad: string): string => readFileSync(join(ROOT, pad), 'utf8');
const pakket = JSON.parse(lees('package.json')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface Fase {
  naam: string;
  beeld: string;
  instructies: { keyword: string; args: string; from?: string }[];
}

/** The stages of the Dockerfile, with the initial ARGs substituted in their FROM lines. */
function fasen(): Fase[] {
  const df = DockerfileParser.parse(lees('Dockerfile'));
  const args = new Map<string, string>();
  for (const a of df.getInitialARGs()) {
    const [k, v] = (a.getArgumentsContent() ?? '').split('=');
    if (k && v) args.set(k, v);
  }
  const uit: Fase[] = [];
  for (const i of df.getInstructions()) {
    const keyword = i.getKeyword();
    const args0 = i.getArgumentsContent() ?? '';
    if (keyword === 'FROM') {
      const m = /^(\S+)\s+AS\s+(\S+)$/i.exec(args0);
      const beeld = (m?.[1] ?? args0).replace(/\$\{(\w+)\}/g, (_, n: string) => args.get(n) ?? '');
      uit.push({ naam: m?.[2] ?? '', beeld, instructies: [] });
      continue;
    }
    if (keyword === 'ARG' && uit.length === 0) continue;
    const flags =
      'getFlags' in i
        ? (i as Instruction & { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags()
        : [];
    const from = flags.find((f) => f.getName() === 'from')?.getValue() ?? undefined;
    uit.at(-1)!.instructies.push({ keyword, args: args0, from });
  }
  return uit;
}

describe('Dockerfile', () => {
  const alle = fasen();
  const draai = alle.at(-1)!;
  const fase = (naam: string) => alle.find((f) => f.naam === naam)!;

  it('is meertraps: bouwen met alle afhankelijkheden, installeren zonder dev, draaien op een vastgepind slim beeld', () => {
    expect(alle.map((f) => f.naam)).toEqual(['bouw', 'productie', 'draai']);
    for (const f of alle) expect(f.beeld).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
    expect(fase('bouw').instructies.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args))).toBe(true);
    const prodRuns = fase('productie').instructies.filter((i) => i.keyword === 'RUN');
    expect(prodRuns.some((i) => /\bnpm ci\b.*--omit=dev/.test(i.args))).toBe(true);
  });

  it('de draaitrap krijgt alleen productie-node_modules en dist/, geen bronnen en geen compiler', () => {
    const copies = draai.instructies.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
    const nodeModules = copies.filter((c) => /node_modules/.test(c.args));
    expect(nodeModules).toHaveLength(1);
    expect(nodeModules[0].from).toBe('productie');
    expect(copies.find((c) => /\bdist\b/.test(c.args))?.from).toBe('bouw');
    // No sources, no TypeScript configuration, no whole-context copy into the image that runs.
    for (const c of copies.filter((c) => !c.from)) expect(c.args).not.toMatch(/^(\.|src|tsconfig|test)\b/);
    for (const r of draai.instructies.filter((i) => i.keyword === 'RUN')) {
      expect(r.args).not.toMatch(
        /apt-get|apk|gcc|g\+\+|make|build-essential|python|node-gyp|npm (ci|install)|typescript|tsc/,
      );
    }
    // TypeScript is a development dependency, so `npm ci --omit=dev` leaves it out.
    expect(pakket.devDependencies.typescript).toBeDefined();
    expect(pakket.dependencies.typescript).toBeUndefined();
  });

  it('draait als gebruiker zonder rechten, met een health check en de API als standaardcommando', () => {
    const user = draai.instructies.filter((i) => i.keyword === 'USER');
    expect(user).toHaveLength(1);
    expect(user[0].args).not.toMatch(/^(root|0)(:|$)/);
    // USER comes after the last RUN: nothing the image runs later does so as root.
    const idx = (k: string) => draai.instructies.map((i) => i.keyword).lastIndexOf(k);
    expect(idx('USER')).toBeGreaterThan(idx('RUN'));
    const hc = draai.instructies.find((i) => i.keyword === 'HEALTHCHECK')!;
    expect(hc.args).toMatch(/CMD/);
    expect(hc.args).toContain('/healthz');
    expect(draai.instructies.find((i) => i.keyword === 'CMD')?.args).toBe('["node", "dist/src/main.js"]');
    expect(draai.instructies.find((i) => i.keyword === 'ENV')?.args).toMatch(/NODE_ENV=production/);
  });

  it('.dockerignore houdt node_modules, dist, .data en geheimen buiten de bouwcontext', () => {
    const regels = lees('.dockerignore').split('\n');
    for (const r of ['node_modules', 'dist', '.data', '.env', 'deploy/geheimen']) expect(regels).toContain(r);
  });
});

interface Dienst {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  secrets?: string[];
  volumes?: string[];
}

/**
 * compose.yaml as Compose reads it: the YAML parsed (anchors and merge keys resolved), then `${VAR:?...}` and
 * `${VAR:-x}` interpolated in every string value.
 */
function compose(waarden: Record<string, string>): { services: Record<string, Dienst> } {
  const vul = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, naam: string, soort?: string, rest?: string) => {
        if (waarden[naam] !== undefined) return waarden[naam];
        if (soort === '?') throw new Error(`${naam} is verplicht (${rest})`);
        return rest ?? '';
      });
    }
    if (Array.isArray(v)) return v.map(vul);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, w]) => [k, vul(w)]));
    return v;
  };
  return vul(parseYaml(lees('compose.yaml'), { merge: true })) as { services: Record<string, Dienst> };
}

const GEHEIMEN = {
  KETENPOORT_EIGENAAR_WACHTWOORD: 'eigenaar-wachtwoord',
  KETENPOORT_API_WACHTWOORD: 'api-wachtwoord',
  WEBHOOK_GEHEIM_SLEUTEL: Buffer.alloc(32, 1).toString('base64'),
  VT_REGISTER_SLEUTEL: Buffer.alloc(32, 2).toString('base64'),
};

describe('compose.yaml', () => {
  const { services } = compose(GEHEIMEN);
  const metCommando = (script: string) =>
    Object.entries(services).filter(([, d]) => d.command?.join(' ') === `node ${script}`);

  it('weigert te starten zonder de geheimen uit .env', () => {
    expect(() => compose({})).toThrow(/KETENPOORT_API_WACHTWOORD|KETENPOORT_EIGENAAR_WACHTWOORD|WEBHOOK/);
  });

  it('heeft PostgreSQL en Redis met AOF en noeviction', () => {
    expect(services.postgres?.image).toMatch(/^postgres:\d+/);
    expect(services.postgres?.healthcheck).toBeDefined();
    const redis = services.redis;
    expect(redis.image).toMatch(/^redis:7/);
    const cmd = redis.command!.join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    expect(redis.healthcheck).toBeDefined();
  });

  it('migreert in een eigen stap onder de eigenaarsrol; API en workers wachten tot die geslaagd is', () => {
    const migrate = services.migrate;
    expect(migrate.command).toEqual(['node', 'dist/scripts/migreer.js']);
    expect(new URL(migrate.environment!.DATABASE_OWNER_URL).username).toBe('ketenpoort_eigenaar');
    expect(services.postgres?.environment?.POSTGRES_USER).toBe('ketenpoort_eigenaar');
    const werkers = [...metCommando('dist/src/main.js'), ...metCommando('dist/src/worker.js')];
    expect(werkers).toHaveLength(4);
    for (const [naam, d] of werkers) {
      expect(d.depends_on?.migrate?.condition, naam).toBe('service_completed_successfully');
      expect(d.depends_on?.postgres?.condition, naam).toBe('service_healthy');
      expect(d.depends_on?.redis?.condition, naam).toBe('service_healthy');
      // The login role, never the owner's URL (production refuses to start with it).
      expect(d.environment?.DATABASE_OWNER_URL, naam).toBeUndefined();
      expect(new URL(d.environment!.DATABASE_URL).username, naam).toBe('ketenpoort_api');
      expect(d.image, naam).toBe(migrate.image);
    }
  });

  it('heeft twee API-instanties en twee workers, workers met de checkpointsleutel en een health check', () => {
    expect(metCommando('dist/src/main.js').map(([n]) => n)).toEqual(['api-1', 'api-2']);
    const workers = metCommando('dist/src/worker.js');
    expect(workers.map(([n]) => n)).toEqual(['worker-1', 'worker-2']);
    for (const [, w] of workers) {
      expect(w.secrets).toContain('checkpoint_sleutel');
      expect(w.healthcheck?.test.join(' ')).toContain('9464/healthz');
    }
  });

  it('geeft elke dienst een omgeving waarmee de productieconfiguratie laadt', () => {
    for (const naam of ['migrate', 'api-1', 'worker-1']) {
      const env = services[naam].environment!;
      expect(env.NODE_ENV).toBe('production');
      const config = loadConfig({ ...env });
      expect(config.isProduction).toBe(true);
      expect(config.redisUrl).toBe('redis://redis:6379');
      expect(config.metrieken.poort).toBe(9464);
      expect(config.tracing.endpoint).toBeUndefined();
    }
  });

  it('het initscript van PostgreSQL maakt de loginrol als lid van de dienstrol, zonder rechten van zichzelf', () => {
    const script = lees('deploy/postgres/10-rollen.sh');
    execFileSync('sh', ['-n', join(ROOT, 'deploy/postgres/10-rollen.sh')]);
    expect(script).toMatch(
      /create role ketenpoort_api login nosuperuser nocreatedb nocreaterole .* in role ketenpoort_dienst/,
    );
    expect(statSync(join(ROOT, 'deploy/postgres/10-rollen.sh')).mode & 0o111).not.toBe(0);
  });
});

/** Entry points a production install runs: the npm scripts' dist/ files, and the image's commands. */
function ingangen(): string[] {
  const uit = new Set<string>(['dist/src/main.js', 'dist/src/worker.js', 'dist/scripts/migreer.js']);
  for (const s of Object.values(pakket.scripts)) for (const m of s.matchAll(/(dist\/[\w/.-]+\.js)/g)) uit.add(m[1]);
  return [...uit];
}

/**
 * Requires that only one development variant needs: the comparison with PostGraphile in the read-path benchmark
 * (`--varianten postgraphile`), loaded lazily inside that variant.
 */
const ALLEEN_ONTWIKKELING: Record<string, string[]> = {
  postgraphile: ['dist/bench/leespad.js', 'dist/bench/postgraphile-kind.js'],
};

describe('een productie-installatie (npm ci --omit=dev)', () => {
  it('elk script en elk commando van het beeld laadt alleen pakketten uit dependencies', () => {
    const gezien = new Set<string>();
    const kaal = new Map<string, Set<string>>();
    const loop = (bestand: string): void => {
      if (gezien.has(bestand)) return;
      gezien.add(bestand);
      const tekst = readFileSync(bestand, 'utf8');
      for (const m of tekst.matchAll(/\brequire\((["'])([^"']+)\1\)/g)) {
        const spec = m[2];
        if (spec.startsWith('.')) {
          const basis = resolve(dirname(bestand), spec);
          const doel = [basis, `${basis}.js`, `${basis}.json`, join(basis, 'index.js')].find(
            (p) => existsSync(p) && statSync(p).isFile(),
          );
          expect(doel, `${spec} in ${relative(ROOT, bestand)}`).toBeDefined();
          if (doel!.endsWith('.js')) loop(doel!);
          continue;
        }
        const naam = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (spec.startsWith('node:') || builtinModules.includes(naam)) continue;
        if (!kaal.has(naam)) kaal.set(naam, new Set());
        kaal.get(naam)!.add(relative(ROOT, bestand));
      }
    };
    for (const i of ingangen()) {
      expect(existsSync(join(ROOT, i)), `${i} (npm run build)`).toBe(true);
      loop(join(ROOT, i));
    }
    expect(gezien.size).toBeGreaterThan(100);
    const buiten: string[] = [];
    for (const [naam, bestanden] of kaal) {
      if (pakket.dependencies[naam]) continue;
      const rest = [...bestanden].filter((b) => !(ALLEEN_ONTWIKKELING[naam] ?? []).includes(b));
      if (rest.length) buiten.push(`${naam} (${rest.join(', ')})`);
    }
    expect(buiten).toEqual([]);
    // The preload of every npm script is itself free of dependencies.
    expect(lees('scripts/dist-actueel.cjs')).not.toMatch(/require\((["'])(?!node:)[^"'.]/);
  });

  it('de voorlader bouwt niet en faalt niet als TypeScript ontbreekt en dist/ er is', () => {
    const { zorgVoorActueleDist } = createRequire(__filename)('../../scripts/dist-actueel.cjs') as {
      zorgVoorActueleDist: (root: string) => string;
    };
    const root = mkdtempSync(join(tmpdir(), 'ketenpoort-prod-'));
    mkdirSync(join(root, 'dist', 'src'), { recursive: true });
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'dist', 'src', 'main.js'), '');
    writeFileSync(join(root, 'dist', '.gebouwd'), '');
    const oud = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'dist', '.gebouwd'), oud, oud);
    // As in the image: dist/ built, no sources: current.
    expect(zorgVoorActueleDist(root)).toBe('actueel');
    // Sources newer than the build, but no compiler (an install without dev dependencies): dist/ runs as it is.
    writeFileSync(join(root, 'src', 'nieuw.ts'), '');
    expect(zorgVoorActueleDist(root)).toBe('zonder-typescript');
  });
});
