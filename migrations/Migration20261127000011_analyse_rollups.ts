import { Migration } from '@mikro-orm/migrations';

/**
 * Small copies of analyse_melding per combination of dimensions that questions ask together (performance, the
 * analysis bench): grouping analyse_melding (≈ 3 million rows at 10 million meldingen) by nine columns for every
 * question costs 0.1–2 s; these hold thousands to a few hundred thousand rows. Built like analyse_melding_gemeente
 * (migration 10): from analyse_melding, refreshed after it (src/analyse/rollups.ts), the same measure columns (counts
 * summed, the histogram summed bucket by bucket), a unique index over every grouping column for REFRESH ...
 * CONCURRENTLY, owned by ketenpoort_ververser and readable by ketenpoort_analist.
 */
const ROLLUPS: readonly { naam: string; kolommen: readonly string[] }[] = [
  { naam: 'analyse_melding_eerder', kolommen: ['maand', 'vt_organisatie', 'eerdere_betrokkenheid'] },
  { naam: 'analyse_melding_vb', kolommen: ['maand', 'vt_organisatie', 'vb_uitkomst', 'taxatie'] },
  {
    naam: 'analyse_melding_melder',
    kolommen: ['maand', 'vt_organisatie', 'hoedanigheid_melder', 'organisatie_melder'],
  },
  {
    naam: 'analyse_melding_gemeente_hoedanigheid',
    kolommen: ['maand', 'vt_organisatie', 'gemeente', 'hoedanigheid_melder'],
  },
];

const MATEN = [
  'sum(aantal)::int as aantal',
  'sum(aantal_beoordeeld)::int as aantal_beoordeeld',
  'sum(aantal_binnen_termijn)::int as aantal_binnen_termijn',
  `array[${Array.from({ length: 32 }, (_, i) => `sum(duur_werkdagen[${i + 1}])::int`).join(', ')}] as duur_werkdagen`,
].join(', ');

export class Migration20261127000011_analyse_rollups extends Migration {
  override async up(): Promise<void> {
    for (const { naam, kolommen } of ROLLUPS) {
      const k = kolommen.join(', ');
      this.addSql(`create materialized view ${naam} as select ${k}, ${MATEN} from analyse_melding group by ${k};`);
      this.addSql(`create unique index ${naam}_uniq on ${naam} (${k});`);
      this.addSql(
        `do $$ begin execute 'alter materialized view ${naam} owner to ketenpoort_ververser'; exception when others then raise warning 'eigenaar van ${naam} niet gewijzigd: %', sqlerrm; end $$;`,
      );
      this.addSql(`grant select on ${naam} to ketenpoort_analist;`);
    }
  }

  override async down(): Promise<void> {
    for (const { naam } of [...ROLLUPS].reverse()) this.addSql(`drop materialized view if exists ${naam};`);
  }
}
