// `npm run demo -- --browser [protocol.json] [--out DIR] [--url URL] [--headless]`: the same justering as
// `npm run demo`, through the pages in Debian's Chromium (playwright-core, /usr/bin/chromium or
// CHROMIUM_PATH) against the running instance: the secretary logs in, writes the protocol in the
// editor (meeting, members, the first §§ and the signatories of the protocol file) and starts the
// justering; each signer opens the link from their mail in the development outbox in a browser of
// their own; the sekreterare signs, the ordförande asks for a change, the secretary corrects it in the
// editor and freezes version 2, and all sign it; the secretary's protocol page follows the round live
// until the protocol is justerat and the notice is up; then the public notice.
// Headed (slowed down, to watch) when a display exists (DISPLAY or WAYLAND_DISPLAY) and --headless is
// not given; headless otherwise. Either way a screenshot of every step goes to DIR/skärmbilder/ and
// its path is printed, and the justerat PDF to DIR/justerat-protokoll.pdf.
const { existsSync, mkdirSync, writeFileSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');

/** The roles as the console says them (libs/sv roleSv's words; the file names keep the ASCII role). */
const ROLE_SV = { sekreterare: 'sekreterare', ordforande: 'ordförande', justerare: 'justerare' };
const roleSv = (role) => ROLE_SV[role] || role;

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * @param {{ base: string, outDir: string, protocolFile: string, creds: { accounts: { role: string, email: string, password: string }[] }, root: string, headless: boolean, say: (s: string) => void, fail: (s: string) => never }} o
 */
async function runBrowserDemo(o) {
  const { base, outDir, say, fail } = o;
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch {
    fail('playwright-core saknas (kör npm ci)');
  }
  if (!existsSync(CHROMIUM)) fail(`hittar ingen Chromium på ${CHROMIUM} (apt-get install chromium, eller sätt CHROMIUM_PATH)`);
  const secretary = o.creds.accounts.find((a) => a.role === 'sekreterare') || o.creds.accounts.find((a) => a.role === 'admin');
  if (!secretary) fail('seed-demo gav ingen sekreterare');

  // The protocol the demo writes in the editor: the protocol file's meeting, members and first §§.
  const protocol = JSON.parse(readFileSync(o.protocolFile, 'utf8'));
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  // Addresses of its own, so that this run's mails are told from an earlier demo's.
  const tag = randomBytes(3).toString('hex');
  const signers = (protocol.signatories || []).map((s) => ({ role: s.role, name: s.name, email: `${s.role}-${tag}@demo-kommun.example` }));
  if (signers.length < 3) fail('protokollet behöver sekreterare, ordförande och justerare bland signatories');
  const paragraphs = (protocol.paragraphs || []).slice(0, 3).map((p) => ({ title: p.title, text: plainText(p.sections) || p.title }));
  const members = (protocol.members || []).slice(0, 6);

  const shots = join(outDir, 'skärmbilder');
  mkdirSync(shots, { recursive: true });
  let step = 0;
  const shot = async (page, name, what) => {
    step += 1;
    const file = join(shots, `${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    say(`  ${what}\n    ${file}`);
  };

  const headed = !o.headless;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !headed,
    slowMo: headed ? 300 : 0,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  say(`Webbläsaren körs ${headed ? 'med fönster' : 'utan fönster (headless)'}; skärmbilderna sparas i ${shots}`);
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', acceptDownloads: true });
    const page = await ctx.newPage();
    page.setDefaultTimeout(30_000);

    // 1. The secretary logs in and lands on the start page.
    await page.goto(`${base}/login`);
    await page.getByLabel('E-postadress').fill(secretary.email);
    await page.getByLabel('Lösenord').fill(secretary.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${base}/`).catch(() => fail(`inloggningen som ${secretary.email} misslyckades (${page.url()})`));
    await shot(page, 'startsidan', `Inloggad som ${secretary.email}: startsidan`);

    // 2. Write the protocol in the editor (the workspace saves the draft as it is written).
    await page
      .getByRole('link', { name: /Skriv ett protokoll/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Skriv ett protokoll' }).waitFor();
    const organ = page.locator('#f-organId');
    await organ.waitFor();
    if (!(await organ.inputValue())) {
      // The protocol file's organ when the installation has it, else the first.
      const names = await organ.locator('option').allTextContents();
      const own = names.findIndex((n) => protocol.organ && n.trim() === String(protocol.organ).trim());
      await organ.selectOption({ index: own > 0 ? own : 1 });
    }
    await page.getByRole('button', { name: 'Börja med ett tomt protokoll' }).click();
    await page.waitForURL(/\/arbetsyta\/protokoll\/[0-9a-f-]{36}\/redigera$/);
    const protocolId = page.url().split('/').slice(-2)[0];
    const fillIfEmpty = async (selector, value) => {
      const field = page.locator(selector);
      if (value && (await field.count()) && !(await field.inputValue())) await field.fill(String(value));
    };
    await page.locator('#f-meeting-date').waitFor(); // the editor has loaded the draft
    await fillIfEmpty('#f-organisation', protocol.organisation);
    await page.locator('#f-meeting-date').fill(today);
    await fillIfEmpty('#f-meeting-startTime', String(protocol.meeting.startTime || '').slice(0, 5));
    await fillIfEmpty('#f-meeting-place', protocol.meeting.place || 'Kommunhuset');
    await fillIfEmpty('#f-storagePlace', protocol.storagePlace || 'Kommunkansliet');
    for (const [i, m] of members.entries()) {
      if (!(await page.locator(`#f-members-${i}-name`).count())) await page.getByRole('button', { name: 'Lägg till beslutande' }).click();
      await page.locator(`#f-members-${i}-name`).fill(m.name);
      if (m.party) await page.locator(`#f-members-${i}-party`).fill(m.party);
    }
    for (const [i, p] of paragraphs.entries()) {
      if (!(await page.locator(`#f-paragraphs-${i}-title`).count())) await page.getByRole('button', { name: 'Lägg till paragraf' }).click();
      await page.locator(`#f-paragraphs-${i}-title`).fill(p.title);
      await page.locator(`#f-paragraphs-${i}-sections-0-content`).click();
      await page.keyboard.type(p.text);
    }
    for (const [i, s] of signers.entries()) {
      await page.locator(`#f-signatories-${i}-name`).fill(s.name);
      await page.locator(`#f-signatories-${i}-email`).fill(s.email);
    }
    await page.getByRole('button', { name: 'Spara nu' }).click();
    await page
      .getByRole('heading', { name: /Kvar innan protokollet kan justeras/ })
      .waitFor({ state: 'detached' })
      .catch(async () => {
        const missing = await page
          .getByRole('heading', { name: /Kvar innan protokollet kan justeras/ })
          .locator('xpath=..')
          .innerText()
          .catch(() => '');
        await page.screenshot({ path: join(shots, 'fel-redigeraren.png'), fullPage: true }).catch(() => undefined);
        fail(`protokollet är inte komplett (${join(shots, 'fel-redigeraren.png')}): ${missing.replace(/\s+/g, ' ')}`);
      });
    await page.locator('iframe[title="Förhandsgranskning av protokollet som PDF"]').waitFor();
    await shot(page, 'skriv', 'Protokollet skrivet i redigeraren, med förhandsgranskning');
    await page.getByRole('link', { name: /Till protokollets sida/ }).click();
    await page.waitForURL(new RegExp(`/arbetsyta/protokoll/${protocolId}$`));
    say(`Protokoll sparat: ${base}/arbetsyta/protokoll/${protocolId}`);

    // 3. Start the justering.
    await page.getByRole('button', { name: 'Starta justeringen' }).click();
    await page.getByRole('button', { name: 'Ja, starta och skicka länkarna' }).click();
    await page.getByRole('heading', { level: 2, name: /Justeringen: pågår/ }).waitFor();
    await shot(page, 'startad', 'Justeringen är startad');

    // 4. Each signer, in a browser of their own, follows the newest link in their mail from the outbox.
    const used = new Set();
    // `since`: only mails made after that instant (version 2's, not an unused link to version 1).
    const linkFor = async (s, since = '') => {
      for (let i = 0; i < 300; i++) {
        const mails = await (await fetch(`${base}/dev/outbox/messages.json`)).json();
        const link = mails
          .filter((m) => m.to.some((t) => t.includes(s.email)) && String(m.createdAt) >= since)
          .flatMap((m) => m.links.filter((l) => l.includes('/sign/')))
          .find((l) => !used.has(l));
        if (link) {
          used.add(link);
          return link;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      return fail(`inget nytt mejl till ${s.email} (kör arbetsprocessen? /dev/outbox kräver att SMTP_URL inte är satt)`);
    };
    const asSigner = async (s, fn, since) => {
      const signerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
      const signer = await signerCtx.newPage();
      signer.setDefaultTimeout(30_000);
      try {
        await signer.goto(await linkFor(s, since));
        await fn(signer);
      } finally {
        await signerCtx.close();
      }
    };
    const sign = (s, version, since) =>
      asSigner(
        s,
        async (signer) => {
          await signer.getByLabel(/Jag har läst protokollet/).check();
          await shot(signer, `signera-${s.role}-v${version}`, `${s.name} (${roleSv(s.role)}) öppnar länken till version ${version} från sitt mejl`);
          await signer.getByRole('button', { name: 'Justera och signera' }).click();
          await signer.getByRole('heading', { level: 1, name: 'Du har signerat protokollet' }).waitFor();
        },
        since,
      );
    const [first, second] = signers;
    await sign(first, 1);
    // The second (the ordförande) asks for a change instead of signing.
    const change = 'Rubriken i § 1 ska ha ordet "beslut".';
    await asSigner(second, async (signer) => {
      await signer.getByLabel('Vad behöver ändras?').fill(change);
      await signer.getByRole('button', { name: 'Begär ändring' }).click();
      await signer.getByRole('heading', { level: 1, name: 'En ändring har begärts' }).waitFor();
      await shot(signer, `andring-${second.role}`, `${second.name} (${roleSv(second.role)}) begär en ändring`);
    });

    // 5. The secretary corrects in the editor, sees the difference § by § and freezes version 2,
    // which mails every signer the change request and what was changed.
    await page.bringToFront();
    await page.getByRole('link', { name: 'Rätta i redigeraren' }).click({ timeout: 60_000 });
    await page.getByRole('heading', { level: 1, name: 'Rätta protokollet' }).waitFor();
    await page.locator('#f-paragraphs-0-title').fill(`${paragraphs[0].title}, beslut`);
    await page.locator('#f-reason').fill('Rubriken i den första paragrafen är rättad enligt ordförandens begäran.');
    await shot(page, 'ratta', 'Sekreteraren rättar och ser skillnaden paragraf för paragraf');
    const frozenAt = new Date().toISOString();
    await page.getByRole('button', { name: 'Frys ny version och skicka' }).click();
    await page.waitForURL(new RegExp(`/arbetsyta/protokoll/${protocolId}$`));
    await page.getByText('Version 2 är fryst', { exact: false }).waitFor();
    await shot(page, 'version-2', 'Version 2 är fryst och skickad till undertecknarna');
    for (const s of signers) await sign(s, 2, frozenAt);

    // 6. The secretary's page follows without a reload: justerat, the documents, the notice.
    await page.bringToFront();
    await page.getByRole('heading', { level: 2, name: /Justeringen: justerat/ }).waitFor({ timeout: 120_000 });
    await page.getByRole('heading', { level: 2, name: 'Anslag' }).waitFor({ timeout: 120_000 });
    // The notice goes up at once, or at the board's posting hour ("sätts upp automatiskt …").
    const posted = page.getByRole('link', { name: 'Anslaget på anslagstavlan' });
    await posted.waitFor({ timeout: 30_000 }).catch(() => undefined);
    await shot(page, 'justerat', 'Protokollet är justerat: dokumenten, anslaget och dess datum');

    // The justerat PDF, exactly the bytes of its link.
    const href = await page.getByRole('link', { name: 'Justerat protokoll', exact: true }).getAttribute('href');
    const res = await ctx.request.get(`${base}${href}`);
    if (!res.ok()) fail(`kunde inte hämta det justerade protokollet (${res.status()})`);
    writeFileSync(join(outDir, 'justerat-protokoll.pdf'), await res.body());
    say(`  Det justerade protokollet: ${join(outDir, 'justerat-protokoll.pdf')} (SHA-256 ${res.headers()['x-content-sha256']})`);

    // 7. The notice on the public anslagstavla.
    if (await posted.count()) {
      await posted.click();
      await page.waitForLoadState();
      await shot(page, 'anslaget', `Anslaget på anslagstavlan: ${page.url()}`);
    } else say('  Anslaget sätts upp vid anslagstavlans anslagstimme (se protokollets sida).');
    await ctx.close();
    say('Klart.');
  } catch (err) {
    // What the pages showed when a step failed, for the person running the demo.
    for (const c of browser.contexts())
      for (const p of c.pages())
        await p.screenshot({ path: join(shots, `fel-${c.pages().indexOf(p) + 1}.png`), fullPage: true }).catch(() => undefined);
    say(`Ett steg misslyckades; skärmbilder av sidorna då: ${join(shots, 'fel-*.png')}`);
    throw err;
  } finally {
    await browser.close();
  }
}

/** The plain text of a §'s sections (rich text blocks), shortened for typing: the demo writes it in the editor. */
function plainText(sections) {
  const out = [];
  const walk = (node) => {
    if (!node || out.join(' ').length > 300) return;
    if (typeof node === 'string') return void out.push(node);
    if (Array.isArray(node)) return void node.forEach(walk);
    if (typeof node.text === 'string') out.push(node.text);
    for (const k of ['content', 'items', 'children', 'rows', 'cells']) if (node[k]) walk(node[k]);
  };
  walk(sections || []);
  const text = out.join(' ').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300).replace(/\s\S*$/, '')} …` : text;
}

module.exports = { runBrowserDemo };
