import { Migration } from '@mikro-orm/migrations';

/** An id inside a text; the same pattern as UUID_PATROON in src/audit/audit-redactie.ts (frozen here). */
const UUID_PATROON = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * Retention and destruction (issue 17.5, src/bewaring, README "Bewaring en vernietiging").
 *
 * - `bewaring`: one row per casus once retention work started on it (a legal hold, the review job, an early-destruction
 *   request). After destruction it is the tombstone: region, dates, who proposed and approved, counts per table; no
 *   casus id, no free text.
 * - `audit_redactie`: an audit record whose object id and person ids were removed by a destruction, with the hash of
 *   what remains (`rest_hash`). The chain still links the original `inhoud_hash`; the verifier accepts a record that no
 *   longer matches its hash only when a redaction row covers it and its remaining columns match `rest_hash`, and the
 *   tombstone audit record of the destruction carries a digest over every redaction row (src/audit/audit-redactie.ts).
 *   Append-only like the audit tables.
 * - The append-only trigger of audit_gebeurtenis admits one kind of update: object_id to null, persoon_ids to empty and
 *   every id in the grondslag (a handover, a noodtoegang) replaced by `vernietigd`, every other column unchanged, inside `vernietig_dossier` (which sets `ketenpoort.audit_redactie`). The service role
 *   still has no update right on the table; only that function (owner rights) can do it.
 * - `vernietig_dossier(bewaring, audit_ids, rest_hashes)`: the destruction, as the table owner, within the caller's
 *   region (`ketenpoort.vt_organisatie`) and only for an approved review. It deletes every row that holds personal data
 *   of the casus (persons not shared with another casus, betrokkenen, melder, overdrachten, HwC, ZSM, huisverbod, Aware,
 *   webhook events and deliveries, idempotency keys, ...), keeps the rows the analyst's rollups count (melding,
 *   veiligheidsbeoordeling, advies, casus, dienst, onderzoek_uitkomst, termijn) with their free text blanked and new
 *   ids, and redacts the audit records that named the casus or its persons. It refuses when the audit records passed
 *   are not exactly those that name the dossier. Execute is granted to ketenpoort_app (the scoped role), nothing else.
 * - `termijn`: a ZSM answer termijn may outlive its (destroyed) request as an anonymous residue.
 */
