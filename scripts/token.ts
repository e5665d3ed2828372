/**
 * Prints a development token (`npm run token -- --help`). `--sub` and `--teams` act as one of the demo workers
 * (e.g. vt14-medewerker-01 in team VT14-TEAM-1): need-to-know shows a medewerker only the casussen assigned to them
 * or their team. `--geldig` and `--verlopen` make short-lived and expired tokens for trying the API's refusals.
 * Refused unless the development issuer is enabled (config.devIssuerEnabled), and always in production mode.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { signDevToken } from '../src/auth/dev-issuer';
import { alleRollen, isRol, organisatieSoortenPerRol, ROLLEN_ZONDER_TOKEN } from '../src/auth/rollen';
import { demoMelderBestand, demoOrganisatiePerRol, demoOrganisatiePerSoort } from '../demo/demo-data';
import { loadConfig } from '../src/lib/config';

const HULP = `Gebruik: npm run token -- <ROL> [ORGANISATIECODE] [opties]

Drukt een token van de ontwikkel-issuer af (alleen buiten productie, als die issuer aan staat).

Opties:
  --sub <id>          de gebruiker (standaard dev-<rol>-<organisatie>), bijv. vt14-medewerker-01
  --teams <T1,T2>     teams van de gebruiker, bijv. VT14-TEAM-1 (need-to-know)
  --naam <naam>       weergavenaam (claim name)
  --namens <sub>      handelt namens deze gebruiker (claim act)
  --systeem           een systeemkoppeling in plaats van een persoon
  --geldig <duur>     geldigheid vanaf nu: 90s, 15m, 8u (of 8h), 2d; standaard 8u, ten hoogste 30d
  --verlopen          een token dat al verlopen is (uitgegeven 2 u geleden, geldig 1 u): om de weigering te proberen
  -h, --help          deze hulp

Zonder organisatiecode: VT14 voor VT-rollen, anders de demopartner van die soort.
Voorbeeld: npm run token -- VT_MEDEWERKER VT14 --sub vt14-medewerker-01 --teams VT14-TEAM-1

Rollen: ${alleRollen.join(', ')}
`;

/** The melder has no token: VT issues an access for one melding (src/melders). How to try it with the demo data. */
const MELDER_HULP = `Een melder krijgt geen token: Veilig Thuis geeft de melder van één melding een eigen toegang
(melderToegangUitgeven) en de melder stuurt die mee als "Authorization: Melder <geheim>". Zo probeert u het:

  VT=$(npm run -s token -- VT_MEDEWERKER VT14 --sub vt14-medewerker-01 --teams VT14-TEAM-1)
  post() { curl -s localhost:4000/graphql -H "authorization: $1" -H 'content-type: application/json' -d "$2"; }
  ID=$(post "Bearer $VT" '{"query":"{ meldingen(eerste: 1) { edges { node { id } } } }"}' | sed 's/.*"id":"\\([^"]*\\)".*/\\1/')
  GEHEIM=$(post "Bearer $VT" '{"query":"mutation($id: ID!) { melderToegangUitgeven(meldingId: $id) { geheim } }","variables":{"id":"'$ID'"}}' | sed 's/.*"geheim":"\\([^"]*\\)".*/\\1/')
  post "Melder $GEHEIM" '{"query":"{ mijnMelding { omschrijving aanvullingen { soort tekst } } mijnTerugkoppeling { stappen { stap op } overnameBekendVanaf overgenomenDoor { naam soort } } }"}'

Zie README, "Melders".
`;

/** "90s", "15m", "8u"/"8h", "2d" or a number of seconds, to seconds; undefined when not a duration. */
function duurInSeconden(tekst: string): number | undefined {
  const m = /^(\d+)\s*(s|m|u|h|d)?$/i.exec(tekst.trim());
  if (!m) return undefined;
  const factor = { s: 1, m: 60, u: 3600, h: 3600, d: 86_400 }[(m[2] ?? 's').toLowerCase() as 's'];
  const seconden = Number(m[1]) * factor;
  return seconden > 0 && seconden <= 30 * 86_400 ? seconden : undefined;
}

function stop(melding: string): never {
  process.stderr.write(`${melding}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let opties;
  try {
    opties = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        sub: { type: 'string' },
        teams: { type: 'string' },
        naam: { type: 'string' },
        namens: { type: 'string' },
        systeem: { type: 'boolean' },
        geldig: { type: 'string' },
        verlopen: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    stop(`${(e as Error).message}\n\n${HULP}`);
  }
  const { values: v, positionals } = opties;
  if (v.help) {
    process.stdout.write(HULP);
    return;
  }
  const config = loadConfig();
  if (config.isProduction) {
    stop('npm run token werkt niet in productiemodus: de ontwikkel-issuer wordt daar geweigerd.');
  }
  if (!config.devIssuerEnabled) {
    stop(
      'npm run token werkt alleen als de ontwikkel-issuer aan staat: standaard alleen zonder DATABASE_URL (de embedded database van npm start), ' +
        'anders met ONTWIKKEL_ISSUER=true (nooit in productie). De server weigert deze tokens zolang de issuer uit staat.',
    );
  }
  const rol = positionals[0]?.toUpperCase();
  if (!rol || !isRol(rol) || positionals.length > 2) stop(HULP);
  if (ROLLEN_ZONDER_TOKEN.includes(rol)) {
    // The demo issued an access for a recent melding of VT14 (or the region given); else how to get one.
    const regio = positionals[1]?.toUpperCase() ?? 'VT14';
    let toegang: string | undefined;
    try {
      toegang = readFileSync(demoMelderBestand(config.dataDir, regio), 'utf8').trim();
    } catch {
      toegang = undefined;
    }
    if (!toegang) stop(MELDER_HULP);
    process.stdout.write(`${toegang}\n`);
    return;
  }
  if (v.geldig !== undefined && v.verlopen) stop('Geef --geldig of --verlopen, niet allebei.');
  const geldig = v.geldig === undefined ? undefined : duurInSeconden(v.geldig);
  if (v.geldig !== undefined && geldig === undefined) {
    stop(`--geldig ${v.geldig} is geen duur: gebruik bijvoorbeeld 90s, 15m, 8u of 2d (ten hoogste 30d).`);
  }
  const soort = organisatieSoortenPerRol[rol][0] as string;
  const organisatie =
    positionals[1]?.toUpperCase() ??
    (soort === 'VEILIG_THUIS' ? 'VT14' : (demoOrganisatiePerRol[rol] ?? demoOrganisatiePerSoort[soort]));
  if (!organisatie) stop(`Geef een organisatiecode voor rol ${rol}.`);
  const teams = v.teams
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const token = await signDevToken(config.dataDir, {
    rol,
    organisatie,
    sub: v.sub,
    teams,
    naam: v.naam,
    namens: v.namens,
    soort: v.systeem ? 'SYSTEEM' : 'PERSOON',
    audience: config.oidcAudience,
    ...(v.verlopen
      ? { nu: new Date(Date.now() - 2 * 3600_000), geldigheidSeconden: 3600 }
      : { geldigheidSeconden: geldig }),
  });
  process.stdout.write(`${token}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
