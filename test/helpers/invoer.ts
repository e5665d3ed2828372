import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

import { alleRollen, organisatieSoortenPerRol, type Rol } from '../../src/auth/rollen';
import type { TestApp } from './testapp';

/**
 * Requests generated from a schema: an operation with a value for every required argument and a chosen value at one
 * position, for the tests that walk every input of every role (test/invoer/*).
 */

export type Soort = 'query' | 'mutation';

/** A root field of a schema, with how it is called. */
export interface Operatie {
  soort: Soort;
  veld: GraphQLField<unknown, unknown>;
}

/** One input position: an argument, and the path inside it (field names and list indexes). */
export interface Positie {
  argument: string;
  pad: (string | number)[];
  /** The named type at the position (a scalar or enum). */
  type: string;
  /** The list of types above, so a test can tell a list element from a field. */
  inLijst: boolean;
}

export const VOORBEELD_ID = '00000000-0000-4000-8000-000000000001';

/** A value of the right type for every scalar: what the other fields of a generated request hold. */
export function voorbeeldScalair(naam: string): unknown {
  switch (naam) {
    case 'ID':
      return VOORBEELD_ID;
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'Datum':
      return '2026-03-10';
    case 'Tijdstip':
      return '2026-03-10T09:00:00Z';
    case 'BSN':
      return '999990019';
    default:
      return 'Voorbeeld';
  }
}

/** Input types that need more than their required fields to be valid at all (a filter that needs one criterion). */
const VOORBEELD_TYPEN: Record<string, Record<string, unknown>> = {
  AuditFilter: { gebruiker: 'iemand' },
};

/** A value of `type` with every required field, recursively (optional fields left out). */
export function voorbeeld(type: GraphQLInputType, diepte = 0): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [voorbeeld(t.ofType, diepte)];
  if (isEnumType(t)) return t.getValues()[0]?.name;
  if (isScalarType(t)) return voorbeeldScalair(t.name);
  if (isInputObjectType(t)) {
    const uit: Record<string, unknown> = { ...VOORBEELD_TYPEN[t.name] };
    if (diepte > 6) return uit;
    for (const f of Object.values(t.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined) uit[f.name] = voorbeeld(f.type, diepte + 1);
    }
    return uit;
  }
  return null;
}

/** Every leaf position below an argument (each input type visited once per path, lists entered at index 0). */
export function posities(arg: GraphQLArgument): Positie[] {
  const uit: Positie[] = [];
  const loop = (type: GraphQLInputType, pad: (string | number)[], inLijst: boolean, gezien: Set<string>): void => {
    const t = getNullableType(type);
    if (isListType(t)) {
      loop(t.ofType, [...pad, 0], true, gezien);
      return;
    }
    if (isLeafType(t)) {
      uit.push({ argument: arg.name, pad, type: t.name, inLijst });
      return;
    }
    if (isInputObjectType(t) && !gezien.has(t.name)) {
      for (const f of Object.values(t.getFields())) {
        loop(f.type, [...pad, f.name], false, new Set([...gezien, t.name]));
      }
    }
  };
  loop(arg.type, [], false, new Set());
  return uit;
}

/**
 * Sets `waarde` at `pad` inside a value of `type`, making the objects on the way complete (every required field a
 * sample), so the only thing wrong with the result is `waarde`.
 */
export function zetOp(type: GraphQLInputType, doel: unknown, pad: (string | number)[], waarde: unknown): unknown {
  if (pad.length === 0) return waarde;
  const t = getNullableType(type);
  const [kop, ...rest] = pad;
  if (isListType(t)) {
    const lijst = Array.isArray(doel) ? [...(doel as unknown[])] : [];
    const i = kop as number;
    lijst[i] = zetOp(t.ofType, lijst[i] ?? voorbeeld(t.ofType), rest, waarde);
    return lijst;
  }
  if (!isInputObjectType(t)) return waarde;
  const veld = t.getFields()[kop as string] as { type: GraphQLInputType } | undefined;
  const obj = { ...((doel && typeof doel === 'object' ? doel : voorbeeld(t)) as Record<string, unknown>) };
  // A field the type does not have gets the value as is (a test of unknown fields).
  obj[kop as string] = veld ? zetOp(veld.type, obj[kop as string] ?? voorbeeld(veld.type), rest, waarde) : waarde;
  return obj;
}