export class Migration20261205000034_bewaring extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table bewaring (
        id uuid primary key,
        vt_organisatie text not null references organisatie(code),
        casus_id uuid unique references casus(id),
        status text not null check (status in ('BEWAREN','TE_BEOORDELEN','VOORGESTELD','GOEDGEKEURD','VERNIETIGD')),
        gesloten_op date,
        -- A review that decided to keep the file: not due again before this date.
        uitgesteld_tot date,
        te_beoordelen_sinds timestamptz,
        legal_hold boolean not null default false,
        legal_hold_reden text check (length(legal_hold_reden) between 1 and 2000),
        legal_hold_door text,
        legal_hold_op timestamptz,
        vroegtijdig_verzoeker text check (vroegtijdig_verzoeker in ('OUDER','JONGERE')),
        voorgesteld_door text,
        voorgesteld_op timestamptz,
        motivering text check (length(motivering) between 1 and 2000),
        goedgekeurd_door text,
        vernietigd_op timestamptz,
        verwijderd jsonb,
        versie integer not null default 1,
        check ((status = 'VERNIETIGD') = (casus_id is null)),
        check (not legal_hold or legal_hold_reden is not null)
      );`);
    this.addSql(`create index bewaring_regio_status_idx on bewaring (vt_organisatie, status);`);
    this.addSql(`alter table bewaring enable row level security;`);
    this.addSql(`alter table bewaring force row level security;`);
    this.addSql(`create policy eigen_vt_organisatie on bewaring
        using (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true))
        with check (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true));`);
    this.addSql(`grant select, insert, update on bewaring to ketenpoort_app;`);
    this.addSql(`revoke delete, truncate on bewaring from ketenpoort_dienst;`);
    this.addSql(`create policy dienst_zonder_scope on bewaring to ketenpoort_dienst using (true) with check (true);`);

    this.addSql(`
      create table audit_redactie (
        -- No foreign key: the audit table's own guard (its trigger) must be what refuses a truncate, and the
        -- verifier reports a redaction of a missing record as the deletion it is.
        audit_id bigint primary key,
        bewaring_id uuid not null references bewaring(id),
        rest_hash bytea not null check (length(rest_hash) = 32),
        geredigeerd_op timestamptz not null
      );`);
    this.addSql(`create index audit_redactie_bewaring_idx on audit_redactie (bewaring_id, audit_id);`);
    this.addSql(`revoke insert, update, delete, truncate, references, trigger on audit_redactie
        from public, ketenpoort_dienst, ketenpoort_app;`);
    this.addSql(`grant select on audit_redactie to ketenpoort_dienst, ketenpoort_app;`);
    this.addSql(`create trigger audit_redactie_alleen_toevoegen before update or delete on audit_redactie
        for each row execute function weiger_wijziging_auditspoor();`);
    this.addSql(`create trigger audit_redactie_geen_truncate before truncate on audit_redactie
        for each statement execute function weiger_wijziging_auditspoor();`);

    // The one update of an audit record there is: removing its object id and person ids during a destruction.
    this.addSql(`
      create function audit_gebeurtenis_alleen_redactie() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and coalesce(current_setting('ketenpoort.audit_redactie', true), '') <> ''
           and new.object_id is null and new.persoon_ids = '{}'::uuid[]
           and new.grondslag = regexp_replace(old.grondslag, '${UUID_PATROON}', 'vernietigd', 'g')
           and (new.id, new.tijdstip, new.gebeurtenis, new.actie, new.gebruiker, new.gebruiker_naam, new.actor_soort,
                new.rol, new.organisatie, new.namens, new.toegangspunt, new.verzoek_id, new.noodprocedure,
                new.vt_organisatie, new.object_type, new.velden, new.inhoud_hash)
               is not distinct from
               (old.id, old.tijdstip, old.gebeurtenis, old.actie, old.gebruiker, old.gebruiker_naam, old.actor_soort,
                old.rol, old.organisatie, old.namens, old.toegangspunt, old.verzoek_id, old.noodprocedure,
                old.vt_organisatie, old.object_type, old.velden, old.inhoud_hash) then
          return new;
        end if;
        raise exception 'Het auditspoor is alleen-toevoegen: % op % is niet toegestaan', tg_op, tg_table_name
          using errcode = 'P7513';
      end $$;`);
    this.addSql(`drop trigger audit_gebeurtenis_alleen_toevoegen on audit_gebeurtenis;`);
    this.addSql(`create trigger audit_gebeurtenis_alleen_toevoegen before update or delete on audit_gebeurtenis
        for each row execute function audit_gebeurtenis_alleen_redactie();`);

    this.addSql(`alter table termijn drop constraint termijn_casus_of_zsm;`);
    this.addSql(`alter table termijn add constraint termijn_casus_of_zsm
        check (casus_id is not null or soort = 'ZSM_ANTWOORD');`);

    this.addSql(DOSSIER_FUNCTIE);
    this.addSql(VERNIETIG_FUNCTIE);
    this.addSql(`revoke all on function bewaring_dossier(uuid) from public;`);
    this.addSql(`revoke all on function vernietig_dossier(uuid, bigint[], text[]) from public;`);
    // Services call them under their region scope, as ketenpoort_app (the role the service role switches to).
    this.addSql(`grant execute on function bewaring_dossier(uuid) to ketenpoort_app;`);
    this.addSql(`grant execute on function vernietig_dossier(uuid, bigint[], text[]) to ketenpoort_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function vernietig_dossier(uuid, bigint[], text[]);`);
    this.addSql(`drop function bewaring_dossier(uuid);`);
    this.addSql(`alter table termijn drop constraint termijn_casus_of_zsm;`);
    this.addSql(`alter table termijn add constraint termijn_casus_of_zsm
        check (casus_id is not null or (zsm_verzoek_id is not null and soort = 'ZSM_ANTWOORD'));`);
    this.addSql(`drop trigger audit_gebeurtenis_alleen_toevoegen on audit_gebeurtenis;`);
    this.addSql(`create trigger audit_gebeurtenis_alleen_toevoegen before update or delete on audit_gebeurtenis
        for each row execute function weiger_wijziging_auditspoor();`);
    this.addSql(`drop function audit_gebeurtenis_alleen_redactie();`);
    this.addSql(`drop table audit_redactie;`);
    this.addSql(`drop table bewaring;`);
  }
}

/**
 * What a destruction of casus `p_casus` removes, as ids: the persons of the casus that no other casus or melding
 * holds, and every object id (text, as audit_gebeurtenis.object_id, gebeurtenis.object_id and
 * idempotentie_sleutel.object_id store them) of the casus. Runs with the caller's rights and row-level security.
 */
export const DOSSIER_FUNCTIE = `
create function bewaring_dossier(p_casus uuid, out personen uuid[], out objecten text[], out zsm_verzoeken uuid[])
language plpgsql stable set search_path = public, pg_temp as $$
declare
  v_meldingen uuid[];
