import type { EntityManager } from '@mikro-orm/postgresql';

import { vtRegioVan } from '../auth/actor';
import type { RequestContext } from '../lib/context';
import { inRegio } from '../lib/regio';
import { BetrokkeneRol, EerdereBetrokkenheid } from '../meldingen/cbs-categorieen';
import type { MeldingEntity } from '../meldingen/melding.entity';
import type { MeldingInvoer } from '../meldingen/melding.inputs';
import {
  auditMeldingRegistratie,
  controleerMelding,
  legMeldingVast,
  type MeldingHerkomst,
  meldingService,
} from '../meldingen/melding.service';
import type { MeldingView } from '../meldingen/melding.types';
import { TermijnSoort } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService } from '../termijnen/termijn.service';
import { CasusEntity, CasusPersoonEntity } from './casus.entity';
import { beeindigDienst, laadCasus, legOvergangVast, type Nieuw, uitvoerder } from './casus.stap';
import { CasusFase, DienstSoort } from './proces';
import { vtRegisterBijIntake } from './vt-register';

/**
 * Intake: a melding that VT receives is registered and, in the same transaction, opens a casus or joins the open one
 * of its household, with the termijn for its veiligheidsbeoordeling. Linking a melding to its casus happens here and
 * only here; meldingen/ writes and reads the melding itself and knows nothing of casussen.
 */
export const casusIntakeService = {
  async registreer(
    ctx: RequestContext,
    invoer: MeldingInvoer,
    velden: string[],
    extra: MeldingHerkomst = {},
  ): Promise<MeldingView> {
    const regio = vtRegioVan(ctx);
    controleerMelding(invoer, ctx.clock.now());
    const { id, nieuw } = await inRegio(ctx, regio, (tx) =>
      registreerMeldingInTransactie(ctx, tx, regio, invoer, extra),
    );
    await planNaCommit(ctx, nieuw);
    ctx.log.info({ meldingId: id, regio }, 'melding geregistreerd');
    return meldingService.leesVoorRegistrant(ctx, id, invoer, velden);
  },
};

/**
 * Writes a melding with melder, betrokkenen, its casus link and its veiligheidsbeoordeling termijn inside the
 * caller's transaction (which must be `inRegio(regio)`); the write's audit record goes in the same transaction.
 * The input must have passed `controleerMelding`.
 */
export async function registreerMeldingInTransactie(
  ctx: RequestContext,
  tx: EntityManager,
  regio: string,
  invoer: MeldingInvoer,
  extra: MeldingHerkomst,
): Promise<{ id: string; nieuw: Nieuw }> {
  const { melding, personen } = await legMeldingVast(ctx, tx, regio, invoer, extra);
  const nieuw = await koppelAanCasus(
    ctx,
    tx,
    melding,
    invoer.betrokkenen.map((b, i) => ({
      persoonId: personen[i].id,
      rollen: b.rollen,
      heeftBsn: Boolean(personen[i].bsn),
    })),
    { acuut: Boolean(invoer.acuut) },
  );
  await tx.flush();
  await auditMeldingRegistratie(ctx, tx, melding, personen, invoer);
  // VT-registercheck: the household checked against the other regions (that, not what; vt-register.ts).
  await vtRegisterBijIntake(
    ctx,
    tx,
    melding,
    personen.map((p) => p.id),
  );
  return { id: melding.id, nieuw };
}

/**
 * Links a just-created melding to a casus, inside the registering transaction:
 * - a person of the melding is in an OPEN casus of the region: vervolgmelding (phase from the casus' fase), and the
 *   melding joins that casus; during monitoring the casus goes back to veiligheidsbeoordeling;
 * - else a person was in a closed casus: hermelding, new casus;
 * - else, with at least one BSN to match on: eerste melding, new casus; without any BSN: niet ingedeeld, new casus.
 * Persons are matched by BSN within the region (zoekOfMaakPersonen reuses them). Getuigen only are not household.
 * Opens the veiligheidsbeoordeling termijn and the one to inform the reported person(s). Returns the termijnen to plan after commit.
 */
