import { raw } from '@mikro-orm/core';

import { vtRegioVan } from '../auth/actor';
import { isUuid, type RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer } from '../lib/errors';
import { controleerPaginagrootte } from '../lib/graphql/paginering';
import { entiteitVorm, leesRijen } from '../lib/lezen';
import { NotificatieEntity, TermijnEntity, TermijnStatus } from './termijn.entity';
import {
  NotificatieView,
  TermijnOverzicht,
  TermijnTelling,
  TermijnView,
  VeiligheidsbeoordelingPrestatie,
} from './termijn.types';

const NIET_TOEGEWEZEN = '(niet toegewezen)';

/**
 * The teamleider's view and the notification inbox. Termijn and notificatie rows hold no personal data (ids, dates,
 * kinds, worker ids): reading them is not a read of personal data and writes no audit record. Lists are read as rows,
 * not managed entities (LEESPAD=entiteiten: as entities).
 */
/**
 * The region's overview leaves out the termijnen of a restricted casus (src/rechten): only its behandelaar (in their
 * own work list) and the privacy officer follow it while the restriction lasts.
 */
const nietBeperkt = (t: string): string => `(${t}.casus_id is null or not casus_is_beperkt(${t}.casus_id))`;

export const termijnOverzichtService = {
  async overzicht(ctx: RequestContext, binnenWerkdagen: number): Promise<TermijnOverzicht> {
    const regio = vtRegioVan(ctx);
    if (!Number.isInteger(binnenWerkdagen) || binnenWerkdagen < 0 || binnenWerkdagen > 60) {
      throw ongeldigeInvoer([
        { veld: 'binnenWerkdagen', code: 'BUITEN_BEREIK', melding: 'Kies 0 tot en met 60 werkdagen.' },
      ]);
    }
    const nu = ctx.clock.now();
    const k = ctx.termijnRegels.kalender;
    const peildatum = k.lokaleDatum(nu);
    const grens = k.plusWerkdagen(peildatum, binnenWerkdagen);
    const open =
      ctx.config.leespad === 'entiteiten'
        ? await ctx.em.find(
            TermijnEntity,
            {
              vtOrganisatie: regio,
              status: TermijnStatus.OPEN,
              historisch: false,
              vervaldatum: { $lte: grens },
              [raw((a: string) => nietBeperkt(a))]: [],
            },
            { orderBy: { vervaldatum: 'asc', id: 'asc' } },
          )
        : (
            await leesRijen<{ t: Record<string, unknown> }>(
              ctx.em,
              `select to_jsonb(t) as t from termijn t where t.vt_organisatie = ? and t.status = ? and not t.historisch and t.vervaldatum <= ?::date and ${nietBeperkt('t')} order by t.vervaldatum, t.id`,
              [regio, TermijnStatus.OPEN, grens],
            )
          ).map((r) => entiteitVorm(ctx.em, TermijnEntity, r.t));
    const telling = (sleutel: (t: TermijnEntity) => string): TermijnTelling[] => {
      const m = new Map<string, TermijnTelling>();
      for (const t of open) {
        const g = sleutel(t);
        const rij =
          m.get(g) ??
          Object.assign(new TermijnTelling(), { groep: g, overschreden: 0, binnenkort: 0, vtOrganisatie: regio });
        if (nu >= t.vervaltOp) rij.overschreden += 1;
        else rij.binnenkort += 1;
        m.set(g, rij);
      }
      return [...m.values()].sort(
        (a, b) => b.overschreden - a.overschreden || b.binnenkort - a.binnenkort || a.groep.localeCompare(b.groep),
      );
    };
    const overschreden = open.filter((t) => nu >= t.vervaltOp).length;
    return Object.assign(new TermijnOverzicht(), {
      peildatum,
      binnenWerkdagen,
      overschreden,
      binnenkort: open.length - overschreden,
      perMedewerker: telling((t) => t.verantwoordelijke ?? NIET_TOEGEWEZEN),
      perSoort: telling((t) => t.soort),
      termijnen: open.slice(0, 500).map((t) => TermijnView.van(t, nu)),
      vtOrganisatie: regio,
    });
  },

  /** The inspectorate's measure over the meldingen received from `van` to `tot` (inclusive, Amsterdam days). */
  async prestatie(ctx: RequestContext, van: string, tot: string): Promise<VeiligheidsbeoordelingPrestatie> {
    const regio = vtRegioVan(ctx);
    if (tot < van) throw ongeldigeInvoer([{ veld: 'tot', code: 'VOLGORDE', melding: 'tot ligt vóór van.' }]);
    const nu = ctx.clock.now();
    const rijen = await ctx.em
      .getConnection()
      .execute<{ status: string; binnen: boolean | null; verlopen: boolean; aantal: string }[]>(
        `select t.status, vb.binnen_termijn as binnen, (t.vervalt_op <= ?) as verlopen, count(*)::text as aantal
         from termijn t left join veiligheidsbeoordeling vb on vb.melding_id = t.melding_id
        where t.vt_organisatie = ? and t.soort = 'VEILIGHEIDSBEOORDELING'
          and t.startdatum between ?::date and ?::date and t.status <> 'GEANNULEERD'
        group by 1, 2, 3`,
        [nu, regio, van, tot],
      );
    const tel = (f: (r: (typeof rijen)[number]) => boolean): number =>
      rijen.filter(f).reduce((s, r) => s + Number(r.aantal), 0);
    const binnenTermijn = tel((r) => r.status === 'VOLDAAN' && r.binnen === true);
    const teLaat = tel((r) => r.status === 'VOLDAAN' && r.binnen !== true);
    const openOverschreden = tel((r) => r.status === 'OPEN' && r.verlopen);
    const openBinnenTermijn = tel((r) => r.status === 'OPEN' && !r.verlopen);
    const noemer = binnenTermijn + teLaat + openOverschreden;
    return Object.assign(new VeiligheidsbeoordelingPrestatie(), {
      van,
      tot,
      meldingen: binnenTermijn + teLaat + openOverschreden + openBinnenTermijn,
      binnenTermijn,
      teLaat,
      openBinnenTermijn,
      openOverschreden,
      aandeelBinnenTermijn: noemer ? binnenTermijn / noemer : null,
      vtOrganisatie: regio,
    });
  },

  /** Notifications for the caller: reminders addressed to them; for a teamleider also the region's escalations. */
  async notificaties(ctx: RequestContext, alleenOngelezen: boolean, eerste: number): Promise<NotificatieView[]> {
    const regio = vtRegioVan(ctx);
    controleerPaginagrootte(eerste);
    const voorMij: Record<string, unknown>[] = [{ ontvanger: ctx.actor.sub }];
    if (ctx.actor.rol === 'VT_TEAMLEIDER') voorMij.push({ ontvanger: null, ontvangerRol: 'VT_TEAMLEIDER' });
    if (ctx.config.leespad !== 'entiteiten') {
      const teamleider = ctx.actor.rol === 'VT_TEAMLEIDER';
      const rijen = await leesRijen<{ n: Record<string, unknown>; t: Record<string, unknown> }>(
        ctx.em,
        `select to_jsonb(n) as n, to_jsonb(t) as t from notificatie n join termijn t on t.id = n.termijn_id
          where n.vt_organisatie = ? and (n.ontvanger = ? ${teamleider ? `or (n.ontvanger is null and n.ontvanger_rol = 'VT_TEAMLEIDER')` : ''})
            ${alleenOngelezen ? 'and n.gelezen_op is null' : ''}
          order by n.aangemaakt_op desc, n.id desc limit ?`,
        [regio, ctx.actor.sub, eerste],
      );
      return rijen.map((r) =>
        NotificatieView.van(entiteitVorm(ctx.em, NotificatieEntity, r.n), entiteitVorm(ctx.em, TermijnEntity, r.t)),
      );
    }
    const rijen = await ctx.em.find(
      NotificatieEntity,
      { vtOrganisatie: regio, $or: voorMij, ...(alleenOngelezen ? { gelezenOp: null } : {}) },
      { orderBy: { aangemaaktOp: 'desc', id: 'desc' }, limit: eerste },
    );
    const termijnen = new Map(
      (await ctx.em.find(TermijnEntity, { id: { $in: rijen.map((r) => r.termijnId) } })).map((t) => [t.id, t]),
    );
    return rijen
      .filter((r) => termijnen.has(r.termijnId))
      .map((r) => NotificatieView.van(r, termijnen.get(r.termijnId) as TermijnEntity));
  },

  async notificatieGelezen(ctx: RequestContext, id: string): Promise<NotificatieView> {
    const regio = vtRegioVan(ctx);
    if (!isUuid(id)) throw nietGevonden('De notificatie');
    const n = await ctx.em.findOne(NotificatieEntity, { id, vtOrganisatie: regio });
    const voorMij = n && (n.ontvanger === ctx.actor.sub || (n.ontvanger == null && ctx.actor.rol === n.ontvangerRol));
    if (!n || !voorMij) throw nietGevonden('De notificatie');
    n.gelezenOp ??= ctx.clock.now();
    await ctx.em.flush();
    const t = await ctx.em.findOneOrFail(TermijnEntity, { id: n.termijnId });
    return NotificatieView.van(n, t);
  },
};
