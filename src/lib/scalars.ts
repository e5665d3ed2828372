import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** A BAD_USER_INPUT error with a machine-readable reason, as every scalar of the schema answers bad input. */
export function invoerFout(reden: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reden } });
}

/** The text of a string literal, or BAD_USER_INPUT for any other kind of literal. */
export function stringLiteral(ast: ValueNode, typeName: string, reden: string): string {
  if (ast.kind !== Kind.STRING) {
    throw invoerFout(reden, `${typeName} moet als tekst worden opgegeven`);
  }
  return ast.value;
}

/** True when y-m-d is a real calendar date. */
export function isKalenderdatum(waarde: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(waarde);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

function parseDatum(value: unknown): string {
  if (typeof value !== 'string' || !isKalenderdatum(value)) {
    throw invoerFout('ONGELDIGE_DATUM', 'Geen bestaande datum: verwacht JJJJ-MM-DD, bijvoorbeeld 2024-02-29');
  }
  return value;
}

/** A calendar date without time (JJJJ-MM-DD); impossible dates such as 2023-02-30 are refused. */
export const DatumScalar = new GraphQLScalarType({
  name: 'Datum',
  description: 'Kalenderdatum zonder tijd, JJJJ-MM-DD (ISO 8601). Niet-bestaande datums worden geweigerd.',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)),
  parseValue: parseDatum,
  parseLiteral: (ast) => parseDatum(stringLiteral(ast, 'Datum', 'ONGELDIGE_DATUM')),
});

function parseTijdstip(value: unknown): Date {
  // Its own output: compiled execution (graphql/jit.ts) coerces variables graphql-js already coerced. JSON has no
  // dates, so a client cannot send one.
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    throw invoerFout(
      'ONGELDIG_TIJDSTIP',
      'Geen geldig tijdstip: verwacht ISO 8601 met tijdzone, bijvoorbeeld 2024-03-01T09:30:00+01:00',
    );
  }
  if (!isKalenderdatum(value.slice(0, 10))) {
    throw invoerFout('ONGELDIG_TIJDSTIP', 'Geen bestaande datum in het tijdstip');
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw invoerFout('ONGELDIG_TIJDSTIP', 'Geen geldig tijdstip');
  }
  return d;
}

/** An instant, ISO 8601 with a time zone; serialised in UTC. */
export const TijdstipScalar = new GraphQLScalarType({
  name: 'Tijdstip',
  description: 'Tijdstip, ISO 8601 met tijdzone (uitvoer in UTC).',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: parseTijdstip,
  parseLiteral: (ast) => parseTijdstip(stringLiteral(ast, 'Tijdstip', 'ONGELDIG_TIJDSTIP')),
});
