import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, normaliseActor } from '@justera/application';
import { OrganisationsRepository } from '@justera/persistence';
import type { UserRole } from '@justera/persistence';
import { Auth, AuthContext, Public } from '../auth/auth-context';
import { pageUser } from '../auth/page-user';
import { ensureAllowed } from '../auth/policy';
import { httpStatusOf } from '../common/errors';
import {
  FieldErrors,
  renderAdminApiKeysPage,
  renderAdminConfirmPage,
  renderAdminHomePage,
  renderAdminOrganPage,
  renderAdminOrgansPage,
  renderAdminUserPage,
  renderAdminUsersPage,
  renderInvitationPage,
  organIdentitySection,
} from '../views';
import { AdminSettingsService } from './admin-settings.service';
import { ApiKeysService } from './api-keys.service';
import { InvitationsService } from './invitations.service';
import { OrgansService } from './organs.service';
import { UsersService } from './users.service';
import type { AdminMeta } from './admin-audit';
import { APP_ROLES, APP_ROLE_SV } from './admin-rules';
import { OrganForm, SIGNATORY_SLOTS } from './organ-form';
import { renamedTextSv } from './organisation-identity.service';

const ROLE_OPTIONS = APP_ROLES.map((r) => ({ value: r, label: APP_ROLE_SV[r] }));

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

function doneText(code: unknown): string | undefined {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(DONE_SV, code) ? DONE_SV[code] : undefined;
}

function str(v: unknown, max = 1000): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** A form's checkbox list: one value is a string, several an array (urlencoded). */
function list(v: unknown): string[] {
  const a = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return a.filter((x): x is string => typeof x === 'string').slice(0, 500);
}

/** The field-level problems of a coded error (its `details`: `{ path, message }[]`), or null when it is not a form problem. */
function fieldErrorsOf(err: unknown): FieldErrors | null {
  if (!(err instanceof DomainError) || !['invalid_request', 'conflict', 'email_unavailable'].includes(err.code)) return null;
  const out: FieldErrors = {};
  const details = Array.isArray(err.details) ? (err.details as unknown[]) : [];
  for (const d of details) {
    const { path, message } = (d ?? {}) as { path?: unknown; message?: unknown };
    if (typeof path === 'string' && typeof message === 'string') (out[path] ??= []).push(message);
  }
  if (Object.keys(out).length === 0) out._form = [err.message];
  return out;
}

function meta(req: Request): AdminMeta {
  return { ip: req.ip ?? null };
}

/**
 * The admin pages (issue 16): server-rendered, in Swedish, for a user with the admin role of the
 * organisation (every route asks the policy; another organisation's user or key is "not found").
 * The JSON API for the same work stays in AdminController.
 */
@ApiExcludeController()
@Controller()
export class AdminPagesController {
  constructor(
    private readonly settings: AdminSettingsService,
    private readonly organService: OrgansService,
    private readonly userService: UsersService,
    private readonly invitations: InvitationsService,
    private readonly apiKeys: ApiKeysService,
    private readonly organisations: OrganisationsRepository,
  ) {}

  private async organNames(organisationId: string) {
    const organs = await this.organisations.listOrgans(organisationId);
    return { organs: organs.map((o) => ({ id: o.id, name: o.name })), nameOf: new Map(organs.map((o) => [o.id, o.name])) };
  }

  // ------------------------------------------------------------ overview

  @Get('admin')
  async home(@Auth() auth: AuthContext, @Res() res: Response) {
    ensureAllowed(auth, 'organisation.admin', { organisationId: auth.principal.organisationId });
    const [organisation, events, users, keys, organs] = await Promise.all([
      this.organisations.findOrganisation(auth.principal.organisationId),
      this.settings.auditTrail(auth, 30),
      this.userService.listUsers(auth),
      this.apiKeys.listApiKeys(auth),
      this.organisations.listOrgans(auth.principal.organisationId),
    ]);
    const organName = new Map(organs.map((o) => [o.id, o.name]));
    const userName = new Map(users.map((u) => [u.id, u.name]));
    const keyName = new Map(keys.map((k) => [k.id, k.name]));
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
              ? (organisation?.name ?? 'organisationen')
              : (keyName.get(id) ?? 'okänd nyckel');
    res.type('html').send(
      renderAdminHomePage({
        user: pageUser(auth),
        organisation: organisation?.name ?? '',
        audit: events.map((e) => ({
          at: e.at,
          actor: actorName(e.actor),
          text:
            e.action === 'organisation.renamed'
              ? renamedTextSv(e.detail)
              : `${AUDIT_SV[e.action] ?? e.action} ${targetName(e.targetType, e.targetId, e.detail)}`,
        })),
      }),
    );
  }

