/**
 * PDF/A-2b plumbing: the XMP metadata packet and the sRGB OutputIntent.
 */
import { PDFContext, PDFDict, PDFName, PDFRawStream, PDFString, PDFArray, PDFRef } from 'pdf-lib';
import { srgbIccProfile } from './icc';

export interface DocumentInfo {
  title: string;
  author: string;
  /** Omitted from the XMP when the Info dictionary has no /Subject. */
  subject?: string;
  /** Omitted from the XMP when the Info dictionary has no /Keywords. */
  keywords?: string;
  creator: string;
  producer: string;
  /**
   * ISO 8601 date-time with zone, e.g. "2024-12-13T00:00:00Z": xmp:CreateDate, ModifyDate and
   * MetadataDate, equal to the Info /CreationDate and /ModDate. Omitted when the Info has no dates.
   */
  date?: string;
  language: string;
  /** Hex document id (the trailer /ID first element), used for xmpMM:DocumentID. */
  documentId: string;
  /** PDF/A-2 conformance level: 'A' (tagged, accessible) or 'B' (visual appearance only). */
  conformance: 'A' | 'B';
  /** Claim PDF/UA-1 (pdfuaid:part 1, with the extension schema PDF/A requires for it). */
  pdfUa: boolean;
}

/**
 * PDF/A only allows XMP properties of the predefined schemas unless the packet describes the others
 * in a pdfaExtension schema (ISO 19005-2 6.6.2.3); pdfuaid is not predefined.
 */
const PDFUA_EXTENSION = `  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
`;

/** Characters XML 1.0 does not allow: dropped. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function xmlEscape(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The XMP packet with pdfaid:part 2 / the conformance level (and pdfuaid) and dc/xmp/pdf fields matching the Info dict. */
export function xmpPacket(info: DocumentInfo): string {
  const e = xmlEscape;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>${info.conformance}</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${e(info.author)}</rdf:li></rdf:Seq></dc:creator>
${info.subject === undefined ? '' : `   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(info.subject)}</rdf:li></rdf:Alt></dc:description>\n`}   <dc:language><rdf:Bag><rdf:li>${e(info.language)}</rdf:li></rdf:Bag></dc:language>
${info.date === undefined ? '' : `   <xmp:CreateDate>${info.date}</xmp:CreateDate>\n   <xmp:ModifyDate>${info.date}</xmp:ModifyDate>\n   <xmp:MetadataDate>${info.date}</xmp:MetadataDate>\n`}   <xmp:CreatorTool>${e(info.creator)}</xmp:CreatorTool>
   <pdf:Producer>${e(info.producer)}</pdf:Producer>
${info.keywords === undefined ? '' : `   <pdf:Keywords>${e(info.keywords)}</pdf:Keywords>\n`}   <xmpMM:DocumentID>uuid:${uuidOf(info.documentId)}</xmpMM:DocumentID>
  </rdf:Description>
${info.pdfUa ? PDFUA_EXTENSION : ''} </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

function uuidOf(hex: string): string {
  const h = hex.padEnd(32, '0').slice(0, 32).toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Adds /Metadata (uncompressed XMP) to the catalog. */
export function addXmpMetadata(context: PDFContext, catalog: PDFDict, info: DocumentInfo): void {
  const bytes = new TextEncoder().encode(xmpPacket(info));
  const stream = PDFRawStream.of(context.obj({ Type: 'Metadata', Subtype: 'XML', Length: bytes.length }) as PDFDict, bytes);
  catalog.set(PDFName.of('Metadata'), context.register(stream));
}

/** Adds the sRGB PDF/A OutputIntent with the embedded ICC profile. */
export function addOutputIntent(context: PDFContext, catalog: PDFDict): PDFRef {
  const icc = context.flateStream(srgbIccProfile(), { N: 3 });
  const iccRef = context.register(icc);
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: iccRef,
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]) as PDFArray);
  return iccRef;
}
