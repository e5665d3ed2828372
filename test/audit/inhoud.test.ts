import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canoniek, inhoudHash, insertStatement, regelUitRij, type AuditRegel } from '../../src/audit/audit-inhoud';
import { auditRegel } from '../helpers/fabriek';
import { startTestApp, type TestApp } from '../helpers/testapp';

/**
 * What the audit INSERT stores is what was hashed (src/audit/audit-inhoud.ts): PostgreSQL takes each column from the
 * record's canonical JSON form, so any difference between how Node wrote a value and how PostgreSQL reads it back
 * would break the chain at verification. Every text field is tried with the values where JSON and SQL texts differ.
 */
const LASTIG = [
  'gewoon',
  'aanhalings"teken',
  "apos'trof",
  'back\\slash',
  'regel\neinde\ten tab',
  'é ü ñ ß',
  '👩‍👧 emoji',
  '\u2028scheiding\u2029',
  'مرحبا rechts-naar-links',
  '{accolade,komma}',
  '\u0001stuurteken',
  ' ',
];

const basis = auditRegel({
  tijdstip: new Date('2026-03-10T09:00:00.123Z'),
  toegangspunt: '127.0.0.1',
  verzoekId: 'inhoud-test',
  grondslag: 'Wmo 2015',
});

const TEKSTVELDEN = [
  'gebeurtenis',
  'gebruiker',
  'gebruikerNaam',
  'actorSoort',
  'rol',
  'organisatie',
  'namens',
  'toegangspunt',
  'grondslag',
  'vtOrganisatie',
  'objectType',
  'objectId',
] as const;

/** One record per text field and difficult value, plus the arrays with each value and a record with every null. */
function gevallen(verzoekId: string): AuditRegel[] {
  const uit: AuditRegel[] = [];
  for (const veld of TEKSTVELDEN) {
    for (const w of LASTIG) uit.push({ ...basis, verzoekId, [veld]: w });
  }
  uit.push({ ...basis, verzoekId, velden: LASTIG });
  uit.push({
    ...basis,
    verzoekId,
    noodprocedure: true,
    persoonIds: ['0E8A6B1C-7F2D-4C3B-9A1E-5D6F7A8B9C0D', '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d'],
  });
  return uit;
}

describe('de INSERT van auditregels bewaart precies wat gehasht is', () => {
  let app: TestApp;
  let login: Client;
  beforeAll(async () => {
    app = await startTestApp();
    login = new Client({ connectionString: app.appDbUrl });
    await login.connect();
  });
  afterAll(async () => {
    await login.end();
    await app.stop();
  });

  it('elk tekstveld met elke lastige waarde: gelezen velden en hash gelijk aan het origineel', async () => {
    const regels = gevallen('inhoud-1');
    const { sql, params } = insertStatement(regels);
    await login.query(sql.replace('?', '$1'), params);
    const rijen = await app.sql(`select * from audit_gebeurtenis where verzoek_id = 'inhoud-1' order by id`);
    expect(rijen).toHaveLength(regels.length);
    rijen.forEach((rij, i) => {
      const terug = regelUitRij(rij);
      // UUIDs come back in PostgreSQL's lower case; the canonical form lower-cases them too.
      expect(canoniek(terug)).toBe(canoniek(regels[i]));
      expect(Buffer.from(rij.inhoud_hash as Buffer).equals(inhoudHash(regels[i]))).toBe(true);
    });
  });

  it('een bundel houdt de volgorde van zijn regels', async () => {
    const regels = Array.from({ length: 50 }, (_, i) => ({ ...basis, verzoekId: 'inhoud-2', objectId: `o-${i}` }));
    const { sql, params } = insertStatement(regels);
    await login.query(sql.replace('?', '$1'), params);
    const rijen = await app.sql(`select object_id from audit_gebeurtenis where verzoek_id = 'inhoud-2' order by id`);
    expect(rijen.map((r) => r.object_id)).toEqual(regels.map((r) => r.objectId));
  });
});
