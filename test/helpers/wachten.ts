/**
 * Polls until `voorwaarde` holds: for work done by another process or queue (BullMQ jobs), never for the passing
 * of time itself (time is the injected clock).
 */
export async function totdat(voorwaarde: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const eind = Date.now() + ms;
  while (!(await voorwaarde())) {
    if (Date.now() > eind) throw new Error('voorwaarde niet bereikt binnen de tijd');
    await new Promise((r) => setTimeout(r, 50));
  }
}
