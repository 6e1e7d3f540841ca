export {
  renderProtocolPdf,
  renderExcerptPdf,
  findUnsupportedCharacters,
  RenderOptions,
  UnsupportedCharactersError,
  UnknownParagraphError,
  RENDERER_VERSION,
} from './render';
export {
  ANSLAG_FIELDS,
  ANSLAG_FIELD_PARENT,
  SIGNATURE_FIELD_PARENT,
  SIGNATURE_FIELD_SIZE,
  ROLE_LABELS,
  signatureFieldName,
  signatureFieldTooltip,
  signatoryIdentificationText,
  type SignatoryIdentification,
  FORM_FONT_RESOURCE,
  FORM_FONT_CHARACTERS,
  formFontHex,
  textFieldAppearance,
} from './fields';
export { PAGE_WIDTH, PAGE_HEIGHT } from './layout';
export { sampleProtocol, SampleProtocolOptions } from './sample-protocol';
export { srgbIccProfile } from './icc';
export { REPLACEMENT_CHARACTER } from './fonts';
export { layoutTextRuns, embeddedFontBytes, rendererFontkit, LaidOutText, FontStyle } from './diagnostics';
export { renderSimpleDocumentPdf, SimpleDocument } from './simple-document';
