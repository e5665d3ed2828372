import { createHash } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import { vtRegioVan } from '../auth/actor';
import { registreerMeldingInTransactie } from '../casussen/casus.intake';
import { beoordeelInTransactie, controleerBeoordeling } from '../casussen/casus.beoordeling';
import { afspraakInTransactie, contactInTransactie, lopendeDienst } from '../casussen/casus.afspraken';
import { overgangInTransactie } from '../casussen/casus.diensten';
import type { CasusEntity } from '../casussen/casus.entity';
import { auditWijziging, flushOfConflict, laadCasus, type Nieuw, stapMoment } from '../casussen/casus.stap';
import type { RequestContext } from '../lib/context';
import { procesFout, type VeldFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { MeldingEntity } from '../meldingen/melding.entity';
import { controleerMelding } from '../meldingen/melding.service';
import { TermijnEntity } from '../termijnen/termijn.entity';
import { planNaCommit } from '../termijnen/termijn.service';
import { HistorieImportEntity } from './historie.entity';
import {
  type HistorieDossierInvoer,
  HistorieDossierResultaat,
  HistorieFout,
  HistorieImportResultaat,
  HistorieImportStatus,
  type HistorieStapInvoer,
} from './historie.types';

/**
 * The history import (issue 16.6): a region that adopts Ketenpoort loads years of files. Each dossier becomes one
 * casus through the same process code as the live mutations (intake, assessment, the transition table, afspraken,
 * monitoring contacts), every step on the date it happened, in time order. What must hold:
 * - all or nothing per dossier: one transaction; a refused step rolls the whole dossier back and is reported by
 *   index with its stable code; the other dossiers go on;
 * - idempotent per dossier: (region, bronId) with a fingerprint of its content; a re-run changes nothing, a changed
 *   dossier under a known id is refused (ANDERE_INHOUD);
 * - no reminders or escalations for the past: every termijn of the dossier that had ended at import time is marked
 *   historisch (never planned, never notified, not overdue now) and kept for the analyst; the rest are planned;
 * - audited: the meldingen as at intake, and one record per dossier for its steps, in the dossier's transaction.
 */
export const historieService = {
  async importeer(ctx: RequestContext, dossiers: HistorieDossierInvoer[]): Promise<HistorieImportResultaat> {
    const regio = vtRegioVan(ctx);
    const uit: HistorieDossierResultaat[] = [];
    const gezien = new Set<string>();
    for (const d of dossiers) {
      if (gezien.has(d.bronId)) {
        uit.push(
          geweigerd(d.bronId, [fout('DUBBEL_IN_AANLEVERING', 'Dit bronId komt twee keer in de aanlevering voor.')]),
        );
        continue;
      }
      gezien.add(d.bronId);
      uit.push(await importeerDossier(ctx, regio, d));
    }
    const tel = (s: HistorieImportStatus): number => uit.filter((r) => r.status === s).length;
    return Object.assign(new HistorieImportResultaat(), {
      dossiers: uit,
      geimporteerd: tel(HistorieImportStatus.GEIMPORTEERD),
      alGeimporteerd: tel(HistorieImportStatus.AL_GEIMPORTEERD),
      geweigerd: tel(HistorieImportStatus.GEWEIGERD),
    });
  },
};

/** The fingerprint of a dossier: SHA-256 over its content with keys sorted, dates as ISO strings. */
export function vingerafdruk(d: HistorieDossierInvoer): string {
  const canoniek = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(canoniek);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .filter((k) => (v as Record<string, unknown>)[k] != null)
          .sort()
          .map((k) => [k, canoniek((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canoniek(d)))
    .digest('hex');
}

function fout(code: string, bericht: string, plek: Partial<Pick<HistorieFout, 'melding' | 'stap' | 'veld'>> = {}) {
  return Object.assign(new HistorieFout(), { melding: null, stap: null, veld: null, ...plek, code, bericht });
}

function geweigerd(bronId: string, fouten: HistorieFout[]): HistorieDossierResultaat {
  return Object.assign(new HistorieDossierResultaat(), {
    bronId,
    status: HistorieImportStatus.GEWEIGERD,
    casusId: null,
    historischeTermijnen: 0,
    fouten,
  });
}

/** A refusal as per-record errors: field errors one by one, a process refusal by its reason; a bug is not echoed. */
function alsFouten(e: unknown, plek: { melding?: number; stap?: number }): HistorieFout[] {
  if (!(e instanceof GraphQLError)) throw e;
  const x = e.extensions as { code?: string; reden?: string; fouten?: VeldFout[] };
  if (x.fouten?.length) return x.fouten.map((f) => fout(f.code, f.melding, { ...plek, veld: f.veld }));
  return [fout(x.reden ?? x.code ?? 'GEWEIGERD', e.message, plek)];
}

/** A step or melding that failed, with where; thrown inside the transaction so that it rolls back. */
class DossierGeweigerd extends Error {
  constructor(readonly fouten: HistorieFout[]) {
    super('dossier geweigerd');
  }
}

type Gebeurtenis = { op: Date; melding: number } | { op: Date; stap: number };

async function importeerDossier(
  ctx: RequestContext,
  regio: string,
  d: HistorieDossierInvoer,
): Promise<HistorieDossierResultaat> {
  const afdruk = vingerafdruk(d);
  const nu = ctx.clock.now();
  // Checks that need no database: every melding and every step's shape, all reported at once.
  const vooraf: HistorieFout[] = [];
  d.meldingen.forEach((m, i) => {
    try {
      controleerMelding(m, nu);
    } catch (e) {
      vooraf.push(...alsFouten(e, { melding: i }));
    }
  });
  d.stappen.forEach((s, i) => {
    const soorten = [s.beoordeling, s.overgang, s.veiligheidsafspraak, s.monitoringcontact].filter(Boolean).length;
    if (soorten !== 1) {
      vooraf.push(
        fout(
          'EEN_SOORT_PER_STAP',
          'Geef per stap precies één van beoordeling, overgang, veiligheidsafspraak of monitoringcontact.',
          { stap: i },
        ),
      );
    }
    if (s.beoordeling && s.beoordeling.melding >= d.meldingen.length) {
      vooraf.push(
        fout('ONBEKENDE_MELDING', 'De stap noemt een melding die het dossier niet heeft.', {
          stap: i,
          veld: 'beoordeling.melding',
        }),
      );
    }
  });
  if (vooraf.length) return geweigerd(d.bronId, vooraf);

  try {
    const r = await inRegio(ctx, regio, async (tx) => {
      const bekend = await tx.findOne(HistorieImportEntity, { vtOrganisatie: regio, bronId: d.bronId });
      if (bekend) {
        if (bekend.vingerafdruk !== afdruk) {
          throw new DossierGeweigerd([
            fout('ANDERE_INHOUD', 'Dit dossier is eerder met een andere inhoud geïmporteerd; er is niets gewijzigd.'),
          ]);
        }
        return { casusId: bekend.casusId, status: HistorieImportStatus.AL_GEIMPORTEERD, historisch: 0, nieuw: [] };
      }
      return { ...(await laadDossier(ctx, tx, regio, d, afdruk)), status: HistorieImportStatus.GEIMPORTEERD };
    });
    await planNaCommit(ctx, r.nieuw);
    return Object.assign(new HistorieDossierResultaat(), {
      bronId: d.bronId,
      status: r.status,
      casusId: r.casusId,
      historischeTermijnen: r.historisch,
      fouten: [],
    });
  } catch (e) {
    if (e instanceof DossierGeweigerd) return geweigerd(d.bronId, e.fouten);
    return geweigerd(d.bronId, alsFouten(e, {}));
  }
}

/** Writes one dossier inside its transaction, in time order; throws DossierGeweigerd on the first refusal. */
async function laadDossier(
  ctx: RequestContext,
  tx: EntityManager,
  regio: string,
  d: HistorieDossierInvoer,
  afdruk: string,
): Promise<{ casusId: string; historisch: number; nieuw: Nieuw }> {
  // Time order; at the same moment a melding comes before the steps that follow from it, and input order holds.
  const volgorde: Gebeurtenis[] = [
    ...d.meldingen.map((m, i) => ({ op: m.ontvangenOp, melding: i })),
    ...d.stappen.map((s, i) => ({ op: s.plaatsgevondenOp, stap: i })),
  ].sort((a, b) => a.op.getTime() - b.op.getTime() || ('melding' in a ? -1 : 0) - ('melding' in b ? -1 : 0));
  const meldingIds: (string | undefined)[] = [];
  let casus: CasusEntity | undefined;
  const nieuw: Nieuw = [];
  for (const g of volgorde) {
    const plek = 'melding' in g ? { melding: g.melding } : { stap: g.stap };
    try {
      if ('melding' in g) {
        const r = await registreerMeldingInTransactie(ctx, tx, regio, d.meldingen[g.melding], {});
        nieuw.push(...r.nieuw);
        meldingIds[g.melding] = r.id;
        const m = await tx.findOneOrFail(MeldingEntity, { id: r.id });
        if (!casus) {
          if (m.eerdereBetrokkenheid?.startsWith('VERVOLGMELDING')) {
            throw procesFout(
              'BESTAANDE_CASUS',
              'Een persoon van dit dossier heeft al een open casus in Ketenpoort; importeer de geschiedenis niet over een lopende casus heen.',
            );
          }
          casus = await laadCasus(tx, regio, m.casusId as string, true);
        } else if (m.casusId !== casus.id) {
          throw procesFout(
            'ANDERE_CASUS',
            'Deze melding komt niet in de casus van het dossier (andere personen, of de casus was gesloten); splits het dossier: één casus per dossier.',
          );
        }
      } else {
        if (!casus) throw procesFout('STAP_VOOR_MELDING', 'Deze stap ligt vóór de eerste melding van het dossier.');
        nieuw.push(...(await voerStapUit(ctx, tx, casus, d.stappen[g.stap], meldingIds)));
      }
      await flushOfConflict(tx);
    } catch (e) {
      if (e instanceof DossierGeweigerd) throw e;
      throw new DossierGeweigerd(alsFouten(e, plek));
    }
  }
  const c = casus as CasusEntity;
  // The past stays the past: what had ended by now is historical, never reminded or escalated.
  const nu = ctx.clock.now();
  const verstreken = await tx.find(TermijnEntity, { casusId: c.id, vervaltOp: { $lte: nu } });
  for (const t of verstreken) t.historisch = true;
  tx.create(HistorieImportEntity, {
    vtOrganisatie: regio,
    bronId: d.bronId,
    casusId: c.id,
    vingerafdruk: afdruk,
    geimporteerdOp: nu,
    geimporteerdDoor: ctx.actor.sub,
  });
  await flushOfConflict(tx);
  await auditWijziging(ctx, tx, c, {
    gebeurtenis: 'HISTORIE_IMPORTEREN',
    actie: 'C',
    objectType: 'Casus',
    objectId: c.id,
    velden: ['meldingen', 'stappen', 'bronId'],
  });
  const historisch = new Set(verstreken.map((t) => t.id));
  return { casusId: c.id, historisch: historisch.size, nieuw: nieuw.filter((t) => !historisch.has(t.id)) };
}

/** One step of the dossier through the live process code, on the date it happened. */
async function voerStapUit(
  ctx: RequestContext,
  tx: EntityManager,
  casus: CasusEntity,
  s: HistorieStapInvoer,
  meldingIds: (string | undefined)[],
): Promise<Nieuw> {
  const plaatsgevondenOp = s.plaatsgevondenOp;
  if (s.beoordeling) {
    const b = s.beoordeling;
    const meldingId = meldingIds[b.melding];
    if (!meldingId) {
      throw procesFout('MELDING_NOG_NIET_ONTVANGEN', 'De beoordeelde melding was toen nog niet ontvangen.');
    }
    const invoer = {
      meldingId,
      taxatie: b.taxatie,
      uitkomst: b.uitkomst,
      vervolg: b.vervolg,
      toelichting: b.toelichting,
      plaatsgevondenOp,
    };
    controleerBeoordeling(invoer);
    const melding = await tx.findOneOrFail(MeldingEntity, { id: meldingId }, { populate: ['melder'] });
    return (await beoordeelInTransactie(ctx, tx, melding, casus, invoer)).nieuw;
  }
  if (s.overgang) {
    return overgangInTransactie(ctx, tx, casus, { casusId: casus.id, ...s.overgang, plaatsgevondenOp });
  }
  // Afspraken and contacts have a day; they too keep the casus's order.
  await stapMoment(ctx, tx, casus, plaatsgevondenOp);
  const dag = ctx.termijnRegels.kalender.lokaleDatum(plaatsgevondenOp);
  if (s.veiligheidsafspraak) {
    afspraakInTransactie(
      ctx,
      tx,
      casus,
      { casusId: casus.id, ...s.veiligheidsafspraak, overeengekomenOp: dag },
      await lopendeDienst(tx, casus),
    );
    return [];
  }
  const c = s.monitoringcontact as NonNullable<HistorieStapInvoer['monitoringcontact']>;
  return contactInTransactie(ctx, tx, casus, { casusId: casus.id, ...c, contactOp: dag });
}
