import {
  BoardFeed,
  ChangeBoardAddress,
  FindPublicNotice,
  GetNotice,
  GetPublicNoticeDocument,
  ListBoardNotices,
  ListNoticesOfProtocols,
  ListOrganBoards,
  ListProtocolNotices,
  ListPublicBoards,
  OpenPublicBoard,
  ProtocolNoticeStatus,
  RecordExternalPosting,
  SaveBoard,
  ViewPublicNotice,
  clockFromConfig,
  type AnslagReads,
  type AnslagStore,
  type Clock,
} from '@justera/anslag';
import { ANSLAG_READS, ANSLAG_STORE } from '@justera/persistence';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { AnslagApiController, AnslagBoardController } from './anslag.controller';
import { AnslagSecretaryController } from './anslag-secretary.controller';
import { AnslagAdminPagesController } from './anslag-admin-pages.controller';
import { AnslagAdminExternalPagesController } from './anslag-admin-external-pages.controller';
import { API_CLOCK } from './clock';

/** What app.module.ts registers for the anslagstavla (one import, two spreads). */
export const ANSLAG_CONTROLLERS = [
  AnslagBoardController,
  AnslagApiController,
  AnslagSecretaryController,
  AnslagAdminPagesController,
  AnslagAdminExternalPagesController,
];

const withStore = <T>(provide: new (...a: never[]) => T, make: (store: AnslagStore, clock: Clock) => T) => ({
  provide,
  useFactory: make,
  inject: [ANSLAG_STORE, API_CLOCK],
});
const withReads = <T>(provide: new (...a: never[]) => T, make: (reads: AnslagReads, clock: Clock, publicUrl: string) => T) => ({
  provide,
  useFactory: (reads: AnslagReads, clock: Clock, config: AppConfig) => make(reads, clock, config.publicUrl),
  inject: [ANSLAG_READS, API_CLOCK, APP_CONFIG],
});

/** The clock, the anslag use cases and the anslag queries the api calls (libs/anslag usecases/ and queries/). */
export const ANSLAG_API_PROVIDERS = [
  { provide: API_CLOCK, useFactory: (config: AppConfig) => clockFromConfig(config), inject: [APP_CONFIG] },
  withStore(RecordExternalPosting, (store, clock) => new RecordExternalPosting(store, clock)),
  withStore(SaveBoard, (store, clock) => new SaveBoard(store, clock)),
  withStore(ChangeBoardAddress, (store, clock) => new ChangeBoardAddress(store, clock)),
  withReads(ListPublicBoards, (reads, _clock, url) => new ListPublicBoards(reads, url)),
  withReads(OpenPublicBoard, (reads, clock, url) => new OpenPublicBoard(reads, clock, url)),
  withReads(ListBoardNotices, (reads) => new ListBoardNotices(reads)),
  withReads(BoardFeed, (reads) => new BoardFeed(new ListBoardNotices(reads))),
  withReads(FindPublicNotice, (reads) => new FindPublicNotice(reads)),
  withReads(ViewPublicNotice, (reads) => new ViewPublicNotice(reads)),
  withReads(
    GetPublicNoticeDocument,
    (reads, clock, url) => new GetPublicNoticeDocument(reads, new OpenPublicBoard(reads, clock, url), new FindPublicNotice(reads)),
  ),
  withReads(ListProtocolNotices, (reads, clock, url) => new ListProtocolNotices(reads, clock, url)),
  withReads(ListNoticesOfProtocols, (reads, clock, url) => new ListNoticesOfProtocols(reads, clock, url)),
  withReads(ProtocolNoticeStatus, (reads) => new ProtocolNoticeStatus(reads)),
  withReads(GetNotice, (reads, clock, url) => new GetNotice(reads, clock, url)),
  withReads(ListOrganBoards, (reads) => new ListOrganBoards(reads)),
];
