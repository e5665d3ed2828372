import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import type { RequestContext } from '../lib/context';
import { nietGevonden, ongeldigeInvoer, type VeldFout } from '../lib/errors';
import { controleerPaginagrootte } from '../lib/graphql/paginering';
import { auditRegio, type BeheerScope, inScope, issuerBeheerRegios, scopeVan } from './beheer.scope';
import type { IssuerBindingView, IssuerConnection, IssuerView } from './beheer.types';
import { bindingenVan, bindingView, issuerViews, leesSleutelCursor, sleutelConnection } from './beheer.views';
import {
  type BindingGegevens,
  type IssuerGegevens,
  leesJwks,
  valideerBinding,
  valideerIssuer,
} from './issuer.validatie';
import { beheerSlot, organisatieInScope } from './organisatie-beheer.service';
import {
  type Betrouwbaarheidsniveau,
  IssuerBindingEntity,
  IssuerEntity,
  type OrganisatieEntity,
} from '../organisaties/organisatie.entity';

/** An issuer's settings from the API or the CLI: on a change only the fields given change; null clears. */
export interface IssuerInvoer {
  naam?: string | null;
  jwksUri?: string | null;
  /** A JWK set as JSON text or as an object. */
  jwks?: unknown;
  audience?: string | null;
  claims?: { rol?: string | null; organisatie?: string | null; teams?: string | null } | null;
  rolWaarden?: readonly { waarde: string; rol: string }[] | null;
  toegestaneClients?: readonly string[] | null;
  acrNiveaus?: readonly { acr: string; niveau: string }[] | null;
  minBetrouwbaarheid?: string | null;
  maxTokenLeeftijdS?: number | null;
}

/** A binding: the issuer may speak for this organisation in these roles; `externId` defaults to our code. */
export interface BindingInvoer {
  organisatie: string;
  externId?: string | null;
  rollen: readonly string[];
}

const ISSUER_VELDEN = [
  'naam',
  'jwksUri',
  'jwks',
  'audience',
  'claims',
  'rolWaarden',
  'toegestaneClients',
  'acrNiveaus',
  'minBetrouwbaarheid',
  'maxTokenLeeftijdS',
] as const;

function gelijk(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether a setting has a value (for the audit of a registration: the fields given). */
function isGezet(v: unknown): boolean {
  return (
    v != null &&
    !(Array.isArray(v) && v.length === 0) &&
    !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)
  );
}

/** A list of (key, value) pairs as a record; a key given twice is a mistake worth saying. */
function alsRecord(
  paren: readonly (readonly [string, string])[],
  veld: string,
  fouten: VeldFout[],
): Record<string, string> {
  const uit: Record<string, string> = {};
  for (const [k, v] of paren) {
    if (Object.hasOwn(uit, k)) fouten.push({ veld, code: 'DUBBELE_WAARDE', melding: `${k} staat er twee keer in.` });
    uit[k] = v;
  }
  return uit;
}

