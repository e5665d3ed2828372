import { Ctx, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { IkView } from './organisatie.types';

@Resolver()
export class IkResolver {
  @Query(() => IkView, { description: 'De aanroeper zelf: rol en organisatie.' })
  ik(@Ctx() ctx: RequestContext): IkView {
    const a = ctx.actor;
    return {
      sub: a.sub,
      naam: a.naam ?? null,
      rol: a.rol,
      organisatie: { code: a.organisatie.code, naam: a.organisatie.naam, soort: a.organisatie.soort },
      namens: a.namens ?? null,
    };
  }
}
