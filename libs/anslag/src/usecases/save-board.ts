import { randomUUID } from 'node:crypto';
import { Caller, DomainError, actorOf, ensureAllowed, invalidRequest, notFound } from '@justera/application';
import { isTakeDownPolicy } from '@justera/legal-dates';
import type { Clock } from '../clock';
import type { BoardKind } from '../model';
import { BOARD_DEFAULTS } from './board-defaults';
import type { AnslagStore, Board } from './ports';

/** What an admin sets on a board. */
export interface BoardSettings {
  name: string;
  kind: BoardKind;
  /** Where another municipality's board is (gemensam nämnd); http(s). */
  url: string | null;
  postingMode: 'immediate' | 'nextWorkingDayAt';
  /** Hour 0–23, Swedish time, for nextWorkingDayAt. */
  postingHour: number | null;
  /** A TakeDownPolicy of libs/legal-dates. */
  takeDownPolicy: string;
  publishPdf: boolean;
  /** Who answers questions about a notice (copied to each notice). */
  contact: string | null;
  active: boolean;
}

export const BOARD_LIMITS = { name: 200, url: 500, contact: 300 } as const;

export interface SaveBoardCommand {
  caller: Caller;
  /** A new board of this organ … */
  organId?: string;
  /** … or a change of this board. */
  boardId?: string;
  /** For a new board `name` and `kind` are needed; a change sets only what is given (`kind` cannot change). */
  settings: Partial<BoardSettings>;
  /** Where the request came from, for the audit trail. */
  ip?: string | null;
}

const FIELDS = ['name', 'url', 'postingMode', 'postingHour', 'takeDownPolicy', 'publishPdf', 'contact', 'active'] as const;

/**
 * Creates or changes an anslagstavla of an organ: Justera's own board (posting hour, take-down policy,
 * contact, whether the PDF is published) or another municipality's board of a gemensam nämnd (name and
 * address; its posting dates are recorded by the sekreterare). Called by the JSON API and the admin page.
 *
 * Rules: `board.manage` (an admin of the organisation); the organ and board are the caller's
 * organisation's (else not found); a name of 1–200 characters; an address http(s) of at most 500; a
 * posting hour 0–23 for "next working day"; a known take-down policy; a contact of at most 300; one
 * active Justera board per organ (`board_exists`); the kind never changes. Every problem is a field
 * issue (`details: { path, message }[]`, Swedish). The change and an `admin_audit_events` entry
 * (`board.created` / `board.updated`, with what changed) commit together; a change that changes
 * nothing writes nothing.
 */
export class SaveBoard {
  constructor(
    private readonly store: AnslagStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: SaveBoardCommand): Promise<{ board: Board; changed: boolean }> {
    const { caller } = command;
    const organisationId = caller.principal.organisationId;
    let before: Board | null = null;
    let organId: string;
    if (command.boardId) {
      before = await this.store.findBoard(command.boardId);
      if (!before || before.organisationId !== organisationId) throw notFound('Anslagstavlan');
      organId = before.organId;
    } else {
      const organ = command.organId ? await this.store.findOrgan(command.organId) : null;
      if (!organ || organ.organisationId !== organisationId) throw notFound('Organet');
      organId = organ.id;
    }
    ensureAllowed(caller, 'board.manage', { organisationId, organId });

    const now = this.clock.now(organisationId);
    const s = command.settings;
    const board: Board = before
      ? { ...before }
      : {
          id: randomUUID(),
          organisationId,
          organId,
          name: '',
          kind: s.kind === 'external' ? 'external' : 'justera',
          url: null,
          ...BOARD_DEFAULTS,
          active: true,
          createdAt: now,
        };
    for (const k of FIELDS) if (s[k] !== undefined) (board as unknown as Record<string, unknown>)[k] = s[k];
    board.name = board.name.trim();
    board.url = board.url?.trim() || null;
    board.contact = board.contact?.trim() || null;
    if (board.postingMode === 'immediate') board.postingHour = null;

    const issues = check(board, before ? undefined : (s.kind ?? null));
    if (before && s.kind !== undefined && s.kind !== before.kind)
      issues.push({ path: 'kind', message: 'En anslagstavlas slag kan inte ändras; lägg till en ny i stället.' });
    if (issues.length) throw invalidRequest(issues.map((i) => i.message).join(' '), issues);

    const changes = FIELDS.filter((k) => !before || before[k] !== board[k]);
    if (before && changes.length === 0) return { board: before, changed: false };
    const activeJustera = board.kind === 'justera' && board.active && (!before || !before.active);
    if (activeJustera && (await this.store.boardsOf(organisationId, organId)).some((b) => b.kind === 'justera' && b.id !== board.id))
      throw new DomainError('board_exists');

    await this.store.unitOfWork(async (uow) => {
      await uow.saveBoard(board);
      await uow.appendAdminAudit({
        organisationId,
        actor: actorOf(caller),
        action: before ? 'board.updated' : 'board.created',
        targetType: 'board',
        targetId: board.id,
        detail: before
          ? {
              organId,
              name: board.name,
              kind: board.kind,
              changes: Object.fromEntries(changes.map((k) => [k, { before: before![k], after: board[k] }])),
            }
          : { organId, name: board.name, kind: board.kind, ...Object.fromEntries(FIELDS.map((k) => [k, board[k]])) },
        ip: command.ip?.slice(0, 64) ?? null,
        at: now,
      });
    });
    return { board, changed: true };
  }
}

function check(b: Board, newKind: unknown): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (newKind !== undefined && newKind !== 'justera' && newKind !== 'external')
    issues.push({ path: 'kind', message: 'Välj om anslagstavlan är Justeras eller en annan kommuns.' });
  if (!b.name) issues.push({ path: 'name', message: 'Skriv anslagstavlans namn.' });
  else if (b.name.length > BOARD_LIMITS.name) issues.push({ path: 'name', message: `Namnet får vara högst ${BOARD_LIMITS.name} tecken.` });
  if (b.url !== null) {
    if (b.url.length > BOARD_LIMITS.url) issues.push({ path: 'url', message: `Adressen får vara högst ${BOARD_LIMITS.url} tecken.` });
    else if (!isHttpUrl(b.url))
      issues.push({
        path: 'url',
        message: 'Skriv en webbadress som börjar med https:// eller http://, till exempel https://orsa.se/anslagstavla.',
      });
  }
  if (b.postingMode !== 'immediate' && b.postingMode !== 'nextWorkingDayAt')
    issues.push({ path: 'postingMode', message: 'Välj när anslaget sätts upp.' });
  else if (b.postingMode === 'nextWorkingDayAt' && !(Number.isInteger(b.postingHour) && b.postingHour! >= 0 && b.postingHour! <= 23))
    issues.push({ path: 'postingHour', message: 'Ange en timme 0–23 när anslaget sätts upp nästa arbetsdag.' });
  if (!isTakeDownPolicy(b.takeDownPolicy)) issues.push({ path: 'takeDownPolicy', message: 'Välj när anslaget tas ned.' });
  if (b.contact !== null && b.contact.length > BOARD_LIMITS.contact)
    issues.push({ path: 'contact', message: `Kontakten får vara högst ${BOARD_LIMITS.contact} tecken.` });
  if (typeof b.publishPdf !== 'boolean') issues.push({ path: 'publishPdf', message: 'Ange om protokollet publiceras.' });
  if (typeof b.active !== 'boolean') issues.push({ path: 'active', message: 'Ange om anslagstavlan används.' });
  return issues;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname && !/\s/.test(s);
  } catch {
    return false;
  }
}
