import { normaliseActor } from '@justera/application';
import type { AdminAuditLine } from '../views/admin.view';
import { APP_ROLES, APP_ROLE_SV } from './admin-rules';
import { renamedTextSv } from './organisation-identity.service';

/**
 * What the admin pages share (the role options, the confirmation after a redirect) and the overview's
 * audit lines. Each page area has its model beside it (user-pages.model.ts, key-pages.model.ts,
 * organ-pages.model.ts): what the page shows and what its form means. No rule lives in these: those
 * are admin-rules.ts, organ-form.ts and the services.
 */

export const ROLE_OPTIONS = APP_ROLES.map((r) => ({ value: r, label: APP_ROLE_SV[r] }));

/** Fixed confirmation texts after a redirect (`?klart=<code>`), so no text travels in the address. */
const DONE_SV: Record<string, string> = {
  inbjuden: 'Inbjudan är skickad. Personen får ett mejl med en länk för att välja lösenord.',
  'ny-inbjudan': 'En ny inbjudan är skickad. Den tidigare länken fungerar inte längre.',
  sparad: 'Roll och organ är sparade.',
  inaktiverad: 'Kontot är inaktiverat. Alla inloggningar för kontot är avslutade.',
  aktiverad: 'Kontot är aktiverat igen.',
  aterkallad: 'API-nyckeln är återkallad och fungerar inte längre.',
  'organ-skapat':
    'Organet är tillagt. Fyll gärna i förvalda undertecknare och ledamöter. Välj organet för sekreterarna under Användare, så ser de det i arbetsytan.',
  'organ-sparat': 'Organet är sparat.',
  'identitet-sparad': 'Identifieringen är sparad. Den gäller justeringar som startas från och med nu.',
};

export function doneText(code: unknown): string | undefined {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(DONE_SV, code) ? DONE_SV[code] : undefined;
}

// ------------------------------------------------------------ overview

const AUDIT_SV: Record<string, string> = {
  'user.invited': 'bjöd in',
  'user.reinvited': 'skickade en ny inbjudan till',
  'user.created': 'skapade kontot för',
  'user.updated': 'ändrade roll och organ för',
  'user.deactivated': 'inaktiverade',
  'user.reactivated': 'aktiverade',
  'apikey.created': 'skapade API-nyckeln',
  'apikey.revoked': 'återkallade API-nyckeln',
  'organ.created': 'lade till organet',
  'organ.updated': 'ändrade organet',
  'organ.identity-level': 'ändrade identifieringen för organet',
  'organisation.login-updated': 'ändrade inloggningen med lösenord för',
  'board.created': 'lade till anslagstavlan',
  'board.updated': 'ändrade anslagstavlan',
  'board.address-changed': 'ändrade anslagstavlans adress för',
};

export type Named = { id: string; name: string };

/** The overview's lines of the admin audit trail: who did what to which user, organ, board, key or the organisation. */
export function auditLines(
  events: { at: Date; actor: string; action: string; targetType: string; targetId: string; detail: string }[],
  names: { organisation: string | null; users: Named[]; keys: Named[]; organs: Named[] },
): AdminAuditLine[] {
  const organName = new Map(names.organs.map((o) => [o.id, o.name]));
  const userName = new Map(names.users.map((u) => [u.id, u.name]));
  const keyName = new Map(names.keys.map((k) => [k.id, k.name]));
  // An actor is `user:<id>` or `apikey:<key id>` (libs/application actorOf).
  const actorName = (stored: string) => {
    const actor = normaliseActor(stored);
    const [kind, id] = actor.split(':', 2);
    return kind === 'user'
      ? (userName.get(id) ?? 'okänd användare')
      : kind === 'apikey'
        ? `API-nyckeln ${keyName.get(id) ?? ''}`.trim()
        : actor;
  };
  const detailName = (detail: string) => {
    try {
      const name = (JSON.parse(detail) as { name?: unknown }).name;
      return typeof name === 'string' ? name : '';
    } catch {
      return '';
    }
  };
  const targetName = (type: string, id: string, detail: string) =>
    type === 'user'
      ? (userName.get(id) ?? 'okänd användare')
      : type === 'organ'
        ? (organName.get(id) ?? 'okänt organ')
        : type === 'board'
          ? detailName(detail) || 'okänd anslagstavla'
          : type === 'organisation'
            ? (names.organisation ?? 'organisationen')
            : (keyName.get(id) ?? 'okänd nyckel');
  return events.map((e) => ({
    at: e.at,
    actor: actorName(e.actor),
    text:
      e.action === 'organisation.renamed'
        ? renamedTextSv(e.detail)
        : `${AUDIT_SV[e.action] ?? e.action} ${targetName(e.targetType, e.targetId, e.detail)}`,
  }));
}