function typeTekst(t: GraphQLInputType): string {
  if (isNonNullType(t)) return `${typeTekst(t.ofType)}!`;
  if (isListType(t)) return `[${typeTekst(t.ofType)}]`;
  return t.name;
}

const verplicht = (a: GraphQLArgument): boolean => isNonNullType(a.type) && a.defaultValue === undefined;

/**
 * A request calling `op` with every required argument (a sample value) and `waarde` at `positie`; the answer selects
 * `__typename` only (enough to run the field).
 */
export function verzoek(
  op: Operatie,
  positie: Positie | undefined,
  waarde: unknown,
): { query: string; variables: Record<string, unknown> } {
  const args = op.veld.args.filter((a) => verplicht(a) || a.name === positie?.argument);
  const variables: Record<string, unknown> = {};
  for (const a of args) {
    const basis = verplicht(a) || a.name === positie?.argument ? voorbeeld(a.type) : undefined;
    variables[a.name] = a.name === positie?.argument ? zetOp(a.type, basis, positie.pad, waarde) : basis;
  }
  const decl = args.map((a) => `$${a.name}: ${typeTekst(a.type)}`).join(', ');
  const gebruik = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selectie = isLeafType(getNamedType(op.veld.type)) ? '' : ' { __typename }';
  return {
    query: `${op.soort}${decl ? `(${decl})` : ''} { ${op.veld.name}${gebruik ? `(${gebruik})` : ''}${selectie} }`,
    variables,
  };
}

/** The queries and mutations of a schema. */
export function operaties(schema: GraphQLSchema): Operatie[] {
  const uit: Operatie[] = [];
  for (const [soort, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const veld of Object.values(type?.getFields() ?? {})) uit.push({ soort, veld });
  }
  return uit;
}

/** The number of rows of every table of the public schema (the audit trail included). */
export async function rijtellingen(app: TestApp): Promise<Record<string, number>> {
  const tabellen = await app.sql(`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const delen = tabellen.map(
    (t) => `select '${t.tablename as string}' as t, count(*)::int as n from "${t.tablename as string}"`,
  );
  const rijen = await app.sql(delen.join(' union all '));
  return Object.fromEntries(rijen.map((r) => [r.t as string, r.n as number]));
}

/** A small seeded generator (mulberry32): the same seed gives the same requests on every run. */
export function generator(zaad: number): { getal(n: number): number; kies<T>(lijst: readonly T[]): T } {
  let s = zaad >>> 0;
  const volgende = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    getal: (n) => Math.floor(volgende() * n),
    kies: (lijst) => lijst[Math.floor(volgende() * lijst.length)],
  };
}

/**
 * One organisation for every role (VT14 for the VT roles, a partner linked to VT14 of the role's kind otherwise) and a
 * token maker for it.
 */
export async function tokenPerRol(app: TestApp): Promise<(rol: Rol) => Promise<string>> {
  const orgVan = new Map<Rol, string>();
  for (const rol of alleRollen) {
    const soort = organisatieSoortenPerRol[rol][0] as string;
    if (soort === 'VEILIG_THUIS') {
      orgVan.set(rol, 'VT14');
      continue;
    }
    const code = `INV-${soort.slice(0, 12).replace(/_/g, '')}`;
    await app.partner(code, soort, 'VT14');
    orgVan.set(rol, code);
  }
  const maak = (rol: Rol): Promise<string> => app.token(rol, orgVan.get(rol)!, { sub: `invoer-${rol.toLowerCase()}` });
  // The melder's access is issued for a melding VT registers (test/helpers/testapp.ts): made now, before a test counts rows.
  await maak('MELDER');
  return maak;
}