  // ------------------------------------------------------------ users

  private async usersPage(
    auth: AuthContext,
    res: Response,
    status: number,
    extra: { form?: { email?: string; name?: string; role?: string; organIds: string[] }; errors?: FieldErrors; done?: string } = {},
  ) {
    const overview = await this.userService.usersOverview(auth);
    const nameOf = new Map(overview.organs.map((o) => [o.id, o.name]));
    res
      .status(status)
      .type('html')
      .send(
        renderAdminUsersPage({
          user: pageUser(auth),
          roles: ROLE_OPTIONS,
          organs: overview.organs,
          users: overview.users.map((u) => ({
            id: u.id,
            name: u.name,
            email: u.email,
            roleSv: APP_ROLE_SV[u.role],
            organNames: u.organIds.map((id) => nameOf.get(id) ?? '').filter(Boolean),
            stateSv: u.disabled
              ? 'Inaktiverad'
              : u.invitation === 'pending'
                ? 'Inbjuden, har inte valt lösenord ännu'
                : u.invitation === 'expired'
                  ? 'Inbjudan har gått ut'
                  : 'Aktiv',
          })),
          form: extra.form ?? { organIds: [] },
          errors: extra.errors,
          done: extra.done,
        }),
      );
  }

  @Get('admin/anvandare')
  async users(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    await this.usersPage(auth, res, 200, { done: doneText(done) });
  }

  @Post('admin/anvandare')
  async invite(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = { email: str(body.email, 300), name: str(body.name, 300), role: str(body.role, 32), organIds: list(body.organIds) };
    try {
      await this.invitations.inviteUser(auth, form, meta(req));
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return this.usersPage(auth, res, httpStatusOf(err as DomainError), { form, errors });
    }
    res.redirect(303, '/admin/anvandare?klart=inbjuden');
  }

  private async userPage(
    auth: AuthContext,
    id: string,
    res: Response,
    status: number,
    extra: { form?: { role: string; organIds: string[] }; errors?: FieldErrors; done?: string; error?: string } = {},
  ) {
    const overview = await this.userService.usersOverview(auth);
    const u = overview.users.find((x) => x.id === id);
    if (!u) throw new DomainError('not_found', 'Användaren finns inte.');
    res
      .status(status)
      .type('html')
      .send(
        renderAdminUserPage({
          user: pageUser(auth),
          roles: ROLE_OPTIONS,
          organs: overview.organs,
          target: {
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role,
            roleSv: APP_ROLE_SV[u.role],
            disabled: u.disabled,
            stateSv: u.disabled
              ? 'Inaktiverad'
              : u.invitation === 'pending'
                ? 'Inbjuden, har inte valt lösenord ännu'
                : u.invitation === 'expired'
                  ? 'Inbjudan har gått ut'
                  : 'Aktiv',
            self: u.id === auth.principal.userId,
            invitationOpen: u.invitation !== null,
          },
          form: extra.form ?? { role: u.role, organIds: u.organIds },
          errors: extra.errors,
          done: extra.done,
          error: extra.error,
        }),
      );
  }

  @Get('admin/anvandare/:id')
  async user(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Query('klart') done: unknown, @Res() res: Response) {
    await this.userPage(auth, id, res, 200, { done: doneText(done) });
  }

