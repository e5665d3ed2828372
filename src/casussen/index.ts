import type { Module } from '../lib/module';
import { BetrokkeneInformeringEntity } from './betrokkene-informeren.entity';
import { BetrokkeneInformerenResolver } from './betrokkene-informeren.resolver';
import { casusBeleid } from './casus.beleid';
import {
  CasusEntity,
  CasusOvergangEntity,
  CasusPersoonEntity,
  DienstEntity,
  MonitoringcontactEntity,
  OnderzoekUitkomstEntity,
  VeiligheidsafspraakEntity,
  VeiligheidsbeoordelingEntity,
  VerzoekTotOnderzoekEntity,
} from './casus.entity';
import { CasusResolver } from './casus.resolver';
import { PolitieResolver } from './politie.intake';
import { VtRegisterResolver } from './vt-register.resolver';

/** The statutory process: intake of meldingen (also from the police), casussen, veiligheidsbeoordelingen, diensten and their transitions. */
export const casussenModule: Module = {
  naam: 'casussen',
  entities: [
    CasusEntity,
    CasusPersoonEntity,
    VeiligheidsbeoordelingEntity,
    DienstEntity,
    OnderzoekUitkomstEntity,
    VeiligheidsafspraakEntity,
    VerzoekTotOnderzoekEntity,
    MonitoringcontactEntity,
    CasusOvergangEntity,
    BetrokkeneInformeringEntity,
  ],
  resolvers: [CasusResolver, PolitieResolver, BetrokkeneInformerenResolver, VtRegisterResolver],
  beleid: casusBeleid,
};
