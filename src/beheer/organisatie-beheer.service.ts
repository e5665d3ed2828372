import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import type { OrganisatieSoort } from '../auth/rollen';
import type { RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { controleerPaginagrootte } from '../lib/graphql/paginering';
import { endpointVoorBeheer, zetDoorBeheer } from '../gebeurtenissen/webhook.beheer';
import { auditRegio, type BeheerScope, beheerRegiosVan, inScope, scopeVan } from './beheer.scope';
import type { BeheerOrganisatieConnection, BeheerOrganisatieView, BeheerWebhookEndpointView } from './beheer.types';
import { endpointView, leesSleutelCursor, organisatieViews, sleutelConnection } from './beheer.views';
import { OrganisatieEntity } from '../organisaties/organisatie.entity';
import { normaliseer, type OrganisatieGegevens, valideerOrganisatie } from './organisatie.validatie';

/** A registration, from the API or the CLI (validated here, not by the transport). */
export interface OrganisatieInvoer {
  code: string;
  naam: string;
  soort: string;
  regioCodes?: string[] | null;
  brin?: string | null;
  schoolvakantieregio?: string | null;
  cbsCode?: string | null;
}

/** A change: only the fields given change; null clears an optional field. Code and kind never change. */
export interface OrganisatieWijzigingInvoer {
  naam?: string | null;
  regioCodes?: string[] | null;
  brin?: string | null;
  schoolvakantieregio?: string | null;
  cbsCode?: string | null;
}

export interface OrganisatieFilterInvoer {
  soort?: string | null;
  regio?: string | null;
  actief?: boolean | null;
  zoek?: string | null;
}

/** The fields onboarding registers, in the order the audit lists them. */
const VELDEN = ['naam', 'soort', 'regioCodes', 'brin', 'schoolvakantieregio', 'cbsCode'] as const;

/**
 * Every beheer change to organisation, issuer and binding rows takes this lock first, so that the checks that span
 * rows (a BRIN or CBS code used once, an extern id once per issuer, the scope of an issuer) hold under concurrency.
 * Beheer changes are rare; token verification only reads.
 */
export async function beheerSlot(tx: EntityManager): Promise<void> {
  await tx
    .getConnection()
    .execute(
      `select pg_advisory_xact_lock(hashtextextended('organisatie-beheer', 0))`,
      [],
      'run',
      tx.getTransactionContext(),
    );
}

/**
 * An organisation the caller manages, optionally locked. Anything else (a partner of another region, a VT or national
 * organisation for a regional beheerder, a code that does not exist) is the same NOT_FOUND.
 */
export async function organisatieInScope(
  em: EntityManager,
  scope: BeheerScope,
  code: string,
  vergrendel = false,
): Promise<OrganisatieEntity> {
  const c = code.trim().toUpperCase();
  const org = c
    ? await em.findOne(OrganisatieEntity, { code: c }, vergrendel ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {})
    : null;
  if (!org || !inScope(scope, beheerRegiosVan(org))) throw nietGevonden(`Organisatie ${c}`);
  return org;
}

/** VT organisations come from data/vt-regios.json (synchronised at every start): beheer does not change them. */
export function weigerVtOrganisatie(org: OrganisatieEntity): void {
  if (org.soort === 'VEILIG_THUIS') {
    throw ongeldigeInvoer([
      {
        veld: 'code',
        code: 'VT_ORGANISATIE_UIT_CONFIGURATIE',
        melding: 'Veilig Thuis-organisaties staan in data/vt-regios.json; wijzig dat bestand.',
      },
    ]);
  }
}

function gegevensVan(o: OrganisatieEntity): OrganisatieGegevens {
  return {
    code: o.code,
    naam: o.naam,
    soort: o.soort,
    regioCodes: [...o.regioCodes].sort(),
    brin: o.brin ?? null,
    schoolvakantieregio: o.schoolvakantieregio ?? null,
    cbsCode: o.cbsCode ?? null,
  };
}

/** A BRIN or CBS code names one organisation: a second registration of the same school or gemeente is refused. */
async function controleerUniek(tx: EntityManager, g: OrganisatieGegevens): Promise<VeldFout[]> {
  const f: VeldFout[] = [];
  if (g.brin && (await tx.count(OrganisatieEntity, { brin: g.brin, code: { $ne: g.code } }))) {
    f.push({ veld: 'brin', code: 'BRIN_IN_GEBRUIK', melding: `BRIN ${g.brin} hoort al bij een andere organisatie.` });
  }
  if (g.cbsCode && (await tx.count(OrganisatieEntity, { cbsCode: g.cbsCode, code: { $ne: g.code } }))) {
    f.push({
      veld: 'cbsCode',
      code: 'CBS_CODE_IN_GEBRUIK',
      melding: `Gemeente ${g.cbsCode} is al als organisatie geregistreerd.`,
    });
  }
  return f;
}

function gelijk(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Registering, changing and reading organisations (functioneel beheer, and the CLI through the same functions). Codes
 * are stable identifiers: never renamed. Every change is audited in its transaction with the fields changed; nothing
 * here is personal data.
 */
export const organisatieBeheerService = {
  async lijst(
    ctx: RequestContext,
    filter: OrganisatieFilterInvoer,
    eerste: number,
    na: string | undefined,
  ): Promise<BeheerOrganisatieConnection> {
    const scope = scopeVan(ctx);
    controleerPaginagrootte(eerste);
    const waar: string[] = [];
    const params: unknown[] = [];
    if (scope.soort === 'REGIO') {
      waar.push(`soort not in ('VEILIG_THUIS', 'LANDELIJK') and ? = any(regio_codes)`);
      params.push(scope.regio);
    }
    const voeg = (sql: string, ...waarden: unknown[]): void => {
      waar.push(sql);
      params.push(...waarden);
    };
    if (filter.soort) voeg('soort = ?', filter.soort);
    if (filter.regio) voeg('? = any(regio_codes)', filter.regio.toUpperCase());
    if (filter.actief != null) voeg('actief = ?', filter.actief);
    if (filter.zoek?.trim()) {
      const patroon = `%${filter.zoek.trim().replace(/[\\%_]/g, (t) => `\\${t}`)}%`;
      voeg('(code ilike ? or naam ilike ?)', patroon, patroon);
    }
    if (na) voeg('code > ?', leesSleutelCursor(na));
    const codes = await ctx.em
      .getConnection()
      .execute<{ code: string }[]>(
        `select code from organisatie ${waar.length ? `where ${waar.join(' and ')}` : ''} order by code limit ?`,
        [...params, eerste + 1],
      );
    const orgs = codes.length
      ? await ctx.em.find(OrganisatieEntity, { code: { $in: codes.map((c) => c.code) } }, { orderBy: { code: 'asc' } })
      : [];
    return sleutelConnection(await organisatieViews(ctx.em, orgs), eerste, (v) => v.code);
  },

  async lees(ctx: RequestContext, code: string): Promise<BeheerOrganisatieView> {
    const org = await organisatieInScope(ctx.em, scopeVan(ctx), code);
    return (await organisatieViews(ctx.em, [org]))[0];
  },

  async registreer(ctx: RequestContext, invoer: OrganisatieInvoer): Promise<BeheerOrganisatieView> {
    const scope = scopeVan(ctx);
    const g = normaliseer<OrganisatieGegevens>({
      code: String(invoer.code ?? ''),
      naam: String(invoer.naam ?? ''),
      soort: String(invoer.soort ?? ''),
      // A regional beheerder registers for its own region; saying so is optional.
      regioCodes: invoer.regioCodes ?? (scope.soort === 'REGIO' ? [scope.regio] : []),
      brin: invoer.brin ?? null,
      schoolvakantieregio: invoer.schoolvakantieregio ?? null,
      cbsCode: invoer.cbsCode ?? null,
    });
    const fouten = valideerOrganisatie(g, scope);
    if (fouten.length) throw ongeldigeInvoer(fouten);
    const nu = ctx.clock.now();
    const org = await ctx.em.transactional(async (tx) => {
      await beheerSlot(tx);
      if (await tx.count(OrganisatieEntity, { code: g.code })) {
        throw new GraphQLError(
          `Er is al een organisatie met code ${g.code}; codes zijn vast. Kies een andere code, of vraag het landelijk beheer om haar aan uw regio te koppelen.`,
          {
            extensions: { code: 'CONFLICT', reden: 'CODE_BESTAAT' },
          },
        );
      }
      const uniek = await controleerUniek(tx, g);
      if (uniek.length) throw ongeldigeInvoer(uniek);
      const o = tx.create(OrganisatieEntity, {
        code: g.code,
        naam: g.naam,
        soort: g.soort as OrganisatieSoort,
        regioCodes: g.regioCodes,
        actief: true,
        brin: g.brin,
        schoolvakantieregio: g.schoolvakantieregio as OrganisatieEntity['schoolvakantieregio'],
        cbsCode: g.cbsCode,
        gewijzigdOp: nu,
        gedeactiveerdOp: null,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ORGANISATIE_REGISTREREN',
        actie: 'C',
        vtOrganisatie: auditRegio(scope),
        objectType: 'Organisatie',
        objectId: o.code,
        velden: ['code', ...VELDEN.filter((v) => g[v] != null && !gelijk(g[v], []))],
      });
      return o;
    });
    ctx.log.info({ organisatie: org.code, soort: org.soort }, 'organisatie geregistreerd');
    return (await organisatieViews(ctx.em, [org]))[0];
  },

  async wijzig(ctx: RequestContext, code: string, invoer: OrganisatieWijzigingInvoer): Promise<BeheerOrganisatieView> {
    const scope = scopeVan(ctx);
    const nu = ctx.clock.now();
    const { org, vorigeRegios } = await ctx.em.transactional(async (tx) => {
      await beheerSlot(tx);
      const o = await organisatieInScope(tx, scope, code, true);
      weigerVtOrganisatie(o);
      const voor = gegevensVan(o);
      const na = normaliseer<OrganisatieGegevens>({
        ...voor,
        ...(invoer.naam !== undefined ? { naam: String(invoer.naam ?? '') } : {}),
        ...(invoer.regioCodes !== undefined ? { regioCodes: invoer.regioCodes ?? [] } : {}),
        ...(invoer.brin !== undefined ? { brin: invoer.brin } : {}),
        ...(invoer.schoolvakantieregio !== undefined ? { schoolvakantieregio: invoer.schoolvakantieregio } : {}),
        ...(invoer.cbsCode !== undefined ? { cbsCode: invoer.cbsCode } : {}),
      });
      const fouten = [...valideerOrganisatie(na, scope, voor.regioCodes), ...(await controleerUniek(tx, na))];
      if (fouten.length) throw ongeldigeInvoer(fouten);
      const velden = VELDEN.filter((v) => !gelijk(voor[v], na[v]));
      if (velden.length) {
        o.naam = na.naam;
        o.regioCodes = na.regioCodes;
        o.brin = na.brin;
        o.schoolvakantieregio = na.schoolvakantieregio as OrganisatieEntity['schoolvakantieregio'];
        o.cbsCode = na.cbsCode;
        o.gewijzigdOp = nu;
        await tx.flush();
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'ORGANISATIE_WIJZIGEN',
          actie: 'U',
          vtOrganisatie: auditRegio(scope),
          objectType: 'Organisatie',
          objectId: o.code,
          velden,
        });
      }
      return { org: o, vorigeRegios: voor.regioCodes };
    });
    const [view] = await organisatieViews(ctx.em, [org]);
    // A regional beheerder that just unlinked its own region still gets the answer to its own change.
    view.beheerRegios = [...new Set([...view.beheerRegios, ...vorigeRegios])];
    return view;
  },

  /**
   * Switches a webhook endpoint of a managed organisation off (its owner cannot switch it back on) or on. An endpoint
   * of an organisation outside the scope is NOT_FOUND, as one that does not exist.
   */
  async endpointBeheren(ctx: RequestContext, id: string, actief: boolean): Promise<BeheerWebhookEndpointView> {
    const scope = scopeVan(ctx);
    const nu = ctx.clock.now();
    return ctx.em.transactional(async (tx) => {
      const e = await endpointVoorBeheer(tx, id);
      const eigenaar = e ? await tx.findOne(OrganisatieEntity, { code: e.organisatie }) : null;
      if (!e || !eigenaar || !inScope(scope, beheerRegiosVan(eigenaar))) throw nietGevonden('Het webhook-endpoint');
      if (await zetDoorBeheer(tx, e, actief, eigenaar.actief, nu)) {
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'WEBHOOK_ENDPOINT_BEHEREN',
          actie: 'U',
          vtOrganisatie: auditRegio(scope),
          objectType: 'WebhookEndpoint',
          objectId: e.id,
          velden: ['actief', 'uitschakelreden'],
        });
      }
      return endpointView(e, beheerRegiosVan(eigenaar));
    });
  },
};
