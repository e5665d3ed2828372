import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { vtRegisterService } from './vt-register';
import { VtRegisterSignaalView, VtRegisterTrefferView } from './vt-register.types';

@Resolver()
export class VtRegisterResolver {
  @Query(() => [VtRegisterTrefferView], {
    description:
      'VT-registercheck: welke andere VT-organisaties bij een persoon van deze casus betrokken zijn of waren, en wie u kunt bellen. Alleen dat, niet wat; beide kanten worden geaudit.',
  })
  vtRegisterTreffers(
    @Arg('casusId', () => ID) casusId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<VtRegisterTrefferView[]> {
    return vtRegisterService.treffers(ctx, casusId);
  }

  @Query(() => [VtRegisterSignaalView], {
    description:
      'Signalen aan uw regio: een melding bij een andere VT-organisatie betreft een persoon die bij u bekend is. Nieuwste eerst.',
  })
  vtRegisterSignalen(
    @Arg('eerste', () => Int, { defaultValue: 20, description: 'Aantal, 1 tot en met 100.' }) eerste: number,
    @Ctx() ctx: RequestContext,
  ): Promise<VtRegisterSignaalView[]> {
    return vtRegisterService.signalen(ctx, eerste);
  }
}
