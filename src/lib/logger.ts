import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Invariant: no personal data. Call sites log ids, codes and counts only;
 * the redaction list is a second line of defence for fields that must never appear.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { proces: name },
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'authorization',
        'token',
        'variables',
        '*.variables',
        'bsn',
        '*.bsn',
        'naam',
        '*.naam',
        'query',
      ],
      censor: '[verwijderd]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