/** The issuer's state after applying `invoer` to `basis` (absent: a new issuer), plus the problems found on the way. */
function gegevensNa(
  issuer: string,
  basis: IssuerGegevens | undefined,
  invoer: IssuerInvoer,
): { g: IssuerGegevens; fouten: VeldFout[] } {
  const fouten: VeldFout[] = [];
  const g: IssuerGegevens = basis
    ? { ...basis }
    : {
        issuer,
        naam: '',
        jwksUri: null,
        jwks: null,
        audience: null,
        claims: {},
        rolWaarden: {},
        toegestaneClients: [],
        acrNiveaus: {},
        minBetrouwbaarheid: null,
        maxTokenLeeftijdS: null,
      };
  if (invoer.naam !== undefined) g.naam = String(invoer.naam ?? '').trim();
  if (invoer.jwksUri !== undefined) g.jwksUri = invoer.jwksUri?.trim() || null;
  if (invoer.jwks !== undefined) {
    if (invoer.jwks == null || invoer.jwks === '') g.jwks = null;
    else {
      const r = leesJwks(invoer.jwks);
      fouten.push(...r.fouten);
      g.jwks = r.jwks ?? { keys: [] };
    }
  }
  if (invoer.audience !== undefined) g.audience = invoer.audience?.trim() || null;
  if (invoer.claims !== undefined) {
    g.claims = {};
    for (const [k, v] of Object.entries(invoer.claims ?? {})) {
      if (v != null && v !== '') (g.claims as Record<string, string>)[k] = String(v).trim();
    }
  }
  if (invoer.rolWaarden !== undefined) {
    g.rolWaarden = alsRecord(
      (invoer.rolWaarden ?? []).map((r) => [String(r.waarde).trim(), String(r.rol)] as const),
      'rolWaarden',
      fouten,
    );
  }
  if (invoer.toegestaneClients !== undefined) {
    g.toegestaneClients = [...new Set((invoer.toegestaneClients ?? []).map((c) => String(c).trim()))];
  }
  if (invoer.acrNiveaus !== undefined) {
    g.acrNiveaus = alsRecord(
      (invoer.acrNiveaus ?? []).map((a) => [String(a.acr).trim(), String(a.niveau)] as const),
      'acrNiveaus',
      fouten,
    );
  }
  if (invoer.minBetrouwbaarheid !== undefined) g.minBetrouwbaarheid = invoer.minBetrouwbaarheid ?? null;
  if (invoer.maxTokenLeeftijdS !== undefined) g.maxTokenLeeftijdS = invoer.maxTokenLeeftijdS ?? null;
  return { g, fouten };
}

function gegevensVan(i: IssuerEntity): IssuerGegevens {
  return {
    issuer: i.issuer,
    naam: i.naam,
    jwksUri: i.jwksUri ?? null,
    jwks: i.jwks ?? null,
    audience: i.audience ?? null,
    claims: { ...i.claims },
    rolWaarden: { ...i.rolWaarden },
    toegestaneClients: [...i.toegestaneClients],
    acrNiveaus: { ...i.acrNiveaus },
    minBetrouwbaarheid: i.minBetrouwbaarheid ?? null,
    maxTokenLeeftijdS: i.maxTokenLeeftijdS ?? null,
  };
}

function pasToe(i: IssuerEntity, g: IssuerGegevens): void {
  i.naam = g.naam;
  i.jwksUri = g.jwksUri;
  i.jwks = g.jwks;
  i.audience = g.audience;
  i.claims = g.claims;
  i.rolWaarden = g.rolWaarden;
  i.toegestaneClients = g.toegestaneClients;
  i.acrNiveaus = g.acrNiveaus as Record<string, Betrouwbaarheidsniveau>;
  i.minBetrouwbaarheid = g.minBetrouwbaarheid as Betrouwbaarheidsniveau | null;
  i.maxTokenLeeftijdS = g.maxTokenLeeftijdS;
}

/**
 * An issuer the caller manages, optionally locked: nationally any; for a regional beheerder one bound only to
 * partners of its region. Anything else is the same NOT_FOUND as an issuer that does not exist.
 */
async function issuerInScope(
  em: EntityManager,
  scope: BeheerScope,
  issuer: string,
  vergrendel = false,
): Promise<IssuerEntity> {
  const i = issuer
    ? await em.findOne(IssuerEntity, { issuer }, vergrendel ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {})
    : null;
  if (!i) throw nietGevonden(`Issuer ${issuer}`);
  if (scope.soort === 'REGIO') {
    const { bindingen, orgs } = await bindingenVan(em, [i.issuer]);
    const bediend = bindingen
      .map((b) => orgs.get(b.organisatie))
      .filter((o): o is OrganisatieEntity => o !== undefined);
    if (!inScope(scope, issuerBeheerRegios(bediend))) throw nietGevonden(`Issuer ${issuer}`);
  }
  return i;
}

