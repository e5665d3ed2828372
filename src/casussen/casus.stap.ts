import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer } from '../lib/errors';
import type { TePlannen } from '../termijnen/termijn.service';
import { noodFeit } from './casus-toegang';
import { CasusEntity, CasusOvergangEntity, CasusPersoonEntity, DienstEntity } from './casus.entity';
import type { CasusFase, DienstSoort } from './proces';

/**
 * What every step of the casus process shares, from intake to closing: the refusal codes, loading a casus for change,
 * recording a transition, ending a dienst, and the change's audit record in the changing transaction.
 */

/** Stable codes for refused process steps (lib/errors.ts); re-exported for the steps of the casus and their callers. */
export { procesFout } from '../lib/errors';

function conflict(): GraphQLError {
  return new GraphQLError(
    'De casus is intussen door iemand anders gewijzigd; laad hem opnieuw en probeer het nog eens.',
    {
      extensions: { code: 'CONFLICT', reden: 'GELIJKTIJDIGE_WIJZIGING' },
    },
  );
}

/** What the process needs to know of who is acting. */
export function uitvoerder(ctx: RequestContext): string {
  return ctx.actor.sub;
}

/** Termijnen opened in a transaction, planned after commit. */
export type Nieuw = TePlannen[];

/**
 * Loads a casus of the region, without need-to-know: for intake (a melding joins an open casus whoever holds it) and
 * after the caller's access was checked on the melding. Anything else uses laadCasusVoor. `wijzigen`: lock its row until commit (SELECT ... FOR UPDATE), so concurrent steps on
 * one casus run one after the other and the second sees the first's result (and is refused by the table if it no
 * longer applies); the version column guards what the lock does not cover.
 */
export async function laadCasus(tx: EntityManager, regio: string, id: string, wijzigen = false): Promise<CasusEntity> {
  if (!isUuid(id)) throw nietGevonden('De casus');
  const c = await tx.findOne(
    CasusEntity,
    { id, vtOrganisatie: regio },
    wijzigen ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!c) throw nietGevonden('De casus');
  return c;
}

/** Flushes; a concurrent change of the same casus (version column) becomes CONFLICT with reden GELIJKTIJDIGE_WIJZIGING. */
export async function flushOfConflict(tx: EntityManager): Promise<void> {
  try {
    await tx.flush();
  } catch (e) {
    if (e instanceof OptimisticLockError) throw conflict();
    throw e;
  }
}

/** A little slack for clocks that disagree: a step "now" from a client a few seconds ahead is not in the future. */
const TOEKOMST_MARGE_MS = 5 * 60_000;

/**
 * When a process step happened: `plaatsgevondenOp` when the caller gives it (a step recorded later, or imported
 * history), else now. Refused, before anything changes, when it lies in the future (DATUM_IN_TOEKOMST), before the
 * casus's previous step (DATUM_VOOR_VORIGE_STAP) or before `ondergrens`, the reception of the melding it concerns
 * (DATUM_VOOR_ONTVANGST). `volgorde: false`: a step beside the casus's course (the assessment of a vervolgmelding on
 * a casus already further along) is not held to its previous step. The business date is what the process, the termijnen and the analyst count from; the
 * registration time is recorded beside it.
 */
export async function stapMoment(
  ctx: RequestContext,
  tx: EntityManager,
  casus: CasusEntity,
  plaatsgevondenOp: Date | null | undefined,
  ondergrens?: Date,
  opties: { volgorde?: boolean } = {},
): Promise<Date> {
  const nu = ctx.clock.now();
  if (!plaatsgevondenOp) return nu;
  const fout = (code: string, melding: string): GraphQLError =>
    ongeldigeInvoer([{ veld: 'plaatsgevondenOp', code, melding }]);
  if (plaatsgevondenOp.getTime() > nu.getTime() + TOEKOMST_MARGE_MS) {
    throw fout('DATUM_IN_TOEKOMST', 'Een processtap kan niet in de toekomst hebben plaatsgevonden.');
  }
  if (ondergrens && plaatsgevondenOp < ondergrens) {
    throw fout('DATUM_VOOR_ONTVANGST', 'Deze stap ligt vóór de ontvangst van de melding; controleer de datum.');
  }
  if (opties.volgorde === false) return plaatsgevondenOp > nu ? nu : plaatsgevondenOp;
  const [vorige] = await tx
    .getConnection()
    .execute<{ op: Date | null }[]>(
      'select max(op) as op from casus_overgang where casus_id = ?',
      [casus.id],
      'all',
      tx.getTransactionContext(),
    );
  if (vorige?.op && plaatsgevondenOp < new Date(vorige.op)) {
    throw fout(
      'DATUM_VOOR_VORIGE_STAP',
      'Deze stap ligt vóór de vorige stap van de casus; leg de stappen in de volgorde vast waarin ze plaatsvonden.',
    );
  }
  return plaatsgevondenOp > nu ? nu : plaatsgevondenOp;
}

/**
 * Records a step of the casus (who, when it happened, when it was registered, from which fase to which); the caller
 * sets the new fase.
 */
export function legOvergangVast(
  tx: EntityManager,
  casus: CasusEntity,
  naar: CasusFase,
  op: Date,
  door: string,
  toelichting: string | null,
  van: CasusFase | null = casus.fase,
  geregistreerdOp: Date = op,
): void {
  tx.create(CasusOvergangEntity, {
    casusId: casus.id,
    vtOrganisatie: casus.vtOrganisatie,
    van,
    naar,
    op,
    geregistreerdOp,
    door,
    verantwoordelijke: casus.verantwoordelijke ?? door,
    toelichting,
  });
}

/** Ends the running dienst of a kind with its outcome; null when none runs. */
export async function beeindigDienst(
  tx: EntityManager,
  casus: CasusEntity,
  soort: DienstSoort,
  uitkomst: string,
  nu: Date,
  extra: Partial<DienstEntity> = {},
): Promise<DienstEntity | null> {
  const d = await tx.findOne(DienstEntity, { casusId: casus.id, soort, beeindigdOp: null });
  if (!d) return null;
  Object.assign(d, extra, { beeindigdOp: nu, uitkomst });
  return d;
}

async function persoonIdsVan(tx: EntityManager, casusId: string): Promise<string[]> {
  return (await tx.find(CasusPersoonEntity, { casusId })).map((cp) => cp.persoonId);
}

/** The audit record of a change to a casus, in the changing transaction, naming the household's persons. */
export async function auditWijziging(
  ctx: RequestContext,
  tx: EntityManager,
  casus: CasusEntity,
  feit: { gebeurtenis: string; actie: 'C' | 'U'; objectType: string; objectId: string; velden: string[] },
): Promise<void> {
  await ctx.audit.inTransactie(tx, {
    ...feit,
    vtOrganisatie: casus.vtOrganisatie,
    persoonIds: await persoonIdsVan(tx, casus.id),
    ...(await noodFeit(tx, ctx, casus)),
  });
}
