/**
 * The audit trail of a protocol's justering as a person reads it: one Swedish line per event, in
 * order, with who did it and the detail that matters (a comment, a reason, an address). The JSON
 * export (`GET /api/protocols/:id/audit`) stays the record; this is its reading.
 */
import { signingErrorSv } from '@justera/justering';

export interface TimelineEvent {
  seq: number;
  type: string;
  at: Date | string;
  actor: string;
  roundId: string;
  data: Record<string, unknown>;
}

export interface TimelinePerson {
  name: string;
  roleSv: string;
}

export interface TimelineItem {
  seq: number;
  at: Date | string;
  who: string;
  what: string;
  detail?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

const MAIL_SV: Record<string, string> = {
  invitation: 'Inbjudan att justera',
  replaced: 'Inbjudan att justera en ny version',
  resent: 'Ny länk',
  reminder: 'Påminnelse',
};

/**
 * Reads the events with the round's undertecknare (by signatory id), the version numbers (by version id)
 * and the names of the organisation's staff users and API keys (by id; an actor not found — a removed
 * key — reads as its kind).
 */
export function timelineOf(
  events: readonly TimelineEvent[],
  people: ReadonlyMap<string, TimelinePerson>,
  versions: ReadonlyMap<string, number>,
  staff: { users?: ReadonlyMap<string, string>; apiKeys?: ReadonlyMap<string, string> } = {},
): TimelineItem[] {
  const person = (id: unknown): string => {
    const p = typeof id === 'string' ? people.get(id) : undefined;
    return p ? `${p.name} (${p.roleSv})` : 'en undertecknare';
  };
  const who = (actor: string): string => {
    if (actor.startsWith('signatory:')) return person(actor.slice('signatory:'.length));
    if (actor.startsWith('user:')) return staff.users?.get(actor.slice('user:'.length)) ?? 'Inloggad handläggare';
    if (actor.startsWith('apikey:')) {
      // `apikey:<key id>` (libs/application actorOf); rows written before the actors were unified say `apikey:apikey:<key id>`.
      const name = staff.apiKeys?.get(actor.replace(/^(apikey:)+/, ''));
      return name ? `API-nyckeln ”${name}”` : 'API-nyckel';
    }
    return 'Justera (automatiskt)';
  };
  const version = (id: unknown): string => {
    const n = typeof id === 'string' ? versions.get(id) : undefined;
    return n ? `version ${n}` : 'versionen';
  };
  return events.map((e) => {
    const d = e.data ?? {};
    const base = { seq: e.seq, at: e.at, who: who(e.actor) };
    switch (e.type) {
      case 'round.created': {
        const paragraphs = Array.isArray(d.paragraphs) && d.paragraphs.length ? ` (omedelbar justering § ${d.paragraphs.join(', ')})` : '';
        return { ...base, what: `Justeringen startades${paragraphs}` };
      }
      case 'version.frozen':
        return {
          ...base,
          what: `Version ${typeof d.number === 'number' ? d.number : ''} frystes`.replace('  ', ' '),
          detail: str(d.reason),
        };
      case 'mail.queued':
      case 'link.resent':
      case 'reminded':
        // The event is written when the mail is put in the outbox, before it is sent: say to whom, not
        // that it has been delivered (the documents' mail log says that).
        return { ...base, what: `${MAIL_SV[String(d.mail)] ?? 'E-post'} till ${person(d.signatoryId)}`, detail: str(d.to) };
      case 'link.opened':
        return { ...base, what: `${person(d.signatoryId)} öppnade länken till ${version(d.versionId)}` };
      case 'signed':
        return { ...base, what: `${person(d.signatoryId)} godkände ${version(d.versionId)}` };
      case 'change.requested':
        return { ...base, what: `${person(d.signatoryId)} begärde en ändring i ${version(d.versionId)}`, detail: str(d.comment) };
      case 'email.changed':
        return {
          ...base,
          what: `E-postadressen för ${person(d.signatoryId)} ändrades`,
          detail: str(d.from) && str(d.to) ? `${String(d.from)} → ${String(d.to)}` : undefined,
        };
      case 'signatory.replaced': {
        const from = (d.from ?? {}) as { name?: unknown };
        const to = (d.to ?? {}) as { name?: unknown };
        return { ...base, what: `${str(from.name) ?? 'En undertecknare'} ersattes av ${str(to.name) ?? 'en ersättare'}` };
      }
      case 'deadline.warned':
        return { ...base, what: 'Varning skickad: sista dag för justering närmar sig' };
      case 'cancelled':
        return { ...base, what: 'Justeringen avbröts', detail: str(d.reason) };
      case 'approved.all':
        return { ...base, what: 'Alla undertecknare har godkänt' };
      case 'signature.applied':
        return { ...base, what: `Underskriften av ${person(d.signatoryId)} lades in i PDF:en` };
      case 'signing.failed':
        // In Swedish; the technical text stays in the JSON export for IT.
        return { ...base, what: 'Underskrifterna kunde inte läggas in; Justera försöker igen', detail: signingErrorSv(str(d.error)) };
      case 'completed':
        return { ...base, what: 'Protokollet är justerat' };
      case 'document.renewed':
        return { ...base, what: 'Arkivbeviset förnyades (ny dokumenttidsstämpel)' };
      default:
        return { ...base, what: `Händelse: ${e.type}` };
    }
  });
}