/** Checks bindings of one issuer against their organisations' kinds and each other; the organisations are in scope. */
async function controleerBindingen(
  tx: EntityManager,
  issuer: string,
  lijst: readonly { b: BindingGegevens; org: OrganisatieEntity; veld: string }[],
): Promise<VeldFout[]> {
  const f: VeldFout[] = [];
  const gezien = new Map<string, string>();
  for (const { b, org, veld } of lijst) {
    f.push(...valideerBinding(b, org.soort, veld));
    const ander = await tx.findOne(IssuerBindingEntity, {
      issuer,
      externId: b.externId,
      organisatie: { $ne: b.organisatie },
    });
    if (ander || (gezien.has(b.externId) && gezien.get(b.externId) !== b.organisatie)) {
      f.push({
        veld: veld ? `${veld}.externId` : 'externId',
        code: 'EXTERN_ID_IN_GEBRUIK',
        melding: `Extern id ${b.externId} hoort bij deze issuer al bij een andere organisatie.`,
      });
    }
    gezien.set(b.externId, b.organisatie);
  }
  return f;
}

function bindingGegevens(issuer: string, b: BindingInvoer): BindingGegevens {
  const organisatie = String(b.organisatie ?? '')
    .trim()
    .toUpperCase();
  return {
    issuer,
    organisatie,
    externId: String(b.externId ?? '').trim() || organisatie,
    rollen: [...new Set((b.rollen ?? []).map(String))],
  };
}

const auditBinding = (b: { issuer: string; organisatie: string }): string => `${b.organisatie}@${b.issuer}`;

/**
 * Registering, changing and (de)activating issuers and binding them to organisations (functioneel beheer and the
 * CLI). The issuer URL is a stable key: never renamed. Validation per issue 11: https in production, exactly one of
 * jwksUri and jwks with public keys only, known roles allowed for the organisation's kind, an extern id once per
 * issuer. Every change is audited in its transaction; the tables' trigger tells every API process at once.
 */
