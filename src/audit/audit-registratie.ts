import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

import type { Actor } from '../auth/actor';
import type { Clock } from '../lib/clock';
import { Foutcode } from '../lib/errors';
import { bundelaarVoor } from './audit-bundel';
import { insertStatement, type AuditActie, type AuditRegel } from './audit-inhoud';

declare module '../lib/context' {
  interface RequestContext {
    /** The request's audit trail: read records are buffered and written before the response leaves (audit.plugin.ts). */
    readonly audit: AuditRegistratie;
  }
}

/** What a service states about one access; the request supplies who, when and from where. */
export interface AuditFeit {
  gebeurtenis: string;
  actie: AuditActie;
  vtOrganisatie: string | null;
  objectType: string;
  objectId: string | null;
  persoonIds?: readonly string[];
  velden?: readonly string[];
  /** Overrides the audience's default legal basis, e.g. a handover id for a partner. */
  grondslag?: string;
  /**
   * NEN 7513 "noodprocedure": this access happened under (or opened) a noodtoegang. A property of the fact, not of the
   * request: one request may read an assigned casus and one opened in an emergency, and only the latter is flagged.
   */
  noodprocedure?: boolean;
}

/**
 * Who acted, as the audit trail records it: a verified caller (an Actor), or the system itself (systeem-audit.ts),
 * which has no role of the GraphQL audiences.
 */
export type AuditActor = Pick<Actor, 'sub' | 'soort' | 'naam' | 'namens'> & {
  readonly rol: string;
  readonly organisatie: { readonly code: string };
};

/** The request facts every record of one request shares. */
export interface AuditHerkomst {
  actor: AuditActor;
  toegangspunt: string;
  verzoekId: string;
  grondslag: string;
  /** The default for facts that do not say (always false today: emergencies are per casus, see AuditFeit). */
  noodprocedure: boolean;
}

/**
 * Collects the audit records of one request.
 * Invariants: reads are buffered and written in ONE statement by `vastleggen()` before the response
 * leaves (the Apollo audit plugin calls it; if it fails, the response is replaced by an error);
 * changes are written with `inTransactie()` inside the transaction that makes the change.
 */
export class AuditRegistratie {
  private readonly gelezen: AuditRegel[] = [];

  constructor(
    private readonly herkomst: AuditHerkomst,
    private readonly clock: Clock,
    private readonly em: EntityManager,
    /** INSERTs of read records in flight per pool (config.auditBundelsInVlucht, audit-bundel.ts). */
    private readonly bundelsInVlucht = 1,
  ) {}

  /** Buffers a read of personal data. */
  lees(feit: AuditFeit): void {
    this.gelezen.push(this.regel(feit));
  }

  get aantalOpenstaand(): number {
    return this.gelezen.length;
  }

  /**
   * Writes every buffered read (durable when this resolves): in one INSERT, together with the reads of other requests
   * that are waiting at the same moment (group commit, audit-bundel.ts).
   */
  async vastleggen(): Promise<void> {
    if (this.gelezen.length === 0) return;
    await bundelaarVoor(this.em.getConnection().getKnex(), this.bundelsInVlucht).schrijf([...this.gelezen]);
    this.gelezen.length = 0;
  }

  /**
   * Writes a change's record inside the caller's transaction (same commit as the change). If it cannot be written,
   * the change fails with it (the transaction rolls back) and the caller hears AUDIT_UNAVAILABLE, as a read would.
   */
  async inTransactie(tx: EntityManager, feit: AuditFeit): Promise<void> {
    const { sql, params } = insertStatement([this.regel(feit)]);
    try {
      const trx = tx.getTransactionContext<Knex.Transaction>();
      await (trx ?? tx.getConnection().getKnex()).raw(sql, params as never[]);
    } catch (e) {
      throw new GraphQLError(
        'De wijziging kon niet worden vastgelegd in het auditspoor en is daarom niet uitgevoerd. Probeer het later opnieuw.',
        { extensions: { code: Foutcode.AUDIT_UNAVAILABLE }, originalError: e as Error },
      );
    }
  }

  private regel(feit: AuditFeit): AuditRegel {
    const { actor } = this.herkomst;
    return {
      tijdstip: this.clock.now(),
      gebeurtenis: feit.gebeurtenis,
      actie: feit.actie,
      gebruiker: actor.sub,
      gebruikerNaam: actor.naam ?? null,
      actorSoort: actor.soort,
      rol: actor.rol,
      organisatie: actor.organisatie.code,
      namens: actor.namens ?? null,
      toegangspunt: this.herkomst.toegangspunt,
      verzoekId: this.herkomst.verzoekId,
      grondslag: feit.grondslag ?? this.herkomst.grondslag,
      noodprocedure: feit.noodprocedure ?? this.herkomst.noodprocedure,
      vtOrganisatie: feit.vtOrganisatie,
      objectType: feit.objectType,
      objectId: feit.objectId,
      persoonIds: [...(feit.persoonIds ?? [])],
      velden: [...(feit.velden ?? [])],
    };
  }
}
