/**
 * The mails of the justering workflow, in Swedish. Each template is a pure function from its data
 * to {subject, text, html}; the HTML escapes every value (see layout.ts).
 */
import { ROLE_SV as SV_ROLE_SV } from '@justera/sv';
import type { IsoDate } from '@justera/legal-dates';
import { Block, formatDateSv, formatDateTimeSv, MailContact, renderLayout, RenderedMail } from './layout';

/** Signer roles, as stored (ASCII) or as written ("ordförande"). */
export type SignerRole = 'sekreterare' | 'ordforande' | 'ordförande' | 'justerare';

const ROLE_SV: Record<SignerRole, string> = { ...SV_ROLE_SV, ordförande: SV_ROLE_SV.ordforande };
const ROLE_EN: Record<SignerRole, string> = {
  sekreterare: 'secretary',
  ordforande: 'chair',
  ordförande: 'chair',
  justerare: 'adjuster (justerare)',
};

/** "ordförande" for `ordforande`; throws on an unknown role. */
export function roleLabelSv(role: SignerRole): string {
  const label = ROLE_SV[role];
  if (!label) throw new TypeError(`Unknown signer role: ${String(role)}`);
  return label;
}

/** The protocol a mail is about. */
export interface ProtocolRef {
  /** The body, e.g. "Kommunstyrelsen" or "Gemensam nämnd för …". */
  organ: string;
  meetingDate: IsoDate;
  /** e.g. "§§ 17–18"; shown when given (omedelbar justering of single paragraphs). */
  paragraphs?: string;
  /** SHA-256 (hex) of the version to approve; shown so the signer can compare. */
  documentSha256?: string;
  /** The planned justering as the protocol gives it, in Swedish (libs/sv `plannedJusteringSv`); shown when given. */
  justering?: string;
}

export interface Person {
  name: string;
  role: SignerRole;
}

function protocolFacts(p: ProtocolRef, extra: [string, string][] = []): Block {
  const rows: [string, string][] = [
    ['Organ', p.organ],
    ['Sammanträde', formatDateSv(p.meetingDate)],
  ];
  if (p.paragraphs) rows.push(['Paragrafer', p.paragraphs]);
  if (p.justering) rows.push(['Justeringens plats och tid', p.justering]);
  rows.push(...extra);
  return { kind: 'facts', rows };
}

function hashBlock(p: ProtocolRef): Block[] {
  return p.documentSha256 ? [{ kind: 'code', label: 'Kontrollsumma (SHA-256) för den version du godkänner:', code: p.documentSha256 }] : [];
}

const PERSONAL_LINK: Block = {
  kind: 'small',
  text: 'Länken är personlig. Vidarebefordra inte det här mejlet.',
};

function subjectRef(p: ProtocolRef): string {
  return `${p.organ} ${p.meetingDate}${p.paragraphs ? ` ${p.paragraphs}` : ''}`;
}

function people(list: readonly Person[]): string[] {
  return list.map((x) => `${x.name} (${roleLabelSv(x.role)})`);
}

export interface SigningInvitationData {
  recipientName: string;
  role: SignerRole;
  protocol: ProtocolRef;
  /** Last day to justera. */
  deadline: IsoDate;
  link: string;
  /** Who sent it (the secretary), shown as contact. */
  secretaryName?: string;
  /** The secretary's address, in the footer's "kontakta sekreteraren …". */
  secretaryEmail?: string;
}

/**
 * The footer's contact in a mail to a signer: the round's sekreterare by name and address. None in the
 * sekreterare's own mails (she is the contact) or when the name is not known.
 */
function signerContact(d: { role: SignerRole; secretaryName?: string; secretaryEmail?: string }): MailContact | null {
  if (d.role === 'sekreterare' || !d.secretaryName) return null;
  return { name: d.secretaryName, email: d.secretaryEmail };
}

/** Asks a signer to read, approve and sign (or ask for a change). */
export function signingInvitation(d: SigningInvitationData): RenderedMail {
  const role = roleLabelSv(d.role);
  return renderLayout({
    subject: `Protokoll att justera: ${subjectRef(d.protocol)}`,
    preheader: `Godkänn och signera som ${role} senast ${formatDateSv(d.deadline)}.`,
    greeting: `Hej ${d.recipientName}!`,
    blocks: [
      {
        kind: 'p',
        text: `Du ska justera protokollet som ${role}. Läs protokollet och godkänn det med din underskrift, eller begär en ändring om något behöver rättas.`,
      },
      protocolFacts(d.protocol, [
        ['Din roll', role],
        ['Senast', formatDateSv(d.deadline)],
        ...(d.secretaryName ? ([['Sekreterare', d.secretaryName]] as [string, string][]) : []),
      ]),
    ],
    button: { label: 'Öppna protokollet', link: d.link },
    afterButton: [PERSONAL_LINK, ...hashBlock(d.protocol)],
    summaryEn: `Please review and sign the minutes of ${d.protocol.organ} (meeting ${d.protocol.meetingDate}) as ${ROLE_EN[d.role]} by ${d.deadline}.`,
    contact: signerContact(d),
  });
}

