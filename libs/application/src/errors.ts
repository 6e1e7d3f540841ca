/**
 * Coded domain errors. A use case (or a lib) throws `new DomainError(code, text?)`; it never picks an
 * HTTP status. The api's one exception filter maps the code to the status (apps/api/src/common/errors.ts)
 * and shows the Swedish text as JSON `{ statusCode, error: code, message, details }` or as an error page.
 * A text that depends on the case (which paragraph, which board) is given where the rule is; the
 * table below holds the default text of each code. See docs/application.md for the table.
 */
export const ERROR_TEXT_SV = {
  // access
  unauthenticated: 'Inloggning krävs.',
  invalid_credentials: 'Fel e-postadress eller lösenord.',
  too_many_attempts: 'För många misslyckade inloggningar. Försök igen senare.',
  csrf: 'Formuläret har gått ut eller kom från en annan webbplats. Ladda om sidan och försök igen.',
  forbidden: 'Du har inte behörighet till detta.',
  not_found: 'Resursen finns inte.',
  // input
  invalid_request: 'Begäran är ogiltig.',
  unsupported_media_type: 'Filen är inte en PDF.',
  unreadable_pdf: 'PDF-filen går inte att läsa.',
  encrypted_pdf:
    'PDF-filen är krypterad eller lösenordsskyddad. Krypterade PDF-filer kan inte signeras; spara den utan kryptering och ladda upp igen.',
  signed_pdf:
    'PDF-filen är redan signerad. Undertecknarnas signaturer läggs till i en osignerad PDF; ladda upp protokollet som det var innan det signerades.',
  pdf_too_complex: 'PDF-filen kräver mer tid eller minne än granskningen får använda.',
  docx_too_large: 'Word-dokumentet är för stort eller kräver mer tid eller minne än importen får använda.',
  docx_nothing_recognised: 'Inget i Word-dokumentet kändes igen som ett protokoll.',
  unsupported_characters: 'Protokollet innehåller tecken som inte kan återges i PDF:en.',
  unknown_paragraph: 'Paragraferna finns inte i protokollet.',
  excerpt_of_upload:
    'Omedelbar justering av enskilda paragrafer kräver ett strukturerat protokoll; ladda upp utdraget som ett eget protokoll.',
  invalid_signatories: 'Undertecknarna är ogiltiga.',
  // load (the details carry retryAfterSeconds)
  too_many_requests: 'För många förfrågningar från din adress. Försök igen om en stund.',
  // state conflicts
  conflict: 'Det finns redan.',
  email_unavailable: 'E-postadressen kan inte användas för ett nytt konto. Välj en annan adress.',
  stale: 'Någon annan har sparat protokollet under tiden. Läs in det igen.',
  not_draft: 'Protokollet är inte längre ett utkast.',
  uploaded: 'Ett uppladdat protokoll kan inte redigeras; ladda upp en ny PDF.',
  structured: 'Ett skrivet protokoll ändras i redigeraren, inte genom att ladda upp en PDF.',
  secretary_not_replaceable: 'Sekreteraren kan inte ersättas under justeringen; avbryt och starta om med rätt sekreterare.',
  already_started: 'Protokollet är redan under justering.',
  round_closed: 'Justeringen är avslutad eller avbruten.',
  change_requested: 'En ändring har begärts; sekreteraren tar fram en ny version.',
  not_your_turn: 'Det är inte undertecknarens tur ännu.',
  not_signable: 'Undertecknaren hör inte till justeringen.',
  already_signed: 'Undertecknaren har redan signerat.',
  version_identical: 'Den nya versionen är identisk med den nuvarande; ändra protokollet först.',
  hash_mismatch: 'Dokumentet har ändrats sedan sidan visades. Ladda om sidan.',
  link_expired: 'Länken har gått ut.',
  board_exists: 'Organet har redan en anslagstavla i Justera; ändra den i stället.',
  not_external: 'Justeras egen anslagstavla registreras automatiskt.',
  identity_required: 'Identifiera dig med e-legitimation innan du justerar eller begär ändring.',
  identity_unavailable: 'E-legitimation är inte konfigurerad i den här installationen.',
  already_recorded: 'Anslaget är redan registrerat.',
  archived: 'Anslaget är redan nedtaget.',
} as const;

export type ErrorCode = keyof typeof ERROR_TEXT_SV;
export const ERROR_CODES = Object.keys(ERROR_TEXT_SV) as ErrorCode[];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERROR_TEXT_SV[code]);
    this.name = 'DomainError';
  }
}

/** "Protokollet finns inte." */
export const notFound = (what = 'Resursen') => new DomainError('not_found', `${what} finns inte.`);
export const forbidden = (reason?: string) => new DomainError('forbidden', reason);
export const invalidRequest = (message: string, details?: unknown) => new DomainError('invalid_request', message, details);
