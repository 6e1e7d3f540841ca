import { SYSTEM_CLOCK } from '@justera/application';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { type EvidenceReads, GetEvidence, ProtocolDocuments } from '@justera/justering';
import { EVIDENCE_READS } from '@justera/persistence';
import { EvidencePdfService } from './evidence-pdf.service';
import { EvidenceService } from './evidence.service';

/** The evidence (Verifieringsunderlag): libs/justering's GetEvidence over the TypeORM reads, its sealed PDF, known documents. */
export const EVIDENCE_API_PROVIDERS = [
  {
    provide: GetEvidence,
    useFactory: (reads: EvidenceReads, documents: ProtocolDocuments, config: AppConfig) =>
      new GetEvidence(reads, documents, SYSTEM_CLOCK, { publicUrl: config.publicUrl }),
    inject: [EVIDENCE_READS, ProtocolDocuments, APP_CONFIG],
  },
  EvidencePdfService,
  EvidenceService,
];