export interface ReminderData extends SigningInvitationData {
  /** When the first invitation went out. */
  invitedOn?: IsoDate;
}

/** Reminds a signer who has not yet signed. */
export function signingReminder(d: ReminderData): RenderedMail {
  const role = roleLabelSv(d.role);
  return renderLayout({
    subject: `Påminnelse: protokoll att justera: ${subjectRef(d.protocol)}`,
    preheader: `Protokollet väntar på din underskrift som ${role}, senast ${formatDateSv(d.deadline)}.`,
    greeting: `Hej ${d.recipientName}!`,
    blocks: [
      {
        kind: 'p',
        text: `Protokollet väntar fortfarande på din justering som ${role}${d.invitedOn ? ` (inbjudan skickades ${formatDateSv(d.invitedOn)})` : ''}. Sista dag för justering är ${formatDateSv(d.deadline)}.`,
      },
      protocolFacts(d.protocol, [
        ['Din roll', role],
        ['Senast', formatDateSv(d.deadline)],
      ]),
    ],
    button: { label: 'Öppna protokollet', link: d.link },
    afterButton: [PERSONAL_LINK, ...hashBlock(d.protocol)],
    summaryEn: `Reminder: the minutes of ${d.protocol.organ} (meeting ${d.protocol.meetingDate}) still await your signature as ${ROLE_EN[d.role]}; deadline ${d.deadline}.`,
    contact: signerContact(d),
  });
}

export interface ChangeRequestData {
  secretaryName: string;
  signer: Person;
  protocol: ProtocolRef;
  comment: string;
  /** The secretary's page for this justering. */
  link: string;
}

/** Tells the secretary that a signer asked for a change, with the comment. */
export function changeRequestNotice(d: ChangeRequestData): RenderedMail {
  const role = roleLabelSv(d.signer.role);
  return renderLayout({
    subject: `Ändring begärd: ${subjectRef(d.protocol)}`,
    preheader: `${d.signer.name} (${role}) har begärt en ändring i protokollet.`,
    greeting: `Hej ${d.secretaryName}!`,
    blocks: [
      { kind: 'p', text: `${d.signer.name} (${role}) har begärt en ändring i protokollet och har inte signerat. Kommentar:` },
      { kind: 'quote', text: d.comment },
      protocolFacts(d.protocol),
      {
        kind: 'p',
        text: 'Gör ändringen och frys en ny version. En ny version får en ny kontrollsumma, och alla tidigare godkännanden upphör att gälla; alla undertecknare får en ny länk.',
      },
    ],
    button: { label: 'Öppna justeringen', link: d.link },
    summaryEn: `${d.signer.name} (${ROLE_EN[d.signer.role]}) requested a change to the minutes of ${d.protocol.organ} (meeting ${d.protocol.meetingDate}).`,
  });
}

export interface SignedNoticeData {
  secretaryName: string;
  signer: Person;
  protocol: ProtocolRef;
  signedAt: Date | string;
  /** Signers still to sign, in order. */
  remaining: readonly Person[];
  link: string;
}

/** Tells the secretary that one signer has signed. */
export function signedNotice(d: SignedNoticeData): RenderedMail {
  const role = roleLabelSv(d.signer.role);
  const blocks: Block[] = [
    { kind: 'p', text: `${d.signer.name} har signerat protokollet som ${role} ${formatDateTimeSv(d.signedAt)}.` },
    protocolFacts(d.protocol),
  ];
  if (d.remaining.length > 0) {
    blocks.push({ kind: 'p', text: 'Kvar att signera:' }, { kind: 'list', items: people(d.remaining) });
  } else {
    blocks.push({ kind: 'p', text: 'Alla har nu signerat.' });
  }
  return renderLayout({
    subject: `${d.signer.name} har signerat: ${subjectRef(d.protocol)}`,
    preheader: d.remaining.length > 0 ? `${d.remaining.length} kvar att signera.` : 'Alla har signerat.',
    greeting: `Hej ${d.secretaryName}!`,
    blocks,
    button: { label: 'Öppna justeringen', link: d.link },
    summaryEn: `${d.signer.name} signed the minutes of ${d.protocol.organ} (meeting ${d.protocol.meetingDate}) as ${ROLE_EN[d.signer.role]}; ${d.remaining.length} signature(s) remaining.`,
  });
}

