import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Why a process cannot start, as one line a newcomer understands: what is wrong, where (host, port, path) and what to
 * do. Printed without a stack trace (meldStartfout); the process then exits non-zero.
 */
export class StartFout extends Error {
  override readonly name = 'StartFout';
}

/** Host, port, database and user of a PostgreSQL URL, never its password. */
function adresVan(url: string): { host: string; database: string; gebruiker: string } {
  const u = new URL(url);
  return {
    host: `${u.hostname || 'localhost'}:${u.port || '5432'}`,
    database: decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username),
    gebruiker: decodeURIComponent(u.username) || 'de standaardgebruiker',
  };
}

type MetCode = { code?: string; message?: string };

/**
 * Translates a connection error for the database named by `instelling` (DATABASE_URL, QUEUE_DATABASE_URL, ...) into a
 * StartFout; undefined when the error is not one a configuration change would fix.
 */
export function verklaarDatabasefout(
  e: unknown,
  instelling: string,
  url: string,
  opts: { wachtrij?: boolean } = {},
): StartFout | undefined {
  const { code, message = '' } = (e ?? {}) as MetCode;
  const { host, database, gebruiker } = adresVan(url);
  const wat = opts.wachtrij
    ? `de wachtrijdatabase (${instelling}, BullMQ's PostgreSQL-backend)`
    : `PostgreSQL (${instelling})`;
  switch (code) {
    case 'ECONNREFUSED':
      return new StartFout(
        `${wat} op ${host} is niet bereikbaar (verbinding geweigerd): draait de server daar, en klopt ${instelling}?`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartFout(
        `${wat}: de host in ${instelling} (${host}) bestaat niet of is niet op te zoeken (${code}).`,
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new StartFout(`${wat} op ${host} antwoordt niet (${code}): een firewall, een verkeerde host of poort?`);
    case '28P01':
    case '28000':
      return new StartFout(
        `${wat} op ${host} weigert de login van ${gebruiker} (${code === '28P01' ? 'wachtwoord onjuist' : 'geen toegang volgens pg_hba.conf of de rol bestaat niet'}): controleer gebruiker en wachtwoord in ${instelling}.`,
      );
    case '3D000':
      return new StartFout(
        opts.wachtrij
          ? `De wachtrijdatabase ${database} bestaat niet op ${host} (${instelling}): maak haar aan (createdb ${database}, eigenaar de loginrol) of zet REDIS_URL.`
          : `De database ${database} bestaat niet op ${host} (${instelling}): maak haar aan (createdb ${database}) en draai \`npm run db:migrate\`; in productie wordt ze niet leeg aangemaakt.`,
      );
    default:
      if (/timeout/i.test(message)) {
        return new StartFout(
          `${wat} op ${host} antwoordt niet binnen de time-out: een firewall, een verkeerde host of poort?`,
        );
      }
      return undefined;
  }
}

/**
 * Connects once to `url` and closes again, so that a wrong address, login or database is reported by name before
 * anything else starts. Returns 'ontbreekt' for a database that does not exist when `ontbrekendMag` (outside
 * production the owner role creates it); every other failure throws.
 */
export async function controleerDatabase(
  url: string,
  instelling: string,
  opts: { wachtrij?: boolean; ontbrekendMag?: boolean; timeoutMs?: number } = {},
): Promise<'ok' | 'ontbreekt'> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: opts.timeoutMs ?? 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return 'ok';
  } catch (e) {
    if ((e as MetCode).code === '3D000' && opts.ontbrekendMag) return 'ontbreekt';
    throw verklaarDatabasefout(e, instelling, url, opts) ?? e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The message for a port that cannot be listened on. */
export function verklaarPoortfout(e: unknown, host: string, port: number, instelling = 'PORT'): StartFout | undefined {
  const { code } = (e ?? {}) as MetCode;
  if (code === 'EADDRINUSE') {
    return new StartFout(
      `Poort ${port} op ${host} is al in gebruik (draait Ketenpoort al, of een ander programma?): stop dat, of kies een andere poort met ${instelling}=${port + 1}.`,
    );
  }
  if (code === 'EACCES') {
    return new StartFout(
      `Poort ${port} op ${host} mag dit proces niet openen (EACCES): kies met ${instelling} een poort boven 1023.`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new StartFout(`Het adres ${host} bestaat niet op deze machine (${code}): controleer HOST.`);
  }
  return undefined;
}

/** Fails fast when `port` on `host` is taken, before the database and demo data are set up (port 0 is always free). */
export async function controleerPoortVrij(host: string, port: number, instelling = 'PORT'): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const proef = createServer();
    proef.once('error', (e) => reject(verklaarPoortfout(e, host, port, instelling) ?? e));
    proef.listen({ port, host, exclusive: true }, () => proef.close(() => resolve()));
  });
}

/**
 * An embedded PostgreSQL data folder that a running server still holds (its postmaster.pid names a live process):
 * a second start on the same DATA_DIR. A stale pid file of a stopped server is left to PostgreSQL, which reuses it.
 */
export function controleerDatamapVrij(map: string, instelling = 'DATA_DIR'): void {
  let regels: string[];
  try {
    regels = readFileSync(join(map, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return;
  }
  const pid = Number(regels[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as MetCode).code === 'ESRCH') return;
  }
  throw new StartFout(
    `De datamap ${map} is in gebruik door een andere Ketenpoort (PostgreSQL pid ${pid}, poort ${regels[3] ?? '?'}): stop die eerst, of start met een andere ${instelling}.`,
  );
}

/**
 * Writes why `proces` could not start and sets a non-zero exit code: one line for a StartFout or a configuration
 * error (`bekend`), else a connection or port error translated where possible, else the stack for a real bug.
 */
export function meldStartfout(proces: string, e: unknown, bekend: (e: unknown) => boolean = () => false): void {
  const code = (e as MetCode | undefined)?.code;
  let tekst: string;
  if (e instanceof StartFout || bekend(e)) tekst = (e as Error).message;
  else if (code && /^E[A-Z]+$/.test(code)) tekst = `${(e as Error).message} (${code})`;
  else tekst = String((e as Error)?.stack ?? e);
  process.stderr.write(`${proces} kon niet starten: ${tekst}\n`);
  process.exitCode = 1;
}
