import type { ChildProcess } from 'node:child_process';

/**
 * Whether a child process has ended: by its own exit (`exitCode`) or by a signal (`signalCode`, with `exitCode` null).
 * Checking `exitCode` alone takes a child that Ctrl-C killed for a running one, and waiting for its 'exit', which has
 * already been emitted, never ends (a stop that hung in test/eerste-uur/afsluiten.test.ts).
 */
export function isGestopt(kind: ChildProcess): boolean {
  return kind.exitCode !== null || kind.signalCode !== null;
}

/** Sends `signaal` to a running child and resolves when it has ended; at once when it already has. */
export async function stopKind(kind: ChildProcess, signaal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (isGestopt(kind)) return;
  const gestopt = new Promise<void>((r) => kind.once('exit', () => r()));
  kind.kill(signaal);
  await gestopt;
}