/**
 * What Justera does with the notice once the protocol is justerat (the organ's Justera board's posting
 * policy, docs/anslag.md): it posts the notice itself, at once or at a set hour; only the boards of
 * other municipalities (gemensam nämnd) wait for the secretary to record the day.
 */
export interface AllSignedPosting {
  /** When Justera puts the notice on its own board (libs/anslag planPosting). */
  postAt: Date;
  /** True: posted at once, as the round completes; false: at the configured hour of the next working day. */
  immediate: boolean;
  /** Last day by law for the notice (legal-dates postingDeadline). */
  deadline: IsoDate;
  /** Other municipalities' boards the notice must also go up on (their days are recorded by hand). */
  externalBoards: readonly string[];
  /** The secretary's page for the notices (`/anslag/protokoll/<id>`), where external postings are recorded. */
  anslagLink: string;
}

export interface AllSignedData {
  secretaryName: string;
  protocol: ProtocolRef;
  signers: readonly Person[];
  /** What happens with the notice; without it the mail says nothing about the anslagstavla. */
  posting?: AllSignedPosting;
  link: string;
}

function postingBlocks(p: AllSignedPosting): Block[] {
  const own = p.immediate
    ? 'Justera sätter upp anslaget om justeringen på anslagstavlan automatiskt, nu direkt. Du behöver inte göra något för det.'
    : `Justera sätter upp anslaget om justeringen på anslagstavlan automatiskt ${formatDateTimeSv(p.postAt)}. Du behöver inte göra något för det.`;
  const blocks: Block[] = [
    {
      kind: 'p',
      text: `${own} Tiden för överklagande räknas från den dag anslaget sätts upp; datumen och dokumenten visas i justeringsöversikten.`,
    },
  ];
  if (p.externalBoards.length) {
    blocks.push({
      kind: 'p',
      text: `Anslaget ska också sättas upp på ${p.externalBoards.join(', ')}. Det gör inte Justera: sätt upp det där senast ${formatDateSv(p.deadline)} och registrera dagen på ${p.anslagLink}`,
    });
  }
  return blocks;
}

/** Tells the secretary that the protocol is justerat, and what happens with the notice. */
export function allSignedNotice(d: AllSignedData): RenderedMail {
  const blocks: Block[] = [
    { kind: 'p', text: 'Protokollet är justerat: alla har signerat.' },
    protocolFacts(d.protocol),
    { kind: 'list', items: people(d.signers) },
    ...(d.posting ? postingBlocks(d.posting) : []),
  ];
  const p = d.posting;
  const preheader = !p
    ? 'Alla har signerat.'
    : p.externalBoards.length
      ? `Sätt upp anslaget på de andra kommunernas anslagstavlor senast ${formatDateSv(p.deadline)}.`
      : p.immediate
        ? 'Alla har signerat. Anslaget sätts upp automatiskt.'
        : `Alla har signerat. Anslaget sätts upp automatiskt ${formatDateTimeSv(p.postAt)}.`;
  const postingEn = !p
    ? ''
    : `; Justera posts the notice itself ${p.immediate ? 'now' : `at ${p.postAt.toISOString()}`}${p.externalBoards.length ? `; post it on the other boards by ${p.deadline} and record the days` : ''}`;
  return renderLayout({
    subject: `Protokollet är justerat: ${subjectRef(d.protocol)}`,
    preheader,
    greeting: `Hej ${d.secretaryName}!`,
    blocks,
    button: { label: 'Öppna justeringsöversikten', link: d.link },
    summaryEn: `All signatures are in: the minutes of ${d.protocol.organ} (meeting ${d.protocol.meetingDate}) are approved${postingEn}.`,
  });
}

export interface DeadlineWarningData {
  secretaryName: string;
  protocol: ProtocolRef;
  /** Last day to justera (legal-dates justeringDeadline). */
  deadline: IsoDate;
  /** Signers who have not signed yet. */
  missing: readonly Person[];
  link: string;
}

