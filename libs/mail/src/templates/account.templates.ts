/** Mails about staff accounts (not signers): the invitation an admin sends from the admin pages. */
import { formatDateTimeSv, renderLayout, type RenderedMail } from './layout';

export interface AccountInvitationData {
  recipientName: string;
  /** The organisation's name ("Demo kommun"). */
  organisation: string;
  /** Swedish role label ("Sekreterare", "Administratör", "Revisor"). */
  roleSv: string;
  invitedBy: string;
  /** The inviting admin's address: the footer names her as the one to ask (not the sekreterare). */
  invitedByEmail?: string;
  /** The personal link that sets the password (`<PUBLIC_URL>/inbjudan/<token>`). */
  link: string;
  expiresAt: Date;
}

/** "Välj ditt lösenord": the link is personal, single-use and expires. */
export function accountInvitation(d: AccountInvitationData): RenderedMail {
  return renderLayout({
    subject: `Inbjudan till Justera – ${d.organisation}`,
    preheader: `Välj ditt lösenord senast ${formatDateTimeSv(d.expiresAt)}.`,
    greeting: `Hej ${d.recipientName}!`,
    blocks: [
      {
        kind: 'p',
        text: `${d.invitedBy} har bjudit in dig till Justera för ${d.organisation}. Öppna länken och välj ett lösenord; sedan loggar du in med din e-postadress.`,
      },
      {
        kind: 'facts',
        rows: [
          ['Organisation', d.organisation],
          ['Roll', d.roleSv],
          ['Länken gäller till', formatDateTimeSv(d.expiresAt)],
        ],
      },
    ],
    button: { label: 'Välj lösenord', link: d.link },
    afterButton: [
      {
        kind: 'small',
        text: 'Länken är personlig och fungerar en gång. Vidarebefordra inte mejlet. Har länken gått ut ber du administratören om en ny inbjudan.',
      },
    ],
    contact: { name: d.invitedBy, email: d.invitedByEmail, role: 'administratören' },
    summaryEn: `You have been invited to Justera (${d.organisation}); open the link to choose your password.`,
  });
}
