import { DomainError, SYSTEM_CLOCK } from '@justera/application';
import { APP_CONFIG, type AppConfig } from '@justera/config';
import { JusteradeParagraphs } from '@justera/justering';
import { renderProtocolPdf, UnsupportedCharactersError } from '@justera/pdf';
import {
  CreateProtocol,
  PreviewProtocolPdf,
  type ProtocolPdfRenderer,
  type ProtocolStore,
  RemoveProtocol,
  UpdateProtocol,
  UpdateUploadMetadata,
  UploadProtocolPdf,
} from '@justera/protocol';
import { PROTOCOL_STORE } from '@justera/persistence';
import { PdfPoolService } from '../isolation/pdf-pool.service';
import { pdfPoolInspector, SIGNATORY_FIELD_CHECKS } from './upload-checks';

const withStore = <T>(provide: new (...a: never[]) => T, make: (store: ProtocolStore) => T) => ({ provide, useFactory: make, inject: [PROTOCOL_STORE] });

/** A whole structured protocol rendered by libs/pdf; a character the font lacks is `unsupported_characters`. */
export const PDF_PROTOCOL_RENDERER: ProtocolPdfRenderer = {
  async render(protocol, identification) {
    try {
      return await renderProtocolPdf(protocol, { identification });
    } catch (err) {
      if (err instanceof UnsupportedCharactersError) throw new DomainError('unsupported_characters', err.message);
      throw err;
    }
  },
};

/** The protocol use cases the api calls (libs/protocol usecases/), on the system clock as before. */
export const PROTOCOL_API_PROVIDERS = [
  withStore(CreateProtocol, (store) => new CreateProtocol(store, SYSTEM_CLOCK)),
  withStore(UpdateProtocol, (store) => new UpdateProtocol(store, SYSTEM_CLOCK)),
  withStore(RemoveProtocol, (store) => new RemoveProtocol(store)),
  withStore(UpdateUploadMetadata, (store) => new UpdateUploadMetadata(store, SYSTEM_CLOCK)),
  {
    provide: UploadProtocolPdf,
    useFactory: (store: ProtocolStore, pdfPool: PdfPoolService) => new UploadProtocolPdf(store, pdfPoolInspector(pdfPool), SIGNATORY_FIELD_CHECKS, SYSTEM_CLOCK),
    inject: [PROTOCOL_STORE, PdfPoolService],
  },
  {
    provide: PreviewProtocolPdf,
    useFactory: (store: ProtocolStore, justerade: JusteradeParagraphs, config: AppConfig) =>
      new PreviewProtocolPdf(store, { paragraphs: (caller, protocolId) => justerade.execute({ caller, protocolId }) }, PDF_PROTOCOL_RENDERER, {
        eLegitimationProvider: config.oidc?.label,
      }),
    inject: [PROTOCOL_STORE, JusteradeParagraphs, APP_CONFIG],
  },
];
