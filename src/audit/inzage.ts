/**
 * The audit record of a read is built from what the reader actually received, not from what the service loaded: a
 * field counts as returned only when the answer holds a value for it, and a person only when a returned value showed
 * that person's data. (An OM read of a ZSM request VT has not answered yet showed no VT person; a partner's inbox
 * before acceptance showed the woonplaats of the household but none of the content it asked for.)
 */

/**
 * A view object that shows data of VT persons. Not a GraphQL field: the views implement it with getters, so the
 * schema never sees it.
 */
export interface ToontPersonen {
  /** The VT persons (persoon ids) whose data this object's fields show. */
  readonly auditPersoonIds: readonly string[];
  /** The fields of this object that show those persons' data; every field when absent. */
  readonly auditPersoonVelden?: readonly string[];
}

function isLeeg(waarde: unknown): boolean {
  return waarde == null || (Array.isArray(waarde) && waarde.length === 0);
}

/**
 * What the reader received of `antwoord` (the object a resolver returns), given the field paths the request selected
 * below it (`gelezenVelden`): the paths for which the answer holds at least one value (not null, not an empty list),
 * and the persons of every object on such a path whose `ToontPersonen` fields were among them.
 */
export function inzageVanAntwoord(
  antwoord: unknown,
  geselecteerd: readonly string[],
): { velden: string[]; persoonIds: string[] } {
  const personen = new Set<string>();
  const loop = (waarde: unknown, pad: readonly string[], i: number): boolean => {
    if (isLeeg(waarde)) return false;
    if (Array.isArray(waarde)) {
      let gevonden = false;
      for (const w of waarde) gevonden = loop(w, pad, i) || gevonden;
      return gevonden;
    }
    if (i === pad.length) return true;
    if (typeof waarde !== 'object') return false;
    const gevonden = loop((waarde as Record<string, unknown>)[pad[i]], pad, i + 1);
    const toont = waarde as Partial<ToontPersonen>;
    if (gevonden && toont.auditPersoonIds && (!toont.auditPersoonVelden || toont.auditPersoonVelden.includes(pad[i]))) {
      for (const id of toont.auditPersoonIds) personen.add(id);
    }
    return gevonden;
  };
  const velden = geselecteerd.filter((pad) => loop(antwoord, stappen(pad), 0));
  return { velden, persoonIds: [...personen] };
}

/** A field path's steps, split once per path (a page walks every path for each of its objects). Bounded. */
const gesplitst = new Map<string, readonly string[]>();
function stappen(pad: string): readonly string[] {
  let s = gesplitst.get(pad);
  if (!s) {
    s = pad.split('.');
    if (gesplitst.size >= 10_000) gesplitst.clear();
    gesplitst.set(pad, s);
  }
  return s;
}