/** Warns the secretary that the justering deadline is near and who is missing. */
export function deadlineWarning(d: DeadlineWarningData): RenderedMail {
  return renderLayout({
    subject: `Sista dag för justering närmar sig (${d.deadline}): ${subjectRef(d.protocol)}`,
    preheader: `${d.missing.length} har inte signerat. Sista dag är ${formatDateSv(d.deadline)}.`,
    greeting: `Hej ${d.secretaryName}!`,
    blocks: [
      {
        kind: 'p',
        text: `Protokollet ska vara justerat senast ${formatDateSv(d.deadline)} (senast 14 dagar efter sammanträdet, enligt kommunallagen). Följande har ännu inte signerat:`,
      },
      { kind: 'list', items: people(d.missing) },
      protocolFacts(d.protocol, [['Sista dag', formatDateSv(d.deadline)]]),
    ],
    button: { label: 'Öppna justeringen', link: d.link },
    summaryEn: `The justering deadline ${d.deadline} for the minutes of ${d.protocol.organ} (meeting ${d.protocol.meetingDate}) is near; ${d.missing.length} signature(s) missing.`,
  });
}

export interface SigningDelayedData {
  secretaryName: string;
  protocol: ProtocolRef;
  /**
   * What went wrong, in Swedish (libs/justering `signingErrorSv`, e.g. "tidsstämpeltjänsten svarade inte
   * i tid"); the technical text stays in the log and the audit event for IT.
   */
  error: string;
  /** Failed attempts so far. */
  failures: number;
  link: string;
}

/**
 * Tells the secretary that everyone has approved but the digital signatures could not be put into
 * the PDF yet (the time-stamp service is down, for instance): the service keeps trying, and the
 * notice goes up on the anslagstavla when it succeeds. Sent once per failure streak.
 */
export function signingDelayed(d: SigningDelayedData): RenderedMail {
  return renderLayout({
    subject: `Underskrifterna dröjer: ${subjectRef(d.protocol)}`,
    preheader: 'Alla har godkänt, men de digitala underskrifterna kunde inte läggas in i PDF:en ännu.',
    greeting: `Hej ${d.secretaryName}!`,
    blocks: [
      {
        kind: 'p',
        text: `Alla har godkänt protokollet, men de digitala underskrifterna har inte kunnat läggas in i PDF:en efter ${d.failures} försök. Tjänsten fortsätter att försöka automatiskt; anslaget sätts upp när underskrifterna är på plats.`,
      },
      { kind: 'p', text: `Orsak: ${d.error}. Den tekniska felbeskrivningen finns i händelseloggen för it-supporten.` },
      {
        kind: 'p',
        text: 'Kontakta it-supporten om felet kvarstår, så att anslaget hinner sättas upp i tid (senast andra dagen efter justeringen).',
      },
      protocolFacts(d.protocol, []),
    ],
    button: { label: 'Öppna justeringen', link: d.link },
    summaryEn: `Everyone has approved the minutes of ${d.protocol.organ} (meeting ${d.protocol.meetingDate}), but the digital signatures could not be added yet (${d.failures} attempts); the service keeps retrying.`,
  });
}

export interface DocumentReplacedData {
  recipientName: string;
  role: SignerRole;
  protocol: ProtocolRef;
  deadline: IsoDate;
  /** The new personal link (the old one no longer works). */
  link: string;
  /** Why the document was replaced, e.g. the secretary's note. */
  reason?: string;
  /** True when the recipient had already approved the earlier version. */
  hadApproved?: boolean;
  /** The change request that led to the new version. */
  changeRequest?: { name: string; role: SignerRole; comment: string };
  /** What changed, one line each ("§ 18 Budget: ändrad", "Ny PDF: protokoll-v2.pdf"). */
  changes?: string[];
  /** The round's sekreterare, named in the footer (not in her own mail). */
  secretaryName?: string;
  secretaryEmail?: string;
}

