import { SYSTEM_CLOCK } from '@justera/application';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import {
  ApproveVersion,
  ClassifyLink,
  OpenLink,
  RequestChanges,
  CancelJustering,
  ChangeSignatoryEmail,
  FreezeNewVersion,
  IssueLink,
  type JusteringStore,
  RemindSignatory,
  ReplaceSignatory,
  ResendLink,
  StartJustering,
  // the justering reads
  AuditTrail,
  JusteringStatus,
  JusteringStatusList,
  JusteradeParagraphs,
  type JusteringReads,
  LinkDocument,
  LiveState,
  ProtocolDocuments,
  ProtocolDocumentsList,
  RoundDocument,
} from '@justera/justering';
import { JUSTERING_READS, JUSTERING_STORE } from '@justera/persistence';
import { justeringStoreProvider } from '@justera/queue';
import { PdfProtocolFreezer } from './protocol-freezer';
import { SIGNING_IDENTITY_PROVIDERS } from './signing-identity.providers';

/** The justering use cases the api calls (libs/justering usecases), over the TypeORM store. */
export const JUSTERING_API_PROVIDERS = [
  justeringStoreProvider,
  {
    provide: IssueLink,
    useFactory: (config: AppConfig) => new IssueLink({ settings: config.justering, publicUrl: config.publicUrl }),
    inject: [APP_CONFIG],
  },
  {
    provide: RemindSignatory,
    useFactory: (store: JusteringStore, issueLink: IssueLink) => new RemindSignatory(store, SYSTEM_CLOCK, issueLink),
    inject: [JUSTERING_STORE, IssueLink],
  },
  {
    provide: ResendLink,
    useFactory: (store: JusteringStore, issueLink: IssueLink) => new ResendLink(store, SYSTEM_CLOCK, issueLink),
    inject: [JUSTERING_STORE, IssueLink],
  },
  {
    provide: ChangeSignatoryEmail,
    useFactory: (store: JusteringStore, issueLink: IssueLink) => new ChangeSignatoryEmail(store, SYSTEM_CLOCK, issueLink),
    inject: [JUSTERING_STORE, IssueLink],
  },
  {
    provide: ReplaceSignatory,
    useFactory: (store: JusteringStore, issueLink: IssueLink) => new ReplaceSignatory(store, SYSTEM_CLOCK, issueLink),
    inject: [JUSTERING_STORE, IssueLink],
  },
  // -------- the signer side (SigningController), its e-legitimation step in signing-identity.providers.ts
  ...SIGNING_IDENTITY_PROVIDERS,
  {
    provide: ClassifyLink,
    useFactory: (store: JusteringStore) => new ClassifyLink(store, SYSTEM_CLOCK),
    inject: [JUSTERING_STORE],
  },
  {
    provide: OpenLink,
    useFactory: (store: JusteringStore) => new OpenLink(store, SYSTEM_CLOCK),
    inject: [JUSTERING_STORE],
  },
  {
    provide: ApproveVersion,
    useFactory: (store: JusteringStore, config: AppConfig, issueLink: IssueLink) =>
      new ApproveVersion(store, SYSTEM_CLOCK, { settings: config.justering, publicUrl: config.publicUrl }, issueLink),
    inject: [JUSTERING_STORE, APP_CONFIG, IssueLink],
  },
  {
    provide: RequestChanges,
    useFactory: (store: JusteringStore, config: AppConfig) =>
      new RequestChanges(store, SYSTEM_CLOCK, { settings: config.justering, publicUrl: config.publicUrl }),
    inject: [JUSTERING_STORE, APP_CONFIG],
  },
  {
    provide: CancelJustering,
    useFactory: (store: JusteringStore) => new CancelJustering(store, SYSTEM_CLOCK),
    inject: [JUSTERING_STORE],
  },
  // The secretary's start and corrected version, with the PDF they freeze.
  PdfProtocolFreezer,
  {
    provide: StartJustering,
    useFactory: (store: JusteringStore, freezer: PdfProtocolFreezer, issueLink: IssueLink, config: AppConfig) =>
      new StartJustering(store, SYSTEM_CLOCK, freezer, issueLink, { settings: config.justering, eLegitimation: !!config.oidc }),
    inject: [JUSTERING_STORE, PdfProtocolFreezer, IssueLink, APP_CONFIG],
  },
  {
    provide: FreezeNewVersion,
    useFactory: (store: JusteringStore, freezer: PdfProtocolFreezer, issueLink: IssueLink) =>
      new FreezeNewVersion(store, SYSTEM_CLOCK, freezer, issueLink),
    inject: [JUSTERING_STORE, PdfProtocolFreezer, IssueLink],
  },
  // -------- the justering reads (libs/justering queries over JUSTERING_READS): status, live state,
  // audit trail, the round's and the signing link's document, the protocol's documents (one or a list)
  {
    provide: JusteringStatus,
    useFactory: (reads: JusteringReads) => new JusteringStatus(reads, SYSTEM_CLOCK),
    inject: [JUSTERING_READS],
  },
  {
    provide: JusteringStatusList,
    useFactory: (reads: JusteringReads) => new JusteringStatusList(reads, SYSTEM_CLOCK),
    inject: [JUSTERING_READS],
  },
  { provide: LiveState, useFactory: (reads: JusteringReads) => new LiveState(reads), inject: [JUSTERING_READS] },
  { provide: AuditTrail, useFactory: (reads: JusteringReads) => new AuditTrail(reads), inject: [JUSTERING_READS] },
  { provide: RoundDocument, useFactory: (reads: JusteringReads) => new RoundDocument(reads), inject: [JUSTERING_READS] },
  { provide: JusteradeParagraphs, useFactory: (reads: JusteringReads) => new JusteradeParagraphs(reads), inject: [JUSTERING_READS] },
  {
    provide: ProtocolDocuments,
    useFactory: (reads: JusteringReads, config: AppConfig) => new ProtocolDocuments(reads, { publicUrl: config.publicUrl }),
    inject: [JUSTERING_READS, APP_CONFIG],
  },
  {
    provide: ProtocolDocumentsList,
    useFactory: (reads: JusteringReads, config: AppConfig) => new ProtocolDocumentsList(reads, { publicUrl: config.publicUrl }),
    inject: [JUSTERING_READS, APP_CONFIG],
  },
  {
    provide: LinkDocument,
    useFactory: (classifyLink: ClassifyLink, reads: JusteringReads) => new LinkDocument(classifyLink, reads),
    inject: [ClassifyLink, JUSTERING_READS],
  },
];
