import { Client } from 'pg';

/**
 * The split between the owner role (runs the migrations, owns every table) and the login role of the API and worker
 * (owns nothing, reaches the tables through `ketenpoort_dienst`, may only append to the audit tables). See migration
 * 23 and README, "Databaserollen".
 */

/** The role that carries the login role's rights; created by migration 23. */
export const DIENST_ROL = 'ketenpoort_dienst';
/** The login role the embedded default and the tests create (production: the operator's own, see README). */
export const ONTWIKKEL_LOGIN_ROL = 'ketenpoort_api';
/** Tables whose owner alone can alter them or switch off their append-only trigger. */
const AUDITTABELLEN = ['audit_gebeurtenis', 'audit_zegel'] as const;

/** Replaces the user and password of a connection URL (same server and database). */
export function metGebruiker(url: string, gebruiker: string, wachtwoord: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(gebruiker);
  u.password = encodeURIComponent(wachtwoord);
  return u.toString();
}

/**
 * Creates (if missing) a login role that is a member of `ketenpoort_dienst` and nothing else, for the embedded default
 * and the tests. Runs as the superuser on `eigenaarUrl`; the membership is granted once migration 23 has created the
 * service role. Roles are shared by every database of the server, so concurrent callers are expected: losing a race
 * is fine.
 */
export async function zorgVoorLoginRol(eigenaarUrl: string, rol: string, wachtwoord: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(rol)) throw new Error(`Onveilige rolnaam: ${rol}`);
  const c = new Client({ connectionString: eigenaarUrl });
  await c.connect();
  try {
    for (const sql of [
      `do $$ begin
         if not exists (select 1 from pg_roles where rolname = '${rol}') then
           create role ${rol} login nosuperuser nocreatedb nocreaterole password '${wachtwoord.replace(/'/g, "''")}';
         end if;
       exception when duplicate_object or unique_violation then null;
       end $$`,
      // Before the first migration the service role does not exist yet; the caller runs this again afterwards.
      `do $$ begin
         if exists (select 1 from pg_roles where rolname = '${DIENST_ROL}') then grant ${DIENST_ROL} to ${rol}; end if;
       exception when sqlstate 'XX000' then null;
       end $$`,
    ]) {
      await c.query(sql);
    }
  } finally {
    await c.end();
  }
}

/** Why a login role is unfit to run the API or worker; empty when it is fit. */
export interface LoginRolBevinding {
  rol: string;
  problemen: string[];
}

/** A query without parameters (callers pass a MikroORM connection or a pg client: their placeholders differ). */
type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Checks the connected (login) role: not a superuser, no member of the owner of the audit tables, their trigger
 * function or the schema (an owner can disable the trigger or drop the table), and no right to update, delete or
 * truncate audit rows. Read-only; the caller decides whether a finding stops the process.
 */
export async function onderzoekLoginRol(query: Query): Promise<LoginRolBevinding> {
  const [rol] = await query(
    `select current_user as rol, (select rolsuper from pg_roles where rolname = current_user) as superuser`,
  );
  const problemen: string[] = [];
  if (rol?.superuser) problemen.push('is superuser');
  const rijen = await query(
    `select c.relname as tabel, pg_get_userbyid(c.relowner) as eigenaar,
            pg_has_role(current_user, c.relowner, 'MEMBER') as is_eigenaar,
            has_table_privilege(current_user, c.oid, 'UPDATE') as mag_wijzigen,
            has_table_privilege(current_user, c.oid, 'DELETE') as mag_verwijderen,
            has_table_privilege(current_user, c.oid, 'TRUNCATE') as mag_legen,
            has_table_privilege(current_user, c.oid, 'TRIGGER') as mag_triggers,
            pg_has_role(current_user, n.nspowner, 'MEMBER') as is_schema_eigenaar
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relname in (${AUDITTABELLEN.map((t) => `'${t}'`).join(', ')})
      order by c.relname`,
  );
  for (const r of rijen) {
    if (r.is_eigenaar) problemen.push(`is (lid van) de eigenaar van ${String(r.tabel)} (${String(r.eigenaar)})`);
    if (r.is_schema_eigenaar) problemen.push(`is (lid van) de eigenaar van het schema van ${String(r.tabel)}`);
    const rechten = [
      r.mag_wijzigen && 'UPDATE',
      r.mag_verwijderen && 'DELETE',
      r.mag_legen && 'TRUNCATE',
      r.mag_triggers && 'TRIGGER',
    ].filter(Boolean);
    if (rechten.length) problemen.push(`heeft ${rechten.join(', ')} op ${String(r.tabel)}`);
  }
  const [functie] = await query(
    `select pg_has_role(current_user, p.proowner, 'MEMBER') as is_eigenaar from pg_proc p where p.proname = 'weiger_wijziging_auditspoor'`,
  );
  if (functie?.is_eigenaar) {
    problemen.push('is (lid van) de eigenaar van de triggerfunctie weiger_wijziging_auditspoor');
  }
  return { rol: String(rol?.rol), problemen: [...new Set(problemen)] };
}

/** Names of migrations in `alle` that the database has not applied (read from the migration table). */
export async function openstaandeMigraties(query: Query, alle: readonly { name: string }[]): Promise<string[]> {
  const [tabel] = await query(`select to_regclass('mikro_orm_migraties') is not null as bestaat`);
  if (!tabel?.bestaat) return alle.map((m) => m.name);
  const toegepast = new Set((await query(`select name from mikro_orm_migraties`)).map((r) => String(r.name)));
  return alle
    .map((m) => m.name)
    .filter((n) => !toegepast.has(n) && !toegepast.has(`${n}.ts`) && !toegepast.has(`${n}.js`));
}
