import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { GraphQLError } from 'graphql';
import { ArrayMaxSize, ArrayMinSize, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, registerEnumType, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { geenToegang, ongeldigeInvoer, procesFout, type VeldFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { TijdstipScalar } from '../lib/scalars';
import { AardGeweld, DuurGeweld, HoedanigheidMelder, Kanaal, OrganisatieMelder } from '../meldingen/cbs-categorieen';
import { MeldingEntity } from '../meldingen/melding.entity';
import { BetrokkeneInvoer, MAX_OMSCHRIJVING, MelderInvoer, type MeldingInvoer } from '../meldingen/melding.inputs';
import { controleerMelding } from '../meldingen/melding.service';
import { planNaCommit, type TePlannen } from '../termijnen/termijn.service';
import { registreerMeldingInTransactie } from './casus.intake';
import { TekstRegelScalar, TekstScalar } from '../lib/tekst';

/** At most this many meldingen per call (and the request body at most 2 MB): larger deliveries are split by the client. */
export const MAX_BATCH = 100;

@InputType('PolitieMeldingInvoer', {
  description: 'Een zorgmelding van de politie. Kanaal, hoedanigheid en organisatie van de melder liggen vast.',
})
export class PolitieMeldingInvoer {
  @Field(() => TekstRegelScalar, {
    description:
      'De eigen referentie van de politie (uniek per politieorganisatie); opnieuw aanleveren geeft de bestaande melding.',
  })
  @Matches(/^[A-Za-z0-9._/-]{1,64}$/, {
    message: 'politieReferentie: 1 tot 64 tekens A-Z, a-z, 0-9, punt, streep, schuine streep of liggend streepje',
  })
  politieReferentie!: string;
  @Field(() => TekstRegelScalar, { description: 'Code van de VT-regio waarvoor de melding is (bijv. VT14).' })
  @Matches(/^VT[0-9]{2}$/, { message: 'vtRegio heeft de vorm VT14' })
  vtRegio!: string;
  @Field(() => TijdstipScalar) ontvangenOp!: Date;
  @Field(() => Boolean, { defaultValue: false }) acuut?: boolean;
  @Field(() => [AardGeweld]) @ArrayMinSize(1) @ArrayMaxSize(8) aardGeweld!: AardGeweld[];
  @Field(() => DuurGeweld) duurGeweld!: DuurGeweld;
  @Field(() => TekstScalar) @MinLength(1) @MaxLength(MAX_OMSCHRIJVING) omschrijving!: string;
  @Field(() => MelderInvoer, { description: 'De verbalisant of behandelend agent.' })
  @ValidateNested()
  melder!: MelderInvoer;
  @Field(() => [BetrokkeneInvoer])
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  betrokkenen!: BetrokkeneInvoer[];
}

@InputType('PolitieBatchInvoer')
export class PolitieBatchInvoer {
  @Field(() => [PolitieMeldingInvoer], { description: `1 tot ${MAX_BATCH} meldingen.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @ValidateNested({ each: true })
  meldingen!: PolitieMeldingInvoer[];
}

export enum AanleverStatus {
  /** Registered now. */
  NIEUW = 'NIEUW',
  /** This reference was delivered before (or earlier in this batch): the existing melding, nothing added. */
  BESTAAND = 'BESTAAND',
}
registerEnumType(AanleverStatus, { name: 'AanleverStatus' });

@ObjectType('PolitieAanleverResultaat', {
  description: 'Per aangeleverde melding: nieuw of al bekend, en het id bij VT.',
})
export class PolitieAanleverResultaat {
  @Field(() => String) politieReferentie!: string;
  @Field(() => AanleverStatus) status!: AanleverStatus;
  @Field(() => ID) meldingId!: string;
}

/**
 * Police meldingen in bulk from a machine client: the intake of casus.intake.ts, per region in one transaction. The whole batch is checked first: if any melding is invalid,
 * the batch is refused with every problem (paths like `meldingen[3].omschrijving`) and nothing is written.
 * Valid batches are written per VT region in one transaction each; a reference already known returns the existing
 * melding. Two concurrent deliveries of the same reference: the unique index decides, the loser retries once and
 * then finds the winner's melding.
 */
export const politieService = {
  async aanleveren(ctx: RequestContext, meldingen: PolitieMeldingInvoer[]): Promise<PolitieAanleverResultaat[]> {
    const org = ctx.actor.organisatie;
    if (org.soort !== 'POLITIE') throw geenToegang();
    const nu = ctx.clock.now();
    const fouten: VeldFout[] = [];
    const invoeren = meldingen.map((p, i) => {
      const invoer = alsMelding(p);
      try {
        controleerMelding(invoer, nu);
      } catch (e) {
        const f = (e as { extensions?: { fouten?: VeldFout[] } }).extensions?.fouten ?? [];
        for (const x of f) fouten.push({ ...x, veld: `meldingen[${i}].${x.veld}` });
      }
      if (!org.regioCodes.includes(p.vtRegio)) {
        fouten.push({
          veld: `meldingen[${i}].vtRegio`,
          code: 'REGIO_NIET_GEKOPPELD',
          melding: `Uw organisatie levert niet aan ${p.vtRegio}; gekoppeld: ${org.regioCodes.join(', ') || 'geen'}.`,
        });
      }
      return invoer;
    });
    if (fouten.length) throw ongeldigeInvoer(fouten);

    const uit = new Array<PolitieAanleverResultaat>(meldingen.length);
    const perRegio = new Map<string, number[]>();
    meldingen.forEach((p, i) => perRegio.set(p.vtRegio, [...(perRegio.get(p.vtRegio) ?? []), i]));
    const nieuw: TePlannen[] = [];
    for (const [regio, indexen] of perRegio) {
      /** The melding being written when the transaction failed (each is flushed in turn). */
      let bezig: number | undefined;
      for (let poging = 1; ; poging++) {
        try {
          const r = await inRegio(ctx, regio, async (tx) => {
            const refs = [...new Set(indexen.map((i) => meldingen[i].politieReferentie))];
            const bekend = new Map(
              (
                await tx.find(
                  MeldingEntity,
                  { vtOrganisatie: regio, politieOrganisatie: org.code, politieReferentie: { $in: refs } },
                  { fields: ['id', 'politieReferentie'] },
                )
              ).map((m) => [m.politieReferentie as string, m.id]),
            );
            const resultaten: [number, PolitieAanleverResultaat][] = [];
            const gepland: TePlannen[] = [];
            for (const i of indexen) {
              const ref = meldingen[i].politieReferentie;
              const bestaand = bekend.get(ref);
              if (bestaand) {
                resultaten.push([
                  i,
                  Object.assign(new PolitieAanleverResultaat(), {
                    politieReferentie: ref,
                    status: AanleverStatus.BESTAAND,
                    meldingId: bestaand,
                  }),
                ]);
                continue;
              }
              bezig = i;
              const { id, nieuw: t } = await registreerMeldingInTransactie(ctx, tx, regio, invoeren[i], {
                politie: { organisatie: org.code, referentie: ref },
              });
              // Everything of this melding is flushed; forgetting it keeps each next flush small (the unit of work
              // would otherwise compare every entity of the batch on every flush).
              tx.clear();
              bekend.set(ref, id);
              gepland.push(...t);
              resultaten.push([
                i,
                Object.assign(new PolitieAanleverResultaat(), {
                  politieReferentie: ref,
                  status: AanleverStatus.NIEUW,
                  meldingId: id,
                }),
              ]);
            }
            return { resultaten, gepland };
          });
          for (const [i, res] of r.resultaten) uit[i] = res;
          nieuw.push(...r.gepland);
          break;
        } catch (e) {
          if (e instanceof UniqueConstraintViolationException && poging < 2) {
            ctx.em.clear();
            continue;
          }
          if (e instanceof UniqueConstraintViolationException && (e as PgFout).constraint === REFERENTIE_INDEX) {
            throw referentieInAndereRegio(bezig !== undefined ? [bezig] : indexen);
          }
          throw e;
        }
      }
    }
    await planNaCommit(ctx, nieuw);
    const aantalNieuw = uit.filter((u) => u.status === AanleverStatus.NIEUW).length;
    ctx.log.info(
      { aantal: uit.length, nieuw: aantalNieuw, bestaand: uit.length - aantalNieuw, politie: org.code },
      'politiemeldingen aangeleverd',
    );
    return uit;
  },
};

/** What MikroORM copies from PostgreSQL's error onto its exception (no detail: row-level security withholds it). */
type PgFout = UniqueConstraintViolationException & { constraint?: string };

/** The unique index on (politie_organisatie, politie_referentie): a reference is unique per police organisation. */
const REFERENTIE_INDEX = 'melding_politie_referentie_uniq';

/**
 * The reference is already taken in another region (this region's lookup did not find it, twice): CONFLICT, naming
 * the batch position (the melding being written when the index refused it) but nothing of the other region's melding
 * (not the region, not its id).
 */
function referentieInAndereRegio(plekken: number[]): GraphQLError {
  const melding =
    'Deze politieReferentie is al aangeleverd voor een andere VT-regio. Een referentie hoort bij één melding; neem contact op met Veilig Thuis of lever met een nieuwe referentie aan.';
  return procesFout(
    'REFERENTIE_IN_ANDERE_REGIO',
    melding,
    {
      fouten: plekken.map((i) => ({
        veld: `meldingen[${i}].politieReferentie`,
        code: 'REFERENTIE_IN_ANDERE_REGIO',
        melding,
      })),
    },
    'CONFLICT',
  );
}

function alsMelding(p: PolitieMeldingInvoer): MeldingInvoer {
  return {
    ontvangenOp: p.ontvangenOp,
    kanaal: Kanaal.POLITIEKOPPELING,
    acuut: p.acuut ?? false,
    aardGeweld: p.aardGeweld,
    duurGeweld: p.duurGeweld,
    omschrijving: p.omschrijving,
    hoedanigheidMelder: HoedanigheidMelder.BEROEPSMATIG,
    organisatieMelder: OrganisatieMelder.POLITIE,
    melder: p.melder,
    betrokkenen: p.betrokkenen,
  };
}

@Resolver()
export class PolitieResolver {
  @Mutation(() => [PolitieAanleverResultaat], {
    description: `Levert tot ${MAX_BATCH} politiemeldingen in één keer aan. Dezelfde politieReferentie opnieuw geeft de bestaande melding (status BESTAAND).`,
  })
  politieMeldingenAanleveren(
    @Arg('invoer', () => PolitieBatchInvoer) invoer: PolitieBatchInvoer,
    @Ctx() ctx: RequestContext,
  ): Promise<PolitieAanleverResultaat[]> {
    return politieService.aanleveren(ctx, invoer.meldingen);
  }
}
