import { Migration } from '@mikro-orm/migrations';

/**
 * Trust between organisations (issue 11): which identity provider may speak for which organisation and role.
 * - `organisatie` gets what onboarding registers: a school's BRIN (its school-holiday region exists since migration 7),
 *   a gemeente's CBS code, and when it was changed or deactivated.
 * - `issuer`: a trusted OIDC issuer with its keys, its claim names (where it does not use ours), the NL GOV
 *   Assurance profile settings that apply (required client/azp, minimum assurance level for roles that read person
 *   data, maximum token age).
 * - `issuer_binding`: the organisations an issuer may assert, the roles per organisation, and the value the issuer
 *   uses for that organisation in its organisation claim (an OIN or its own code; default: our code).
 * Every change to these tables notifies channel `ketenpoort_vertrouwen`, so each API process drops its cached trust
 * data at once (deactivating an organisation or unbinding an issuer ends access on every instance, not after a TTL).
 */
export class Migration20261204000015_vertrouwen extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table organisatie
        add column brin text check (brin ~ '^[0-9]{2}[A-Z]{2}([0-9]{2})?$'),
        add column cbs_code text check (cbs_code ~ '^GM[0-9]{4}$'),
        add column gewijzigd_op timestamptz,
        add column gedeactiveerd_op timestamptz;`);

    this.addSql(`
      create table issuer (
        issuer text primary key check (length(issuer) between 1 and 500),
        naam text not null check (length(naam) between 1 and 200),
        jwks_uri text check (jwks_uri ~ '^https?://'),
        jwks jsonb,
        audience text,
        claims jsonb not null default '{}'::jsonb,
        rol_waarden jsonb not null default '{}'::jsonb,
        toegestane_clients text[] not null default '{}',
        acr_niveaus jsonb not null default '{}'::jsonb,
        min_betrouwbaarheid text check (min_betrouwbaarheid in ('LAAG','SUBSTANTIEEL','HOOG')),
        max_token_leeftijd_s integer check (max_token_leeftijd_s > 0),
        actief boolean not null default true,
        aangemaakt_op timestamptz not null,
        gewijzigd_op timestamptz,
        check ((jwks_uri is null) <> (jwks is null))
      );`);
    this.addSql(`
      create table issuer_binding (
        issuer text not null references issuer(issuer),
        organisatie text not null references organisatie(code),
        extern_id text not null check (length(extern_id) between 1 and 200),
        rollen text[] not null check (cardinality(rollen) > 0),
        aangemaakt_op timestamptz not null,
        primary key (issuer, organisatie),
        unique (issuer, extern_id)
      );`);
    this.addSql(`create index issuer_binding_organisatie_idx on issuer_binding (organisatie);`);

    this.addSql(`
      create function meld_vertrouwen_gewijzigd() returns trigger language plpgsql as $$
      begin
        perform pg_notify('ketenpoort_vertrouwen', tg_table_name);
        return null;
      end $$;`);
    for (const tabel of ['organisatie', 'issuer', 'issuer_binding']) {
      this.addSql(`create trigger ${tabel}_vertrouwen_gewijzigd after insert or update or delete on ${tabel}
                   for each statement execute function meld_vertrouwen_gewijzigd();`);
    }
    this.addSql(`grant select on issuer, issuer_binding to ketenpoort_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table issuer_binding; drop table issuer; drop function meld_vertrouwen_gewijzigd() cascade;`);
    this.addSql(
      `alter table organisatie drop column brin, drop column cbs_code, drop column gewijzigd_op, drop column gedeactiveerd_op;`,
    );
  }
}
