/**
 * Writes schema.graphql from the code (`npm run schema:emit`) or checks that it is current
 * (`npm run schema:check`, exit 1 when stale). The file is the full schema; each audience is served a
 * pruned copy of it.
 */
import 'reflect-metadata';

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { bouwVolledigSchema, printStabiel } from '../src/lib/graphql/volledig-schema';
import { resolvers } from '../src/modules';

async function main(): Promise<void> {
  const pad = join(__dirname, '..', '..', 'schema.graphql');
  const tekst = printStabiel(await bouwVolledigSchema(resolvers));
  if (process.argv.includes('--check')) {
    let huidig = '';
    try {
      huidig = readFileSync(pad, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (huidig !== tekst) {
      process.stderr.write('schema.graphql is verouderd: voer `npm run schema:emit` uit en commit het resultaat.\n');
      process.exit(1);
    }
    process.stdout.write('schema.graphql is actueel.\n');
    return;
  }
  writeFileSync(pad, tekst);
  process.stdout.write(`schema.graphql geschreven (${tekst.length} tekens).\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
