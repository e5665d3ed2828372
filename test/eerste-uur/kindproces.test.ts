import { spawn } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { isGestopt, stopKind } from '../../src/lib/kindproces';

/**
 * A child killed by a signal has `exitCode` null and its 'exit' already emitted: a stop that looked at `exitCode` only
 * waited for it for ever (the worker child killed by Ctrl-C during its start, test/eerste-uur/afsluiten.test.ts).
 */
describe('een kindproces stoppen', () => {
  const slaper = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });

  it('een kind dat al door een signaal stopte, is gestopt: stopKind wacht niet', async () => {
    const kind = slaper();
    await new Promise((r) => kind.once('spawn', r));
    const weg = new Promise((r) => kind.once('exit', r));
    kind.kill('SIGKILL');
    await weg;
    expect(kind.exitCode).toBeNull();
    expect(isGestopt(kind)).toBe(true);
    const uitkomst = await Promise.race([
      stopKind(kind).then(() => 'gestopt'),
      new Promise((r) => setTimeout(() => r('hangt'), 2000)),
    ]);
    expect(uitkomst).toBe('gestopt');
  });

  it('een lopend kind krijgt het signaal en is na stopKind gestopt', async () => {
    const kind = slaper();
    await new Promise((r) => kind.once('spawn', r));
    expect(isGestopt(kind)).toBe(false);
    await stopKind(kind);
    expect(kind.signalCode).toBe('SIGTERM');
    expect(isGestopt(kind)).toBe(true);
  });
});