/** Sends a signer the new link after the secretary replaced the document. */
export function documentReplaced(d: DocumentReplacedData): RenderedMail {
  const role = roleLabelSv(d.role);
  const blocks: Block[] = [
    {
      kind: 'p',
      text: `Protokollet har ändrats och en ny version ska justeras. Din tidigare länk gäller inte längre${d.hadApproved ? ', och ditt godkännande av den tidigare versionen har upphört att gälla' : ''}.`,
    },
  ];
  if (d.changeRequest)
    blocks.push(
      { kind: 'p', text: `${d.changeRequest.name} (${roleLabelSv(d.changeRequest.role)}) begärde ändringen:` },
      { kind: 'quote', text: d.changeRequest.comment },
    );
  if (d.reason) blocks.push({ kind: 'p', text: 'Sekreterarens kommentar:' }, { kind: 'quote', text: d.reason });
  if (d.changes && d.changes.length > 0) {
    const shown = d.changes.slice(0, 30);
    if (d.changes.length > shown.length) shown.push(`… och ${d.changes.length - shown.length} ändringar till`);
    blocks.push({ kind: 'p', text: 'Det här har ändrats:' }, { kind: 'list', items: shown });
  }
  blocks.push(
    protocolFacts(d.protocol, [
      ['Din roll', role],
      ['Senast', formatDateSv(d.deadline)],
    ]),
  );
  return renderLayout({
    subject: `Ny version att justera: ${subjectRef(d.protocol)}`,
    preheader: 'Protokollet har ändrats. Här är din nya länk.',
    greeting: `Hej ${d.recipientName}!`,
    blocks,
    button: { label: 'Öppna den nya versionen', link: d.link },
    afterButton: [PERSONAL_LINK, ...hashBlock(d.protocol)],
    summaryEn: `The minutes of ${d.protocol.organ} (meeting ${d.protocol.meetingDate}) were replaced by a new version; please use this new link to review and sign as ${ROLE_EN[d.role]} by ${d.deadline}.`,
    contact: signerContact(d),
  });
}

export interface RoundCancelledData {
  recipientName: string;
  role: SignerRole;
  protocol: ProtocolRef;
  /** Who cancelled (the secretary's name) and how to reach them. */
  secretaryName: string;
  secretaryEmail?: string;
  /** The secretary's reason, as written. */
  reason: string;
  /** The signer had already approved this round. */
  hadApproved: boolean;
}

/** Tells a signer who had a link that the justering was cancelled, why, and that the link is void. */
export function roundCancelled(d: RoundCancelledData): RenderedMail {
  const role = roleLabelSv(d.role);
  const contact = d.secretaryEmail ? `${d.secretaryName} (${d.secretaryEmail})` : d.secretaryName;
  return renderLayout({
    subject: `Justeringen är avbruten: ${subjectRef(d.protocol)}`,
    preheader: `${d.secretaryName} har avbrutit justeringen. Länken du fått gäller inte längre.`,
    greeting: `Hej ${d.recipientName}!`,
    blocks: [
      { kind: 'p', text: `${d.secretaryName} har avbrutit justeringen av protokollet som du skulle justera som ${role}. Anledning:` },
      { kind: 'quote', text: d.reason },
      protocolFacts(d.protocol),
      {
        kind: 'p',
        text: d.hadApproved
          ? 'Ditt godkännande gäller inte längre och länken du fått fungerar inte. Om protokollet ska justeras igen får du ett nytt mejl med en ny länk.'
          : 'Länken du fått fungerar inte längre, och du behöver inte göra något nu. Om protokollet ska justeras igen får du ett nytt mejl med en ny länk.',
      },
      { kind: 'p', text: `Frågor besvaras av sekreteraren, ${contact}.` },
    ],
    summaryEn: `The justering of the minutes of ${d.protocol.organ} (meeting ${d.protocol.meetingDate}) was cancelled by ${d.secretaryName}; your link no longer works.`,
    contact: signerContact(d),
  });
}

export interface IdentityMismatchData {
  secretaryName: string;
  signer: Person;
  /** The name the e-legitimation verified. */
  verifiedName: string;
  /** The identity provider's label. */
  provider: string;
  protocol: ProtocolRef;
  link: string;
}

/**
 * Tells the secretary that an undertecknare identified with an e-legitimation whose name does not match
 * the name in the justering (docs/identity.md): nothing was approved.
 */
export function identityMismatchNotice(d: IdentityMismatchData): RenderedMail {
  const role = roleLabelSv(d.signer.role);
  return renderLayout({
    subject: `Namnet stämmer inte: ${subjectRef(d.protocol)}`,
    preheader: `E-legitimationen för ${d.signer.name} (${role}) visade ett annat namn.`,
    greeting: `Hej ${d.secretaryName}!`,
    blocks: [
      {
        kind: 'p',
        text: `Någon följde länken till ${d.signer.name} (${role}) och identifierade sig med e-legitimation (${d.provider}) som ${d.verifiedName}. Namnen stämmer inte överens, så ingenting har godkänts.`,
      },
      protocolFacts(d.protocol),
      {
        kind: 'p',
        text: 'Är namnet i justeringen felstavat, rätta det genom att ersätta undertecknaren med rätt namn. Har länken hamnat hos fel person, skicka en ny länk.',
      },
    ],
    button: { label: 'Öppna justeringen', link: d.link },
    summaryEn: `An e-identification for ${d.signer.name} (${ROLE_EN[d.signer.role]}) verified another name; nothing was approved.`,
  });
}
