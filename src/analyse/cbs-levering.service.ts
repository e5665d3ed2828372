import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { Field, Int, ObjectType } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { Foutcode, geenToegang } from '../lib/errors';
import type { JobDeps } from '../lib/job';
import { TijdstipScalar } from '../lib/scalars';
import { termijnRegels } from '../termijnen/termijn-regels';
import { cbsBestand, cbsRegels, isAfgelopen, laatsteAfgelopenHalfjaar, maandenVan } from './cbs-levering';

@ObjectType('CbsLevering', {
  description:
    'De halfjaarlijkse levering aan CBS van één VT-organisatie: een CSV-bestand met de exacte aantallen achter de CBS-tabellen (README, "CBS-levering"). Geen persoonsgegevens.',
})
export class CbsLeveringView {
  @Field(() => String, { description: 'JJJJ-1 (januari–juni) of JJJJ-2 (juli–december).' }) halfjaar!: string;
  @Field(() => String) vtOrganisatie!: string;
  @Field(() => String, { description: 'De bestandsnaam: cbs-veilig-thuis-<organisatie>-<halfjaar>.csv.' })
  bestandsnaam!: string;
  @Field(() => String, { description: 'Het bestand: CSV, puntkomma, UTF-8, kop op de eerste regel.' }) inhoud!: string;
  @Field(() => String, { description: 'SHA-256 van de inhoud (hex): dezelfde aantallen geven hetzelfde bestand.' })
  sha256!: string;
  @Field(() => Int, { description: 'Aantal gegevensregels (zonder de kop).' }) regels!: number;
  @Field(() => TijdstipScalar) opgebouwdOp!: Date;
}

interface Rij {
  vt_organisatie: string;
  halfjaar: string;
  inhoud: string;
  sha256: string;
  regels: number;
  opgebouwd_op: Date;
}

const view = (r: Rij): CbsLeveringView =>
  Object.assign(new CbsLeveringView(), {
    halfjaar: r.halfjaar,
    vtOrganisatie: r.vt_organisatie,
    bestandsnaam: `cbs-veilig-thuis-${r.vt_organisatie}-${r.halfjaar}.csv`,
    inhoud: r.inhoud,
    sha256: r.sha256,
    regels: Number(r.regels),
    opgebouwdOp: new Date(r.opgebouwd_op),
  });

/** What building one file did: built it, found it already there (same or, with `opnieuw`, replaced). */
export type Opbouw = 'OPGEBOUWD' | 'BESTOND' | 'ONGEWIJZIGD' | 'VERVANGEN';

/**
 * Builds the file of one VT organisation for one ended half year. Idempotent: a file that exists is left as it is;
 * with `opnieuw` it is recomputed and replaced only if the counts changed (a late correction), so the same counts
 * always give the same bytes. The counts come from the rollups, so the caller refreshes them first.
 */
export async function bouwCbsLevering(
  deps: Pick<JobDeps, 'orm' | 'config' | 'clock'>,
  organisatie: string,
  halfjaar: string,
  opties: { opnieuw?: boolean } = {},
): Promise<Opbouw> {
  const em = deps.orm.em.fork();
  const bestaand = await lees(em, organisatie, halfjaar);
  if (bestaand && !opties.opnieuw) return 'BESTOND';
  const regels = await em.fork().transactional((tx) => cbsRegels(tx, deps.config, organisatie, halfjaar));
  const { inhoud, sha256 } = cbsBestand(regels);
  if (bestaand?.sha256 === sha256) return 'ONGEWIJZIGD';
  const [r] = await em.getConnection().execute<{ nieuw: boolean }[]>(
    `insert into cbs_levering (vt_organisatie, halfjaar, inhoud, sha256, regels, opgebouwd_op) values (?, ?, ?, ?, ?, ?)
       on conflict (vt_organisatie, halfjaar) do update set inhoud = excluded.inhoud, sha256 = excluded.sha256,
         regels = excluded.regels, opgebouwd_op = excluded.opgebouwd_op
         where ? and cbs_levering.sha256 <> excluded.sha256
       returning (xmax = 0) as nieuw`,
    [organisatie, halfjaar, inhoud, sha256, regels.length, deps.clock.now(), Boolean(opties.opnieuw)],
  );
  if (!r) return 'BESTOND';
  return r.nieuw ? 'OPGEBOUWD' : 'VERVANGEN';
}

