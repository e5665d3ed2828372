import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

import { REDACTIE_VELD_PREFIX, VERNIETIGING_GEBEURTENIS } from '../audit/audit-redactie';
import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, procesFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { controleerStap } from '../lib/werkstroom';
import { BewaarGrond, datumInNederland, plusJaren } from './bewaring.datum';
import { BEWARING_KOLOMMEN, type CasusBewaring, laadBewaring } from './bewaring.feiten';
import { type BewaringStap, BewaringStatus, bewaringProces } from './bewaring.proces';
import {
  type BewaringRij,
  BewaringView,
  type MaatregelUitkomst,
  REDEN_MAX,
  REDEN_MIN,
  type VroegtijdigVerzoeker,
} from './bewaring.types';
import { vernietigDossier } from './vernietiging';

/** A reason as the privacy officer typed it, or BAD_USER_INPUT naming the field. */
function reden(veld: string, waarde: string): string {
  const t = waarde.trim();
  if (t.length < REDEN_MIN || t.length > REDEN_MAX) {
    throw ongeldigeInvoer([
      {
        veld,
        code: t.length === 0 ? 'VERPLICHT' : t.length < REDEN_MIN ? 'TE_KORT' : 'TE_LANG',
        melding: `Geef in ${REDEN_MIN} tot ${REDEN_MAX} tekens de reden; die blijft bij het dossier.`,
      },
    ]);
  }
  return t;
}

const status = (b: CasusBewaring): BewaringStatus =>
  (b.rij?.status === 'GOEDGEKEURD' ? BewaringStatus.VOORGESTELD : (b.rij?.status as BewaringStatus)) ??
  BewaringStatus.BEWAREN;

const view = (b: CasusBewaring): BewaringView => BewaringView.van(b.vtOrganisatie, b.casusId, b.rij, b.termijn);

/** The casus of the caller's region with its retention, locked for a change; NOT_FOUND for another region's. */
async function laad(tx: EntityManager, regio: string, casusId: string): Promise<CasusBewaring> {
  if (!isUuid(casusId)) throw nietGevonden('De casus');
  const b = (await laadBewaring(tx, [casusId], true)).get(casusId);
  if (!b || b.vtOrganisatie !== regio) throw nietGevonden('De casus');
  return b;
}

/** Makes sure the casus has a bewaring row (state BEWAREN) and returns its id. */
async function zorgVoorRij(tx: EntityManager, b: CasusBewaring): Promise<string> {
  if (b.rij) return b.rij.id;
  const id = randomUUID();
  await tx
    .getConnection()
    .execute(
      `insert into bewaring (id, vt_organisatie, casus_id, status, gesloten_op) values (?, ?, ?, 'BEWAREN', ?)`,
      [id, b.vtOrganisatie, b.casusId, b.feiten.geslotenOp],
      'run',
      tx.getTransactionContext(),
    );
  return id;
}

async function werkBij(tx: EntityManager, id: string, zet: string, params: unknown[]): Promise<void> {
  await tx
    .getConnection()
    .execute(
      `update bewaring set ${zet}, versie = versie + 1 where id = ?`,
      [...params, id],
      'run',
      tx.getTransactionContext(),
    );
}

/**
 * Retention of VT dossiers (DOMAIN.md §4.4, issue 17.5): the date and its grounds, the legal hold, the review (propose,
 * keep, approve by a second person) and destruction. Every step is checked against bewaringProces; every read is
 * audited under the casus (which a destruction later redacts), the tombstone under the bewaring id.
 */
