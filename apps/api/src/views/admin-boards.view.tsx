import { Csrf, PageUser } from './layout';
import { AdminLayout, Done, ErrorSummary, FieldError, FieldErrors, TextField } from './admin.view';
import { renderPage } from './render';

/** The take-down policies as an admin chooses them (libs/legal-dates TAKE_DOWN_POLICIES). */
export const TAKE_DOWN_SV: Record<string, string> = {
  dayAfterLastAppealDay: 'Dagen efter sista dag att överklaga (vanligast)',
  lastAppealDay: 'Sista dag att överklaga',
  workingDayAfterLastAppealDay: 'Första arbetsdagen efter sista dag att överklaga',
};

/** "direkt när protokollet är justerat" | "nästa arbetsdag kl. 08.00" */
export function postingSv(mode: string, hour: number | null): string {
  return mode === 'nextWorkingDayAt' && hour !== null
    ? `nästa arbetsdag kl. ${String(hour).padStart(2, '0')}.00`
    : 'direkt när protokollet är justerat';
}

export interface AdminBoardOrganRow {
  organId: string;
  organName: string;
  /** Null: the organ has no Justera board yet (one with the defaults is made at its first notice). */
  own: { name: string; postingSv: string; takeDownSv: string; contact: string | null; publishPdf: boolean } | null;
  /** The organ's board has the standard settings: none of its own yet, or one that was never changed from them. */
  standard: boolean;
  /** Other municipalities' boards (gemensam nämnd). */
  external: string[];
}

export interface AdminBoardsViewModel {
  user: PageUser;
  /** `<PUBLIC_URL>/anslagstavla/` */
  addressBase: string;
  slug: string;
  /** False once a notice has been posted: the address is then fixed. */
  slugChangeable: boolean;
  slugForm?: string;
  errors?: FieldErrors;
  done?: string;
  organs: AdminBoardOrganRow[];
}

