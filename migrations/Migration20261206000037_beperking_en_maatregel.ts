import { Migration } from '@mikro-orm/migrations';

/**
 * The gaps left in issue 17 (rights of data subjects, retention).
 *
 * - `persoon_is_beperkt(persoon, regio)` and `overdracht_is_beperkt(overdracht, regio)`: whether a person, or the
 *   casus of an overdracht, belongs to a casus whose processing is restricted (src/rechten). A partner's scope cannot
 *   read casus_persoon or overdracht (row-level security, forced), yet its reads must hold back VT's ZSM answer about
 *   such a person and the college's notice of a Verzoek tot Onderzoek about such a casus. Owner rights, and only the
 *   region's rows: the function sets `ketenpoort.vt_organisatie` to the given region for its own duration (the SET
 *   clause restores the caller's value on exit). Answers a boolean, nothing else.
 * - A restrictive policy on verzoek_tot_onderzoek_melding, like the other partner tables of migration 33: while the
 *   casus is restricted the gemeente does not see the notice.
 * - bewaring.maatregel_einde / maatregel_uitkomst / maatregel_einde_door / maatregel_einde_vastgelegd_op: the end of
 *   the child-protection measure that held the dossier (src/bewaring). No free text: the tombstone keeps the row, and
 *   the reason of a recording goes to the audit trail.
 */
export class Migration20261206000037_beperking_en_maatregel extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create function persoon_is_beperkt(p uuid, regio text) returns boolean
      language plpgsql stable security definer
      set search_path = public, pg_temp
      set ketenpoort.vt_organisatie = ''
      as $$
      begin
        perform set_config('ketenpoort.vt_organisatie', coalesce(regio, ''), true);
        return exists (select 1 from casus_persoon cp where cp.persoon_id = p and casus_is_beperkt(cp.casus_id));
      end $$;`);
    this.addSql(`
      create function overdracht_is_beperkt(o uuid, regio text) returns boolean
      language plpgsql stable security definer
      set search_path = public, pg_temp
      set ketenpoort.vt_organisatie = ''
      as $$
      begin
        perform set_config('ketenpoort.vt_organisatie', coalesce(regio, ''), true);
        return exists (select 1 from overdracht x where x.id = o and casus_is_beperkt(x.casus_id));
      end $$;`);
    for (const f of ['persoon_is_beperkt(uuid, text)', 'overdracht_is_beperkt(uuid, text)']) {
      this.addSql(`revoke all on function ${f} from public;`);
      this.addSql(`grant execute on function ${f} to ketenpoort_app, ketenpoort_dienst;`);
    }
    const partner = `coalesce(current_setting('ketenpoort.partner_organisatie', true), '') = ''`;
    this.addSql(`create policy beperking_partner on verzoek_tot_onderzoek_melding as restrictive to ketenpoort_app
        using (${partner} or not overdracht_is_beperkt(overdracht_id, vt_organisatie));`);

    this.addSql(`alter table bewaring
        add column maatregel_einde date,
        add column maatregel_uitkomst text check (maatregel_uitkomst in ('BEEINDIGD','NIET_OPGELEGD')),
        add column maatregel_einde_door text,
        add column maatregel_einde_vastgelegd_op timestamptz,
        add constraint bewaring_maatregel_einde_volledig
          check ((maatregel_einde is null) = (maatregel_uitkomst is null));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table bewaring drop constraint bewaring_maatregel_einde_volledig,
        drop column maatregel_einde, drop column maatregel_uitkomst, drop column maatregel_einde_door,
        drop column maatregel_einde_vastgelegd_op;`);
    this.addSql(`drop policy beperking_partner on verzoek_tot_onderzoek_melding;`);
    this.addSql(`drop function overdracht_is_beperkt(uuid, text);`);
    this.addSql(`drop function persoon_is_beperkt(uuid, text);`);
  }
}
