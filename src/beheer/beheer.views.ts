import type { EntityManager } from '@mikro-orm/postgresql';

import { endpointsVanOrganisaties } from '../gebeurtenissen/webhook.beheer';
import type { WebhookEndpointEntity } from '../gebeurtenissen/webhook.entity';
import { cursorTekst, ongeldigeCursor } from '../lib/graphql/paginering';
import { beheerRegiosVan, issuerBeheerRegios } from './beheer.scope';
import { BeheerOrganisatieView, BeheerWebhookEndpointView, IssuerBindingView, IssuerView } from './beheer.types';
import { IssuerBindingEntity, type IssuerEntity, OrganisatieEntity } from '../organisaties/organisatie.entity';

/**
 * Beheer views from entities, for a whole page in a fixed number of queries (bindings, endpoints and the organisations
 * an issuer serves are each loaded once). Shared by the API and the CLI.
 */

export function bindingView(
  b: IssuerBindingEntity,
  org: { soort: string; regioCodes: readonly string[] } | undefined,
): IssuerBindingView {
  return Object.assign(new IssuerBindingView(), {
    issuer: b.issuer,
    organisatie: b.organisatie,
    externId: b.externId,
    rollen: [...b.rollen],
    aangemaaktOp: b.aangemaaktOp,
    beheerRegios: org ? beheerRegiosVan(org) : [],
  });
}

export function endpointView(e: WebhookEndpointEntity, beheerRegios: string[]): BeheerWebhookEndpointView {
  return Object.assign(new BeheerWebhookEndpointView(), {
    id: e.id,
    organisatie: e.organisatie,
    url: e.url,
    omschrijving: e.omschrijving ?? null,
    actief: e.actief,
    uitschakelreden: e.uitschakelreden ?? null,
    uitgeschakeldOp: e.uitgeschakeldOp ?? null,
    beheerRegios,
  });
}

/** Organisation views with their issuer bindings and webhook endpoints. */
export async function organisatieViews(
  em: EntityManager,
  orgs: readonly OrganisatieEntity[],
): Promise<BeheerOrganisatieView[]> {
  if (orgs.length === 0) return [];
  const codes = orgs.map((o) => o.code);
  const bindingen = await em.find(IssuerBindingEntity, { organisatie: { $in: codes } }, { orderBy: { issuer: 'asc' } });
  const endpoints = await endpointsVanOrganisaties(em, codes);
  return orgs.map((o) => {
    const regios = beheerRegiosVan(o);
    return Object.assign(new BeheerOrganisatieView(), {
      code: o.code,
      naam: o.naam,
      soort: o.soort,
      regioCodes: [...o.regioCodes],
      actief: o.actief,
      brin: o.brin ?? null,
      schoolvakantieregio: o.schoolvakantieregio ?? null,
      cbsCode: o.cbsCode ?? null,
      gewijzigdOp: o.gewijzigdOp ?? null,
      gedeactiveerdOp: o.gedeactiveerdOp ?? null,
      issuerBindingen: bindingen.filter((b) => b.organisatie === o.code).map((b) => bindingView(b, o)),
      webhookEndpoints: endpoints.filter((e) => e.organisatie === o.code).map((e) => endpointView(e, regios)),
      beheerRegios: regios,
    });
  });
}

/** The bindings of these issuers with the organisations they name (for scope and views). */
export async function bindingenVan(
  em: EntityManager,
  issuers: readonly string[],
): Promise<{ bindingen: IssuerBindingEntity[]; orgs: Map<string, OrganisatieEntity> }> {
  if (issuers.length === 0) return { bindingen: [], orgs: new Map() };
  const bindingen = await em.find(
    IssuerBindingEntity,
    { issuer: { $in: [...issuers] } },
    { orderBy: { organisatie: 'asc' } },
  );
  const codes = [...new Set(bindingen.map((b) => b.organisatie))];
  const orgs = new Map(
    (codes.length ? await em.find(OrganisatieEntity, { code: { $in: codes } }) : []).map((o) => [o.code, o]),
  );
  return { bindingen, orgs };
}

/** Issuer views with their bindings; `beheerRegios` are the regions that manage every organisation it serves. */
export async function issuerViews(em: EntityManager, issuers: readonly IssuerEntity[]): Promise<IssuerView[]> {
  const { bindingen, orgs } = await bindingenVan(
    em,
    issuers.map((i) => i.issuer),
  );
  return issuers.map((i) => {
    const eigen = bindingen.filter((b) => b.issuer === i.issuer);
    const bediend = eigen.map((b) => orgs.get(b.organisatie)).filter((o): o is OrganisatieEntity => o !== undefined);
    return Object.assign(new IssuerView(), {
      issuer: i.issuer,
      naam: i.naam,
      jwksUri: i.jwksUri ?? null,
      jwks: i.jwks ? JSON.stringify(i.jwks) : null,
      audience: i.audience ?? null,
      claims: { rol: i.claims.rol ?? null, organisatie: i.claims.organisatie ?? null, teams: i.claims.teams ?? null },
      rolWaarden: Object.entries(i.rolWaarden).map(([waarde, rol]) => ({ waarde, rol })),
      toegestaneClients: [...i.toegestaneClients],
      acrNiveaus: Object.entries(i.acrNiveaus).map(([acr, niveau]) => ({ acr, niveau })),
      minBetrouwbaarheid: i.minBetrouwbaarheid ?? null,
      maxTokenLeeftijdS: i.maxTokenLeeftijdS ?? null,
      actief: i.actief,
      aangemaaktOp: i.aangemaaktOp,
      gewijzigdOp: i.gewijzigdOp ?? null,
      bindingen: eigen.map((b) => bindingView(b, orgs.get(b.organisatie))),
      beheerRegios: issuerBeheerRegios(bediend),
    });
  });
}

/** An opaque cursor over a text key (an organisation code, an issuer URL). */
export function sleutelCursor(sleutel: string): string {
  return Buffer.from(`k:${sleutel}`).toString('base64url');
}

export function leesSleutelCursor(na: string): string {
  const tekst = cursorTekst(na);
  if (!tekst.startsWith('k:')) throw ongeldigeCursor();
  return tekst.slice(2);
}

/** A page of up to `eerste + 1` items keyed by text (the extra item only says there is a next page). */
export function sleutelConnection<T>(
  rijen: readonly T[],
  eerste: number,
  sleutel: (t: T) => string,
): { edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const pagina = rijen.slice(0, eerste);
  const laatste = pagina[pagina.length - 1];
  return {
    edges: pagina.map((node) => ({ cursor: sleutelCursor(sleutel(node)), node })),
    pageInfo: {
      hasNextPage: rijen.length > eerste,
      endCursor: laatste !== undefined ? sleutelCursor(sleutel(laatste)) : null,
    },
  };
}
