import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FORMAAT, leesDossiers } from '../../scripts/importeer';
import { meldingInvoer } from '../helpers/fabriek';
import { startTestApp, TEST_NU, type TestApp } from '../helpers/testapp';

/**
 * Issue 16.6: `npm run import -- <bestand>` loads a documented file through the API: one line per dossier, exit code
 * 1 when one was refused, and a re-run reports what was already loaded.
 */
let app: TestApp;
let map: string;
const uitvoeren = promisify(execFile);

async function commando(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await uitvoeren(process.execPath, ['dist/scripts/importeer.js', ...args], { cwd: process.cwd() });
    return { code: 0, ...r };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const dossier = (bronId: string, ontvangenOp: string, stappen: unknown[] = []): Record<string, unknown> => ({
  bronId,
  meldingen: [meldingInvoer({ ontvangenOp })],
  stappen,
});

beforeAll(async () => {
  app = await startTestApp();
  app.clock.set(TEST_NU);
  map = mkdtempSync(join(tmpdir(), 'historie-'));
});
afterAll(() => app.stop());

describe('npm run import', () => {
  it('leest JSON met formaat en NDJSON, en weigert een ander formaat', () => {
    const d = dossier('X-1', '2024-01-08T10:00:00+01:00');
    expect(leesDossiers(JSON.stringify({ formaat: FORMAAT, dossiers: [d] }), false)).toEqual([d]);
    expect(leesDossiers(`${JSON.stringify(d)}\n\n${JSON.stringify(d)}\n`, true)).toHaveLength(2);
    expect(() => leesDossiers(JSON.stringify({ dossiers: [d] }), false)).toThrow(/onbekend formaat/);
  });

  it('laadt een bestand, meldt per dossier, en een tweede keer verandert niets', async () => {
    const token = await app.token('VT_TEAMLEIDER', 'VT14', { sub: 'tl-cli' });
    const bestand = join(map, 'historie.ndjson');
    writeFileSync(
      bestand,
      [
        dossier('CLI-1', '2024-02-05T10:00:00+01:00', [
          {
            plaatsgevondenOp: '2024-02-07T10:00:00+01:00',
            beoordeling: {
              taxatie: 'GEEN_ONVEILIGHEID',
              uitkomst: 'GEEN_VERVOLGSTAPPEN',
              toelichting: 'Geen zorgen.',
            },
          },
          {
            plaatsgevondenOp: '2024-02-08T10:00:00+01:00',
            overgang: { naar: 'AFGESLOTEN', toelichting: 'Afgesloten.', afsluitreden: 'Geen vervolg.' },
          },
        ]),
        dossier('CLI-2', '2024-03-04T10:00:00+01:00', [
          {
            plaatsgevondenOp: '2024-03-01T10:00:00+01:00',
            overgang: { naar: 'AFGESLOTEN', toelichting: 'Te vroeg.', afsluitreden: 'x' },
          },
        ]),
      ]
        .map((d) => JSON.stringify(d))
        .join('\n'),
    );
    const eerst = await commando(bestand, '--url', app.url, '--token', token, '--per', '1');
    expect(eerst.code).toBe(1);
    expect(eerst.stdout).toMatch(/^CLI-1\tGEIMPORTEERD\tcasus [0-9a-f-]{36}\t\d+ historische termijnen$/m);
    expect(eerst.stdout).toMatch(/^CLI-2\tGEWEIGERD\tstap 0: STAP_VOOR_MELDING: /m);
    expect(eerst.stdout).toContain('{"dossiers":2,"geimporteerd":1,"alGeimporteerd":0,"geweigerd":1}');
    const [c] = await app.sql(
      `select fase from casus c join historie_import h on h.casus_id = c.id where h.bron_id = 'CLI-1'`,
    );
    expect(c.fase).toBe('AFGESLOTEN');

    const weer = await commando(bestand, '--url', app.url, '--token', token);
    expect(weer.stdout).toMatch(/^CLI-1\tAL_GEIMPORTEERD\t/m);
    expect(weer.stdout).toContain('"geimporteerd":0,"alGeimporteerd":1');
  });

  it('zonder bestand of token: de hulp en exitcode 2', async () => {
    const r = await commando();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Gebruik: npm run import');
  });
});
