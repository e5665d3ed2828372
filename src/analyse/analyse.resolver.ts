import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';

import type { RequestContext } from '../lib/context';
import { cbsService } from './analyse.cbs';
import { analyseService } from './analyse.service';
import { analyseVerversverzoekService } from './analyse-verversverzoek';
import {
  AnalyseAntwoordView,
  AnalysePeriode,
  AnalyseVerversverzoekView,
  AnalyseVraag,
  CbsGebied,
  CbsTabel,
  CbsTabelAntwoordView,
  Periodeindeling,
} from './analyse.types';
import { TekstRegelScalar } from '../lib/tekst';

@Resolver()
export class AnalyseResolver {
  @Query(() => AnalyseAntwoordView, {
    description:
      'Een ad-hocvraag over de eigen regio (VT), de eigen gemeente (gemeente) of het hele land (landelijk): afgerond op veelvouden van ANALYSE_AFRONDING, kleine cellen onderdrukt, met de versheid van de rollups. Geaudit.',
  })
  analyse(
    @Arg('vraag', () => AnalyseVraag) vraag: AnalyseVraag,
    @Ctx() ctx: RequestContext,
  ): Promise<AnalyseAntwoordView> {
    return analyseService.vraag(ctx, vraag);
  }

  @Query(() => CbsTabelAntwoordView, {
    description:
      'Een CBS-tabel (Beleidsinformatie Veilig Thuis) voor een periode en eventueel één regio, met dezelfde openbaarmakingsbeheersing.',
  })
  cbsTabel(
    @Arg('tabel', () => CbsTabel) tabel: CbsTabel,
    @Arg('periode', () => AnalysePeriode) periode: AnalysePeriode,
    @Arg('regio', () => TekstRegelScalar, {
      nullable: true,
      description: 'VT-regiocode, bijvoorbeeld VT14; zonder: alle regio’s die u mag zien.',
    })
    regio: string | undefined,
    @Arg('periodeindeling', () => Periodeindeling, { defaultValue: Periodeindeling.HALFJAAR })
    indeling: Periodeindeling,
    @Arg('gebied', () => CbsGebied, {
      defaultValue: CbsGebied.VT_REGIO,
      description: 'Rijen per VT-regio of per gemeente (met `regio`: de gemeenten van die regio).',
    })
    gebied: CbsGebied,
    @Ctx() ctx: RequestContext,
  ): Promise<CbsTabelAntwoordView> {
    return cbsService.tabel(ctx, tabel, periode, regio ?? undefined, indeling, gebied);
  }

  @Query(() => String, {
    description:
      'Dezelfde CBS-tabel als CSV (puntkomma, kop Periode;Regio;Indeling;Categorie;<onderwerpen>; "." = onderdrukt).',
  })
  cbsTabelCsv(
    @Arg('tabel', () => CbsTabel) tabel: CbsTabel,
    @Arg('periode', () => AnalysePeriode) periode: AnalysePeriode,
    @Arg('regio', () => TekstRegelScalar, { nullable: true }) regio: string | undefined,
    @Arg('periodeindeling', () => Periodeindeling, { defaultValue: Periodeindeling.HALFJAAR })
    indeling: Periodeindeling,
    @Arg('gebied', () => CbsGebied, { defaultValue: CbsGebied.VT_REGIO }) gebied: CbsGebied,
    @Ctx() ctx: RequestContext,
  ): Promise<string> {
    return cbsService.csv(ctx, tabel, periode, regio ?? undefined, indeling, gebied);
  }

  @Mutation(() => AnalyseVerversverzoekView, {
    description:
      'Vraagt verse cijfers: de worker ververst binnen enkele seconden de maanden en regio’s die sinds de vorige verversing veranderden. Wacht er al een verzoek, dan komt dat terug; een nieuw verzoek binnen een minuut na het vorige is CONFLICT VERVERSEN_TE_VAAK.',
  })
  analyseVerversenAanvragen(@Ctx() ctx: RequestContext): Promise<AnalyseVerversverzoekView> {
    return analyseVerversverzoekService.aanvragen(ctx);
  }
}