begin
  select coalesce(array_agg(id), '{}') into v_meldingen from melding where casus_id = p_casus;
  select coalesce(array_agg(distinct p), '{}') into personen from (
      select persoon_id as p from casus_persoon where casus_id = p_casus
      union select persoon_id from betrokkene where melding_id = any(v_meldingen)) x
   where not exists (select 1 from casus_persoon cp where cp.persoon_id = x.p and cp.casus_id <> p_casus)
     and not exists (select 1 from betrokkene b where b.persoon_id = x.p and not (b.melding_id = any(v_meldingen)));
  -- ZSM requests of which every person is one of these persons (by id or BSN): removed whole.
  select coalesce(array_agg(v.id), '{}') into zsm_verzoeken from zsm_verzoek v
   where v.vt_organisatie = current_setting('ketenpoort.vt_organisatie', true)
     and exists (select 1 from zsm_verzoek_persoon zp where zp.verzoek_id = v.id)
     and not exists (select 1 from zsm_verzoek_persoon zp where zp.verzoek_id = v.id
                      and not (zp.persoon_id = any(personen)
                               or zp.bsn in (select bsn from persoon where id = any(personen) and bsn is not null)));
  select coalesce(array_agg(distinct o), '{}') into objecten from (
      select p_casus::text as o
      union all select unnest(v_meldingen)::text
      union all select unnest(personen)::text
      union all select id::text from betrokkene where melding_id = any(v_meldingen)
      union all select id::text from advies where melding_id = any(v_meldingen) or id in (select advies_id from melding where id = any(v_meldingen))
      union all select id::text from melder_toegang where melding_id = any(v_meldingen)
      union all select id::text from melding_aanvulling where melding_id = any(v_meldingen)
      union all select id::text from casus_overgang where casus_id = p_casus
      union all select id::text from dienst where casus_id = p_casus
      union all select id::text from termijn where casus_id = p_casus or zsm_verzoek_id = any(zsm_verzoeken)
      union all select id::text from veiligheidsafspraak where casus_id = p_casus
      union all select id::text from monitoringcontact where casus_id = p_casus
      union all select id::text from overdracht where casus_id = p_casus
      union all select id::text from monitoring_input where overdracht_id in (select id from overdracht where casus_id = p_casus)
      union all select id::text from verzoek_tot_onderzoek_melding where overdracht_id in (select id from overdracht where casus_id = p_casus)
      union all select id::text from hwc_signaal where casus_id = p_casus
      union all select unnest(zsm_verzoeken)::text
      union all select id::text from zsm_verzoek_persoon where persoon_id = any(personen) or verzoek_id = any(zsm_verzoeken)
                 or (vt_organisatie = current_setting('ketenpoort.vt_organisatie', true)
                     and bsn in (select bsn from persoon where id = any(personen) and bsn is not null))
      union all select id::text from huisverbod where casus_id = p_casus
      union all select id::text from huisverbod_monitoringcontact where huisverbod_id in (select id from huisverbod where casus_id = p_casus)
      union all select id::text from aware_aanvraag where casus_id = p_casus
      union all select id::text from noodtoegang where casus_id = p_casus
      union all select id::text from betrokkene_informering where casus_id = p_casus or melding_id = any(v_meldingen)
      union all select id::text from vt_register_signaal where persoon_ids && personen) x;
