import { Board, BoardSettings, isStandardBoard } from '@justera/anslag';
import { str } from '../common/page-form';
import type { PageUser } from './layout';
import type { FieldErrors } from './admin.view';
import {
  AdminBoardForm,
  AdminBoardOrganRow,
  AdminBoardsViewModel,
  AdminExternalBoardViewModel,
  AdminOrganBoardViewModel,
  TAKE_DOWN_SV,
  postingSv,
} from './admin-boards.view';
import type { AdminConfirmViewModel } from './admin.view';

/**
 * The anslagstavlor admin pages' forms and view models (apps/api/src/anslag/anslag-admin-pages.controller.ts
 * calls these): what a posted form means, and what each page shows of the boards. No rule of anslag
 * lives here — those are libs/anslag's SaveBoard, ChangeBoardAddress and isStandardBoard.
 */

/** One organ's row on /admin/anslagstavlor; "Standardinställningar" is libs/anslag `isStandardBoard`. */
export function boardRow(organ: { id: string; name: string }, boards: Board[]): AdminBoardOrganRow {
  const own = boards.find((b) => b.kind === 'justera') ?? null;
  return {
    organId: organ.id,
    organName: organ.name,
    own: own && {
      name: own.name,
      postingSv: postingSv(own.postingMode, own.postingHour),
      takeDownSv: TAKE_DOWN_SV[own.takeDownPolicy] ?? TAKE_DOWN_SV.dayAfterLastAppealDay,
      contact: own.contact,
      publishPdf: own.publishPdf,
    },
    standard: isStandardBoard(own),
    external: boards.filter((b) => b.kind === 'external').map((b) => b.name),
  };
}

/** Fixed confirmation texts after a redirect (`?klart=<code>`), so no text travels in the address. */
const DONE_SV: Record<string, string> = {
  adress: 'Anslagstavlans adress är ändrad.',
  sparad: 'Anslagstavlan är sparad. Ändringen gäller för nya anslag; anslag som redan finns behåller sina datum.',
  tillagd: 'Den andra kommunens anslagstavla är tillagd. Nya anslag sätts också upp där.',
  borttagen: 'Anslagstavlan är borttagen. Nya anslag sätts inte längre upp där.',
};
export type DoneCode = 'adress' | 'sparad' | 'tillagd' | 'borttagen';

export function doneText(code: unknown): string | undefined {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(DONE_SV, code) ? DONE_SV[code] : undefined;
}

/** The form of the organ's own board as stored (or the defaults shown before it exists). */
export function formOf(b: Board | null): AdminBoardForm {
  return {
    name: b?.name ?? 'Anslagstavlan',
    postingMode: b?.postingMode ?? 'immediate',
    postingHour: b?.postingHour === null || b?.postingHour === undefined ? '8' : String(b.postingHour),
    takeDownPolicy: b?.takeDownPolicy ?? 'dayAfterLastAppealDay',
    publishPdf: b?.publishPdf ?? true,
    contact: b?.contact ?? '',
  };
}

/** The posted form of the organ's own board: as typed (to show again) and as SaveBoard's settings. */
export function parseOwnBoardForm(body: Record<string, unknown>): { form: AdminBoardForm; settings: Partial<BoardSettings> } {
  const form: AdminBoardForm = {
    name: str(body.name, 300),
    postingMode: str(body.postingMode, 40),
    postingHour: str(body.postingHour, 4),
    takeDownPolicy: str(body.takeDownPolicy, 60),
    publishPdf: body.publishPdf !== undefined,
    contact: str(body.contact, 400),
  };
  const settings: Partial<BoardSettings> = {
    name: form.name,
    postingMode: form.postingMode as BoardSettings['postingMode'],
    postingHour: form.postingMode === 'nextWorkingDayAt' && /^\d{1,2}$/.test(form.postingHour) ? Number(form.postingHour) : null,
    takeDownPolicy: form.takeDownPolicy,
    publishPdf: form.publishPdf,
    contact: form.contact,
  };
  return { form, settings };
}

/** The posted form of another municipality's board: its name and address. */
export function parseExternalBoardForm(body: Record<string, unknown>): { name: string; url: string } {
  return { name: str(body.name, 300), url: str(body.url, 600) };
}

/** /admin/anslagstavlor: the address (changeable until the first notice is posted) and each organ's row. */
export function boardsPageModel(input: {
  user: PageUser;
  publicUrl: string;
  slug: string;
  posted: boolean;
  organs: { organ: { id: string; name: string }; boards: Board[] }[];
  extra?: { slugForm?: string; errors?: FieldErrors; done?: string };
}): AdminBoardsViewModel {
  return {
    user: input.user,
    addressBase: `${input.publicUrl.replace(/\/$/, '')}/anslagstavla/`,
    slug: input.slug,
    slugChangeable: !input.posted,
    organs: input.organs.map((o) => boardRow(o.organ, o.boards)),
    ...input.extra,
  };
}

export interface OrganPageExtra {
  form?: AdminBoardForm;
  errors?: FieldErrors;
  externalForm?: { name: string; url: string };
  externalErrors?: FieldErrors;
  done?: string;
}

/** /admin/anslagstavlor/:organId: the organ's own board's form and the other municipalities' boards. */
export function organPageModel(
  user: PageUser,
  organ: { id: string; name: string },
  boards: Board[],
  extra: OrganPageExtra = {},
): AdminOrganBoardViewModel {
  const own = boards.find((b) => b.kind === 'justera') ?? null;
  return {
    user,
    organ: { id: organ.id, name: organ.name },
    exists: own !== null,
    form: extra.form ?? formOf(own),
    errors: extra.errors,
    external: boards.filter((b) => b.kind === 'external').map((b) => ({ id: b.id, name: b.name, url: b.url })),
    externalForm: extra.externalForm ?? { name: '', url: '' },
    externalErrors: extra.externalErrors,
    done: extra.done,
  };
}

/** /admin/anslagstavlor/tavla/:id: another municipality's board, its form as stored or as posted. */
export function externalPageModel(
  user: PageUser,
  organ: { id: string; name: string },
  board: Board,
  form?: { name: string; url: string },
  errors?: FieldErrors,
): AdminExternalBoardViewModel {
  return {
    user,
    organ: { id: organ.id, name: organ.name },
    board: { id: board.id, name: board.name },
    form: form ?? { name: board.name, url: board.url ?? '' },
    ...(errors ? { errors } : {}),
  };
}

/** The confirmation before another municipality's board is removed. */
export function confirmRemoveModel(user: PageUser, organ: { name: string }, board: Board): AdminConfirmViewModel {
  return {
    user,
    current: '/admin/anslagstavlor',
    title: `Ta bort ${board.name}`,
    paragraphs: [
      `Nya anslag för ${organ.name} sätts inte längre upp på ${board.name}. Anslag som redan finns behåller sina uppgifter, och sekreteraren registrerar fortfarande dagen de sattes upp där.`,
    ],
    action: `/admin/anslagstavlor/tavla/${board.id}/ta-bort`,
    confirmLabel: `Ja, ta bort ${board.name}`,
    cancelHref: `/admin/anslagstavlor/tavla/${board.id}`,
    cancelLabel: 'Nej, gå tillbaka',
  };
}
