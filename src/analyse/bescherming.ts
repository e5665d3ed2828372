import type { BeschermdeTabel, Beschermingsopties, RuweCel } from './openbaarmaking.types';

type Beschermer = (cellen: readonly RuweCel[], opties: Beschermingsopties) => BeschermdeTabel;

// Disclosure control lives in ./openbaarmaking (its own owner and tests). Loaded by path so that this module compiles
// against the contract in openbaarmaking.types.ts alone.
const MODULE = './openbaarmaking';
let beschermer: Promise<Beschermer> | undefined;

/** Every raw table passes here before it leaves the server (src/analyse/openbaarmaking.ts: rounding, suppression). */
export async function beschermTabel(cellen: readonly RuweCel[], opties: Beschermingsopties): Promise<BeschermdeTabel> {
  beschermer ??= (import(MODULE) as Promise<{ beschermTabel: Beschermer }>).then((m) => m.beschermTabel);
  return (await beschermer)(cellen, opties);
}
