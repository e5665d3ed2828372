import { LockMode } from '@mikro-orm/core';

import { casusToegangFilter, nietToegankelijk } from '../beleid/casustoegang.sql';
import { laadCasusVoor, noodFeit } from '../casussen/casus-toegang';
import { CasusPersoonEntity } from '../casussen/casus.entity';
import { GebeurtenisType, schrijfGebeurtenis } from '../gebeurtenissen/outbox';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { geenToegang, nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { inKetenScope } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { PersoonEntity } from '../personen/persoon.entity';
import { TermijnSoort, TermijnStatus } from '../termijnen/termijn.entity';
import { planNaCommit, termijnService, type TePlannen } from '../termijnen/termijn.service';
import { HwcSignaalEntity, HwcSignaalInhoudEntity } from './hwc.entity';
import { hwcProces, hwcStatus } from './hwc.proces';
import { type HwcSignaalInvoer, HwcOntvangstbevestigingView, type HwcSignaalView } from './hwc.types';
import { Schoolkalender } from './schoolkalender';
import { auditLezen, vtViews } from './hwc.lezen';

/** The school calendar of this request's configuration. */
export function schoolkalender(ctx: RequestContext): Schoolkalender {
  const hwc = ctx.config.hwc;
  return new Schoolkalender(ctx.termijnRegels.kalender, hwc.lesstart, hwc.schoolregio);
}

/** Whole years between a date of birth and a day (both YYYY-MM-DD). */
export function leeftijdOp(geboortedatum: string, dag: string): number {
  const [gj, gm, gd] = geboortedatum.split('-').map(Number);
  const [j, m, d] = dag.split('-').map(Number);
  return j - gj - (m < gm || (m === gm && d < gd) ? 1 : 0);
}

interface SchoolRij {
  code: string;
  soort: string;
  regio_codes: string[];
  actief: boolean;
  schoolvakantieregio: string | null;
}

/**
 * Handle with Care (DOMAIN.md §4.6). VT sends a school only the child's name, date of birth and the codeword; the
 * school acknowledges. Every query is scoped to the caller's VT organisation or, for a school, to signals addressed
 * to it whose access has not ended.
 */
export const hwcService = {
  async versturen(ctx: RequestContext, invoer: HwcSignaalInvoer, velden: string[]): Promise<HwcSignaalView> {
    const regio = vtRegioVan(ctx);
    controleerStap(hwcProces, null, 'VERSTUREN', ctx.actor.rol);
    const nu = ctx.clock.now();
    const kalender = schoolkalender(ctx);
    const vandaag = ctx.termijnRegels.kalender.lokaleDatum(nu);
    const fouten: VeldFout[] = [];
    if (invoer.incidentdatum > vandaag) {
      fouten.push({
        veld: 'incidentdatum',
        code: 'DATUM_IN_TOEKOMST',
        melding: 'De politie-inzet kan niet in de toekomst liggen.',
      });
    }
    if (!invoer.grondslag.trim()) {
      fouten.push({
        veld: 'grondslag',
        code: 'LEEG',
        melding: 'Noem de grondslag, bijvoorbeeld het regionale Handle with Care-convenant.',
      });
    }
    const [school] = await ctx.em
      .getConnection()
      .execute<SchoolRij[]>(
        `select code, soort, regio_codes, actief, schoolvakantieregio from organisatie where code = ?`,
        [invoer.school],
      );
    if (!school || !school.actief) {
      fouten.push({
        veld: 'school',
        code: 'ORGANISATIE_ONBEKEND',
        melding: 'Deze organisatie is niet bekend of niet actief.',
      });
    } else if (school.soort !== 'SCHOOL') {
      fouten.push({
        veld: 'school',
        code: 'GEEN_SCHOOL',
        melding: 'Een Handle with Care-signaal gaat alleen naar een school (organisatie van soort SCHOOL).',
      });
    } else if (!school.regio_codes.includes(regio)) {
      fouten.push({
        veld: 'school',
        code: 'SCHOOL_NIET_IN_REGIO',
        melding: 'Deze school werkt niet met uw VT-regio samen.',
      });
    }
    if (fouten.length) throw ongeldigeInvoer(fouten);
    if (!isUuid(invoer.casusId)) throw nietGevonden('De casus');
    if (!isUuid(invoer.persoonId)) throw nietGevonden('De persoon');
    const s = school;

    const nieuw: TePlannen[] = [];
    const view = await inKetenScope(ctx, { vtOrganisatie: regio }, async (tx) => {
      const casus = await laadCasusVoor(ctx, tx, regio, invoer.casusId);
      const kind = await tx.findOne(PersoonEntity, { id: invoer.persoonId, vtOrganisatie: regio });
      if (!kind) throw nietGevonden('De persoon');
      if (!(await tx.findOne(CasusPersoonEntity, { casusId: casus.id, persoonId: kind.id }))) {
        throw ongeldigeInvoer([
          {
            veld: 'persoonId',
            code: 'GEEN_LID_VAN_CASUS',
            melding: 'Kies een kind uit het huishouden van deze casus.',
          },
        ]);
      }
      const geboortedatum = kind.geboortedatum ? String(kind.geboortedatum).slice(0, 10) : null;
      if (!geboortedatum) {
        throw ongeldigeInvoer([
          {
            veld: 'persoonId',
            code: 'GEBOORTEDATUM_ONBEKEND',
            melding: 'Leg eerst de geboortedatum vast: de school krijgt naam en geboortedatum.',
          },
        ]);
      }
      if (leeftijdOp(geboortedatum, vandaag) >= 18) {
        throw ongeldigeInvoer([
          {
            veld: 'persoonId',
            code: 'GEEN_KIND',
            melding: 'Handle with Care geldt alleen voor kinderen jonger dan 18 jaar.',
          },
        ]);
      }
      // Idempotent per child, school and incident day: the same signal again returns the one already sent. Two
      // requests at once are serialised on that key (transaction-level lock), so the second finds the first's row
      // instead of failing on the unique index.
      await tx
        .getConnection()
        .execute(
          `select pg_advisory_xact_lock(hashtextextended(?, 0))`,
          [`hwc:${kind.id}:${s.code}:${invoer.incidentdatum}`],
          'run',
          tx.getTransactionContext(),
        );
      const bestaand = await tx.findOne(HwcSignaalEntity, {
        persoonId: kind.id,
        school: s.code,
        incidentdatum: invoer.incidentdatum,
        ingetrokkenOp: null,
      });
      if (bestaand) return (await vtViews(tx, ctx, [bestaand], nu))[0];

      const vregio = kalender.regioVoor(regio, s.schoolvakantieregio);
      const leverenVoor = kalender.leverenVoor(nu, vregio);
      const inzage = ctx.config.hwc.inzageSchooldagen;
      const toegangTot = kalender.lesstartOp(
        kalender.plusSchooldagen(ctx.termijnRegels.kalender.lokaleDatum(leverenVoor), inzage, vregio),
      );
      const signaal = tx.create(HwcSignaalEntity, {
        vtOrganisatie: regio,
        casusId: casus.id,
        persoonId: kind.id,
        school: s.code,
        incidentdatum: invoer.incidentdatum,
        grondslag: invoer.grondslag.trim(),
        schoolvakantieregio: vregio,
        aangemaaktOp: nu,
        aangemaaktDoor: ctx.actor.sub,
        leverenVoor,
        toegangTot,
      });
      tx.create(HwcSignaalInhoudEntity, {
        signaalId: signaal.id,
        vtOrganisatie: regio,
        ontvanger: s.code,
        voornamen: kind.voornamen ?? null,
        achternaam: kind.achternaam ?? null,
        geboortedatum,
      });
      signaal.gebeurtenisId = await schrijfGebeurtenis(tx, {
        ontvanger: s.code,
        type: GebeurtenisType.HWC_SIGNAAL,
        objectType: 'HwcSignaal',
        objectId: signaal.id,
        vtOrganisatie: regio,
        casusId: signaal.casusId,
        op: nu,
      });
      // The school's acknowledgement is a termijn: due at lesson start, escalated to the teamleider when missed.
      nieuw.push(
        termijnService.open(tx, ctx.termijnRegels, {
          vtOrganisatie: regio,
          casusId: casus.id,
          object: { hwcSignaalId: signaal.id },
          soort: TermijnSoort.HWC_ONTVANGSTBEVESTIGING,
          tijdstip: { van: nu, tot: leverenVoor },
          verantwoordelijke: ctx.actor.sub,
        }),
      );
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'HWC_SIGNAAL_VERSTUREN',
        actie: 'C',
        vtOrganisatie: regio,
        objectType: 'HwcSignaal',
        objectId: signaal.id,
        persoonIds: [kind.id],
        velden: ['voornamen', 'achternaam', 'geboortedatum', 'codewoord', 'school', 'incidentdatum', 'grondslag'],
        grondslag: signaal.grondslag,
        ...(await noodFeit(tx, ctx, casus)),
      });
      ctx.log.info({ signaalId: signaal.id, regio, leverenVoor }, 'Handle with Care-signaal verstuurd');
      return (await vtViews(tx, ctx, [signaal], nu))[0];
    });
    await planNaCommit(ctx, nieuw);
    auditLezen(ctx, view, velden);
    return view;
  },

  /**
   * The school acknowledges receipt. Idempotent: a second call returns the first acknowledgement unchanged (also
   * after the signal's access ended, so the school can always show it acknowledged). A withdrawn or expired signal
   * that was never acknowledged is NOT_FOUND.
   */
  async bevestigen(ctx: RequestContext, signaalId: string): Promise<HwcOntvangstbevestigingView> {
    const school = ctx.actor.organisatie.code;
    if (ctx.actor.organisatie.soort !== 'SCHOOL') throw geenToegang();
    if (!isUuid(signaalId)) throw nietGevonden('Het signaal');
    const nu = ctx.clock.now();
    return inKetenScope(ctx, { partner: school }, async (tx) => {
      const s = await tx.findOne(HwcSignaalEntity, { id: signaalId, school }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!s) throw nietGevonden('Het signaal');
      // The school's own acknowledgement stands whatever happened since (withdrawal, end of access): a repeat.
      const eerder = HwcOntvangstbevestigingView.van(s);
      if (eerder) return eerder;
      controleerStap(hwcProces, hwcStatus(s, nu), 'BEVESTIGEN', ctx.actor.rol);
      // Not a state but the school's access window: after it the signal no longer exists for the school.
      if (nu >= s.toegangTot) throw nietGevonden('Het signaal');
      s.bevestigdOp = nu;
      s.bevestigdDoor = ctx.actor.sub;
      await termijnService.sluitVoor(tx, { hwcSignaalId: s.id }, TermijnStatus.VOLDAAN, nu);
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'HWC_ONTVANGST_BEVESTIGEN',
        actie: 'U',
        vtOrganisatie: s.vtOrganisatie,
        objectType: 'HwcSignaal',
        objectId: s.id,
        persoonIds: [s.persoonId],
        velden: ['bevestigdOp', 'bevestigdDoor'],
      });
      return HwcOntvangstbevestigingView.van(s) as HwcOntvangstbevestigingView;
    });
  },

  /** VT withdraws a signal (sent in error, wrong school): the school's access ends at once. */
  async intrekken(ctx: RequestContext, signaalId: string, reden: string, velden: string[]): Promise<HwcSignaalView> {
    const regio = vtRegioVan(ctx);
    if (!reden.trim() || reden.length > 1000) {
      throw ongeldigeInvoer([{ veld: 'reden', code: 'ONGELDIG', melding: 'Geef een reden van 1 tot 1000 tekens.' }]);
    }
    if (!isUuid(signaalId)) throw nietGevonden('Het signaal');
    const nu = ctx.clock.now();
    const view = await inKetenScope(ctx, { vtOrganisatie: regio }, async (tx) => {
      const s = await tx.findOne(
        HwcSignaalEntity,
        { id: signaalId, vtOrganisatie: regio, ...casusToegangFilter(ctx, 'casus_id') },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!s) throw await nietToegankelijk(tx, 'hwc_signaal', signaalId, regio, 'Het signaal');
      const huidig = hwcStatus(s, nu);
      // Withdrawing a withdrawn signal is a repeat: nothing changes.
      if (controleerStap(hwcProces, huidig, 'INTREKKEN', ctx.actor.rol) !== huidig) {
        s.ingetrokkenOp = nu;
        s.ingetrokkenDoor = ctx.actor.sub;
        s.intrekkingsreden = reden.trim();
        await schrijfGebeurtenis(tx, {
          ontvanger: s.school,
          type: GebeurtenisType.HWC_INGETROKKEN,
          objectType: 'HwcSignaal',
          objectId: s.id,
          vtOrganisatie: regio,
          casusId: s.casusId,
          op: nu,
        });
        await termijnService.sluitVoor(tx, { hwcSignaalId: s.id }, TermijnStatus.GEANNULEERD, nu);
        await tx.flush();
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'HWC_SIGNAAL_INTREKKEN',
          actie: 'U',
          vtOrganisatie: regio,
          objectType: 'HwcSignaal',
          objectId: s.id,
          persoonIds: [s.persoonId],
          velden: ['ingetrokkenOp', 'intrekkingsreden'],
          ...(await noodFeit(tx, ctx, s.casusId)),
        });
      }
      return (await vtViews(tx, ctx, [s], nu))[0];
    });
    auditLezen(ctx, view, velden);
    return view;
  },
};
