import { vtRegioVan } from '../auth/actor';
import type { RequestContext } from '../lib/context';
import { ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { inRegio } from '../lib/regio';
import { TermijnEntity, TermijnStatus } from '../termijnen/termijn.entity';
import { laadCasusVoor } from './casus-toegang';
import { flushOfConflict, procesFout } from './casus.stap';
import { auditCasus, volledigeView } from './casus.view';
import type { CasusView } from './casus.types';
import { CasusFase } from './proces';

const SUBJECT = /^[\x21-\x7e]{1,255}$/;
const TEAMCODE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The teamleider assigns a casus: to a behandelaar (who then also holds its open termijnen), to a team (whose members
 * then read it), or both. What is not given stays as it was. Assignment is what opens a casus to a medewerker.
 */
export async function casusToewijzen(
  ctx: RequestContext,
  casusId: string,
  toewijzing: { medewerker?: string; team?: string },
  velden: string[],
): Promise<CasusView> {
  const regio = vtRegioVan(ctx);
  const fouten: VeldFout[] = [];
  const { medewerker, team } = toewijzing;
  if (medewerker === undefined && team === undefined) {
    fouten.push({
      veld: 'medewerker',
      code: 'VERPLICHT',
      melding: 'Geef een medewerker (subject), een team, of beide.',
    });
  }
  if (medewerker !== undefined && !SUBJECT.test(medewerker)) {
    fouten.push({
      veld: 'medewerker',
      code: 'ONGELDIG',
      melding: 'Geef het subject (sub) van de medewerker, 1 tot 255 tekens zonder spaties.',
    });
  }
  if (team !== undefined && !TEAMCODE.test(team)) {
    fouten.push({
      veld: 'team',
      code: 'ONGELDIG',
      melding:
        'Geef de teamcode zoals de identity provider hem in ketenpoort_teams zet: 1 tot 64 letters, cijfers, punt, streep of liggend streepje.',
    });
  }
  if (fouten.length) throw ongeldigeInvoer(fouten);
  const view = await inRegio(ctx, regio, async (tx) => {
    const casus = await laadCasusVoor(ctx, tx, regio, casusId, true);
    if (casus.fase === CasusFase.AFGESLOTEN) {
      throw procesFout('VERKEERDE_FASE', 'Een afgesloten casus wordt niet meer toegewezen.');
    }
    if (medewerker !== undefined) {
      casus.verantwoordelijke = medewerker;
      for (const t of await tx.find(TermijnEntity, { casusId: casus.id, status: TermijnStatus.OPEN })) {
        t.verantwoordelijke = medewerker;
      }
    }
    if (team !== undefined) casus.team = team;
    await flushOfConflict(tx);
    const gewijzigd = [
      ...(medewerker !== undefined ? ['verantwoordelijke'] : []),
      ...(team !== undefined ? ['team'] : []),
    ];
    await ctx.audit.inTransactie(tx, {
      gebeurtenis: 'CASUS_TOEWIJZEN',
      actie: 'U',
      vtOrganisatie: regio,
      objectType: 'Casus',
      objectId: casus.id,
      velden: gewijzigd,
    });
    return volledigeView(tx, ctx, casus);
  });
  auditCasus(ctx, view, velden);
  return view;
}