/** The active VT organisations, in code order. */
export async function vtOrganisaties(em: EntityManager): Promise<string[]> {
  const rijen = await em
    .getConnection()
    .execute<{ code: string }[]>(`select code from organisatie where soort = 'VEILIG_THUIS' and actief order by code`);
  return rijen.map((r) => r.code);
}

/** The last half year that ended by the clock (Europe/Amsterdam). */
export function afgelopenHalfjaar(deps: Pick<JobDeps, 'config' | 'clock'>): string {
  return laatsteAfgelopenHalfjaar(termijnRegels(deps.config).kalender.lokaleDatum(deps.clock.now()));
}

async function lees(em: EntityManager, organisatie: string, halfjaar?: string): Promise<Rij | undefined> {
  const [r] = await em
    .getConnection()
    .execute<Rij[]>(`select * from cbs_levering where vt_organisatie = ? and halfjaar = ?`, [organisatie, halfjaar]);
  return r;
}

/** The caller's own VT organisation: the delivery is the privacy officer's of a VT organisation only. */
function eigenVt(ctx: RequestContext): string {
  const org = ctx.actor.organisatie;
  if (org.soort !== 'VEILIG_THUIS') throw geenToegang('Alleen een VT-organisatie levert aan CBS.');
  return org.code;
}

function auditOphalen(ctx: RequestContext, organisatie: string, halfjaren: string[], velden: string[]): void {
  // NEN 7513 lists a transfer to another system as an event; the file names no person, so no persons here.
  ctx.audit.lees({
    gebeurtenis: 'CBS_LEVERING_OPHALEN',
    actie: 'E',
    vtOrganisatie: organisatie,
    objectType: 'CbsLevering',
    objectId: `${organisatie}/${halfjaren.join(',')}`,
    velden,
  });
}

/** Reading the delivered files, for the privacy officer of a VT organisation (own organisation only). */
export const cbsLeveringService = {
  async een(ctx: RequestContext, halfjaar: string, velden: string[]): Promise<CbsLeveringView> {
    const organisatie = eigenVt(ctx);
    maandenVan(halfjaar);
    const vandaag = termijnRegels(ctx.config).kalender.lokaleDatum(ctx.clock.now());
    if (!isAfgelopen(halfjaar, vandaag)) {
      throw new GraphQLError('Dit halfjaar is nog niet voorbij; de levering volgt na het einde ervan.', {
        extensions: { code: Foutcode.BAD_USER_INPUT, reden: 'HALFJAAR_NIET_AFGELOPEN' },
      });
    }
    const r = await lees(ctx.em.fork(), organisatie, halfjaar);
    if (!r) {
      throw new GraphQLError(
        'Deze levering is (nog) niet opgebouwd; de worker bouwt haar na het einde van het halfjaar.',
        {
          extensions: { code: Foutcode.NOT_FOUND, reden: 'NOG_NIET_OPGEBOUWD' },
        },
      );
    }
    auditOphalen(ctx, organisatie, [halfjaar], velden);
    return view(r);
  },

  async alle(ctx: RequestContext, velden: string[]): Promise<CbsLeveringView[]> {
    const organisatie = eigenVt(ctx);
    const rijen = await ctx.em
      .fork()
      .getConnection()
      .execute<Rij[]>(`select * from cbs_levering where vt_organisatie = ? order by halfjaar desc`, [organisatie]);
    if (rijen.length) {
      auditOphalen(
        ctx,
        organisatie,
        rijen.map((r) => r.halfjaar),
        velden,
      );
    }
    return rijen.map(view);
  },
};
