/**
 * A PostgreSQL array literal for a list of strings, to bind as ONE parameter (`?::text[]`).
 * Needed because knex expands an array binding into a comma list. Every element is quoted and
 * backslashes and double quotes are escaped, so no element can break out of the literal.
 */
export function pgArrayLiteral(waarden: readonly string[]): string {
  return `{${waarden.map((w) => `"${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