export const bewaringService = {
  async lees(ctx: RequestContext, casusId: string): Promise<BewaringView> {
    const regio = vtRegioVan(ctx);
    const b = await inRegio(ctx, regio, (tx) => laad(tx, regio, casusId));
    ctx.audit.lees({
      gebeurtenis: 'BEWARING_LEZEN',
      actie: 'R',
      vtOrganisatie: regio,
      objectType: 'Casus',
      objectId: b.casusId,
      velden: ['bewaring'],
    });
    return view(b);
  },

  /** The region's dossiers in retention work, by state (the review job's list: TE_BEOORDELEN), oldest first. */
  async lijst(ctx: RequestContext, filter: BewaringStatus | undefined): Promise<BewaringView[]> {
    const regio = vtRegioVan(ctx);
    return inRegio(ctx, regio, async (tx) => {
      const conn = tx.getConnection();
      const rijen = await conn.execute<BewaringRij[]>(
        `select ${BEWARING_KOLOMMEN} from bewaring b where b.vt_organisatie = ? ${filter ? 'and b.status = ?' : ''}
          order by coalesce(b.te_beoordelen_sinds, b.vernietigd_op, b.legal_hold_op), b.id limit 500`,
        filter ? [regio, filter] : [regio],
        'all',
        tx.getTransactionContext(),
      );
      const levend = await laadBewaring(
        tx,
        rijen.flatMap((r) => (r.casus_id ? [r.casus_id] : [])),
      );
      return rijen.map((r) => {
        const b = r.casus_id ? levend.get(r.casus_id) : undefined;
        ctx.audit.lees({
          gebeurtenis: 'BEWARING_LEZEN',
          actie: 'R',
          vtOrganisatie: regio,
          objectType: b ? 'Casus' : 'Bewaring',
          objectId: b ? b.casusId : r.id,
          velden: ['bewaring'],
        });
        return b ? view(b) : BewaringView.van(regio, null, r, null);
      });
    });
  },

  async legalHold(ctx: RequestContext, casusId: string, zetten: boolean, tekst: string): Promise<BewaringView> {
    const regio = vtRegioVan(ctx);
    const r = reden('reden', tekst);
    const stap: BewaringStap = zetten ? 'LEGAL_HOLD_ZETTEN' : 'LEGAL_HOLD_OPHEFFEN';
    return inRegio(ctx, regio, async (tx) => {
      const b = await laad(tx, regio, casusId);
      controleerStap(bewaringProces, status(b), stap, ctx.actor.rol);
      if (!zetten && !b.feiten.legalHold) throw procesFout('GEEN_LEGAL_HOLD', 'Op dit dossier staat geen legal hold.');
      const id = await zorgVoorRij(tx, b);
      await werkBij(tx, id, 'legal_hold = ?, legal_hold_reden = ?, legal_hold_door = ?, legal_hold_op = ?', [
        zetten,
        zetten ? r : `Opgeheven: ${r}`,
        ctx.actor.sub,
        ctx.clock.now(),
      ]);
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: zetten ? 'LEGAL_HOLD_ZETTEN' : 'LEGAL_HOLD_OPHEFFEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Casus',
        objectId: b.casusId,
        velden: ['legalHold', 'legalHoldReden'],
      });
      return view(await laad(tx, regio, casusId));
    });
  },

  /**
   * Records that the child-protection measure that held the file ended on `einde` (or that none was imposed): the file
   * is no longer held for it, and its date becomes the later of the rule's date and that end. The GI or the Raad tells
   * VT (DOMAIN.md §9.4: the GI returns cases under a measure); the privacy officer or the teamleider records it. A
   * measure that begins after the recorded end holds the file again.
   */
  async maatregelEinde(
    ctx: RequestContext,
    casusId: string,
    einde: string,
    uitkomst: MaatregelUitkomst,
  ): Promise<BewaringView> {
    const regio = vtRegioVan(ctx);
    if (einde > datumInNederland(ctx.clock.now())) {
      throw ongeldigeInvoer([
        { veld: 'einde', code: 'IN_DE_TOEKOMST', melding: 'Leg het einde vast als de maatregel geëindigd is.' },
      ]);
    }
    return inRegio(ctx, regio, async (tx) => {
      const b = await laad(tx, regio, casusId);
      controleerStap(bewaringProces, status(b), 'MAATREGEL_EINDE', ctx.actor.rol);
      if (!b.maatregelSinds) {
        throw procesFout(
          'GEEN_MAATREGEL',
          'Bij dit dossier is geen maatregel bekend (geen geaccepteerde overdracht aan een GI of onderzoek door de Raad).',
        );
      }
      if (einde < b.maatregelSinds) {
        throw ongeldigeInvoer([
          {
            veld: 'einde',
            code: 'VOOR_BEGIN',
            melding: `De maatregel begon op ${b.maatregelSinds}; het einde ligt niet daarvoor.`,
          },
        ]);
      }
      const id = await zorgVoorRij(tx, b);
      await werkBij(
        tx,
        id,
        'maatregel_einde = ?, maatregel_uitkomst = ?, maatregel_einde_door = ?, maatregel_einde_vastgelegd_op = ?',
        [einde, uitkomst, ctx.actor.sub, ctx.clock.now()],
      );
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'MAATREGEL_EINDE_VASTLEGGEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Casus',
        objectId: b.casusId,
        velden: ['maatregelEinde', 'maatregelUitkomst'],
      });
      return view(await laad(tx, regio, casusId));
    });
  },

  /**
   * Proposes destruction: after the review job offered the dossier, or early on request (parents, young people from
   * 12), which may not precede the youngest child's 18th birthday. Refused while the casus is open, on hold, or a
   * measure may need the file.
   */
  async voorstellen(
    ctx: RequestContext,
    casusId: string,
    motivering: string,
    verzoeker: VroegtijdigVerzoeker | undefined,
  ): Promise<BewaringView> {
    const regio = vtRegioVan(ctx);
    const m = reden('motivering', motivering);
    const vandaag = datumInNederland(ctx.clock.now());
    return inRegio(ctx, regio, async (tx) => {
      const b = await laad(tx, regio, casusId);
      controleerStap(bewaringProces, status(b), verzoeker ? 'VROEGTIJDIG_VOORSTELLEN' : 'VOORSTELLEN', ctx.actor.rol);
      blokkades(b);
      const vroegst = b.termijn.vroegsteVernietigingOp;
      if (verzoeker && vroegst && vandaag < vroegst) {
        throw procesFout(
          'KIND_MINDERJARIG',
          `Het dossier blijft bestaan tot het jongste kind 18 is (${vroegst}); vroegtijdige vernietiging kan vanaf die datum.`,
          { vroegsteVernietigingOp: vroegst },
        );
      }
      const id = await zorgVoorRij(tx, b);
      await werkBij(
        tx,
        id,
        `status = 'VOORGESTELD', motivering = ?, voorgesteld_door = ?, voorgesteld_op = ?, vroegtijdig_verzoeker = ?`,
        [m, ctx.actor.sub, ctx.clock.now(), verzoeker ?? null],
      );
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'VERNIETIGING_VOORSTELLEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Casus',
        objectId: b.casusId,
        velden: ['status', 'motivering', ...(verzoeker ? ['vroegtijdigVerzoeker'] : [])],
      });
      return view(await laad(tx, regio, casusId));
    });
  },

  /** The review keeps the file: back to BEWAREN, not offered again before `uitgesteldTot` (default a year). */
  async afwijzen(
    ctx: RequestContext,
    casusId: string,
    motivering: string,
    uitgesteldTot: string | undefined,
  ): Promise<BewaringView> {
    const regio = vtRegioVan(ctx);
    const m = reden('motivering', motivering);
    const vandaag = datumInNederland(ctx.clock.now());
    const tot = uitgesteldTot ?? plusJaren(vandaag, 1);
    if (tot <= vandaag) {
      throw ongeldigeInvoer([
        { veld: 'uitgesteldTot', code: 'NIET_IN_TOEKOMST', melding: 'Uitstel loopt tot een datum na vandaag.' },
      ]);
    }
    return inRegio(ctx, regio, async (tx) => {
      const b = await laad(tx, regio, casusId);
      controleerStap(bewaringProces, status(b), 'AFWIJZEN', ctx.actor.rol);
      await werkBij(
        tx,
        b.rij!.id,
        `status = 'BEWAREN', motivering = ?, uitgesteld_tot = ?, te_beoordelen_sinds = null, voorgesteld_door = null,
         voorgesteld_op = null, vroegtijdig_verzoeker = null`,
        [m, tot],
      );
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'VERNIETIGING_AFWIJZEN',
        actie: 'U',
        vtOrganisatie: regio,
        objectType: 'Casus',
        objectId: b.casusId,
        velden: ['status', 'motivering', 'uitgesteldTot'],
      });
      return view(await laad(tx, regio, casusId));
    });
  },

  /**
   * The second person approves, and the dossier is destroyed in the same transaction (src/bewaring/vernietiging.ts).
   * Returns the tombstone. Four eyes: the proposer cannot approve.
   */
  async goedkeuren(ctx: RequestContext, casusId: string): Promise<BewaringView> {
    const regio = vtRegioVan(ctx);
    const nu = ctx.clock.now();
    const graf = await inRegio(ctx, regio, async (tx) => {
      const b = await laad(tx, regio, casusId);
      controleerStap(bewaringProces, status(b), 'GOEDKEUREN', ctx.actor.rol);
      if (b.rij!.voorgesteld_door === ctx.actor.sub) {
        throw procesFout(
          'VIER_OGEN',
          'U stelde deze vernietiging voor; een andere privacy officer of de teamleider keurt haar goed.',
        );
      }
      blokkades(b);
      const id = b.rij!.id;
      await werkBij(tx, id, `status = 'GOEDGEKEURD', goedgekeurd_door = ?`, [ctx.actor.sub]);
      const v = await vernietigDossier(tx, id, b.casusId);
      await werkBij(
        tx,
        id,
        `vernietigd_op = ?, verwijderd = ?::jsonb, motivering = null, legal_hold_reden = null, uitgesteld_tot = null`,
        [nu, JSON.stringify(v.aantallen)],
      );
      // The tombstone: by the bewaring id only, with the digest over the redactions (audit-redactie.ts).
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: VERNIETIGING_GEBEURTENIS,
        actie: 'D',
        vtOrganisatie: regio,
        objectType: 'Bewaring',
        objectId: id,
        velden: [`${REDACTIE_VELD_PREFIX}${v.digest}`],
      });
      const [rij] = await tx
        .getConnection()
        .execute<BewaringRij[]>(
          `select ${BEWARING_KOLOMMEN} from bewaring b where b.id = ?`,
          [id],
          'all',
          tx.getTransactionContext(),
        );
      return BewaringView.van(regio, null, rij, null);
    });
    ctx.log.info({ bewaringId: graf.id, regio }, 'dossier vernietigd');
    return graf;
  },
};

/** What blocks destruction whatever the state: an open casus, a legal hold, a measure. */
function blokkades(b: CasusBewaring): void {
  const g = b.termijn.gronden;
  if (g.includes(BewaarGrond.CASUS_OPEN)) throw procesFout('CASUS_OPEN', 'De casus loopt nog; sluit haar eerst af.');
  if (g.includes(BewaarGrond.LEGAL_HOLD)) {
    throw procesFout('LEGAL_HOLD', 'Op dit dossier staat een legal hold; hef die eerst op (met reden).');
  }
  if (g.includes(BewaarGrond.KINDERBESCHERMINGSMAATREGEL)) {
    throw procesFout(
      'KINDERBESCHERMINGSMAATREGEL',
      'Een kinderbeschermingsmaatregel kan dit dossier nodig hebben (overdracht aan een GI of onderzoek door de Raad).',
    );
  }
}
