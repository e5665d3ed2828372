/**
 * Prints a development token:
 * `npm run token -- <ROL> [ORGANISATIECODE] [--sub sub] [--teams T1,T2] [--naam "..."] [--namens sub] [--systeem]`.
 * `--sub` and `--teams` act as one of the demo workers (e.g. vt14-medewerker-01 in team VT14-TEAM-1): need-to-know
 * shows a medewerker only the casussen assigned to them or their team.
 * Refused unless the development issuer is enabled (config.devIssuerEnabled), and always in production mode.
 */
import { signDevToken } from '../src/auth/dev-issuer';
import { alleRollen, isRol, organisatieSoortenPerRol } from '../src/auth/rollen';
import { demoOrganisatiePerSoort } from '../demo/demo-data';
import { loadConfig } from '../src/lib/config';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction) {
    process.stderr.write('npm run token werkt niet in productiemodus: de ontwikkel-issuer wordt daar geweigerd.\n');
    process.exit(2);
  }
  if (!config.devIssuerEnabled) {
    process.stderr.write(
      'npm run token werkt alleen als de ontwikkel-issuer aan staat: standaard alleen zonder DATABASE_URL (de embedded database van npm start), ' +
        'anders met ONTWIKKEL_ISSUER=true (nooit in productie). De server weigert deze tokens zolang de issuer uit staat.\n',
    );
    process.exit(2);
  }
  const args = process.argv.slice(2);
  const vlag = (naam: string): string | undefined => {
    const i = args.indexOf(naam);
    if (i < 0) return undefined;
    const waarde = args[i + 1];
    args.splice(i, 2);
    return waarde;
  };
  const naam = vlag('--naam');
  const sub = vlag('--sub');
  const teams = vlag('--teams')
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const namens = vlag('--namens');
  const systeem = args.includes('--systeem');
  const [rolArg, orgArg] = args.filter((a) => a !== '--systeem');
  const rol = rolArg?.toUpperCase();
  if (!rol || !isRol(rol)) {
    process.stderr.write(
      `Gebruik: npm run token -- <ROL> [ORGANISATIECODE] [--sub sub] [--teams T1,T2]\nRollen: ${alleRollen.join(', ')}\n`,
    );
    process.exit(2);
  }
  const soort = organisatieSoortenPerRol[rol][0] as string;
  const organisatie = orgArg?.toUpperCase() ?? (soort === 'VEILIG_THUIS' ? 'VT14' : demoOrganisatiePerSoort[soort]);
  if (!organisatie) {
    process.stderr.write(`Geef een organisatiecode voor rol ${rol}.\n`);
    process.exit(2);
  }
  const token = await signDevToken(config.dataDir, {
    rol: rol,
    organisatie,
    sub,
    teams,
    naam,
    namens,
    soort: systeem ? 'SYSTEEM' : 'PERSOON',
    audience: config.oidcAudience,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
