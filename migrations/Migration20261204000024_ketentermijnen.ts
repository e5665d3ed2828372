import { Migration } from '@mikro-orm/migrations';

/**
 * One deadline mechanism (issue 12.5): the Handle with Care acknowledgement (before lesson start on the next school
 * day) and the ZSM answer (ZSM_ANTWOORD_UREN, at the latest the end of the detention) become termijnen, watched by the
 * termijn jobs and the reconciler like every other; their own periodic escalation and its tables go.
 *
 * - termijn.hwc_signaal_id / zsm_verzoek_id: the object of such a termijn, one termijn per object (unique).
 *   A ZSM request belongs to no casus, so casus_id may be null, but only for a termijn of a ZSM request.
 * - Existing signals and requests get their termijn: open ones OPEN; acknowledged / answered ones VOLDAAN at that
 *   moment; withdrawn ones GEANNULEERD. Due moment = leveren_voor / antwoord_voor; the reminder 60 minutes before it,
 *   never in its first half (TERMIJN_HERINNERING_MINUTEN's default; src/termijnen/termijn-regels.ts).
 * - Every hwc_escalatie / zsm_escalatie row becomes the ESCALATIE notificatie of that termijn (same moment, same read
 *   state), so the teamleider's inbox and `geescaleerdOp` keep their history and nothing escalates twice.
 * - An open termijn already overdue now gets its reminder recorded as sent and read: a reminder after the deadline,
 *   sent only because the mechanism changed, would be noise. An overdue one not yet escalated escalates once, by the
 *   reconciler, as any other.
 * - The verantwoordelijke of a HwC termijn is the worker who sent the signal; a ZSM request has none (the reminder
 *   then goes to the teamleider, like the escalation).
 */
