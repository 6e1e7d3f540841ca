import { formatDateTimeSv } from '@justera/sv';
import type { ComponentChildren } from 'preact';
import { Csrf, Layout, PageUser } from './layout';
import { renderPage } from './render';
import { ADMIN_KEYS_SCRIPT } from './stylesheet';

type Instant = Date | string | null;

/** A form's problems by field name (the form field's `name`), Swedish texts. */
export type FieldErrors = Record<string, string[]>;

export interface AdminOrgan {
  id: string;
  name: string;
}

export interface AdminRoleOption {
  value: string;
  label: string;
}

/** The pages of the admin section, in the order of its navigation. */
const SECTIONS = [
  { href: '/admin', label: 'Översikt' },
  { href: '/admin/anvandare', label: 'Användare' },
  { href: '/admin/organ', label: 'Organ' },
  { href: '/admin/anslagstavlor', label: 'Anslagstavlor' },
  { href: '/admin/api-nycklar', label: 'API-nycklar' },
  { href: '/admin/organisation', label: 'Organisationen' },
  { href: '/admin/inloggning', label: 'Inloggning' },
] as const;

function AdminNav({ current }: { current: string }) {
  return (
    <nav aria-label="Administration" class="admin-nav">
      <ul>
        {SECTIONS.map((s) => (
          <li>
            <a href={s.href} aria-current={s.href === current ? 'page' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function AdminLayout({
  title,
  user,
  current,
  scripts,
  children,
}: {
  title: string;
  user: PageUser;
  current: string;
  scripts?: string[];
  children?: ComponentChildren;
}) {
  return (
    <Layout title={title} user={user} page="page-admin" scripts={scripts}>
      <AdminNav current={current} />
      {children}
    </Layout>
  );
}

export function Done({ message }: { message?: string }) {
  return message ? (
    <p role="status" class="done">
      {message}
    </p>
  ) : null;
}

/** The summary at the top of a form with problems: each links to its field. */
export function ErrorSummary({ errors, ids }: { errors?: FieldErrors; ids: Record<string, string> }) {
  const entries = Object.entries(errors ?? {}).filter(([, m]) => m.length > 0);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">Formuläret behöver rättas</h2>
      <ul>
        {entries.map(([field, messages]) => (
          <li>{ids[field] ? <a href={`#${ids[field]}`}>{messages.join(' ')}</a> : messages.join(' ')}</li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  return messages && messages.length ? (
    <p class="error field-error" id={id}>
      {messages.join(' ')}
    </p>
  ) : null;
}

export function TextField(props: {
  id: string;
  name: string;
  label: string;
  value?: string;
  type?: string;
  autocomplete?: string;
  errors?: FieldErrors;
  maxLength?: number;
  hint?: string;
}) {
  const messages = props.errors?.[props.name];
  const errId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const describedBy = [props.hint ? hintId : '', messages?.length ? errId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="muted hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <FieldError id={errId} messages={messages} />
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        maxLength={props.maxLength}
        aria-invalid={messages?.length ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </>
  );
}

function RoleAndOrgans({
  prefix,
  roles,
  organs,
  role,
  organIds,
  errors,
}: {
  prefix: string;
  roles: AdminRoleOption[];
  organs: AdminOrgan[];
  role?: string;
  organIds: string[];
  errors?: FieldErrors;
}) {
  const roleErrors = errors?.role;
  const organErrors = errors?.organIds;
  return (
    <>
      <label for={`${prefix}-role`}>Roll</label>
      <FieldError id={`${prefix}-role-error`} messages={roleErrors} />
      <select
        id={`${prefix}-role`}
        name="role"
        aria-invalid={roleErrors?.length ? 'true' : undefined}
        aria-describedby={roleErrors?.length ? `${prefix}-role-error` : undefined}
      >
        {roles.map((r) => (
          <option value={r.value} selected={r.value === role}>
            {r.label}
          </option>
        ))}
      </select>
      <fieldset
        id={`${prefix}-organs`}
        class="organs"
        aria-describedby={organErrors?.length ? `${prefix}-organs-error` : `${prefix}-organs-hint`}
      >
        <legend>Organ (för en sekreterare)</legend>
        <p class="muted hint" id={`${prefix}-organs-hint`}>
          En sekreterare arbetar bara med de organ som är valda här. Administratörer och revisorer ser hela organisationen.
        </p>
        <FieldError id={`${prefix}-organs-error`} messages={organErrors} />
        {organs.length === 0 ? (
          <p>Organisationen har inga organ ännu.</p>
        ) : (
          organs.map((o) => (
            <label class="check">
              <input type="checkbox" name="organIds" value={o.id} checked={organIds.includes(o.id)} /> {o.name}
            </label>
          ))
        )}
      </fieldset>
    </>
  );
}

function when(at: Instant): string {
  return at ? formatDateTimeSv(at) : '–';
}

// ---------------------------------------------------------------- overview

export interface AdminAuditLine {
  at: Instant;
  actor: string;
  text: string;
}

export interface AdminHomeViewModel {
  user: PageUser;
  organisation: string;
  audit: AdminAuditLine[];
}

/** /admin: what can be managed, and the newest administrative actions. */
export function renderAdminHomePage({ user, organisation, audit }: AdminHomeViewModel): string {
  return renderPage(
    <AdminLayout title="Administration" user={user} current="/admin">
      <h1>Administration av {organisation}</h1>
      <ul class="admin-sections">
        <li>
          <a href="/admin/anvandare">Användare</a> – bjud in, ändra roll och organ, inaktivera
        </li>
        <li>
          <a href="/admin/organ">Organ</a> – namn, förvaringsplats, förvalda undertecknare och ledamöter
        </li>
        <li>
          <a href="/admin/anslagstavlor">Anslagstavlor</a> – adress, när anslag sätts upp och tas ned, kontakt, gemensam nämnd
        </li>
        <li>
          <a href="/admin/api-nycklar">API-nycklar</a> – för integrationer: skapa, se senaste användning, återkalla
        </li>
        <li>
          <a href="/admin/organisation">Organisationen</a> – namnet på sidorna, i certifikaten och i stämpeln
        </li>
        <li>
          <a href="/admin/inloggning">Inloggning</a> – lösenord och organisationens inloggning, senaste inloggningar
        </li>
      </ul>
      <h2>Senaste administrativa händelser</h2>
      {audit.length === 0 ? (
        <p>Inga händelser ännu.</p>
      ) : (
        <table class="stack">
          <caption class="visually-hidden">Senaste administrativa händelser</caption>
          <thead>
            <tr>
              <th scope="col">Tid</th>
              <th scope="col">Vem</th>
              <th scope="col">Vad</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((a) => (
              <tr>
                <td data-label="Tid">{when(a.at)}</td>
                <td data-label="Vem">{a.actor}</td>
                <td data-label="Vad">{a.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>,
  );
}

// ---------------------------------------------------------------- users

export interface AdminUserRow {
  id: string;
  name: string;
  email: string;
  roleSv: string;
  organNames: string[];
  /** "Aktiv", "Inbjuden (svar väntas)", "Inbjudan har gått ut", "Inaktiverad". */
  stateSv: string;
}

export interface InviteForm {
  email?: string;
  name?: string;
  role?: string;
  organIds: string[];
}

export interface AdminUsersViewModel {
  user: PageUser;
  users: AdminUserRow[];
  roles: AdminRoleOption[];
  organs: AdminOrgan[];
  form: InviteForm;
  errors?: FieldErrors;
  done?: string;
}

/** /admin/anvandare: the organisation's users, and the invitation form. */
export function renderAdminUsersPage({ user, users, roles, organs, form, errors, done }: AdminUsersViewModel): string {
  return renderPage(
    <AdminLayout title="Användare" user={user} current="/admin/anvandare">
      <h1>Användare</h1>
      <Done message={done} />
      <table class="stack">
        <caption class="visually-hidden">Användare</caption>
        <thead>
          <tr>
            <th scope="col">Namn</th>
            <th scope="col">E-postadress</th>
            <th scope="col">Roll</th>
            <th scope="col">Organ</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td data-label="Namn">
                <a href={`/admin/anvandare/${u.id}`}>
                  {u.name}
                  <span class="visually-hidden"> (ändra)</span>
                </a>
              </td>
              <td data-label="E-postadress" class="email">
                {u.email}
              </td>
              <td data-label="Roll">{u.roleSv}</td>
              <td data-label="Organ">{u.organNames.join(', ')}</td>
              <td data-label="Status">{u.stateSv}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="bjud-in">Bjud in en användare</h2>
      <p>
        Personen får ett mejl med en personlig länk för att välja ett lösenord. Länken gäller i 7 dagar och fungerar en gång.
      </p>
      <ErrorSummary errors={errors} ids={{ email: 'invite-email', name: 'invite-name', role: 'invite-role', organIds: 'invite-organs' }} />
      <form method="post" action="/admin/anvandare" novalidate>
        <Csrf token={user.csrf} />
        <TextField id="invite-name" name="name" label="Namn" value={form.name} autocomplete="off" maxLength={200} errors={errors} />
        <TextField
          id="invite-email"
          name="email"
          label="E-postadress"
          type="email"
          value={form.email}
          autocomplete="off"
          maxLength={254}
          errors={errors}
        />
        <RoleAndOrgans
          prefix="invite"
          roles={roles}
          organs={organs}
          role={form.role ?? 'sekreterare'}
          organIds={form.organIds}
          errors={errors}
        />
        <button type="submit">Skicka inbjudan</button>
      </form>
    </AdminLayout>,
  );
}

export interface AdminUserViewModel {
  user: PageUser;
  target: {
    id: string;
    name: string;
    email: string;
    role: string;
    roleSv: string;
    disabled: boolean;
    stateSv: string;
    self: boolean;
    invitationOpen: boolean;
  };
  roles: AdminRoleOption[];
  organs: AdminOrgan[];
  form: { role: string; organIds: string[] };
  errors?: FieldErrors;
  done?: string;
  error?: string;
}

/** /admin/anvandare/:id: role and organs, a new invitation, deactivate or activate. */
export function renderAdminUserPage({ user, target, roles, organs, form, errors, done, error }: AdminUserViewModel): string {
  return renderPage(
    <AdminLayout title={`Användare: ${target.name}`} user={user} current="/admin/anvandare">
      <p>
        <a href="/admin/anvandare">Tillbaka till användarna</a>
      </p>
      <h1>{target.name}</h1>
      <Done message={done} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <dl class="facts">
        <dt>E-postadress</dt>
        <dd>{target.email}</dd>
        <dt>Roll</dt>
        <dd>{target.roleSv}</dd>
        <dt>Status</dt>
        <dd>{target.stateSv}</dd>
      </dl>
      <h2>Roll och organ</h2>
      <ErrorSummary errors={errors} ids={{ role: 'edit-role', organIds: 'edit-organs' }} />
      <form method="post" action={`/admin/anvandare/${target.id}`} novalidate>
        <Csrf token={user.csrf} />
        <RoleAndOrgans prefix="edit" roles={roles} organs={organs} role={form.role} organIds={form.organIds} errors={errors} />
        <button type="submit">Spara roll och organ</button>
      </form>
      {!target.disabled && target.invitationOpen && (
        <>
          <h2>Inbjudan</h2>
          <p>{target.name} har inte valt något lösenord ännu. En ny inbjudan ersätter den tidigare länken.</p>
          <form method="post" action={`/admin/anvandare/${target.id}/inbjudan`}>
            <Csrf token={user.csrf} />
            <button type="submit" class="secondary">
              Skicka en ny inbjudan
            </button>
          </form>
        </>
      )}
      {!target.self && (
        <>
          <h2>{target.disabled ? 'Aktivera' : 'Inaktivera'}</h2>
          {target.disabled ? (
            <form method="post" action={`/admin/anvandare/${target.id}/aktivera`}>
              <Csrf token={user.csrf} />
              <p>Kontot är inaktiverat och kan inte logga in.</p>
              <button type="submit" class="secondary">
                Aktivera kontot
              </button>
            </form>
          ) : (
            <p>
              <a class="button secondary-link" href={`/admin/anvandare/${target.id}/inaktivera`}>
                Inaktivera {target.name}
              </a>
            </p>
          )}
        </>
      )}
    </AdminLayout>,
  );
}

// ---------------------------------------------------------------- confirmation

export interface AdminConfirmViewModel {
  user: PageUser;
  current: string;
  title: string;
  paragraphs: string[];
  action: string;
  confirmLabel: string;
  cancelHref: string;
  cancelLabel: string;
}

/** The confirmation page of a destructive action (deactivate a user, revoke a key). */
export function renderAdminConfirmPage({
  user,
  current,
  title,
  paragraphs,
  action,
  confirmLabel,
  cancelHref,
  cancelLabel,
}: AdminConfirmViewModel): string {
  return renderPage(
    <AdminLayout title={title} user={user} current={current}>
      <h1>{title}</h1>
      {paragraphs.map((p) => (
        <p>{p}</p>
      ))}
      <form method="post" action={action}>
        <Csrf token={user.csrf} />
        <button type="submit">{confirmLabel}</button>{' '}
        <a class="button secondary-link" href={cancelHref}>
          {cancelLabel}
        </a>
      </form>
    </AdminLayout>,
  );
}

// ---------------------------------------------------------------- API keys

export interface AdminApiKeyRow {
  id: string;
  name: string;
  roleSv: string;
  organNames: string[];
  /** `jst_<publicId>_…`: the key's name in lists, never the secret. */
  prefix: string;
  createdAt: Instant;
  lastUsedAt: Instant;
  revokedAt: Instant;
}

export interface AdminApiKeysViewModel {
  user: PageUser;
  keys: AdminApiKeyRow[];
  roles: AdminRoleOption[];
  organs: AdminOrgan[];
  form: { name?: string; role?: string; organIds: string[] };
  errors?: FieldErrors;
  done?: string;
  /** The key just created: shown this once. */
  created?: { name: string; key: string };
}

/** /admin/api-nycklar: the organisation's keys, a new key (shown once), revoke. */
export function renderAdminApiKeysPage({ user, keys, roles, organs, form, errors, done, created }: AdminApiKeysViewModel): string {
  return renderPage(
    <AdminLayout title="API-nycklar" user={user} current="/admin/api-nycklar" scripts={created ? [ADMIN_KEYS_SCRIPT.path] : undefined}>
      <h1>API-nycklar</h1>
      <Done message={done} />
      {created && (
        <div class="created-key" role="status">
          <h2>Ny nyckel: {created.name}</h2>
          <p>
            <strong>Kopiera nyckeln nu. Den visas bara den här gången</strong> och kan inte visas igen; tappar du bort den skapar du en ny
            och återkallar den här.
          </p>
          <label for="created-key">API-nyckel</label>
          {/* A text box that wraps: the whole key is seen and can be selected at any width, without JavaScript. */}
          <textarea id="created-key" class="checksum created-key-value" readOnly rows={4} spellcheck={false} autocomplete="off">
            {created.key}
          </textarea>
          {/* Shown by admin-keys.js, which copies the key. */}
          <button type="button" id="copy-key" class="secondary" hidden>
            Kopiera nyckeln
          </button>
          <p id="copy-key-status" role="status" aria-live="polite"></p>
          <p class="muted">Skicka den i huvudet Authorization: Bearer &lt;nyckel&gt;.</p>
        </div>
      )}
      {keys.length === 0 ? (
        <p>Organisationen har inga API-nycklar.</p>
      ) : (
        <table class="stack">
          <caption class="visually-hidden">API-nycklar</caption>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">Nyckel</th>
              <th scope="col">Roll</th>
              <th scope="col">Skapad</th>
              <th scope="col">Senast använd</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr>
                <td data-label="Namn">{k.name}</td>
                <td data-label="Nyckel">
                  <code>{k.prefix}</code>
                </td>
                <td data-label="Roll">
                  {k.roleSv}
                  {k.organNames.length > 0 && ` (${k.organNames.join(', ')})`}
                </td>
                <td data-label="Skapad">{when(k.createdAt)}</td>
                <td data-label="Senast använd">{k.lastUsedAt ? when(k.lastUsedAt) : 'Aldrig'}</td>
                <td data-label="Status">
                  {k.revokedAt ? (
                    `Återkallad ${when(k.revokedAt)}`
                  ) : (
                    <>
                      Aktiv ·{' '}
                      <a href={`/admin/api-nycklar/${k.id}/aterkalla`}>
                        Återkalla<span class="visually-hidden"> {k.name}</span>
                      </a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Skapa en API-nyckel</h2>
      <p>En integration (till exempel kommunens webbplats eller ett ärendesystem) använder nyckeln med den roll du väljer här.</p>
      <ErrorSummary errors={errors} ids={{ name: 'key-name', role: 'key-role', organIds: 'key-organs' }} />
      {/* autocomplete off: after a key is made the browser must not bring back the last role and organs. */}
      <form method="post" action="/admin/api-nycklar" novalidate autocomplete="off">
        <Csrf token={user.csrf} />
        <TextField
          id="key-name"
          name="name"
          label="Namn (vad nyckeln används till)"
          value={form.name}
          autocomplete="off"
          maxLength={200}
          errors={errors}
        />
        <RoleAndOrgans prefix="key" roles={roles} organs={organs} role={form.role ?? 'revisor'} organIds={form.organIds} errors={errors} />
        <button type="submit">Skapa nyckel</button>
      </form>
    </AdminLayout>,
  );
}

// ---------------------------------------------------------------- organs

export interface AdminOrganRow {
  id: string;
  name: string;
  slug: string;
  storagePlace: string | null;
  signatories: number;
  members: number;
}

export interface AdminOrgansViewModel {
  user: PageUser;
  organs: AdminOrganRow[];
  form: { name?: string; slug?: string; storagePlace?: string };
  errors?: FieldErrors;
  done?: string;
}

/** /admin/organ: the organisation's organs and a form for a new one. */
export function renderAdminOrgansPage({ user, organs, form, errors, done }: AdminOrgansViewModel): string {
  return renderPage(
    <AdminLayout title="Organ" user={user} current="/admin/organ">
      <h1>Organ</h1>
      <Done message={done} />
      {organs.length === 0 ? (
        <p>Organisationen har inga organ ännu.</p>
      ) : (
        <table class="stack">
          <caption class="visually-hidden">Organ</caption>
          <thead>
            <tr>
              <th scope="col">Namn</th>
              <th scope="col">Kortnamn</th>
              <th scope="col">Förvaringsplats</th>
              <th scope="col">Förvalda undertecknare</th>
              <th scope="col">Ledamöter</th>
            </tr>
          </thead>
          <tbody>
            {organs.map((o) => (
              <tr>
                <td data-label="Namn">
                  <a href={`/admin/organ/${o.id}`}>
                    {o.name}
                    <span class="visually-hidden"> (ändra)</span>
                  </a>
                </td>
                <td data-label="Kortnamn">{o.slug}</td>
                <td data-label="Förvaringsplats">{o.storagePlace ?? '–'}</td>
                <td data-label="Förvalda undertecknare">{o.signatories}</td>
                <td data-label="Ledamöter">{o.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Lägg till ett organ</h2>
      <ErrorSummary errors={errors} ids={{ name: 'organ-name', slug: 'organ-slug', storagePlace: 'organ-storage' }} />
      <form method="post" action="/admin/organ" novalidate>
        <Csrf token={user.csrf} />
        <TextField id="organ-name" name="name" label="Namn" value={form.name} autocomplete="off" maxLength={200} errors={errors} />
        <TextField
          id="organ-slug"
          name="slug"
          label="Kortnamn"
          value={form.slug}
          autocomplete="off"
          maxLength={64}
          errors={errors}
          hint="Används i adresser: a–z, 0–9 och bindestreck, till exempel kommunstyrelsen. Lämnas det tomt görs det av namnet."
        />
        <TextField
          id="organ-storage"
          name="storagePlace"
          label="Förvaringsplats för protokollet"
          value={form.storagePlace}
          maxLength={200}
          errors={errors}
        />
        <button type="submit">Lägg till organet</button>
      </form>
    </AdminLayout>,
  );
}

export interface AdminOrganViewModel {
  user: PageUser;
  organ: { id: string; slug: string };
  slots: { key: string; label: string }[];
  form: {
    name: string;
    storagePlace: string;
    signatories: Record<string, { name: string; email: string }>;
    substitutes: string;
    members: string;
  };
  errors?: FieldErrors;
  done?: string;
  /** Sections with forms of their own below the organ's form (the identity level, admin-identity.view.tsx). */
  sections?: ComponentChildren;
}

function TextArea(props: { id: string; name: string; label: string; value: string; hint: string; errors?: FieldErrors; rows?: number }) {
  const messages = props.errors?.[props.name];
  const errId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <p class="muted hint" id={hintId}>
        {props.hint}
      </p>
      <FieldError id={errId} messages={messages} />
      <textarea
        id={props.id}
        name={props.name}
        rows={props.rows ?? 5}
        maxLength={40000}
        aria-invalid={messages?.length ? 'true' : undefined}
        aria-describedby={messages?.length ? `${hintId} ${errId}` : hintId}
      >
        {props.value}
      </textarea>
    </>
  );
}

/** /admin/organ/:id: name, förvaringsplats, default signatories and members for new protocols. */
export function renderAdminOrganPage({ user, organ, slots, form, errors, done, sections }: AdminOrganViewModel): string {
  const ids: Record<string, string> = {
    name: 'organ-name',
    storagePlace: 'organ-storage',
    substitutes: 'organ-substitutes',
    members: 'organ-members',
  };
  for (const s of slots) {
    ids[`${s.key}_name`] = `${s.key}-name`;
    ids[`${s.key}_email`] = `${s.key}-email`;
  }
  return renderPage(
    <AdminLayout title={`Organ: ${form.name}`} user={user} current="/admin/organ">
      <p>
        <a href="/admin/organ">Tillbaka till organen</a>
      </p>
      <h1>{form.name || organ.slug}</h1>
      <Done message={done} />
      <ErrorSummary errors={errors} ids={ids} />
      <form method="post" action={`/admin/organ/${organ.id}`} novalidate>
        <Csrf token={user.csrf} />
        <TextField id="organ-name" name="name" label="Namn" value={form.name} maxLength={200} errors={errors} />
        <TextField
          id="organ-storage"
          name="storagePlace"
          label="Förvaringsplats för protokollet"
          value={form.storagePlace}
          maxLength={200}
          errors={errors}
        />
        <h2>Förvalda undertecknare</h2>
        <p>
          Fylls i när sekreteraren startar en justering för organet; sekreteraren kan ändra dem för varje protokoll. Lämna tomt det som varierar.
        </p>
        {slots.map((s) => (
          <fieldset class="slot">
            <legend>{s.label}</legend>
            <TextField
              id={`${s.key}-name`}
              name={`${s.key}_name`}
              label="Namn"
              value={form.signatories[s.key]?.name}
              maxLength={200}
              errors={errors}
            />
            <TextField
              id={`${s.key}-email`}
              name={`${s.key}_email`}
              label="E-postadress"
              type="email"
              value={form.signatories[s.key]?.email}
              maxLength={254}
              errors={errors}
            />
          </fieldset>
        ))}
        <TextArea
          id="organ-substitutes"
          name="substitutes"
          label="Ersättare som kan signera i stället"
          value={form.substitutes}
          hint="En per rad: namn, e-postadress. Till exempel: Per Holm, per.holm@kommun.se"
          errors={errors}
          rows={4}
        />
        <h2>Ledamöter</h2>
        <TextArea
          id="organ-members"
          name="members"
          label="Ledamöter (för redigerarens närvarolista)"
          value={form.members}
          hint="En per rad: namn, parti, kommun. Till exempel: Anna Berg, S, Demo kommun"
          errors={errors}
          rows={8}
        />
        <button type="submit">Spara organet</button>
      </form>
      {sections}
    </AdminLayout>,
  );
}

// ---------------------------------------------------------------- invitation (public)

export type InvitationViewModel =
  | { state: 'form'; token: string; name: string; email: string; organisation: string; errors?: FieldErrors }
  | { state: 'unknown' | 'used' | 'expired' };

const INVITATION_GONE: Record<'unknown' | 'used' | 'expired', { title: string; text: string }> = {
  unknown: {
    title: 'Länken fungerar inte',
    text: 'Inbjudningslänken är okänd eller inte längre giltig. Be administratören om en ny inbjudan.',
  },
  used: {
    title: 'Länken är redan använd',
    text: 'Lösenordet är redan valt med den här länken. Logga in med din e-postadress och ditt lösenord.',
  },
  expired: {
    title: 'Länken har gått ut',
    text: 'Inbjudningslänken gällde i 7 dagar och har gått ut. Be administratören om en ny inbjudan.',
  },
};

/** /inbjudan/:token: choose a password (public: the link is the credential). */
export function renderInvitationPage(vm: InvitationViewModel): string {
  if (vm.state !== 'form') {
    const t = INVITATION_GONE[vm.state];
    return renderPage(
      <Layout title={t.title} page="page-admin">
        <h1>{t.title}</h1>
        <p>{t.text}</p>
        <p>
          <a href="/login">Till inloggningen</a>
        </p>
      </Layout>,
    );
  }
  const errors = vm.errors;
  return renderPage(
    <Layout title="Välj lösenord" page="page-admin">
      <h1>Välj lösenord</h1>
      <p>
        Välkommen till Justera för {vm.organisation}, {vm.name}. Välj ett lösenord för kontot <span class="email">{vm.email}</span>.
      </p>
      <ErrorSummary errors={errors} ids={{ password: 'password', repeat: 'repeat' }} />
      <form method="post" action={`/inbjudan/${vm.token}`} novalidate>
        <input type="text" name="username" autocomplete="username" value={vm.email} hidden />
        <TextField
          id="password"
          name="password"
          label="Nytt lösenord"
          type="password"
          autocomplete="new-password"
          maxLength={256}
          errors={errors}
          hint="Minst 12 tecken. Gärna några ord i följd; undvik vanliga lösenord och ditt namn."
        />
        <TextField
          id="repeat"
          name="repeat"
          label="Upprepa lösenordet"
          type="password"
          autocomplete="new-password"
          maxLength={256}
          errors={errors}
        />
        <button type="submit">Spara lösenordet</button>
      </form>
    </Layout>,
  );
}
