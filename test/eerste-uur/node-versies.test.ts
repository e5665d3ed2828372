import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const lees = (pad: string): string => readFileSync(join(root, pad), 'utf8');
const nodeRequire = createRequire(join(root, 'package.json'));

/** The lowest version of each major that `engines.node` accepts, e.g. "^20.19.0 || ^22.12.0" gives [20,19,0], [22,12,0]. */
function ondergrenzen(range: string): number[][] {
  return range.split('||').map((deel) => {
    const m = /\^(\d+)\.(\d+)\.(\d+)/.exec(deel.trim());
    if (!m) throw new Error(`onverwacht engines-bereik: ${deel}`);
    return m.slice(1).map(Number);
  });
}

/** Whether version `v` satisfies a dependency's `>=a.b.c` engines requirement (the only form in the lock file here). */
function voldoet(v: number[], eis: string): boolean {
  return eis.split('||').some((deel) => {
    const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(deel.trim());
    if (!m) return true; // another form (^x, x.y - z): not a floor this check is about
    const min = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
    for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
    return true;
  });
}

describe('Node-versies (issue 15, punt 12)', () => {
  const pkg = JSON.parse(lees('package.json')) as { engines: { node: string } };

  it('verklaart 20, 22 en 24 en geen versie die een dependency weigert (geen EBADENGINE bij npm ci)', () => {
    const grenzen = ondergrenzen(pkg.engines.node);
    expect(grenzen.map((g) => g[0])).toEqual([20, 22, 24]);
    const lock = JSON.parse(lees('package-lock.json')) as {
      packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
    };
    const te_streng: string[] = [];
    for (const [pad, info] of Object.entries(lock.packages)) {
      const eis = !Array.isArray(info.engines) ? info.engines?.node : undefined;
      if (!pad || !eis) continue;
      for (const g of grenzen) if (!voldoet(g, eis)) te_streng.push(`${pad} wil node ${eis} (${g.join('.')})`);
    }
    expect(te_streng).toEqual([]);
  });

  it('graphql-shield laadt en rekent zonder util.isUndefined (weg sinds Node 23)', async () => {
    // The ESM build (what vitest loads) imported it by name, which fails at link time on Node >= 23.
    expect(
      readFileSync(nodeRequire.resolve('graphql-shield').replace(/cjs[/\\]index\.js$/, 'esm/rules.js'), 'utf8'),
    ).not.toMatch(/from ['"]util['"]/);
    // The CommonJS build (what the server loads) called it when a chain or race ran: simulate Node 24 here.
    const util = nodeRequire('node:util') as { isUndefined?: unknown };
    const was = util.isUndefined;
    delete util.isUndefined;
    try {
      const shield = nodeRequire('graphql-shield') as typeof import('graphql-shield');
      const regel = shield.chain(shield.allow, shield.race(shield.deny, shield.allow));
      const uitkomst = await (regel as unknown as { resolve: (...a: unknown[]) => Promise<unknown> }).resolve(
        {},
        {},
        {},
        {},
        { allowExternalErrors: false, debug: false, fallbackRule: shield.deny, hashFunction: () => '' },
      );
      expect(uitkomst).toBe(true);
    } finally {
      if (was) util.isUndefined = was;
    }
  });
});