end $$;`;

/**
 * The destruction (see the class comment). Error codes: P0B01 no approved review of this region, P0B02 the audit
 * records passed are not exactly those that name the dossier.
 */
export const VERNIETIG_FUNCTIE = `
create function vernietig_dossier(p_bewaring uuid, p_audit_ids bigint[], p_rest_hashes text[]) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_regio text := current_setting('ketenpoort.vt_organisatie', true);
  v_casus uuid;
  v_meldingen uuid[];
  v_adviezen uuid[];
  v_overdrachten uuid[];
  v_huisverboden uuid[];
  v_termijnen uuid[];
  d record;
  v_aantallen jsonb := '{}';
  v_n integer;
  v_oud uuid;
  v_nieuw uuid;
begin
  select casus_id into v_casus from bewaring
   where id = p_bewaring and vt_organisatie = v_regio and status = 'GOEDGEKEURD' and not legal_hold for update;
  if v_casus is null then
    raise exception 'geen goedgekeurde vernietiging % in regio %', p_bewaring, v_regio using errcode = 'P0B01';
  end if;
  select * into d from bewaring_dossier(v_casus);
  if coalesce(array_length(p_audit_ids, 1), 0) <> coalesce(array_length(p_rest_hashes, 1), 0)
     or exists (select 1 from audit_gebeurtenis a where (a.object_id = any(d.objecten) or a.persoon_ids && d.personen)
                   and not (a.id = any(p_audit_ids)))
     or exists (select 1 from unnest(p_audit_ids) i where not exists (
                  select 1 from audit_gebeurtenis a where a.id = i and (a.object_id = any(d.objecten) or a.persoon_ids && d.personen))) then
    raise exception 'de auditregels van het dossier zijn gewijzigd' using errcode = 'P0B02';
  end if;

  -- The audit trail: the records stay in the chain, without the ids that named the dossier.
  perform set_config('ketenpoort.audit_redactie', p_bewaring::text, true);
  update audit_gebeurtenis
     set object_id = null, persoon_ids = '{}', grondslag = regexp_replace(grondslag, '${UUID_PATROON}', 'vernietigd', 'g')
   where id = any(p_audit_ids);
  insert into audit_redactie (audit_id, bewaring_id, rest_hash, geredigeerd_op)
    select i, p_bewaring, decode(h, 'hex'), clock_timestamp() from unnest(p_audit_ids, p_rest_hashes) as t(i, h);
  perform set_config('ketenpoort.audit_redactie', '', true);
  v_aantallen := v_aantallen || jsonb_build_object('audit_gebeurtenis', coalesce(array_length(p_audit_ids, 1), 0));

  select coalesce(array_agg(id), '{}') into v_meldingen from melding where casus_id = v_casus;
  select coalesce(array_agg(id), '{}') into v_adviezen from advies
   where melding_id = any(v_meldingen) or id in (select advies_id from melding where id = any(v_meldingen));
  select coalesce(array_agg(id), '{}') into v_overdrachten from overdracht where casus_id = v_casus;
  select coalesce(array_agg(id), '{}') into v_huisverboden from huisverbod where casus_id = v_casus;
  select coalesce(array_agg(id), '{}') into v_termijnen from termijn
   where casus_id = v_casus or zsm_verzoek_id = any(d.zsm_verzoeken);

  -- Webhook events about the dossier and their deliveries ("that, not what": they carry ids only, but those ids).
  delete from webhook_aflevering where gebeurtenis_id in (select id from gebeurtenis where object_id = any(d.objecten));
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('webhook_aflevering', v_n);
  delete from gebeurtenis where object_id = any(d.objecten);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('gebeurtenis', v_n);
  delete from idempotentie_sleutel where object_id = any(d.objecten);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('idempotentie_sleutel', v_n);

  delete from notificatie where termijn_id = any(v_termijnen);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('notificatie', v_n);
  delete from monitoring_input where overdracht_id = any(v_overdrachten) or termijn_id = any(v_termijnen);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('monitoring_input', v_n);
  delete from verzoek_tot_onderzoek_melding where overdracht_id = any(v_overdrachten);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('verzoek_tot_onderzoek_melding', v_n);
  update termijn set overdracht_id = null, hwc_signaal_id = null, huisverbod_id = null, aware_aanvraag_id = null,
                     zsm_verzoek_id = null
   where id = any(v_termijnen);
  delete from overdracht where id = any(v_overdrachten);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('overdracht', v_n);
  delete from hwc_signaal_inhoud where signaal_id in (select id from hwc_signaal where casus_id = v_casus);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('hwc_signaal_inhoud', v_n);
  delete from hwc_signaal where casus_id = v_casus;
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('hwc_signaal', v_n);
  delete from zsm_verzoek_persoon where persoon_id = any(d.personen) or verzoek_id = any(d.zsm_verzoeken)
     or (vt_organisatie = v_regio and bsn in (select bsn from persoon where id = any(d.personen) and bsn is not null));
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('zsm_verzoek_persoon', v_n);
  delete from zsm_verzoek where id = any(d.zsm_verzoeken);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('zsm_verzoek', v_n);
  delete from huisverbod_monitoringcontact where huisverbod_id = any(v_huisverboden);
  delete from huisverbod where id = any(v_huisverboden);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('huisverbod', v_n);
  delete from aware_aanvraag where casus_id = v_casus;
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('aware_aanvraag', v_n);
  delete from noodtoegang where casus_id = v_casus;
  delete from betrokkene_informering where casus_id = v_casus or melding_id = any(v_meldingen);
  delete from historie_import where casus_id = v_casus;
  delete from veiligheidsafspraak where casus_id = v_casus;
  delete from monitoringcontact where casus_id = v_casus;
  delete from casus_overgang where casus_id = v_casus;
  delete from verzoek_tot_onderzoek where casus_id = v_casus;
  delete from melding_aanvulling where melding_id = any(v_meldingen);
  delete from melder_toegang where melding_id = any(v_meldingen);
  delete from melder where melding_id = any(v_meldingen);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('melder', v_n);
  delete from betrokkene where melding_id = any(v_meldingen);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('betrokkene', v_n);
  delete from casus_persoon where casus_id = v_casus;
  delete from vt_register where persoon_id = any(d.personen);
  update vt_register_signaal set persoon_ids = array(select unnest(persoon_ids) except select unnest(d.personen))
   where persoon_ids && d.personen;
  delete from vt_register_signaal where persoon_ids = '{}';
  delete from persoon where id = any(d.personen);
  get diagnostics v_n = row_count; v_aantallen := v_aantallen || jsonb_build_object('persoon', v_n);

  -- The anonymous residue the analyst's rollups count: free text blanked, references to people gone, new ids (no id
  -- a partner, a webhook or the audit trail knew survives). Foreign keys between these tables are deferred.
  update melding set omschrijving = '-', politie_referentie = null, verantwoordelijke = null where id = any(v_meldingen);
  update veiligheidsbeoordeling set toelichting = '-' where melding_id = any(v_meldingen);
  update advies set omschrijving = '-' where id = any(v_adviezen);
  update casus set afsluitreden = null, verantwoordelijke = null, team = null where id = v_casus;
  for v_oud in select unnest(v_adviezen) loop
    v_nieuw := gen_random_uuid();
    update advies set id = v_nieuw where id = v_oud;
    update melding set advies_id = v_nieuw where advies_id = v_oud;
  end loop;
  for v_oud in select unnest(v_meldingen) loop
    v_nieuw := gen_random_uuid();
    update melding set id = v_nieuw where id = v_oud;
    update advies set melding_id = v_nieuw where melding_id = v_oud;
    update veiligheidsbeoordeling set melding_id = v_nieuw where melding_id = v_oud;
    update termijn set melding_id = v_nieuw where melding_id = v_oud;
  end loop;
  for v_oud in select id from dienst where casus_id = v_casus loop
    v_nieuw := gen_random_uuid();
    update dienst set id = v_nieuw where id = v_oud;
    update onderzoek_uitkomst set dienst_id = v_nieuw where dienst_id = v_oud;
    update termijn set dienst_id = v_nieuw where dienst_id = v_oud;
  end loop;
  update termijn set id = gen_random_uuid() where id = any(v_termijnen);
  v_nieuw := gen_random_uuid();
  update bewaring set casus_id = null, status = 'VERNIETIGD' where id = p_bewaring;
  update casus set id = v_nieuw where id = v_casus;
  update melding set casus_id = v_nieuw where casus_id = v_casus;
  update veiligheidsbeoordeling set casus_id = v_nieuw where casus_id = v_casus;
  update dienst set casus_id = v_nieuw where casus_id = v_casus;
  update termijn set casus_id = v_nieuw where casus_id = v_casus;
  return v_aantallen;
end $$;`;
