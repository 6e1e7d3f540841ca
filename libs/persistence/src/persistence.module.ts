import { AnslagRepository, TypeOrmAnslagRepository } from './repositories/anslag.repository';
import { ANSLAG_STORE, TypeOrmAnslagStore } from './repositories/anslag-store';
import { PROTOCOL_STORE, TypeOrmProtocolStore } from './repositories/protocol-store';
import { ANSLAG_READS, TypeOrmAnslagReads } from './repositories/anslag-reads';
import { EvidenceRepository, TypeOrmEvidenceRepository } from './repositories/evidence.repository';
import { EVIDENCE_READS, TypeOrmEvidenceReads } from './repositories/evidence-reads';
import { JUSTERING_READS, TypeOrmJusteringReads } from './repositories/justering-reads';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@justera/config';
import { dataSourceOptions, serialiseSqliteTransactions } from './data-source';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import {
  AccessRepository,
  AdminRepository,
  TypeOrmAdminRepository,
  JusteringRepository,
  TypeOrmJusteringRepository,
  MailDeliveriesRepository,
  OrganisationsRepository,
  ProtocolsRepository,
  TypeOrmAccessRepository,
  TypeOrmMailDeliveriesRepository,
  TypeOrmOrganisationsRepository,
  TypeOrmProtocolsRepository,
  SIGNING_IDENTITY_ATTEMPTS,
  TypeOrmSigningIdentityAttempts,
} from './repositories';

/** TypeORM on the configured database, and the repositories behind their abstract tokens. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => dataSourceOptions(c.database),
      // SQLite: one process's transactions take turns on its one connection (see data-source.ts).
      dataSourceFactory: async (options) => serialiseSqliteTransactions(new DataSource(options!)),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [
    { provide: AnslagRepository, useClass: TypeOrmAnslagRepository },
    { provide: ANSLAG_STORE, useClass: TypeOrmAnslagStore },
    { provide: ANSLAG_READS, useClass: TypeOrmAnslagReads },
    { provide: OrganisationsRepository, useClass: TypeOrmOrganisationsRepository },
    { provide: AccessRepository, useClass: TypeOrmAccessRepository },
    { provide: ProtocolsRepository, useClass: TypeOrmProtocolsRepository },
    { provide: PROTOCOL_STORE, useClass: TypeOrmProtocolStore }, // the protocol use cases' store (libs/protocol usecases)
    { provide: MailDeliveriesRepository, useClass: TypeOrmMailDeliveriesRepository },
    { provide: JusteringRepository, useClass: TypeOrmJusteringRepository },
    { provide: EvidenceRepository, useClass: TypeOrmEvidenceRepository },
    { provide: EVIDENCE_READS, useClass: TypeOrmEvidenceReads }, // the evidence's read port (libs/justering/src/evidence)
    { provide: AdminRepository, useClass: TypeOrmAdminRepository },
    { provide: SIGNING_IDENTITY_ATTEMPTS, useClass: TypeOrmSigningIdentityAttempts },
    // The justering queries' reads (libs/justering queries).
    { provide: JUSTERING_READS, useClass: TypeOrmJusteringReads },
  ],
  exports: [
    TypeOrmModule,
    AnslagRepository,
    ANSLAG_STORE,
    ANSLAG_READS,
    OrganisationsRepository,
    AccessRepository,
    ProtocolsRepository,
    PROTOCOL_STORE,
    MailDeliveriesRepository,
    JusteringRepository,
    EvidenceRepository,
    EVIDENCE_READS,
    AdminRepository,
    SIGNING_IDENTITY_ATTEMPTS,
    JUSTERING_READS,
  ],
})
export class PersistenceModule {}
