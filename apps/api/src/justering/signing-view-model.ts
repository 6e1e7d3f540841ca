import { type IdentityFailure, identityFailureText, type IdentityStep, type LinkContext, type LinkVerdict } from '@justera/justering';
import { Protocol, renderProtocolHtml } from '@justera/protocol';
import { plannedJusteringText } from '@justera/sv';
import { renderSigningPage, SecretaryContact, SigningDocument, SigningIdentity, SigningViewModel, trusted } from '../views';

/**
 * The signing pages' view models (SigningController): a link's verdict or an identification's failure
 * as the page in the site's layout and its HTTP status. No rule: the verdict, the identity step and
 * the failure come from libs/justering's use cases.
 */

/** A rendered page and its status. */
export interface HtmlPage {
  status: number;
  html: string;
}

const STATUS_OF: Record<LinkVerdict['kind'], number> = {
  invalid: 404,
  expired: 410,
  cancelled: 410,
  superseded: 410,
  signed: 200,
  change_requested: 409,
  waiting: 200,
  open: 200,
};

const FAILURE_STATUS: Partial<Record<IdentityFailure['code'], number>> = {
  name_mismatch: 403,
  throttled: 429,
  provider_unavailable: 503,
  state_mismatch: 400,
  code_rejected: 400,
  cancelled: 400,
  auth_too_old: 400,
};

const FAILURE_TITLE: Partial<Record<IdentityFailure['code'], string>> = {
  name_mismatch: 'Namnet stämmer inte',
  throttled: 'För många försök',
  provider_unavailable: 'E-legitimationen svarar inte',
  cancelled: 'Identifieringen avbröts',
};

export interface LinkPageOptions {
  /** A form's message (the page is 400 when the link is open). */
  error?: string;
  /** The status instead of the verdict's. */
  status?: number;
  /** What was done ("Tack! …"). */
  notice?: string;
  /** The e-legitimation step (VerifiedIdentityForLink), shown on an open link that requires it. */
  identity?: IdentityStep;
}

/** The signing page of a link's verdict. */
export function linkPage(token: string, v: LinkVerdict, o: LinkPageOptions = {}): HtmlPage {
  return {
    status: o.status ?? (o.error && v.kind === 'open' ? 400 : STATUS_OF[v.kind]),
    html: renderSigningPage(signingViewModel(token, v, o.error, o.notice, identityView(o.identity))),
  };
}

/** The page of an identification that did not bind: what went wrong, whom to ask, and a retry when the link is known. */
export function identityFailurePage(f: IdentityFailure): HtmlPage {
  const contact = f.verdict && 'ctx' in f.verdict ? secretaryContact(f.verdict.ctx) : null;
  return {
    status: FAILURE_STATUS[f.code] ?? 502,
    html: renderSigningPage({
      kind: 'identity_failed',
      title: FAILURE_TITLE[f.code] ?? 'Identifieringen misslyckades',
      message: identityFailureText(f.code),
      retryToken: f.token,
      ...(f.names ? { names: f.names } : {}),
      contact,
    }),
  };
}

/** The identity step's part of the open page: required or not, and who was verified in this browser. */
function identityView(step: IdentityStep | undefined): SigningIdentity | undefined {
  if (!step?.required) return undefined;
  return { required: true, provider: step.provider, verified: step.verified ? { name: step.verified.name } : null };
}

function signingDocument(token: string, ctx: LinkContext): SigningDocument {
  const p = ctx.protocol;
  const paragraphs = ctx.round.paragraphs;
  let protocolHtml = null;
  if (p.source === 'structured') {
    const protocol = p.data as Protocol;
    const shown = paragraphs ? { ...protocol, paragraphs: protocol.paragraphs.filter((x) => paragraphs.includes(x.number)) } : protocol;
    // renderProtocolHtml escapes every text of the protocol itself.
    protocolHtml = trusted(renderProtocolHtml(shown, { idPrefix: 'text' }), 'libs/protocol renderProtocolHtml');
  }
  return {
    token,
    organ: (p.data as { organ?: string })?.organ ?? p.title,
    meetingDate: p.meetingDate,
    paragraphs,
    role: ctx.signatory.role,
    signatoryId: ctx.signatory.id,
    deadline: ctx.round.deadline,
    plannedJustering: plannedJusteringText(p.data) ?? null,
    version: { number: ctx.version.number, sha256: ctx.version.sha256, size: ctx.version.size },
    signers: ctx.signatories.map((s) => ({ id: s.id, name: s.name, role: s.role, signedAt: s.state === 'signed' ? s.signedAt : null })),
    protocolHtml,
  };
}

/**
 * Who the signer can turn to: the round's sekreterare (exactly one per round, docs/justering.md), by
 * name and e-mail; null when the link is the sekreterare's own.
 */
function secretaryContact(ctx: LinkContext): SecretaryContact | null {
  if (ctx.signatory.role === 'sekreterare') return null;
  const s = ctx.signatories.find((x) => x.role === 'sekreterare');
  return s ? { name: s.name, email: s.email } : null;
}

/** The signing page's view model for a link's verdict. */
function signingViewModel(token: string, v: LinkVerdict, error?: string, notice?: string, identity?: SigningIdentity): SigningViewModel {
  switch (v.kind) {
    case 'invalid':
      return { kind: 'invalid' };
    case 'cancelled':
      return { kind: 'cancelled', contact: secretaryContact(v.ctx) };
    case 'expired':
      return { kind: 'expired', linkExpiresAt: v.ctx.link.expiresAt, deadline: v.ctx.round.deadline, contact: secretaryContact(v.ctx) };
    case 'superseded':
      return {
        kind: 'superseded',
        reason: v.reason === 'replaced' ? 'replaced' : v.reason === 'replaced_signatory' ? 'signatory_replaced' : 'link',
        next: v.next,
        waitingFor: v.waitingFor.map((s) => ({ name: s.name, role: s.role })),
        contact: secretaryContact(v.ctx),
      };
    case 'signed':
      return {
        kind: 'signed',
        doc: signingDocument(token, v.ctx),
        signedAt: v.ctx.signatory.signedAt,
        transactionId: v.ctx.signatory.signedTransactionId,
        inPdf: !!v.ctx.signatory.signatureAppliedAt,
        notice,
      };
    case 'change_requested':
      return { kind: 'change_requested', doc: signingDocument(token, v.ctx), notice, contact: secretaryContact(v.ctx) };
    case 'waiting':
      return {
        kind: 'waiting',
        doc: signingDocument(token, v.ctx),
        waitingFor: v.waitingFor.map((s) => ({ name: s.name, role: s.role })),
        contact: secretaryContact(v.ctx),
      };
    case 'open':
      return {
        kind: 'open',
        doc: signingDocument(token, v.ctx),
        error,
        contact: secretaryContact(v.ctx),
        ...(identity ? { identity } : {}),
      };
  }
}