export class Migration20261204000024_ketentermijnen extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table termijn alter column casus_id drop not null;`);
    this.addSql(
      `alter table termijn add column hwc_signaal_id uuid references hwc_signaal(id) deferrable initially deferred;`,
    );
    this.addSql(
      `alter table termijn add column zsm_verzoek_id uuid references zsm_verzoek(id) deferrable initially deferred;`,
    );
    this.addSql(
      `alter table termijn add constraint termijn_casus_of_zsm check (casus_id is not null or (zsm_verzoek_id is not null and soort = 'ZSM_ANTWOORD'));`,
    );
    this.addSql(
      `create unique index termijn_hwc_signaal_uniek on termijn (hwc_signaal_id) where hwc_signaal_id is not null;`,
    );
    this.addSql(
      `create unique index termijn_zsm_verzoek_uniek on termijn (zsm_verzoek_id) where zsm_verzoek_id is not null;`,
    );

    const herinner = (van: string, tot: string): string =>
      `greatest(${tot} - interval '60 minutes', ${van} + (${tot} - ${van}) / 2)`;
    const dag = (t: string): string => `((${t} - interval '1 millisecond') at time zone 'Europe/Amsterdam')::date`;
    this.addSql(`
      insert into termijn (id, vt_organisatie, casus_id, hwc_signaal_id, soort, startdatum, vervaldatum, vervalt_op, herinner_op, status, afgehandeld_op, verantwoordelijke)
      select gen_random_uuid(), s.vt_organisatie, s.casus_id, s.id, 'HWC_ONTVANGSTBEVESTIGING',
             (s.aangemaakt_op at time zone 'Europe/Amsterdam')::date, ${dag('s.leveren_voor')}, s.leveren_voor,
             ${herinner('s.aangemaakt_op', 's.leveren_voor')},
             case when s.bevestigd_op is not null then 'VOLDAAN' when s.ingetrokken_op is not null then 'GEANNULEERD' else 'OPEN' end,
             coalesce(s.bevestigd_op, s.ingetrokken_op), s.aangemaakt_door
        from hwc_signaal s;`);
    this.addSql(`
      insert into termijn (id, vt_organisatie, casus_id, zsm_verzoek_id, soort, startdatum, vervaldatum, vervalt_op, herinner_op, status, afgehandeld_op, verantwoordelijke)
      select gen_random_uuid(), v.vt_organisatie, null, v.id, 'ZSM_ANTWOORD',
             (v.ingediend_op at time zone 'Europe/Amsterdam')::date, ${dag('v.antwoord_voor')}, v.antwoord_voor,
             ${herinner('v.ingediend_op', 'v.antwoord_voor')},
             case when v.beantwoord_op is not null then 'VOLDAAN' else 'OPEN' end, v.beantwoord_op, null
        from zsm_verzoek v;`);
    this.addSql(`
      insert into notificatie (id, vt_organisatie, termijn_id, soort, ontvanger, ontvanger_rol, aangemaakt_op, gelezen_op)
      select gen_random_uuid(), e.vt_organisatie, t.id, 'ESCALATIE', null, e.ontvanger_rol, e.aangemaakt_op, e.gelezen_op
        from hwc_escalatie e join termijn t on t.hwc_signaal_id = e.signaal_id
      union all
      select gen_random_uuid(), e.vt_organisatie, t.id, 'ESCALATIE', null, e.ontvanger_rol, e.aangemaakt_op, e.gelezen_op
        from zsm_escalatie e join termijn t on t.zsm_verzoek_id = e.verzoek_id;`);
    this.addSql(`
      insert into notificatie (id, vt_organisatie, termijn_id, soort, ontvanger, ontvanger_rol, aangemaakt_op, gelezen_op)
      select gen_random_uuid(), t.vt_organisatie, t.id, 'HERINNERING', t.verantwoordelijke,
             case when t.verantwoordelijke is null then 'VT_TEAMLEIDER' else 'VT_MEDEWERKER' end, now(), now()
        from termijn t
       where t.soort in ('HWC_ONTVANGSTBEVESTIGING', 'ZSM_ANTWOORD') and t.status = 'OPEN' and t.vervalt_op <= now();`);
    this.addSql(`drop table hwc_escalatie;`);
    this.addSql(`drop table zsm_escalatie;`);
  }

  override async down(): Promise<void> {
    this.addSql(`
      create table hwc_escalatie (
        signaal_id uuid primary key references hwc_signaal(id),
        vt_organisatie text not null references organisatie(code),
        ontvanger_rol text not null,
        aangemaakt_op timestamptz not null,
        gelezen_op timestamptz
      );`);
    this.addSql(`create index hwc_escalatie_vt_idx on hwc_escalatie (vt_organisatie, aangemaakt_op desc);`);
    this.addSql(`
      create table zsm_escalatie (
        verzoek_id uuid primary key references zsm_verzoek(id),
        vt_organisatie text not null references organisatie(code),
        ontvanger_rol text not null,
        aangemaakt_op timestamptz not null,
        gelezen_op timestamptz
      );`);
    this.addSql(`create index zsm_escalatie_vt_idx on zsm_escalatie (vt_organisatie, aangemaakt_op desc);`);
    this.addSql(`grant select, insert, update on hwc_escalatie, zsm_escalatie to ketenpoort_app;`);
    this
      .addSql(`insert into hwc_escalatie select t.hwc_signaal_id, n.vt_organisatie, n.ontvanger_rol, n.aangemaakt_op, n.gelezen_op
                   from notificatie n join termijn t on t.id = n.termijn_id where t.hwc_signaal_id is not null and n.soort = 'ESCALATIE';`);
    this
      .addSql(`insert into zsm_escalatie select t.zsm_verzoek_id, n.vt_organisatie, n.ontvanger_rol, n.aangemaakt_op, n.gelezen_op
                   from notificatie n join termijn t on t.id = n.termijn_id where t.zsm_verzoek_id is not null and n.soort = 'ESCALATIE';`);
    this.addSql(
      `delete from notificatie where termijn_id in (select id from termijn where soort in ('HWC_ONTVANGSTBEVESTIGING', 'ZSM_ANTWOORD'));`,
    );
    this.addSql(`delete from termijn where soort in ('HWC_ONTVANGSTBEVESTIGING', 'ZSM_ANTWOORD');`);
    this.addSql(`alter table termijn drop constraint termijn_casus_of_zsm;`);
    this.addSql(`alter table termijn drop column zsm_verzoek_id;`);
    this.addSql(`alter table termijn drop column hwc_signaal_id;`);
    this.addSql(`alter table termijn alter column casus_id set not null;`);
  }
}
