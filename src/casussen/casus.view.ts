import type { EntityManager } from '@mikro-orm/postgresql';

import { noodAudit } from '../beleid/casustoegang.sql';
import type { RequestContext } from '../lib/context';
import { MeldingEntity } from '../meldingen/melding.entity';
import { TermijnEntity } from '../termijnen/termijn.entity';
import { TermijnView } from '../termijnen/termijn.types';
import { casusToegangVan } from './casus-toegang';
import {
  type CasusEntity,
  CasusOvergangEntity,
  CasusPersoonEntity,
  DienstEntity,
  MonitoringcontactEntity,
  OnderzoekUitkomstEntity,
  VeiligheidsafspraakEntity,
  VeiligheidsbeoordelingEntity,
  VerzoekTotOnderzoekEntity,
} from './casus.entity';
import {
  CasusOvergangView,
  CasusView,
  DienstView,
  MonitoringcontactView,
  OnderzoekUitkomstView,
  VeiligheidsafspraakView,
  VeiligheidsbeoordelingView,
  VerzoekTotOnderzoekView,
} from './casus.types';
import { toegestaneOvergangen } from './casus.lezen';

/**
 * The whole casus as the API shows it, from a loaded entity (after a change, and the reference read path
 * LEESPAD=entiteiten; reads use casus.lezen.ts), with its need-to-know data (`casusToegang`) on it and on its assessments. */
export async function volledigeView(tx: EntityManager, ctx: RequestContext, casus: CasusEntity): Promise<CasusView> {
  const nu = ctx.clock.now();
  // One after the other: a transaction is one connection, and pg refuses (deprecates) overlapping queries on it.
  const meldingen = await tx.find(
    MeldingEntity,
    { casusId: casus.id },
    { fields: ['id', 'ontvangenOp'], orderBy: { ontvangenOp: 'asc' } },
  );
  const leden = await tx.find(CasusPersoonEntity, { casusId: casus.id });
  const vbs = await tx.find(VeiligheidsbeoordelingEntity, { casusId: casus.id }, { orderBy: { beoordeeldOp: 'asc' } });
  const diensten = await tx.find(
    DienstEntity,
    { casusId: casus.id },
    { orderBy: { gestartOp: 'asc', beeindigdOp: 'asc' } },
  );
  const afspraken = await tx.find(
    VeiligheidsafspraakEntity,
    { casusId: casus.id },
    { orderBy: { overeengekomenOp: 'asc' } },
  );
  const contacten = await tx.find(MonitoringcontactEntity, { casusId: casus.id }, { orderBy: { contactOp: 'asc' } });
  const termijnen = await tx.find(TermijnEntity, { casusId: casus.id }, { orderBy: { vervaldatum: 'asc' } });
  const overgangen = await tx.find(CasusOvergangEntity, { casusId: casus.id }, { orderBy: { op: 'asc' } });
  const dienstIds = diensten.map((d) => d.id);
  const uitkomsten = dienstIds.length ? await tx.find(OnderzoekUitkomstEntity, { dienstId: { $in: dienstIds } }) : [];
  const verzoeken = dienstIds.length ? await tx.find(VerzoekTotOnderzoekEntity, { dienstId: { $in: dienstIds } }) : [];
  const v = CasusView.kaal(casus);
  v.meldingIds = meldingen.map((m) => m.id);
  v.persoonIds = leden.map((l) => l.persoonId);
  v.casusToegang = await casusToegangVan(tx, ctx, casus);
  v.veiligheidsbeoordelingen = vbs.map((e) =>
    Object.assign(VeiligheidsbeoordelingView.van(e), { casusToegang: v.casusToegang }),
  );
  v.diensten = diensten.map((d) => {
    const u = uitkomsten
      .filter((x) => x.dienstId === d.id)
      .map((x) =>
        Object.assign(new OnderzoekUitkomstView(), {
          aardGeweld: x.aardGeweld,
          uitkomst: x.uitkomst,
          vtOrganisatie: x.vtOrganisatie,
        }),
      );
    const vz = verzoeken.find((x) => x.dienstId === d.id);
    return DienstView.van(d, u, vz ? VerzoekTotOnderzoekView.van(vz) : null);
  });
  v.veiligheidsafspraken = afspraken.map((a) => VeiligheidsafspraakView.van(a));
  v.monitoringcontacten = contacten.map((c) => MonitoringcontactView.van(c));
  v.termijnen = termijnen.map((t) => TermijnView.van(t, nu));
  v.overgangen = overgangen.map((o) => CasusOvergangView.van(o));
  v.toegestaneOvergangen = toegestaneOvergangen(casus.fase);
  return v;
}

/** The audit record of reading a casus in full (flagged when read under noodtoegang). */
export function auditCasus(ctx: RequestContext, v: CasusView, velden: string[]): void {
  ctx.audit.lees({
    gebeurtenis: 'CASUS_INZIEN',
    actie: 'R',
    vtOrganisatie: v.vtOrganisatie,
    objectType: 'Casus',
    objectId: v.id,
    persoonIds: v.persoonIds,
    velden,
    ...noodAudit(ctx, v.casusToegang),
  });
}