  @Post('admin/anvandare/:id')
  async updateUser(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = { role: str(body.role, 32), organIds: list(body.organIds) };
    try {
      await this.userService.updateUser(auth, id, form, meta(req));
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return this.userPage(auth, id, res, httpStatusOf(err as DomainError), { form, errors });
    }
    res.redirect(303, `/admin/anvandare/${id}?klart=sparad`);
  }

  @Post('admin/anvandare/:id/inbjudan')
  async reinvite(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    try {
      await this.invitations.reinvite(auth, id, meta(req));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') return this.userPage(auth, id, res, 409, { error: err.message });
      throw err;
    }
    res.redirect(303, `/admin/anvandare/${id}?klart=ny-inbjudan`);
  }

  @Get('admin/anvandare/:id/inaktivera')
  async confirmDeactivate(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const u = await this.userService.user(auth, id);
    if (u.disabled) return res.redirect(303, `/admin/anvandare/${id}`);
    if (u.id === auth.principal.userId) return this.userPage(auth, id, res, 409, { error: 'Du kan inte inaktivera ditt eget konto.' });
    res.type('html').send(
      renderAdminConfirmPage({
        user: pageUser(auth),
        current: '/admin/anvandare',
        title: `Inaktivera ${u.name}`,
        paragraphs: [
          `${u.name} (${u.email}) kan inte längre logga in. Pågående inloggningar avslutas direkt och en inbjudan som inte har använts slutar fungera.`,
          'Protokoll, justeringar och händelser som kontot redan har gjort påverkas inte. Du kan aktivera kontot igen senare.',
        ],
        action: `/admin/anvandare/${id}/inaktivera`,
        confirmLabel: `Ja, inaktivera ${u.name}`,
        cancelHref: `/admin/anvandare/${id}`,
        cancelLabel: 'Nej, gå tillbaka',
      }),
    );
  }

  @Post('admin/anvandare/:id/inaktivera')
  async deactivate(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    try {
      await this.userService.deactivateUser(auth, id, meta(req));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') return this.userPage(auth, id, res, 409, { error: err.message });
      throw err;
    }
    res.redirect(303, `/admin/anvandare/${id}?klart=inaktiverad`);
  }

  @Post('admin/anvandare/:id/aktivera')
  async reactivate(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.userService.reactivateUser(auth, id, meta(req));
    res.redirect(303, `/admin/anvandare/${id}?klart=aktiverad`);
  }

  // ------------------------------------------------------------ API keys

  private async keysPage(
    auth: AuthContext,
    res: Response,
    status: number,
    extra: {
      form?: { name?: string; role?: string; organIds: string[] };
      errors?: FieldErrors;
      done?: string;
      created?: { name: string; key: string };
    } = {},
  ) {
    const [keys, { organs, nameOf }] = await Promise.all([this.apiKeys.listApiKeys(auth), this.organNames(auth.principal.organisationId)]);
    // The page that shows a new key must not be kept by the browser or a proxy.
    if (extra.created) res.setHeader('Cache-Control', 'no-store');
    res
      .status(status)
      .type('html')
      .send(
        renderAdminApiKeysPage({
          user: pageUser(auth),
          roles: ROLE_OPTIONS,
          organs,
          keys: keys.map((k) => ({
            id: k.id,
            name: k.name,
            roleSv: APP_ROLE_SV[k.role as UserRole] ?? k.role,
            organNames: k.organIds.map((id) => nameOf.get(id) ?? '').filter(Boolean),
            prefix: `jst_${k.publicId}_…`,
            createdAt: k.createdAt,
            lastUsedAt: k.lastUsedAt,
            revokedAt: k.revokedAt,
          })),
          form: extra.form ?? { organIds: [] },
          errors: extra.errors,
          done: extra.done,
          created: extra.created,
        }),
      );
  }

  @Get('admin/api-nycklar')
  async keys(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    await this.keysPage(auth, res, 200, { done: doneText(done) });
  }