export const issuerBeheerService = {
  async lijst(ctx: RequestContext, eerste: number, na: string | undefined): Promise<IssuerConnection> {
    const scope = scopeVan(ctx);
    controleerPaginagrootte(eerste);
    const params: unknown[] = [];
    let waar = '';
    if (scope.soort === 'REGIO') {
      // Bound to at least one organisation, and every organisation it is bound to a partner of the region.
      waar = `and exists (select 1 from issuer_binding b where b.issuer = i.issuer)
              and not exists (select 1 from issuer_binding b join organisatie o on o.code = b.organisatie
                               where b.issuer = i.issuer and (o.soort in ('VEILIG_THUIS', 'LANDELIJK') or not (? = any(o.regio_codes))))`;
      params.push(scope.regio);
    }
    const rijen = await ctx.em
      .getConnection()
      .execute<{ issuer: string }[]>(
        `select i.issuer from issuer i where i.issuer > ? ${waar} order by i.issuer limit ?`,
        [na ? leesSleutelCursor(na) : '', ...params, eerste + 1],
      );
    const issuers = rijen.length
      ? await ctx.em.find(IssuerEntity, { issuer: { $in: rijen.map((r) => r.issuer) } }, { orderBy: { issuer: 'asc' } })
      : [];
    return sleutelConnection(await issuerViews(ctx.em, issuers), eerste, (v) => v.issuer);
  },

  async lees(ctx: RequestContext, issuer: string): Promise<IssuerView> {
    return (await issuerViews(ctx.em, [await issuerInScope(ctx.em, scopeVan(ctx), issuer)]))[0];
  },

  /** Registers an issuer, with its first bindings (required for a regional beheerder: an unbound issuer is national). */
  async registreer(
    ctx: RequestContext,
    issuer: string,
    invoer: IssuerInvoer,
    bindingen: readonly BindingInvoer[] = [],
  ): Promise<IssuerView> {
    const scope = scopeVan(ctx);
    const url = String(issuer ?? '').trim();
    const { g, fouten } = gegevensNa(url, undefined, invoer);
    fouten.push(...valideerIssuer(g, ctx.config.isProduction));
    if (scope.soort === 'REGIO' && bindingen.length === 0) {
      fouten.push({
        veld: 'bindingen',
        code: 'BINDING_VEREIST',
        melding: 'Bind de issuer meteen aan ten minste één organisatie van uw regio.',
      });
    }
    const nu = ctx.clock.now();
    const i = await ctx.em.transactional(async (tx) => {
      await beheerSlot(tx);
      const lijst: { b: BindingGegevens; org: OrganisatieEntity; veld: string }[] = [];
      for (const [n, b] of bindingen.entries()) {
        const bg = bindingGegevens(url, b);
        lijst.push({ b: bg, org: await organisatieInScope(tx, scope, bg.organisatie), veld: `bindingen[${n}]` });
      }
      if (new Set(lijst.map((x) => x.b.organisatie)).size !== lijst.length) {
        fouten.push({ veld: 'bindingen', code: 'DUBBELE_WAARDE', melding: 'Bind elke organisatie één keer.' });
      }
      fouten.push(...(await controleerBindingen(tx, url, lijst)));
      if (fouten.length) throw ongeldigeInvoer(fouten);
      if (await tx.count(IssuerEntity, { issuer: url })) {
        throw new GraphQLError(
          `Issuer ${url} is al geregistreerd; een issuer-URL is vast. Wijzig of bind de bestaande.`,
          { extensions: { code: 'CONFLICT', reden: 'ISSUER_BESTAAT' } },
        );
      }
      const nieuw = tx.create(IssuerEntity, {
        issuer: url,
        naam: g.naam,
        jwksUri: g.jwksUri,
        jwks: g.jwks,
        audience: g.audience,
        claims: g.claims,
        rolWaarden: g.rolWaarden,
        toegestaneClients: g.toegestaneClients,
        acrNiveaus: g.acrNiveaus,
        minBetrouwbaarheid: g.minBetrouwbaarheid as Betrouwbaarheidsniveau | null,
        maxTokenLeeftijdS: g.maxTokenLeeftijdS,
        actief: true,
        aangemaaktOp: nu,
        gewijzigdOp: null,
      });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ISSUER_REGISTREREN',
        actie: 'C',
        vtOrganisatie: auditRegio(scope),
        objectType: 'Issuer',
        objectId: url,
        velden: ['issuer', ...ISSUER_VELDEN.filter((v) => isGezet(g[v]))],
      });
      for (const { b } of lijst) {
        tx.create(IssuerBindingEntity, { ...b, aangemaaktOp: nu });
        await tx.flush();
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'ISSUER_BINDEN',
          actie: 'C',
          vtOrganisatie: auditRegio(scope),
          objectType: 'IssuerBinding',
          objectId: auditBinding(b),
          velden: ['issuer', 'organisatie', 'externId', 'rollen'],
        });
      }
      return nieuw;
    });
    ctx.log.info({ issuer: url, bindingen: bindingen.length }, 'issuer geregistreerd');
    return (await issuerViews(ctx.em, [i]))[0];
  },

  async wijzig(ctx: RequestContext, issuer: string, invoer: IssuerInvoer): Promise<IssuerView> {
    const scope = scopeVan(ctx);
    const nu = ctx.clock.now();
    const i = await ctx.em.transactional(async (tx) => {
      await beheerSlot(tx);
      const e = await issuerInScope(tx, scope, issuer, true);
      const voor = gegevensVan(e);
      const { g, fouten } = gegevensNa(e.issuer, voor, invoer);
      fouten.push(...valideerIssuer(g, ctx.config.isProduction));
      if (fouten.length) throw ongeldigeInvoer(fouten);
      const velden = ISSUER_VELDEN.filter((v) => !gelijk(voor[v], g[v]));
      if (velden.length) {
        pasToe(e, g);
        e.gewijzigdOp = nu;
        await tx.flush();
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: 'ISSUER_WIJZIGEN',
          actie: 'U',
          vtOrganisatie: auditRegio(scope),
          objectType: 'Issuer',
          objectId: e.issuer,
          velden,
        });
      }
      return e;
    });
    return (await issuerViews(ctx.em, [i]))[0];
  },

  /** Deactivates (tokens from it are refused at once, on every instance) or reactivates an issuer. */
  async zetActief(ctx: RequestContext, issuer: string, actief: boolean): Promise<IssuerView> {
    const scope = scopeVan(ctx);
    const nu = ctx.clock.now();
    const i = await ctx.em.transactional(async (tx) => {
      await beheerSlot(tx);
      const e = await issuerInScope(tx, scope, issuer, true);
      if (e.actief !== actief) {
        e.actief = actief;
        e.gewijzigdOp = nu;
        await tx.flush();
        await ctx.audit.inTransactie(tx, {
          gebeurtenis: actief ? 'ISSUER_ACTIVEREN' : 'ISSUER_DEACTIVEREN',
          actie: 'U',
          vtOrganisatie: auditRegio(scope),
          objectType: 'Issuer',
          objectId: e.issuer,
          velden: ['actief'],
        });
      }
      return e;
    });
    return (await issuerViews(ctx.em, [i]))[0];
  },

  /** Binds an issuer to an organisation, or changes the binding's extern id and roles. */
  async bind(ctx: RequestContext, issuer: string, invoer: BindingInvoer): Promise<IssuerBindingView> {
    const scope = scopeVan(ctx);
    const nu = ctx.clock.now();
    return ctx.em.transactional(async (tx) => {
      await beheerSlot(tx);
      const i = await issuerInScope(tx, scope, issuer, true);
      const b = bindingGegevens(i.issuer, invoer);
      const org = await organisatieInScope(tx, scope, b.organisatie);
      const fouten = await controleerBindingen(tx, i.issuer, [{ b, org, veld: '' }]);
      if (fouten.length) throw ongeldigeInvoer(fouten);
      const bestaand = await tx.findOne(IssuerBindingEntity, { issuer: i.issuer, organisatie: org.code });
      if (bestaand) {
        const velden = [
          ...(bestaand.externId !== b.externId ? ['externId'] : []),
          ...(!gelijk([...bestaand.rollen].sort(), [...b.rollen].sort()) ? ['rollen'] : []),
        ];
        if (velden.length) {
          bestaand.externId = b.externId;
          bestaand.rollen = b.rollen;
          await tx.flush();
          await ctx.audit.inTransactie(tx, {
            gebeurtenis: 'ISSUER_BINDING_WIJZIGEN',
            actie: 'U',
            vtOrganisatie: auditRegio(scope),
            objectType: 'IssuerBinding',
            objectId: auditBinding(b),
            velden,
          });
        }
        return bindingView(bestaand, org);
      }
      const nieuw = tx.create(IssuerBindingEntity, { ...b, aangemaaktOp: nu });
      await tx.flush();
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ISSUER_BINDEN',
        actie: 'C',
        vtOrganisatie: auditRegio(scope),
        objectType: 'IssuerBinding',
        objectId: auditBinding(b),
        velden: ['issuer', 'organisatie', 'externId', 'rollen'],
      });
      return bindingView(nieuw, org);
    });
  },

  /** Removes a binding: the issuer can no longer speak for that organisation. Returns the organisation's code. */
  async ontbind(ctx: RequestContext, issuer: string, organisatie: string): Promise<string> {
    const scope = scopeVan(ctx);
    return ctx.em.transactional(async (tx) => {
      await beheerSlot(tx);
      const i = await issuerInScope(tx, scope, issuer, true);
      const org = await organisatieInScope(tx, scope, organisatie);
      const b = await tx.findOne(IssuerBindingEntity, { issuer: i.issuer, organisatie: org.code });
      if (!b) throw nietGevonden(`De binding van ${org.code} aan ${i.issuer}`);
      await tx
        .getConnection()
        .execute(
          `delete from issuer_binding where issuer = ? and organisatie = ?`,
          [b.issuer, b.organisatie],
          'run',
          tx.getTransactionContext(),
        );
      await ctx.audit.inTransactie(tx, {
        gebeurtenis: 'ISSUER_ONTBINDEN',
        actie: 'D',
        vtOrganisatie: auditRegio(scope),
        objectType: 'IssuerBinding',
        objectId: auditBinding(b),
        velden: ['issuer', 'organisatie'],
      });
      return org.code;
    });
  },
};
