/**
 * What an audit record costs PostgreSQL (issue 14, bench/README.md "After part 7"): the read's audit rows are all that
 * separates the page of meldingen from PostGraphile, so this measures where their INSERT spends its CPU. It is the
 * starting point for a decision about the audit model (one row per object read, each with its field list, into a table
 * with five indexes).
 *
 *   npm run bench:audit-insert        (BENCH_HERHALINGEN=400 BENCH_REGELS=70)
 *
 * One backend on a fresh migrated database, records shaped like the page's (a melding: 3 persons, 25 field paths),
 * the same INSERT the bundle sends (`insertStatement`, audit-inhoud.ts), as a prepared statement. The PostgreSQL CPU of
 * that backend (utime + stime from /proc) per INSERT, in forms alternated twice:
 *   - as now, autocommit (the bundle's case);
 *   - the same records with an empty field list;
 *   - without the four secondary indexes (dropped in a transaction, rolled back afterwards).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { Client } from 'pg';

import { migrations } from '../migrations';
import { insertStatement, type AuditRegel } from '../src/audit/audit-inhoud';
import { initOrm, ormOptions } from '../src/lib/database';
import { entities } from '../src/modules';
import { benchDatabase, getal } from './gedeeld';

const VELDEN = [
  'aardGeweld',
  'acuut',
  'betrokkenen.id',
  'betrokkenen.persoon.achternaam',
  'betrokkenen.persoon.adres.huisnummer',
  'betrokkenen.persoon.adres.postcode',
  'betrokkenen.persoon.adres.straat',
  'betrokkenen.persoon.adres.woonplaats',
  'betrokkenen.persoon.bsn',
  'betrokkenen.persoon.email',
  'betrokkenen.persoon.geboortedatum',
  'betrokkenen.persoon.id',
  'betrokkenen.persoon.telefoon',
  'betrokkenen.persoon.voornamen',
  'betrokkenen.rollen',
  'duurGeweld',
  'hoedanigheidMelder',
  'id',
  'kanaal',
  'melder.anonimiteit',
  'melder.email',
  'melder.naam',
  'melder.telefoon',
  'omschrijving',
  'ontvangenOp',
];

function regel(velden: readonly string[]): AuditRegel {
  return {
    tijdstip: new Date(),
    gebeurtenis: 'MELDING_INZIEN',
    actie: 'R',
    gebruiker: 'bench-zaaier',
    gebruikerNaam: null,
    actorSoort: 'MEDEWERKER',
    rol: 'VT_MEDEWERKER',
    organisatie: 'VT14',
    namens: null,
    toegangspunt: 'graphql',
    verzoekId: randomUUID(),
    grondslag: 'Jeugdwet art. 7.3.8 / Wmo 2015 art. 4.1.1',
    noodprocedure: false,
    vtOrganisatie: 'VT14',
    objectType: 'Melding',
    objectId: randomUUID(),
    persoonIds: [randomUUID(), randomUUID(), randomUUID()],
    velden: [...velden],
  };
}

const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ = 100
};

const INDEXEN = ['audit_gebruiker_idx', 'audit_object_idx', 'audit_persoon_idx', 'audit_verantwoordelijke_idx'];

async function main(): Promise<void> {
  const db = await benchDatabase('audit');
  try {
    const orm = await initOrm(ormOptions(db.dbUrl, entities as never, migrations));
    await orm.getMigrator().up();
    await orm.close();
    const c = new Client({ connectionString: db.dbUrl });
    await c.connect();
    const pid = (await c.query<{ p: number }>('select pg_backend_pid() as p')).rows[0].p;
    const herhalingen = getal('BENCH_HERHALINGEN', 400);
    const aantal = getal('BENCH_REGELS', 70);
    /** CPU per INSERT of `aantal` records with `velden`, in a transaction (rolled back) or autocommit. */
    const meet = async (velden: readonly string[], transactie: boolean, zonderIndexen: boolean): Promise<number> => {
      const { sql, params } = insertStatement(Array.from({ length: aantal }, () => regel(velden)));
      const q = { name: 'audit_insert', text: sql.replace('?::jsonb', '$1::jsonb'), values: params };
      if (transactie) await c.query('begin');
      if (zonderIndexen) for (const i of INDEXEN) await c.query(`drop index ${i}`);
      for (let i = 0; i < 20; i++) await c.query(q);
      const t0 = cpuMs(pid);
      for (let i = 0; i < herhalingen; i++) await c.query(q);
      const ms = (cpuMs(pid) - t0) / herhalingen;
      if (transactie) await c.query('rollback');
      return ms;
    };
    const vormen: [naam: string, velden: readonly string[], transactie: boolean, zonderIndexen: boolean][] = [
      ['zoals nu (autocommit, zoals de bundel)', VELDEN, false, false],
      ['lege veldenlijst (autocommit)', [], false, false],
      ['zoals nu, in één transactie', VELDEN, true, false],
      ['zonder de 4 secundaire indexen (in één transactie)', VELDEN, true, true],
    ];
    const uitkomst = new Map<string, number[]>();
    for (let ronde = 0; ronde < 2; ronde++) {
      for (const [naam, velden, transactie, zonder] of vormen) {
        uitkomst.set(naam, [...(uitkomst.get(naam) ?? []), await meet(velden, transactie, zonder)]);
      }
    }
    process.stdout.write(
      `${aantal} auditregels per INSERT, ${herhalingen} keer per vorm per ronde, ${VELDEN.length} veldpaden per regel\n\n` +
        `| vorm | PostgreSQL-CPU ms per INSERT (ronde 1 / 2) | µs per regel |\n|---|---|---|\n`,
    );
    for (const [naam, ms] of uitkomst) {
      const gem = ms.reduce((a, b) => a + b, 0) / ms.length;
      process.stdout.write(
        `| ${naam} | ${ms.map((x) => x.toFixed(2)).join(' / ')} | ${((gem / aantal) * 1000).toFixed(1)} |\n`,
      );
    }
    await c.end();
  } finally {
    await db.opruimen();
  }
}

void main();