  @Post('admin/api-nycklar')
  async createKey(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    ensureAllowed(auth, 'apikeys.manage', { organisationId: auth.principal.organisationId });
    const form = { name: str(body.name, 300).trim(), role: str(body.role, 32), organIds: list(body.organIds) };
    const errors: FieldErrors = {};
    if (!form.name) errors.name = ['Skriv vad nyckeln ska användas till.'];
    else if (form.name.length > 200) errors.name = ['Namnet får vara högst 200 tecken.'];
    const role = APP_ROLES.find((r) => r === form.role);
    if (!role) errors.role = ['Välj en roll.'];
    const known = new Set((await this.organisations.listOrgans(auth.principal.organisationId)).map((o) => o.id));
    if (form.organIds.some((id) => !known.has(id))) errors.organIds = ['Ett av de valda organen finns inte i organisationen.'];
    else if (role === 'sekreterare' && form.organIds.length === 0) errors.organIds = ['Välj minst ett organ som nyckeln ska arbeta för.'];
    if (Object.keys(errors).length > 0 || !role) return this.keysPage(auth, res, 400, { form, errors });
    // A sekreterare key acts for its organs; an admin or revisor key for the whole organisation.
    const created = await this.apiKeys.createApiKey(
      auth,
      { name: form.name, role, organIds: role === 'sekreterare' ? form.organIds : [] },
      meta(req),
    );
    // Rendered, not redirected: the key exists in clear only in this one answer.
    await this.keysPage(auth, res, 201, { created: { name: created.name, key: created.key } });
  }

  @Get('admin/api-nycklar/:id/aterkalla')
  async confirmRevoke(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const k = await this.apiKeys.apiKey(auth, id);
    if (k.revokedAt) return res.redirect(303, '/admin/api-nycklar');
    res.type('html').send(
      renderAdminConfirmPage({
        user: pageUser(auth),
        current: '/admin/api-nycklar',
        title: `Återkalla API-nyckeln ${k.name}`,
        paragraphs: [
          `Nyckeln jst_${k.publicId}_… slutar fungera direkt: varje anrop med den avvisas. Det går inte att ångra; en integration som behöver fortsätta får en ny nyckel.`,
        ],
        action: `/admin/api-nycklar/${id}/aterkalla`,
        confirmLabel: 'Ja, återkalla nyckeln',
        cancelHref: '/admin/api-nycklar',
        cancelLabel: 'Nej, gå tillbaka',
      }),
    );
  }

  @Post('admin/api-nycklar/:id/aterkalla')
  async revoke(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response) {
    await this.apiKeys.revokeApiKey(auth, id, meta(req));
    res.redirect(303, '/admin/api-nycklar?klart=aterkallad');
  }

  // ------------------------------------------------------------ organs

  private async organsPage(
    auth: AuthContext,
    res: Response,
    status: number,
    extra: { form?: { name?: string; slug?: string; storagePlace?: string }; errors?: FieldErrors; done?: string } = {},
  ) {
    const organs = await this.organService.organsOverview(auth);
    res
      .status(status)
      .type('html')
      .send(
        renderAdminOrgansPage({
          user: pageUser(auth),
          organs: organs.map((o) => ({
            id: o.id,
            name: o.name,
            slug: o.slug,
            storagePlace: o.storagePlace,
            signatories: o.defaults.signatories.length,
            members: o.defaults.members.length,
          })),
          form: extra.form ?? {},
          errors: extra.errors,
          done: extra.done,
        }),
      );
  }

  @Get('admin/organ')
  async organs(@Auth() auth: AuthContext, @Query('klart') done: unknown, @Res() res: Response) {
    await this.organsPage(auth, res, 200, { done: doneText(done) });
  }

  @Post('admin/organ')
  async createOrgan(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const form = { name: str(body.name, 300), slug: str(body.slug, 100), storagePlace: str(body.storagePlace, 300) };
    let id: string;
    try {
      id = (await this.organService.createOrganFromForm(auth, form, meta(req))).id;
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return this.organsPage(auth, res, httpStatusOf(err as DomainError), { form, errors });
    }
    res.redirect(303, `/admin/organ/${id}?klart=organ-skapat`);
  }

