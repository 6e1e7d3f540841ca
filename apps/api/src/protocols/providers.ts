import { SYSTEM_CLOCK } from '@justera/application';
import { CreateProtocol, type ProtocolStore, RemoveProtocol, UpdateProtocol, UpdateUploadMetadata } from '@justera/protocol';
import { PROTOCOL_STORE } from '@justera/persistence';

const withStore = <T>(provide: new (...a: never[]) => T, make: (store: ProtocolStore) => T) => ({ provide, useFactory: make, inject: [PROTOCOL_STORE] });

/** The protocol use cases the api calls (libs/protocol usecases/), on the system clock as before. */
export const PROTOCOL_API_PROVIDERS = [
  withStore(CreateProtocol, (store) => new CreateProtocol(store, SYSTEM_CLOCK)),
  withStore(UpdateProtocol, (store) => new UpdateProtocol(store, SYSTEM_CLOCK)),
  withStore(RemoveProtocol, (store) => new RemoveProtocol(store)),
  withStore(UpdateUploadMetadata, (store) => new UpdateUploadMetadata(store, SYSTEM_CLOCK)),
];
