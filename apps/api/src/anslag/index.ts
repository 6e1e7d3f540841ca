import { clockFromConfig } from '@justera/anslag';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { AnslagApiController, AnslagBoardController } from './anslag.controller';
import { AnslagSecretaryController } from './anslag-secretary.controller';
import { API_CLOCK, AnslagService } from './anslag.service';

/** What app.module.ts registers for the anslagstavla (one import, two spreads). */
export const ANSLAG_CONTROLLERS = [AnslagBoardController, AnslagApiController, AnslagSecretaryController];
export const ANSLAG_API_PROVIDERS = [{ provide: API_CLOCK, useFactory: (config: AppConfig) => clockFromConfig(config), inject: [APP_CONFIG] }, AnslagService];
