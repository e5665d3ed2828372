import { Migration20261122000001_fundament } from './Migration20261122000001_fundament';
import { Migration20261122000002_rijbeveiliging } from './Migration20261122000002_rijbeveiliging';
import { Migration20261122000003_proces } from './Migration20261122000003_proces';
import { Migration20261127000004_termijn_planning } from './Migration20261127000004_termijn_planning';
import { Migration20261127000005_gebeurtenissen } from './Migration20261127000005_gebeurtenissen';
import { Migration20261127000006_webhooks } from './Migration20261127000006_webhooks';
import { Migration20261127000007_handle_with_care } from './Migration20261127000007_handle_with_care';
import { Migration20261127000008_zsm } from './Migration20261127000008_zsm';
import { Migration20261127000009_overdrachten } from './Migration20261127000009_overdrachten';
import { Migration20261127000010_analyse } from './Migration20261127000010_analyse';
import { Migration20261127000011_analyse_rollups } from './Migration20261127000011_analyse_rollups';
import { Migration20261127000012_analyse_werkdagen } from './Migration20261127000012_analyse_werkdagen';
import { Migration20261127000013_analyse_termijnen } from './Migration20261127000013_analyse_termijnen';
import { Migration20261127000014_analyse_aard_casus_dienst } from './Migration20261127000014_analyse_aard_casus_dienst';
import { Migration20261204000015_vertrouwen } from './Migration20261204000015_vertrouwen';
import { Migration20261204000016_need_to_know } from './Migration20261204000016_need_to_know';
import { Migration20261204000017_lekken } from './Migration20261204000017_lekken';
import { Migration20261204000018_volgnummer_per_ontvanger } from './Migration20261204000018_volgnummer_per_ontvanger';
import { Migration20261204000020_onboarding } from './Migration20261204000020_onboarding';
import { Migration20261204000022_idempotentie } from './Migration20261204000022_idempotentie';
import { Migration20261204000023_rollen_en_auditanker } from './Migration20261204000023_rollen_en_auditanker';
import { Migration20261204000024_ketentermijnen } from './Migration20261204000024_ketentermijnen';
import { Migration20261205000025_verzoeklimiet } from './Migration20261205000025_verzoeklimiet';
import { Migration20261205000026_betrokkene_informeren } from './Migration20261205000026_betrokkene_informeren';
import { Migration20261205000027_cbs_levering } from './Migration20261205000027_cbs_levering';
import { Migration20261205000028_huisverbod } from './Migration20261205000028_huisverbod';
import { Migration20261205000029_vt_register } from './Migration20261205000029_vt_register';
import { Migration20261205000030_aware } from './Migration20261205000030_aware';
import { Migration20261205000031_melders } from './Migration20261205000031_melders';
import { Migration20261205000032_historie } from './Migration20261205000032_historie';
import { Migration20261205000033_rechten } from './Migration20261205000033_rechten';
import { Migration20261205000034_bewaring } from './Migration20261205000034_bewaring';
import { Migration20261205000035_vernietiging_rechten } from './Migration20261205000035_vernietiging_rechten';
import { Migration20261206000036_huisverbod_melding } from './Migration20261206000036_huisverbod_melding';
import { Migration20261206000037_beperking_en_maatregel } from './Migration20261206000037_beperking_en_maatregel';
import { Migration20261206000038_analyse_incrementeel } from './Migration20261206000038_analyse_incrementeel';
import { Migration20261206000039_audit_index } from './Migration20261206000039_audit_index';

/** Every migration, in order. Listed explicitly so the compiled server and the tests run the same set. */
export const migrations = [
  { name: 'Migration20261122000001_fundament', class: Migration20261122000001_fundament },
  { name: 'Migration20261122000002_rijbeveiliging', class: Migration20261122000002_rijbeveiliging },
  { name: 'Migration20261122000003_proces', class: Migration20261122000003_proces },
  { name: 'Migration20261127000004_termijn_planning', class: Migration20261127000004_termijn_planning },
  { name: 'Migration20261127000005_gebeurtenissen', class: Migration20261127000005_gebeurtenissen },
  { name: 'Migration20261127000006_webhooks', class: Migration20261127000006_webhooks },
  { name: 'Migration20261127000007_handle_with_care', class: Migration20261127000007_handle_with_care },
  { name: 'Migration20261127000008_zsm', class: Migration20261127000008_zsm },
  { name: 'Migration20261127000009_overdrachten', class: Migration20261127000009_overdrachten },
  { name: 'Migration20261127000010_analyse', class: Migration20261127000010_analyse },
  { name: 'Migration20261127000011_analyse_rollups', class: Migration20261127000011_analyse_rollups },
  { name: 'Migration20261127000012_analyse_werkdagen', class: Migration20261127000012_analyse_werkdagen },
  { name: 'Migration20261127000013_analyse_termijnen', class: Migration20261127000013_analyse_termijnen },
  {
    name: 'Migration20261127000014_analyse_aard_casus_dienst',
    class: Migration20261127000014_analyse_aard_casus_dienst,
  },
  { name: 'Migration20261204000015_vertrouwen', class: Migration20261204000015_vertrouwen },
  { name: 'Migration20261204000016_need_to_know', class: Migration20261204000016_need_to_know },
  { name: 'Migration20261204000017_lekken', class: Migration20261204000017_lekken },
  { name: 'Migration20261204000018_volgnummer_per_ontvanger', class: Migration20261204000018_volgnummer_per_ontvanger },
  { name: 'Migration20261204000020_onboarding', class: Migration20261204000020_onboarding },
  { name: 'Migration20261204000022_idempotentie', class: Migration20261204000022_idempotentie },
  { name: 'Migration20261204000023_rollen_en_auditanker', class: Migration20261204000023_rollen_en_auditanker },
  { name: 'Migration20261204000024_ketentermijnen', class: Migration20261204000024_ketentermijnen },
  { name: 'Migration20261205000025_verzoeklimiet', class: Migration20261205000025_verzoeklimiet },
  { name: 'Migration20261205000026_betrokkene_informeren', class: Migration20261205000026_betrokkene_informeren },
  { name: 'Migration20261205000027_cbs_levering', class: Migration20261205000027_cbs_levering },
  { name: 'Migration20261205000028_huisverbod', class: Migration20261205000028_huisverbod },
  { name: 'Migration20261205000029_vt_register', class: Migration20261205000029_vt_register },
  { name: 'Migration20261205000030_aware', class: Migration20261205000030_aware },
  { name: 'Migration20261205000031_melders', class: Migration20261205000031_melders },
  { name: 'Migration20261205000032_historie', class: Migration20261205000032_historie },
  { name: 'Migration20261205000033_rechten', class: Migration20261205000033_rechten },
  { name: 'Migration20261205000034_bewaring', class: Migration20261205000034_bewaring },
  {
    name: 'Migration20261205000035_vernietiging_rechten',
    class: Migration20261205000035_vernietiging_rechten,
  },
  { name: 'Migration20261206000036_huisverbod_melding', class: Migration20261206000036_huisverbod_melding },
  {
    name: 'Migration20261206000037_beperking_en_maatregel',
    class: Migration20261206000037_beperking_en_maatregel,
  },
  { name: 'Migration20261206000038_analyse_incrementeel', class: Migration20261206000038_analyse_incrementeel },
  { name: 'Migration20261206000039_audit_index', class: Migration20261206000039_audit_index },
];
