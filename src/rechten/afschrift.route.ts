import { randomUUID } from 'node:crypto';

import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';

import type { Actor } from '../auth/actor';
import { TokenGeweigerd } from '../auth/token-verifier';
import type { RequestContext } from '../lib/context';
import { Foutcode } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { maakAfschrift } from './afschrift';
import { afschriftHtml } from './afschrift.html';

export interface AfschriftRouteDeps {
  log: Logger;
  /** The caller of the Authorization header; undefined for a caller without a token (a melder's access). */
  verifieer(authorization: string | undefined): Promise<Actor | undefined>;
  /** The request context of a verified caller, as GraphQL builds it (audit, clock, region). */
  context(req: Request & { verzoekId: string }, actor: Actor): RequestContext;
}

/**
 * The afschrift of a granted request as a document to hand over: GET /afschrift/{verzoekId}, HTML by default,
 * `?formaat=json` for the structured file. Only the privacy officer of the region, with the same token as for GraphQL;
 * the export is audited in the transaction that builds it (afschrift.ts), so the document never leaves unrecorded.
 */
export function afschriftRoute(deps: AfschriftRouteDeps): RequestHandler {
  return async (req: Request, res: Response) => {
    const id = req.header('x-request-id');
    const verzoekId = id && /^[A-Za-z0-9._-]{1,64}$/.test(id) ? id : randomUUID();
    res.setHeader('X-Request-Id', verzoekId);
    res.setHeader('Cache-Control', 'no-store');
    const fout = (status: number, code: string, message: string): void => {
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    };
    let actor: Actor | undefined;
    try {
      actor = await deps.verifieer(req.header('authorization'));
    } catch (e) {
      if (e instanceof TokenGeweigerd) {
        res.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
        fout(401, Foutcode.UNAUTHENTICATED, `Niet geauthenticeerd: ${e.message}`);
        return;
      }
      throw e;
    }
    if (actor?.rol !== 'PRIVACY_OFFICER') {
      fout(403, Foutcode.FORBIDDEN, 'Alleen de privacy officer verstrekt een afschrift.');
      return;
    }
    const json = req.query.formaat === 'json';
    try {
      const ctx = deps.context(Object.assign(req, { verzoekId }), actor);
      const afschrift = await maakAfschrift(ctx, String(req.params.verzoekId), json ? 'JSON' : 'HTML');
      const naam = `afschrift-${afschrift.verzoekId}.${json ? 'json' : 'html'}`;
      res.setHeader('Content-Disposition', `attachment; filename="${naam}"`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (json) {
        res.json(afschrift);
        return;
      }
      // No scripts, no external resources: the document is self-contained and inert.
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'");
      res.type('html').send(afschriftHtml(afschrift));
    } catch (e) {
      if (e instanceof GraphQLError) {
        const code = typeof e.extensions.code === 'string' ? e.extensions.code : Foutcode.INTERNAL_SERVER_ERROR;
        const status = code === 'NOT_FOUND' ? 404 : code === Foutcode.FORBIDDEN ? 403 : 409;
        res.status(status).json({ errors: [{ message: e.message, extensions: e.extensions }] });
        return;
      }
      deps.log.error({ verzoekId, fout: (e as Error).name }, 'afschrift mislukt');
      fout(500, Foutcode.INTERNAL_SERVER_ERROR, 'Er ging iets mis aan onze kant.');
    }
  };
}
