/**
 * Loads a region's history from a file (`npm run import -- <bestand>`): the dossiers of the system it leaves, each
 * becoming one casus with every step on the date it happened (README "Historie en import"). A client of the API:
 * it sends the file in parts to the mutation historieImporteren as the caller of the token (VT_TEAMLEIDER or
 * FUNCTIONEEL_BEHEERDER of the region), so the same validation, policy, audit and idempotency hold as for any
 * client. Prints one line per dossier and a summary; exits 1 when a dossier was refused (re-run after fixing it:
 * what was loaded stays loaded and is reported as AL_GEIMPORTEERD), 2 on a wrong call or an unreadable file.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const HULP = `Gebruik: npm run import -- <bestand> [opties]

Laadt dossiers uit een eerder systeem via de API (mutatie historieImporteren). Het bestand is JSON
({ "formaat": "ketenpoort-historie/1", "dossiers": [ ... ] }) of NDJSON (.ndjson: één dossier per regel).
Per dossier alles of niets; opnieuw draaien verandert niets aan wat al geladen is.

Opties:
  --url <url>        het GraphQL-adres (standaard KETENPOORT_URL of http://localhost:4000/graphql)
  --token <jwt>      het token van een VT_TEAMLEIDER of FUNCTIONEEL_BEHEERDER (standaard KETENPOORT_TOKEN)
  --per <n>          dossiers per aanroep, 1 tot 50 (standaard 20)
  -h, --help         deze hulp

Voorbeeld: KETENPOORT_TOKEN=$(npm run -s token -- VT_TEAMLEIDER VT14) npm run import -- historie.json`;

export const FORMAAT = 'ketenpoort-historie/1';

const MUTATIE = `mutation Importeer($invoer: HistorieImportInvoer!) { historieImporteren(invoer: $invoer) {
  dossiers { bronId status casusId historischeTermijnen fouten { melding stap veld code bericht } }
} }`;

/** What the API answers per dossier. */
export interface DossierUitkomst {
  bronId: string;
  status: 'GEIMPORTEERD' | 'AL_GEIMPORTEERD' | 'GEWEIGERD';
  casusId: string | null;
  historischeTermijnen: number;
  fouten: { melding: number | null; stap: number | null; veld: string | null; code: string; bericht: string }[];
}

/** Reads the dossiers of a history file: JSON with `formaat` and `dossiers`, or NDJSON with one dossier per line. */
export function leesDossiers(tekst: string, ndjson: boolean): Record<string, unknown>[] {
  if (ndjson) {
    return tekst
      .split('\n')
      .map((r) => r.trim())
      .filter((r) => r.length > 0)
      .map((r, i) => {
        try {
          return JSON.parse(r) as Record<string, unknown>;
        } catch {
          throw new Error(`regel ${i + 1} is geen JSON`);
        }
      });
  }
  const doc = JSON.parse(tekst) as { formaat?: unknown; dossiers?: unknown };
  if (doc.formaat !== FORMAAT) throw new Error(`onbekend formaat ${JSON.stringify(doc.formaat)}; verwacht ${FORMAAT}`);
  if (!Array.isArray(doc.dossiers)) throw new Error('het bestand heeft geen lijst "dossiers"');
  return doc.dossiers as Record<string, unknown>[];
}

/**
 * Sends the dossiers in parts and collects the answers. A refusal of a whole part (the API's validation names the
 * path, e.g. dossiers[3].meldingen[0].ontvangenOp) is reported for each dossier of the part with that message.
 */
export async function importeer(
  dossiers: Record<string, unknown>[],
  o: { url: string; token: string; per: number },
): Promise<DossierUitkomst[]> {
  const uit: DossierUitkomst[] = [];
  for (let i = 0; i < dossiers.length; i += o.per) {
    const deel = dossiers.slice(i, i + o.per);
    const res = await fetch(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
      body: JSON.stringify({ query: MUTATIE, variables: { invoer: { dossiers: deel } } }),
    });
    const body = (await res.json()) as {
      data?: { historieImporteren: { dossiers: DossierUitkomst[] } } | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    if (body.data?.historieImporteren) {
      uit.push(...body.data.historieImporteren.dossiers);
      continue;
    }
    const f = body.errors?.[0];
    for (const d of deel) {
      uit.push({
        bronId: typeof d.bronId === 'string' ? d.bronId : '?',
        status: 'GEWEIGERD',
        casusId: null,
        historischeTermijnen: 0,
        fouten: [
          {
            melding: null,
            stap: null,
            veld: null,
            code: f?.extensions?.code ?? `HTTP_${res.status}`,
            bericht: f?.message ?? 'geen antwoord',
          },
        ],
      });
    }
  }
  return uit;
}

/** One line per dossier, for a person reading the report. */
export function regel(d: DossierUitkomst): string {
  if (d.status !== 'GEWEIGERD') {
    return `${d.bronId}\t${d.status}\tcasus ${d.casusId}\t${d.historischeTermijnen} historische termijnen`;
  }
  return d.fouten
    .map((f) => {
      const plek = [
        f.melding != null ? `melding ${f.melding}` : '',
        f.stap != null ? `stap ${f.stap}` : '',
        f.veld ?? '',
      ]
        .filter(Boolean)
        .join(' ');
      return `${d.bronId}\tGEWEIGERD\t${plek ? `${plek}: ` : ''}${f.code}: ${f.bericht}`;
    })
    .join('\n');
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        per: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error((e as Error).message);
    console.error(HULP);
    return 2;
  }
  if (args.values.help) {
    console.log(HULP);
    return 0;
  }
  const bestand = args.positionals[0];
  const token = args.values.token ?? process.env.KETENPOORT_TOKEN;
  const per = Number(args.values.per ?? 20);
  if (!bestand || !token || !Number.isInteger(per) || per < 1 || per > 50) {
    console.error(HULP);
    return 2;
  }
  let dossiers: Record<string, unknown>[];
  try {
    dossiers = leesDossiers(readFileSync(bestand, 'utf8'), bestand.endsWith('.ndjson'));
  } catch (e) {
    console.error(`${bestand}: ${(e as Error).message}`);
    return 2;
  }
  const url = args.values.url ?? process.env.KETENPOORT_URL ?? 'http://localhost:4000/graphql';
  const uit = await importeer(dossiers, { url, token, per });
  for (const d of uit) console.log(regel(d));
  const tel = (s: DossierUitkomst['status']): number => uit.filter((d) => d.status === s).length;
  console.log(
    JSON.stringify({
      dossiers: uit.length,
      geimporteerd: tel('GEIMPORTEERD'),
      alGeimporteerd: tel('AL_GEIMPORTEERD'),
      geweigerd: tel('GEWEIGERD'),
    }),
  );
  return tel('GEWEIGERD') > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error((e as Error).message);
      process.exit(2);
    },
  );
}
