import { ChangeBoardAddress, RecordExternalPosting, SaveBoard, clockFromConfig, type AnslagStore, type Clock } from '@justera/anslag';
import { ANSLAG_STORE } from '@justera/persistence';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { AnslagApiController, AnslagBoardController } from './anslag.controller';
import { AnslagSecretaryController } from './anslag-secretary.controller';
import { AnslagAdminPagesController } from './anslag-admin-pages.controller';
import { API_CLOCK, AnslagService } from './anslag.service';

/** What app.module.ts registers for the anslagstavla (one import, two spreads). */
export const ANSLAG_CONTROLLERS = [AnslagBoardController, AnslagApiController, AnslagSecretaryController, AnslagAdminPagesController];
/** The clock, the read side (AnslagService) and the anslag use cases the api calls (libs/anslag usecases). */
export const ANSLAG_API_PROVIDERS = [
  { provide: API_CLOCK, useFactory: (config: AppConfig) => clockFromConfig(config), inject: [APP_CONFIG] },
  AnslagService,
  {
    provide: RecordExternalPosting,
    useFactory: (store: AnslagStore, clock: Clock) => new RecordExternalPosting(store, clock),
    inject: [ANSLAG_STORE, API_CLOCK],
  },
  { provide: SaveBoard, useFactory: (store: AnslagStore, clock: Clock) => new SaveBoard(store, clock), inject: [ANSLAG_STORE, API_CLOCK] },
  {
    provide: ChangeBoardAddress,
    useFactory: (store: AnslagStore, clock: Clock) => new ChangeBoardAddress(store, clock),
    inject: [ANSLAG_STORE, API_CLOCK],
  },
];
