/**
 * The documents of a protocol, named once (docs/glossary.md, "The documents of a protocol"). Every
 * page, feed, mail and report that shows or offers one of them uses these names and says how it
 * relates to the others, so a reader who compares SHA-256 checksums is never surprised.
 *
 * - frozen: the version the signers approve, without signatures (its SHA-256 is what they approve);
 * - justerat: the frozen version with every signature, the DSS and the time-stamps appended as
 *   incremental revisions (its first bytes are the frozen version unchanged);
 * - posted: the justerat PDF unchanged plus a revision with the ANSLAG fields filled, sealed by the
 *   organisation (its first bytes are the justerat PDF unchanged) — what the anslagstavla publishes;
 * - anslagsbevis: a separate certificate of the posting, sealed by the organisation; it names the
 *   justerat PDF by its SHA-256.
 */
export type ProtocolDocumentKind = 'frozen' | 'justerat' | 'posted' | 'anslagsbevis';

export interface ProtocolDocumentWords {
  /** The name, as a heading or link text ("Justerat protokoll"). */
  name: string;
  /** One sentence on what the file is. */
  description: string;
}

export const PROTOCOL_DOCUMENT_SV: Readonly<Record<ProtocolDocumentKind, ProtocolDocumentWords>> = {
  frozen: {
    name: 'Version att justera (osignerad)',
    description:
      'Protokollet som det frystes för justering, utan underskrifter. Undertecknarna godkänner exakt den här filen (dess SHA-256).',
  },
  justerat: {
    name: 'Justerat protokoll',
    description: 'Den godkända versionen med allas elektroniska underskrifter, valideringsdata (DSS) och tidsstämplar.',
  },
  posted: {
    name: 'Protokoll med anslagsuppgifter',
    description:
      'Det som publiceras på anslagstavlan: det justerade protokollet med datumen för anslaget ifyllda och förseglade med organisationens elektroniska stämpel.',
  },
  anslagsbevis: {
    name: 'Anslagsbevis',
    description: 'Intyg om när anslaget sattes upp och när det tas ned, förseglat med organisationens elektroniska stämpel.',
  },
};

/** "Version 2 att justera (osignerad)", "Justerat protokoll, § 5": the name with the version and §§ when they tell documents apart. */
export function protocolDocumentTitleSv(
  kind: ProtocolDocumentKind,
  opts: { versionNumber?: number | null; paragraphs?: string | null } = {},
): string {
  const base =
    kind === 'frozen' && opts.versionNumber ? `Version ${opts.versionNumber} att justera (osignerad)` : PROTOCOL_DOCUMENT_SV[kind].name;
  return opts.paragraphs ? `${base}, ${opts.paragraphs}` : base;
}

/**
 * How a document relates to the one it builds on, in one sentence with that one's SHA-256 (a reader
 * can check it: the first `size` bytes of the file are that document, byte for byte).
 */
export function protocolDocumentRelationSv(kind: ProtocolDocumentKind, base: { sha256: string; size: number } | null): string | null {
  if (!base) return null;
  const bytes = `de första ${base.size.toLocaleString('sv-SE')} byten, SHA-256 ${base.sha256}`;
  switch (kind) {
    case 'justerat':
      return `Innehåller den osignerade versionen oförändrad (${bytes}); underskrifterna är tillagda efter den.`;
    case 'posted':
      return `Innehåller det justerade protokollet oförändrat (${bytes}); anslagsdatumen är ifyllda och förseglade efter det.`;
    case 'anslagsbevis':
      return `Avser det justerade protokollet med SHA-256 ${base.sha256}.`;
    default:
      return null;
  }
}
