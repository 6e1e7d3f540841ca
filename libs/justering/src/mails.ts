import {
  allSignedNotice,
  changeRequestNotice,
  deadlineWarning,
  documentReplaced,
  ProtocolRef,
  RenderedMail,
  signedNotice,
  signingInvitation,
  signingDelayed,
  signingReminder,
  roundCancelled,
} from '@justera/mail';

/**
 * Which template a signing link goes out with. Mail rendering itself is libs/mail's; this only maps
 * the workflow's moments to it, so the api and the worker send the same mails.
 */
export type LinkMailKind = 'invitation' | 'reminder' | 'replaced' | 'resent';

export interface LinkMailInput {
  kind: LinkMailKind;
  recipientName: string;
  role: 'sekreterare' | 'ordforande' | 'justerare';
  protocol: ProtocolRef;
  deadline: string;
  link: string;
  secretaryName?: string;
  /** The sekreterare's address, named in the footer of a signer's mail. */
  secretaryEmail?: string;
  reason?: string;
  hadApproved?: boolean;
  changeRequest?: { name: string; role: 'sekreterare' | 'ordforande' | 'justerare'; comment: string };
  changes?: string[];
  invitedOn?: string;
}

export function linkMail(d: LinkMailInput): RenderedMail {
  const base = {
    recipientName: d.recipientName,
    role: d.role,
    protocol: d.protocol,
    deadline: d.deadline,
    link: d.link,
    secretaryName: d.secretaryName,
    secretaryEmail: d.secretaryEmail,
  };
  switch (d.kind) {
    case 'reminder':
      return signingReminder({ ...base, invitedOn: d.invitedOn });
    case 'replaced':
      return documentReplaced({
        ...base,
        reason: d.reason,
        hadApproved: d.hadApproved,
        changeRequest: d.changeRequest,
        changes: d.changes,
      });
    default:
      return signingInvitation(base);
  }
}

export { allSignedNotice, changeRequestNotice, deadlineWarning, roundCancelled, signedNotice, signingDelayed };

/** "§§ 17–18" / "§ 5" for an omedelbar justering's mail subject. */
export function paragraphLabel(paragraphs: readonly number[] | null | undefined): string | undefined {
  if (!paragraphs || paragraphs.length === 0) return undefined;
  const sorted = [...paragraphs].sort((a, b) => a - b);
  return sorted.length === 1 ? `§ ${sorted[0]}` : `§§ ${sorted.join(', ')}`;
}
