import { Csrf, PageUser } from './layout';
import { AdminLayout, Done, ErrorSummary, FieldErrors, TextField } from './admin.view';
import { renderPage } from './render';

export interface AdminOrganisationViewModel {
  user: PageUser;
  /** The organisation as stored: its adressnamn (slug) and the address of its anslagstavla. */
  organisation: { name: string; slug: string; boardUrl: string };
  /** What the form shows: the stored name, or what was sent when it had problems. */
  form: { name: string };
  nameMax: number;
  errors?: FieldErrors;
  done?: string;
}

/** /admin/organisation: the organisation's name (pages, anslagsbevis, certificates, seal) and its adressnamn. */
export function renderAdminOrganisationPage({ user, organisation, form, nameMax, errors, done }: AdminOrganisationViewModel): string {
  return renderPage(
    <AdminLayout title="Organisationen" user={user} current="/admin/organisation">
      <h1>Organisationen</h1>
      <Done message={done} />
      <ErrorSummary errors={errors} ids={{ name: 'organisation-name' }} />
      <form method="post" action="/admin/organisation" novalidate>
        <Csrf token={user.csrf} />
        <TextField
          id="organisation-name"
          name="name"
          label="Organisationens namn"
          value={form.name}
          autocomplete="organization"
          maxLength={nameMax}
          errors={errors}
          hint={`Står på sidorna och anslagstavlan, i anslagsbevis och i certifikaten för nya underskrifter och organisationens stämpel. Högst ${nameMax} tecken.`}
        />
        <button type="submit">Spara namnet</button>
      </form>
      <h2>Certifikat och stämpel</h2>
      <p>
        Varje underskrift får ett eget certifikat som anger organisationens namn, och dokument som organisationen stämplar (anslagsbevis,
        protokoll med anslagsuppgifter, verifieringsunderlag) får organisationens elektroniska stämpel med namnet.
      </p>
      <p>
        Efter ett namnbyte får nästa underskrift det nya namnet, och organisationen får en ny stämpel med det nya namnet första gången något
        stämplas. Protokoll som redan är undertecknade eller stämplade ändras inte: de behåller det gamla namnet och går fortfarande att
        validera.
      </p>
      <h2>Anslagstavlans adress</h2>
      <dl class="facts">
        <dt>Adressnamn</dt>
        <dd>{organisation.slug}</dd>
        <dt>Anslagstavlan</dt>
        <dd>
          <a href={organisation.boardUrl}>{organisation.boardUrl}</a>
        </dd>
      </dl>
      <p class="muted">
        Adressnamnet ändras på sidan <a href="/admin/anslagstavlor">Anslagstavlor</a>, och bara innan det första anslaget har satts upp:
        sedan står adressen i anslagsbevis och flöden som är publicerade och ska fortsätta att fungera.
      </p>
    </AdminLayout>,
  );
}
