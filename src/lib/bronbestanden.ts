import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';

/** Relative imports: TypeScript's (`from`, `import` and a path) and compiled CommonJS's (`require` of a path). */
const RELATIEVE_IMPORT = /(?:\bfrom\s*|\brequire\(\s*|\bimport\s*\(?\s*)['"](\.\.?\/[^'"\n]+)['"]/g;

/**
 * The file of a module path, as Node (compiled code) or TypeScript (the sources) would find it; undefined when none.
 * `bron`: a TypeScript source asks, whose imports are sources; else compiled code, whose imports are compiled.
 */
function zoekBestand(basis: string, bron: boolean): string | undefined {
  const eigen = bron ? ['.ts', '.js'] : ['.js', '.ts'];
  const kandidaten = [
    basis,
    ...eigen.map((e) => `${basis}${e}`),
    `${basis}.json`,
    ...eigen.map((e) => join(basis, `index${e}`)),
  ];
  return kandidaten.find((k) => existsSync(k) && statSync(k).isFile());
}

/**
 * A module's file and every file it imports by a relative path, transitively, with their content (issue 18, point 5):
 * what a module's behaviour follows from, read from disk rather than from loaded modules, so that it is known before
 * those are loaded. Packages (bare specifiers) are not followed: their versions are the lock file's. `ingang` is a file
 * or a folder with an index; paths are relative to `basis` (a key built from them does not depend on the checkout's
 * place), sorted.
 */
export function bronbestanden(ingang: string, basis: string): { pad: string; inhoud: string }[] {
  const eerste = zoekBestand(resolve(ingang), extname(__filename) === '.ts');
  if (!eerste) throw new Error(`bronbestanden: ${ingang} niet gevonden`);
  const gezien = new Map<string, string>();
  const volg = (bestand: string): void => {
    if (gezien.has(bestand)) return;
    const inhoud = readFileSync(bestand, 'utf8');
    gezien.set(bestand, inhoud);
    if (bestand.endsWith('.json')) return;
    for (const [, specificatie] of inhoud.matchAll(RELATIEVE_IMPORT)) {
      const gevonden = zoekBestand(resolve(dirname(bestand), specificatie), extname(bestand) === '.ts');
      if (gevonden) volg(gevonden);
    }
  };
  volg(eerste);
  return [...gezien]
    .map(([bestand, inhoud]) => ({ pad: relative(basis, bestand).split('\\').join('/'), inhoud }))
    .sort((a, b) => (a.pad < b.pad ? -1 : a.pad > b.pad ? 1 : 0));
}
