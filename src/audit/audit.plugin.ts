import type { ApolloServerPlugin } from '@apollo/server';

import type { RequestContext } from '../lib/context';
import { Foutcode } from '../lib/errors';

/**
 * Writes the request's buffered read records before the response leaves. If that fails, the
 * response is withdrawn: no data without its audit record (NEN 7513; ARCHITECTURE.md §3). A change whose record
 * failed (in its own transaction) answers 503 too.
 */
export const auditPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse(rc) {
        // A change whose audit record could not be written was not made (audit-registratie.ts): 503, as for a read.
        if (
          rc.response.body.kind === 'single' &&
          rc.response.body.singleResult.errors?.some((e) => e.extensions?.code === Foutcode.AUDIT_UNAVAILABLE)
        ) {
          rc.response.http.status = 503;
        }
        const audit = rc.contextValue.audit;
        if (audit.aantalOpenstaand === 0) return;
        try {
          await audit.vastleggen();
        } catch (e) {
          rc.contextValue.log.error(
            { verzoekId: rc.contextValue.verzoekId, pgCode: (e as { code?: string }).code },
            'auditregistratie mislukt: antwoord ingetrokken',
          );
          if (rc.response.body.kind === 'single') {
            rc.response.body.singleResult = {
              errors: [
                {
                  message:
                    'De inzage kon niet worden vastgelegd in het auditspoor; er worden daarom geen gegevens getoond. Probeer het later opnieuw.',
                  extensions: { code: Foutcode.AUDIT_UNAVAILABLE },
                },
              ],
            };
          }
          rc.response.http.status = 503;
        }
      },
    };
  },
};