async function koppelAanCasus(
  ctx: RequestContext,
  tx: EntityManager,
  melding: MeldingEntity,
  betrokkenen: { persoonId: string; rollen: BetrokkeneRol[]; heeftBsn: boolean }[],
  opties: { acuut: boolean },
): Promise<Nieuw> {
  const regio = melding.vtOrganisatie;
  const nu = ctx.clock.now();
  const huishouden = [
    ...new Set(betrokkenen.filter((b) => b.rollen.some((r) => r !== BetrokkeneRol.GETUIGE)).map((b) => b.persoonId)),
  ];
  const alle = [...new Set(betrokkenen.map((b) => b.persoonId))];
  const conn = tx.getConnection();
  const gevonden = alle.length
    ? await conn.execute<{ id: string; fase: CasusFase; open: boolean }[]>(
        `select c.id, c.fase, c.fase <> 'AFGESLOTEN' as open from casus c
          where c.vt_organisatie = ? and exists (select 1 from casus_persoon cp where cp.casus_id = c.id and cp.persoon_id = any(?::uuid[]))
          order by (c.fase <> 'AFGESLOTEN') desc, c.geopend_op asc`,
        [regio, `{${alle.join(',')}}`],
        'all',
        tx.getTransactionContext(),
      )
    : [];
  const open = gevonden.find((g) => g.open);
  const verantwoordelijke = ctx.actor.organisatie.soort === 'VEILIG_THUIS' ? uitvoerder(ctx) : null;
  let casus: CasusEntity;
  let soort: EerdereBetrokkenheid;
  if (open) {
    casus = await laadCasus(tx, regio, open.id, true);
    soort =
      casus.fase === CasusFase.VEILIGHEIDSBEOORDELING
        ? EerdereBetrokkenheid.VERVOLGMELDING_TIJDENS_BEOORDELING
        : casus.fase === CasusFase.MONITORING
          ? EerdereBetrokkenheid.VERVOLGMELDING_TIJDENS_MONITORING
          : EerdereBetrokkenheid.VERVOLGMELDING_NA_BEOORDELING;
    if (casus.fase === CasusFase.MONITORING) {
      // Monitoring ends on the vervolgmelding's reception (imported history), unless that lies before the last step.
      const [vorige] = await conn.execute<{ op: Date | null }[]>(
        'select max(op) as op from casus_overgang where casus_id = ?',
        [casus.id],
        'all',
        tx.getTransactionContext(),
      );
      const op = vorige?.op && melding.ontvangenOp < new Date(vorige.op) ? nu : melding.ontvangenOp;
      await beeindigDienst(tx, casus, DienstSoort.MONITORING, 'HEROPEND_DOOR_VERVOLGMELDING', op);
      await termijnService.annuleerAlle(tx, casus.id, op, [
        TermijnSoort.MONITORING_3_MAANDEN,
        TermijnSoort.MONITORING_12_MAANDEN,
        TermijnSoort.MONITORING_18_MAANDEN,
      ]);
      legOvergangVast(
        tx,
        casus,
        CasusFase.VEILIGHEIDSBEOORDELING,
        op,
        'systeem (vervolgmelding)',
        'Vervolgmelding tijdens monitoring: opnieuw beoordelen.',
        CasusFase.MONITORING,
        nu,
      );
      casus.fase = CasusFase.VEILIGHEIDSBEOORDELING;
    }
    const bestaand = new Set((await tx.find(CasusPersoonEntity, { casusId: casus.id })).map((cp) => cp.persoonId));
    for (const p of huishouden) {
      if (!bestaand.has(p)) tx.create(CasusPersoonEntity, { casusId: casus.id, persoonId: p, vtOrganisatie: regio });
    }
  } else {
    soort = gevonden.length
      ? EerdereBetrokkenheid.HERMELDING
      : betrokkenen.some((b) => b.heeftBsn)
        ? EerdereBetrokkenheid.EERSTE_MELDING
        : EerdereBetrokkenheid.NIET_INGEDEELD;
    // A casus opens on its first melding's reception, not on the day the melding was typed in (history, late entry).
    casus = tx.create(CasusEntity, {
      vtOrganisatie: regio,
      fase: CasusFase.VEILIGHEIDSBEOORDELING,
      verantwoordelijke,
      geopendOp: melding.ontvangenOp,
      geregistreerdOp: nu,
      versie: 1,
    });
    for (const p of huishouden.length ? huishouden : alle) {
      tx.create(CasusPersoonEntity, { casusId: casus.id, persoonId: p, vtOrganisatie: regio });
    }
    legOvergangVast(
      tx,
      casus,
      CasusFase.VEILIGHEIDSBEOORDELING,
      melding.ontvangenOp,
      uitvoerder(ctx),
      'Melding ontvangen.',
      null,
      nu,
    );
  }
  melding.casusId = casus.id;
  melding.eerdereBetrokkenheid = soort;
  melding.acuut = opties.acuut;
  melding.verantwoordelijke = casus.verantwoordelijke ?? null;
  const k = ctx.termijnRegels.kalender;
  const t = termijnService.open(tx, ctx.termijnRegels, {
    vtOrganisatie: regio,
    casusId: casus.id,
    meldingId: melding.id,
    soort: TermijnSoort.VEILIGHEIDSBEOORDELING,
    start: k.lokaleDatum(melding.ontvangenOp),
    acuut: opties.acuut,
    verantwoordelijke: casus.verantwoordelijke ?? null,
  });
  // Every melding: the reported person(s) hear of it "zo snel mogelijk" (DOMAIN.md §2), or VT records why not yet.
  const informeren = termijnService.open(tx, ctx.termijnRegels, {
    vtOrganisatie: regio,
    casusId: casus.id,
    meldingId: melding.id,
    soort: TermijnSoort.BETROKKENE_INFORMEREN,
    start: k.lokaleDatum(melding.ontvangenOp),
    verantwoordelijke: casus.verantwoordelijke ?? null,
  });
  return [t, informeren];
}
