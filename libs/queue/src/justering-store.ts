import { DataSource } from 'typeorm';
import { JUSTERING_STORE, TypeOrmJusteringStore } from '@justera/persistence';
import { queueMailInTransaction } from './mail-outbox';

/**
 * The Nest provider of the justering use cases' store (token `JUSTERING_STORE`): the TypeORM store
 * of libs/persistence with this lib's sealed mail outbox. Here, not in libs/persistence, because the
 * mail outbox depends on persistence; the api and the worker register it alike.
 */
export const justeringStoreProvider = {
  provide: JUSTERING_STORE,
  useFactory: (ds: DataSource) => new TypeOrmJusteringStore(ds, queueMailInTransaction),
  inject: [DataSource],
};
