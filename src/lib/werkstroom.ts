import type { GraphQLError } from 'graphql';

import { geenToegang } from './errors';

/**
 * A workflow as data: its states, its steps, who may take each step and the state it leads to. The service of a flow
 * asks the table before it changes anything (controleerStap), and the tests walk the table, so what the table says is
 * what the API does. Domain-free: each flow keeps its table next to its service (`<ding>.proces.ts`); the casus
 * process, whose steps also carry required data, has its own richer table (casussen/proces.ts).
 */

/** One step: in which states it may be taken, by which roles, and the state it leads to. */
export interface StapRegel<S extends string> {
  /** The states in which the step is allowed; `null` is "not there yet": the step that creates the object. */
  readonly van: readonly (S | null)[];
  /**
   * The state after the step. A step allowed in the state it leads to is a repeat: it changes nothing. Absent: the
   * step records work on the object and leaves its state as it is (never for the step that creates the object).
   */
  readonly naar?: S;
  /** The roles that may take the step (the operation's doelgroepen in the privacy policy say the same; a test checks). */
  readonly rollen: readonly string[];
  /** The GraphQL mutation that takes this step. */
  readonly operatie: string;
}

export interface Werkstroom<S extends string, T extends string> {
  readonly naam: string;
  readonly statussen: readonly S[];
  readonly stappen: Readonly<Record<T, StapRegel<S>>>;
  /** The refusal of a step the table does not allow in a state: a stable code, in the words of the flow. */
  readonly weiger: (huidig: S | null, stap: T) => GraphQLError;
}

/** Whether the table allows the step in this state (roles aside). */
export function magStap<S extends string, T extends string>(
  tabel: Werkstroom<S, T>,
  huidig: S | null,
  stap: T,
): boolean {
  return tabel.stappen[stap].van.includes(huidig);
}

/**
 * Checks one step against the table and returns the state it leads to; when that is the current state the step is a
 * repeat (or, for a step without `naar`, work that leaves the state as it is). Throws the flow's refusal when the state does not allow the step, and
 * FORBIDDEN when a role is given that may not take it.
 */
export function controleerStap<S extends string, T extends string>(
  tabel: Werkstroom<S, T>,
  huidig: S | null,
  stap: T,
  rol?: string,
): S {
  const regel = tabel.stappen[stap];
  if (rol !== undefined && !regel.rollen.includes(rol)) throw geenToegang();
  if (!regel.van.includes(huidig)) throw tabel.weiger(huidig, stap);
  const naar = regel.naar ?? huidig;
  if (naar === null) {
    throw new Error(`werkstroom ${tabel.naam}: stap ${stap} maakt het object en moet een stand noemen`);
  }
  return naar;
}