/** /admin/anslagstavlor: the board's address and, per organ, its board settings. */
export function renderAdminBoardsPage(vm: AdminBoardsViewModel): string {
  const { user, errors } = vm;
  const address = `${vm.addressBase}${vm.slug}`;
  return renderPage(
    <AdminLayout title="Anslagstavlor" user={user} current="/admin/anslagstavlor">
      <h1>Anslagstavlor</h1>
      <Done message={vm.done} />
      <h2>Anslagstavlans adress</h2>
      <p>
        Organisationens anslagstavla finns på{' '}
        <a href={address} class="email">
          {address}
        </a>
        . Där visas anslagen för alla organ, med flöden (RSS, Atom, JSON) som kommunens webbplats kan visa.
      </p>
      {vm.slugChangeable ? (
        <>
          <ErrorSummary errors={errors} ids={{ slug: 'board-slug' }} />
          <form method="post" action="/admin/anslagstavlor/adress" novalidate>
            <Csrf token={user.csrf} />
            <TextField
              id="board-slug"
              name="slug"
              label="Adressnamn"
              value={vm.slugForm ?? vm.slug}
              autocomplete="off"
              maxLength={64}
              errors={errors}
              hint={`Sista delen av den publika adressen ${vm.addressBase}…: a–z, 0–9 och bindestreck, till exempel mora-kommun. Namnet måste vara unikt. Det kan ändras tills det första anslaget har satts upp; sedan står adressen i anslagsbevis och flöden och ligger fast.`}
            />
            <button type="submit">Ändra adressen</button>
          </form>
        </>
      ) : (
        <p>
          Adressnamnet <strong>{vm.slug}</strong> kan inte ändras längre: anslag har redan satts upp, och adressen står i anslagsbevis, i
          flöden och på andra webbplatser som länkar hit.
        </p>
      )}
      <h2>Anslagstavlan för varje organ</h2>
      <p>
        Här väljer du när anslaget sätts upp och tas ned, vem som svarar på frågor och, för en gemensam nämnd, vilka andra kommuners
        anslagstavlor anslaget också sätts upp på.
      </p>
      {vm.organs.length === 0 ? (
        <p>
          Organisationen har inga organ ännu. <a href="/admin/organ">Lägg till ett organ</a> först.
        </p>
      ) : (
        <table class="stack">
          <caption class="visually-hidden">Anslagstavlan för varje organ</caption>
          <thead>
            <tr>
              <th scope="col">Organ</th>
              <th scope="col">Sätts upp</th>
              <th scope="col">Tas ned</th>
              <th scope="col">Kontakt</th>
              <th scope="col">Gemensam nämnd, även på</th>
            </tr>
          </thead>
          <tbody>
            {vm.organs.map((o) => (
              <tr>
                <td data-label="Organ">
                  <a href={`/admin/anslagstavlor/${o.organId}`}>
                    {o.organName}
                    <span class="visually-hidden"> (ändra anslagstavlan)</span>
                  </a>
                  {o.standard && <span class="muted"> (standardinställningar)</span>}
                </td>
                <td data-label="Sätts upp">{o.own?.postingSv ?? postingSv('immediate', null)}</td>
                <td data-label="Tas ned">{o.own?.takeDownSv ?? TAKE_DOWN_SV.dayAfterLastAppealDay}</td>
                <td data-label="Kontakt">{o.own?.contact ?? '–'}</td>
                <td data-label="Gemensam nämnd, även på">{o.external.length ? o.external.join(', ') : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>,
  );
}

export interface AdminBoardForm {
  name: string;
  postingMode: string;
  postingHour: string;
  takeDownPolicy: string;
  publishPdf: boolean;
  contact: string;
}

export interface AdminExternalBoardRow {
  id: string;
  name: string;
  url: string | null;
}

export interface AdminOrganBoardViewModel {
  user: PageUser;
  organ: { id: string; name: string };
  /** Whether the organ's Justera board exists (else saving makes it). */
  exists: boolean;
  form: AdminBoardForm;
  errors?: FieldErrors;
  external: AdminExternalBoardRow[];
  externalForm: { name: string; url: string };
  externalErrors?: FieldErrors;
  done?: string;
}

function Radio(props: { name: string; value: string; checked: boolean; label: string; id: string }) {
  return (
    <label class="check" for={props.id}>
      <input type="radio" id={props.id} name={props.name} value={props.value} checked={props.checked} /> {props.label}
    </label>
  );
}

/** /admin/anslagstavlor/:organId: the organ's board settings and the other municipalities' boards of a gemensam nämnd. */
export function renderAdminOrganBoardPage(vm: AdminOrganBoardViewModel): string {
  const { user, form, errors } = vm;
  const hourErrors = errors?.postingHour;
  return renderPage(
    <AdminLayout title={`Anslagstavla: ${vm.organ.name}`} user={user} current="/admin/anslagstavlor">
      <p>
        <a href="/admin/anslagstavlor">Tillbaka till anslagstavlorna</a>
      </p>
      <h1>Anslagstavla för {vm.organ.name}</h1>
      <Done message={vm.done} />
      {!vm.exists && <p>Organet använder standardinställningarna. De sparas för organet när du sparar formuläret.</p>}
      <ErrorSummary
        errors={errors}
        ids={{
          name: 'board-name',
          postingMode: 'board-posting',
          postingHour: 'board-hour',
          takeDownPolicy: 'board-takedown',
          contact: 'board-contact',
        }}
      />
      <form method="post" action={`/admin/anslagstavlor/${vm.organ.id}`} novalidate>
        <Csrf token={user.csrf} />
        <TextField
          id="board-name"
          name="name"
          label="Namn"
          value={form.name}
          maxLength={200}
          errors={errors}
          hint="Visas i anslagets logg över var det har satts upp, till exempel Anslagstavlan."
        />
        <fieldset id="board-posting" class="slot">
          <legend>När anslaget sätts upp</legend>
          <p class="muted hint">Anslaget sätts alltid upp senast andra dagen efter justeringen, som lagen kräver.</p>
          <FieldError id="board-posting-error" messages={errors?.postingMode} />
          <Radio
            id="posting-immediate"
            name="postingMode"
            value="immediate"
            checked={form.postingMode !== 'nextWorkingDayAt'}
            label="Direkt när protokollet är justerat"
          />
          <Radio
            id="posting-next"
            name="postingMode"
            value="nextWorkingDayAt"
            checked={form.postingMode === 'nextWorkingDayAt'}
            label="Nästa arbetsdag, vid klockslaget nedan"
          />
          <label for="board-hour">Klockslag (svensk tid)</label>
          <FieldError id="board-hour-error" messages={hourErrors} />
          <select
            id="board-hour"
            name="postingHour"
            aria-invalid={hourErrors?.length ? 'true' : undefined}
            aria-describedby={hourErrors?.length ? 'board-hour-error' : undefined}
          >
            {Array.from({ length: 24 }, (_, h) => (
              <option value={String(h)} selected={form.postingHour === String(h)}>
                kl. {String(h).padStart(2, '0')}.00
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset id="board-takedown" class="slot">
          <legend>När anslaget tas ned</legend>
          <p class="muted hint">Sista dag att överklaga är tre veckor efter anslaget (flyttas till nästa arbetsdag vid helg).</p>
          <FieldError id="board-takedown-error" messages={errors?.takeDownPolicy} />
          {Object.entries(TAKE_DOWN_SV).map(([value, label]) => (
            <Radio id={`takedown-${value}`} name="takeDownPolicy" value={value} checked={form.takeDownPolicy === value} label={label} />
          ))}
        </fieldset>
        <TextField
          id="board-contact"
          name="contact"
          label="Kontakt (valfritt)"
          value={form.contact}
          maxLength={300}
          errors={errors}
          hint="Vem som svarar på frågor om anslaget, till exempel Kommunkansliet, 0250-260 00. Visas på varje nytt anslag; utan kontakt hänvisar anslaget till förvaringsplatsen."
        />
        <label class="check" for="board-publish">
          <input type="checkbox" id="board-publish" name="publishPdf" value="1" checked={form.publishPdf} /> Publicera det justerade
          protokollet (PDF) med anslaget
        </label>
        <button type="submit">Spara anslagstavlan</button>
      </form>

      <h2>Gemensam nämnd: andra kommuners anslagstavlor</h2>
      <p>
        Är organet en gemensam nämnd sätts anslaget också upp på de samverkande kommunernas anslagstavlor. Sekreteraren registrerar dagen
        det sattes upp där, och tiden för överklagande räknas från det senaste anslaget.
      </p>
      {vm.external.length === 0 ? (
        <p>Inga andra anslagstavlor.</p>
      ) : (
        <table class="stack">
          <caption class="visually-hidden">Andra kommuners anslagstavlor</caption>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">Adress</th>
              <th scope="col">Ändra</th>
            </tr>
          </thead>
          <tbody>
            {vm.external.map((b) => (
              <tr>
                <td data-label="Namn">{b.name}</td>
                <td data-label="Adress" class="email">
                  {b.url ?? '–'}
                </td>
                <td data-label="Ändra">
                  <a href={`/admin/anslagstavlor/tavla/${b.id}`}>
                    Ändra<span class="visually-hidden"> {b.name}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Lägg till en annan kommuns anslagstavla</h3>
      <ExternalBoardForm
        action={`/admin/anslagstavlor/${vm.organ.id}/andra`}
        csrf={user.csrf}
        form={vm.externalForm}
        errors={vm.externalErrors}
        button="Lägg till anslagstavlan"
      />
    </AdminLayout>,
  );
}

function ExternalBoardForm(props: {
  action: string;
  csrf: string;
  form: { name: string; url: string };
  errors?: FieldErrors;
  button: string;
}) {
  return (
    <>
      <ErrorSummary errors={props.errors} ids={{ name: 'external-name', url: 'external-url' }} />
      <form method="post" action={props.action} novalidate>
        <Csrf token={props.csrf} />
        <TextField
          id="external-name"
          name="name"
          label="Namn"
          value={props.form.name}
          maxLength={200}
          errors={props.errors}
          hint="Till exempel Orsa kommuns anslagstavla."
        />
        <TextField
          id="external-url"
          name="url"
          label="Webbadress (valfritt)"
          type="url"
          value={props.form.url}
          maxLength={500}
          errors={props.errors}
          hint="Var anslagstavlan finns, till exempel https://orsa.se/anslagstavla."
        />
        <button type="submit">{props.button}</button>
      </form>
    </>
  );
}

export interface AdminExternalBoardViewModel {
  user: PageUser;
  organ: { id: string; name: string };
  board: { id: string; name: string };
  form: { name: string; url: string };
  errors?: FieldErrors;
}

/** /admin/anslagstavlor/tavla/:id: another municipality's board of a gemensam nämnd. */
export function renderAdminExternalBoardPage(vm: AdminExternalBoardViewModel): string {
  return renderPage(
    <AdminLayout title={`Anslagstavla: ${vm.board.name}`} user={vm.user} current="/admin/anslagstavlor">
      <p>
        <a href={`/admin/anslagstavlor/${vm.organ.id}`}>Tillbaka till anslagstavlan för {vm.organ.name}</a>
      </p>
      <h1>{vm.board.name}</h1>
      <p>En annan kommuns anslagstavla där anslagen för {vm.organ.name} också sätts upp (gemensam nämnd).</p>
      <ExternalBoardForm
        action={`/admin/anslagstavlor/tavla/${vm.board.id}`}
        csrf={vm.user.csrf}
        form={vm.form}
        errors={vm.errors}
        button="Spara"
      />
      <h2>Ta bort</h2>
      <p>Nya anslag sätts inte längre upp på anslagstavlan. Anslag som redan finns behåller sina uppgifter.</p>
      <p>
        <a href={`/admin/anslagstavlor/tavla/${vm.board.id}/ta-bort`}>Ta bort {vm.board.name}</a>
      </p>
    </AdminLayout>,
  );
}