  private async organPage(
    auth: AuthContext,
    id: string,
    res: Response,
    status: number,
    extra: { form?: OrganForm; errors?: FieldErrors; done?: string } = {},
  ) {
    const organ = await this.organService.organWithDefaults(auth, id);
    const d = organ.defaults;
    const signatories: Record<string, { name: string; email: string }> = {};
    let justerare = 0;
    for (const s of d.signatories) {
      const key = s.role === 'sekreterare' ? 'sek' : s.role === 'ordforande' ? 'ord' : ++justerare === 1 ? 'jus1' : 'jus2';
      signatories[key] = { name: s.name, email: s.email };
    }
    const stored: OrganForm = {
      name: organ.name,
      storagePlace: organ.storagePlace ?? '',
      signatories,
      substitutes: d.substitutes.map((p) => [p.name, p.email].filter(Boolean).join(', ')).join('\n'),
      members: d.members.map((m) => [m.name, m.party ?? '', m.municipality ?? ''].join(', ').replace(/(, )+$/, '')).join('\n'),
    };
    const form = extra.form ?? stored;
    res
      .status(status)
      .type('html')
      .send(
        renderAdminOrganPage({
          user: pageUser(auth),
          organ: { id: organ.id, slug: organ.slug },
          slots: SIGNATORY_SLOTS.map((s) => ({ key: s.key, label: s.label })),
          form: { ...form, signatories: form.signatories as Record<string, { name: string; email: string }> },
          errors: extra.errors,
          done: extra.done,
          sections: organIdentitySection({
            organId: organ.id,
            csrf: pageUser(auth).csrf,
            level: organ.identityLevel ?? 'e-postlank',
            ...this.organService.identityOptions(),
          }),
        }),
      );
  }

  @Get('admin/organ/:id')
  async organ(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Query('klart') done: unknown, @Res() res: Response) {
    await this.organPage(auth, id, res, 200, { done: doneText(done) });
  }

  @Post('admin/organ/:id')
  async updateOrgan(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form: OrganForm = {
      name: str(body.name, 300),
      storagePlace: str(body.storagePlace, 300),
      signatories: Object.fromEntries(
        SIGNATORY_SLOTS.map((s) => [s.key, { name: str(body[`${s.key}_name`], 300), email: str(body[`${s.key}_email`], 300) }]),
      ),
      substitutes: str(body.substitutes, 40_000),
      members: str(body.members, 40_000),
    };
    try {
      await this.organService.saveOrganForm(auth, id, form, meta(req));
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      return this.organPage(auth, id, res, httpStatusOf(err as DomainError), { form, errors });
    }
    res.redirect(303, `/admin/organ/${id}?klart=organ-sparat`);
  }

  // ------------------------------------------------------------ the invitation link (public)

  @Get('inbjudan/:token')
  @Public()
  async invitation(@Param('token') token: string, @Res() res: Response) {
    const inv = await this.invitations.invitation(token);
    res.setHeader('Cache-Control', 'no-store');
    if (inv.state !== 'ok')
      return res
        .status(inv.state === 'unknown' ? 404 : 410)
        .type('html')
        .send(renderInvitationPage({ state: inv.state }));
    res.type('html').send(renderInvitationPage({ state: 'form', token, name: inv.name, email: inv.email, organisation: inv.organisation }));
  }

  @Post('inbjudan/:token')
  @Public()
  async acceptInvitation(@Param('token') token: string, @Body() body: Record<string, unknown>, @Res() res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const r = await this.invitations.acceptInvitation(token, str(body.password, 1000), str(body.repeat, 1000));
      if (r.state === 'accepted') return res.redirect(303, `/login?valkommen=1`);
      return res
        .status(r.state === 'unknown' ? 404 : 410)
        .type('html')
        .send(renderInvitationPage({ state: r.state }));
    } catch (err) {
      const errors = fieldErrorsOf(err);
      if (!errors) throw err;
      const inv = await this.invitations.invitation(token);
      if (inv.state !== 'ok')
        return res
          .status(410)
          .type('html')
          .send(renderInvitationPage({ state: inv.state }));
      res
        .status(400)
        .type('html')
        .send(renderInvitationPage({ state: 'form', token, name: inv.name, email: inv.email, organisation: inv.organisation, errors }));
    }
  }
}
