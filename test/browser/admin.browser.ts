/**
 * The admin pages in Chromium (issue 16): an admin invites a secretary by mail, the secretary follows
 * the link from the real test SMTP server, chooses a password and logs in; the admin changes the
 * organs and deactivates the account (its session ends); an API key is shown once, works, shows when
 * it was last used and is refused with 401 once revoked. Every page is axe-clean and fits 1280 and
 * 390 px; a secretary, a logged-out visitor, another organisation's admin and a form without the
 * CSRF token are refused.
 */
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { axe, describeViolations, horizontalOverflow, launchBrowser, phoneContext } from '../support/browser';
import { request } from '../support/http';
import { waitFor } from '../support/processes';
import { System, startSystem } from '../support/system';
import { Tenant, createTenant, openDataSource } from '../support/tenants';

jest.setTimeout(180_000);

describe('admin pages', () => {
  let ds: DataSource;
  let t: Tenant;
  let other: Tenant;
  let sys: System;
  let base: string;
  let browser: Browser;
  let adminCtx: BrowserContext;
  let admin: Page;
  const invitee = { name: 'Sara Sekreterare', email: `sara.sekreterare.${Date.now()}@kommun.test.example` };
  let inviteeId = '';

  /** axe-clean, and no sideways scrolling at 1280 and at 390 px. */
  async function checkPage(page: Page, what: string) {
    expect(`${what}: ${describeViolations(await axe(page))}`).toBe(`${what}: `);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const o = await horizontalOverflow(page);
      expect({ what, width, ...o, culprits: o.culprits }).toEqual({
        what,
        width,
        scrollWidth: o.viewport,
        viewport: o.viewport,
        culprits: [],
      });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** Whether the form's button starts below the field before it (not beside it). */
  async function buttonBelow(page: Page, field: string, button: string): Promise<boolean> {
    const f = await page.locator(field).boundingBox();
    const b = await page.getByRole('button', { name: button }).boundingBox();
    return !!f && !!b && b.y >= f.y + f.height;
  }

  async function login(page: Page, email: string, password: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel('E-postadress').fill(email);
    await page.getByLabel('Lösenord').fill(password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}/`);
  }

  beforeAll(async () => {
    ds = await openDataSource();
    t = await createTenant(ds, 'Adminkommun');
    other = await createTenant(ds, 'Grannkommun');
    sys = await startSystem();
    base = sys.base;
    browser = await launchBrowser();
    adminCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    admin = await adminCtx.newPage();
    await login(admin, t.admin.email, t.admin.password);
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    await ds?.destroy();
  });

  it('links the admin pages from the header for an admin, with the overview', async () => {
    await admin.getByRole('link', { name: 'Administration' }).click();
    await admin.waitForURL(`${base}/admin`);
    await expect(admin.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Administration av Adminkommun');
    await checkPage(admin, 'overview');
  });

  it('invites a user by mail: field errors in Swedish, then the invitation with a hashed, single-use token', async () => {
    await admin.goto(`${base}/admin/anvandare`);
    await checkPage(admin, 'users');
    // Nothing filled in: every field says what is missing, the form keeps the choices.
    await admin.getByRole('button', { name: 'Skicka inbjudan' }).click();
    await expect(admin.locator('#invite-name-error').textContent()).resolves.toBe('Skriv personens namn.');
    await expect(admin.locator('#invite-email-error').textContent()).resolves.toBe('Skriv personens e-postadress.');
    await expect(admin.locator('#invite-organs-error').textContent()).resolves.toContain('Välj minst ett organ');
    await expect(admin.getByRole('alert').textContent()).resolves.toContain('Formuläret behöver rättas');
    await checkPage(admin, 'users with errors');
    // An address already in use is an error on the e-mail field.
    await admin.getByLabel('Namn', { exact: true }).fill(invitee.name);
    await admin.getByLabel('E-postadress').fill(t.revisor.email);
    await admin.getByLabel('Kommunstyrelsen').check();
    await admin.getByRole('button', { name: 'Skicka inbjudan' }).click();
    await expect(admin.locator('#invite-email-error').textContent()).resolves.toContain('Det finns redan en användare');
    await expect(admin.getByLabel('Namn', { exact: true }).inputValue()).resolves.toBe(invitee.name);
    await expect(admin.getByLabel('Kommunstyrelsen').isChecked()).resolves.toBe(true);

    await admin.getByLabel('E-postadress').fill(invitee.email);
    await admin.getByRole('button', { name: 'Skicka inbjudan' }).click();
    await admin.waitForURL(/klart=inbjuden/);
    await expect(admin.getByRole('status').textContent()).resolves.toContain('Inbjudan är skickad');
    const row = admin.locator('tr', { hasText: invitee.email });
    await expect(row.textContent()).resolves.toContain('Inbjuden, har inte valt lösenord ännu');
    await expect(row.textContent()).resolves.toContain('Kommunstyrelsen');

    const [user] = await ds.query(`SELECT id, password_hash FROM users WHERE email = $1`, [invitee.email]);
    inviteeId = user.id;
    expect(user.password_hash).toMatch(/^scrypt\$/);
    const mail = await waitFor('invitation mail', async () => sys.smtp.to(invitee.email)[0], 30_000);
    expect(mail.subject).toContain('Inbjudan till Justera');
    const link = (mail.text ?? '').match(/https?:\/\/\S+\/inbjudan\/([A-Za-z0-9_-]+)/)!;
    expect(link).toBeTruthy();
    // Only the token's SHA-256 is stored; the sent mail's row keeps no usable link.
    const [inv] = await ds.query(`SELECT token_hash, expires_at FROM user_invitations WHERE user_id = $1`, [inviteeId]);
    expect(inv.token_hash).toBe(createHash('sha256').update(link[1]).digest('hex'));
    const days = (new Date(inv.expires_at).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const rows = await waitFor('mail row sent', async () => {
      const r = await ds.query(`SELECT status, text_body FROM mail_deliveries WHERE to_address = $1`, [invitee.email]);
      return r[0]?.status === 'sent' ? r : undefined;
    });
    expect(rows[0].text_body).not.toContain(link[1]);
    expect(rows[0].text_body).toContain('/inbjudan/[borttagen]');

    // The secretary, on a phone: choose a password from the link, then log in.
    const phone = await phoneContext(browser);
    const page = await phone.newPage();
    await page.goto(link[0]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Välj lösenord');
    await checkPage(page, 'invitation');
    const password = 'Granskning av protokoll 2026';
    await page.getByLabel('Nytt lösenord').fill('kort');
    await page.getByLabel('Upprepa lösenordet').fill('kort');
    await page.getByRole('button', { name: 'Spara lösenordet' }).click();
    await expect(page.locator('#password-error').textContent()).resolves.toMatch(/12 tecken/);
    await checkPage(page, 'invitation with errors');
    await page.getByLabel('Nytt lösenord').fill(password);
    await page.getByLabel('Upprepa lösenordet').fill(`${password}!`);
    await page.getByRole('button', { name: 'Spara lösenordet' }).click();
    await expect(page.locator('#repeat-error').textContent()).resolves.toContain('Lösenorden är inte lika');
    await page.getByLabel('Nytt lösenord').fill(password);
    await page.getByLabel('Upprepa lösenordet').fill(password);
    await page.getByRole('button', { name: 'Spara lösenordet' }).click();
    await page.waitForURL(/\/login\?valkommen=1/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Lösenordet är sparat');
    await page.getByLabel('E-postadress').fill(invitee.email);
    await page.getByLabel('Lösenord').fill(password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}/`);
    // A secretary has no admin link, and the admin pages refuse her.
    await expect(page.getByRole('link', { name: 'Administration' }).count()).resolves.toBe(0);
    const refused = await page.goto(`${base}/admin/anvandare`);
    expect(refused!.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ingen behörighet');

    // The link is spent.
    const again = await request(base, 'GET', new URL(link[0]).pathname, { headers: { accept: 'text/html' } });
    expect(again.status).toBe(410);
    expect(again.text).toContain('Länken är redan använd');

    // Roles per organ, then deactivation behind a confirmation: her session ends at once.
    await admin.goto(`${base}/admin/anvandare/${inviteeId}`);
    await checkPage(admin, 'user');
    await admin.getByLabel('Socialnämnden').check();
    await admin.getByRole('button', { name: 'Spara roll och organ' }).click();
    await admin.waitForURL(/klart=sparad/);
    const organs = await ds.query(`SELECT organ_id FROM user_organs WHERE user_id = $1 ORDER BY organ_id`, [inviteeId]);
    expect(organs.map((o: { organ_id: string }) => o.organ_id).sort()).toEqual([t.organA, t.organB].sort());

    await admin.getByRole('link', { name: `Inaktivera ${invitee.name}` }).click();
    await admin.waitForURL(/\/inaktivera$/);
    await checkPage(admin, 'confirm deactivation');
    expect((await ds.query(`SELECT disabled FROM users WHERE id = $1`, [inviteeId]))[0].disabled).toBe(false);
    await admin.getByRole('button', { name: `Ja, inaktivera ${invitee.name}` }).click();
    await admin.waitForURL(/klart=inaktiverad/);
    expect(await ds.query(`SELECT id FROM sessions WHERE user_id = $1`, [inviteeId])).toEqual([]);
    const after = await page.goto(`${base}/`);
    expect(after!.url()).toContain('/login');
    await phone.close();

    // The overview lists what the admin did.
    await admin.goto(`${base}/admin`);
    const overview = (await admin.locator('main').textContent()) ?? '';
    expect(overview).toContain(`bjöd in ${invitee.name}`);
    expect(overview).toContain(`ändrade roll och organ för ${invitee.name}`);
    expect(overview).toContain(`inaktiverade ${invitee.name}`);
  });

  it('shows a new API key once; it works and is refused with 401 once revoked', async () => {
    await admin.goto(`${base}/admin/api-nycklar`);
    await checkPage(admin, 'api keys');
    await admin.getByRole('button', { name: 'Skapa nyckel' }).click();
    await expect(admin.locator('#key-name-error').textContent()).resolves.toBe('Skriv vad nyckeln ska användas till.');
    await admin.getByLabel('Namn (vad nyckeln används till)').fill('Webbplatsens integration');
    await admin.getByLabel('Roll').selectOption('revisor');
    await admin.getByRole('button', { name: 'Skapa nyckel' }).click();
    const key = await admin.getByLabel('API-nyckel').inputValue();
    expect(key).toMatch(/^jst_[0-9a-f]{16}_[0-9a-f]{64}$/);
    await checkPage(admin, 'api key created');

    const me = await request<{ role: string }>(base, 'GET', '/api/me', { apiKey: key });
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('revisor');

    await admin.goto(`${base}/admin/api-nycklar`);
    const html = await admin.content();
    expect(html).not.toContain(key);
    const publicId = key.split('_')[1];
    const row = admin.locator('tr', { hasText: 'Webbplatsens integration' });
    await expect(row.textContent()).resolves.toContain(`jst_${publicId}_…`);
    await expect(row.locator('td[data-label="Senast använd"]').textContent()).resolves.not.toBe('Aldrig');

    await row.getByRole('link', { name: /Återkalla/ }).click();
    await checkPage(admin, 'confirm revoke');
    expect((await request(base, 'GET', '/api/me', { apiKey: key })).status).toBe(200);
    await admin.getByRole('button', { name: 'Ja, återkalla nyckeln' }).click();
    await admin.waitForURL(/klart=aterkallad/);
    expect((await request(base, 'GET', '/api/me', { apiKey: key })).status).toBe(401);
    await expect(admin.locator('tr', { hasText: 'Webbplatsens integration' }).textContent()).resolves.toContain('Återkallad');
    await admin.goto(`${base}/admin`);
    await expect(admin.locator('main').textContent()).resolves.toContain('återkallade API-nyckeln Webbplatsens integration');
  });

  it('adds an organ and saves its default signatories and members, with errors per field and line', async () => {
    await admin.goto(`${base}/admin/organ`);
    await checkPage(admin, 'organs');
    await admin.getByLabel('Namn', { exact: true }).fill('Byggnadsnämnden');
    await admin.getByLabel('Kortnamn').fill('Bygg nämnd');
    await admin.getByRole('button', { name: 'Lägg till organet' }).click();
    await expect(admin.locator('#organ-slug-error').textContent()).resolves.toContain('a–z, 0–9 och bindestreck');
    await admin.getByLabel('Kortnamn').fill('kommunstyrelsen');
    await admin.getByRole('button', { name: 'Lägg till organet' }).click();
    await expect(admin.locator('#organ-slug-error').textContent()).resolves.toContain('Det finns redan ett organ');
    // A kortnamn made from the name that is taken says which one.
    await admin.getByLabel('Namn', { exact: true }).fill('Kommunstyrelsen');
    await admin.getByLabel('Kortnamn').fill('');
    await admin.getByRole('button', { name: 'Lägg till organet' }).click();
    await expect(admin.locator('#organ-slug-error').textContent()).resolves.toContain('kortnamnet kommunstyrelsen, som görs av namnet');
    await admin.getByLabel('Namn', { exact: true }).fill('Byggnadsnämnden');
    // Left empty, the kortnamn is made from the name ("Byggnadsnämnden" → byggnadsnamnden).
    await admin.getByLabel('Kortnamn').fill('');
    await admin.getByLabel('Förvaringsplats för protokollet').fill('Stadshuset, Bygglovsenheten');
    // At 1280 px the button starts a line of its own under the last field (it sat beside it).
    await expect(buttonBelow(admin, '#organ-storage', 'Lägg till organet')).resolves.toBe(true);
    await admin.getByRole('button', { name: 'Lägg till organet' }).click();
    await admin.waitForURL(/\/admin\/organ\/[0-9a-f-]{36}\?klart=organ-skapat/);
    const organId = new URL(admin.url()).pathname.split('/').pop()!;
    await admin.goto(`${base}/admin/organ`);
    await expect(admin.locator('tr', { hasText: 'Byggnadsnämnden' }).textContent()).resolves.toContain('byggnadsnamnden');
    await admin.goto(`${base}/admin/organ/${organId}?klart=organ-skapat`);
    // A secretary sees the new organ only once the admin chooses it for her account: the message says so.
    await expect(admin.locator('.done').textContent()).resolves.toContain('Välj organet för sekreterarna under Användare');
    await expect(buttonBelow(admin, '#organ-members', 'Spara organet')).resolves.toBe(true);
    await checkPage(admin, 'organ');

    await admin.locator('#ord-name').fill('Olle Ordförande');
    await admin.locator('#ord-email').fill('inte-en-adress');
    await admin.locator('#jus1-name').fill('Julia Justerare');
    await admin.locator('#jus1-email').fill('julia@kommun.test.example');
    await admin.getByLabel('Ersättare som kan signera i stället').fill('Per Holm, per.holm@kommun.test.example');
    await admin.getByLabel('Ledamöter (för redigerarens närvarolista)').fill('Anna Berg, S, Demo kommun\n\n, M, Demo kommun');
    await admin.getByRole('button', { name: 'Spara organet' }).click();
    await expect(admin.locator('#ord-email-error').textContent()).resolves.toContain('Ordförande:');
    await expect(admin.locator('#organ-members-error').textContent()).resolves.toContain('Ledamöter, rad 3: namnet saknas.');
    await expect(admin.locator('#jus1-name').inputValue()).resolves.toBe('Julia Justerare');
    await checkPage(admin, 'organ with errors');
    await admin.locator('#ord-email').fill('olle@kommun.test.example');
    await admin.getByLabel('Ledamöter (för redigerarens närvarolista)').fill('Anna Berg, S, Demo kommun\nBo Ek, M, Grannby');
    await admin.getByRole('button', { name: 'Spara organet' }).click();
    await admin.waitForURL(/klart=organ-sparat/);
    await expect(admin.locator('#ord-name').inputValue()).resolves.toBe('Olle Ordförande');

    // The editor and integrations read the defaults from GET /api/organs.
    const organs = await request<{ id: string; defaults: { signatories: unknown[]; substitutes: unknown[]; members: unknown[] } }[]>(
      base,
      'GET',
      '/api/organs',
      { apiKey: t.admin.apiKey },
    );
    const saved = organs.body.find((o) => o.id === organId)!;
    expect(saved.defaults).toEqual({
      signatories: [
        { role: 'ordforande', name: 'Olle Ordförande', email: 'olle@kommun.test.example' },
        { role: 'justerare', name: 'Julia Justerare', email: 'julia@kommun.test.example' },
      ],
      substitutes: [{ name: 'Per Holm', email: 'per.holm@kommun.test.example' }],
      members: [
        { name: 'Anna Berg', party: 'S', municipality: 'Demo kommun' },
        { name: 'Bo Ek', party: 'M', municipality: 'Grannby' },
      ],
    });
    // Another organisation's admin does not find it; a secretary may not change it.
    expect(
      (await request(base, 'GET', `/admin/organ/${organId}`, { apiKey: other.admin.apiKey, headers: { accept: 'text/html' } })).status,
    ).toBe(404);
    expect((await request(base, 'GET', `/admin/organ`, { apiKey: t.sekA.apiKey, headers: { accept: 'text/html' } })).status).toBe(403);
    await admin.goto(`${base}/admin`);
    await expect(admin.locator('main').textContent()).resolves.toContain('ändrade organet Byggnadsnämnden');
  });

  it('refuses a logged-out visitor, a form without the CSRF token and another organisation', async () => {
    for (const path of ['/admin', '/admin/anvandare', '/admin/api-nycklar', `/admin/anvandare/${inviteeId}`]) {
      // A logged-out visit to a staff page goes to the login, with the way back (docs/security.md).
      const r = await request(base, 'GET', path, { headers: { accept: 'text/html' } });
      expect({ path, status: r.status, location: r.headers.get('location') }).toEqual({
        path,
        status: 303,
        location: `/login?next=${encodeURIComponent(path)}`,
      });
    }
    // A secretary's and a revisor's API keys are refused (403); another organisation's admin does not see the user (404).
    for (const apiKey of [t.sekA.apiKey, t.revisor.apiKey]) {
      expect((await request(base, 'GET', '/admin/anvandare', { apiKey, headers: { accept: 'text/html' } })).status).toBe(403);
      expect((await request(base, 'GET', '/admin/api-nycklar', { apiKey, headers: { accept: 'text/html' } })).status).toBe(403);
    }
    expect(
      (await request(base, 'GET', `/admin/anvandare/${inviteeId}`, { apiKey: other.admin.apiKey, headers: { accept: 'text/html' } }))
        .status,
    ).toBe(404);
    expect((await request(base, 'POST', `/admin/anvandare/${inviteeId}/aktivera`, { apiKey: other.admin.apiKey })).status).toBe(404);
    // The admin's own session, but no CSRF token: refused before anything changes.
    const cookie = (await adminCtx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const post = await request(base, 'POST', `/admin/anvandare/${inviteeId}/aktivera`, {
      cookie,
      body: new URLSearchParams({}).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.status).toBe(403);
    expect((await ds.query(`SELECT disabled FROM users WHERE id = $1`, [inviteeId]))[0].disabled).toBe(true);
  });
});
