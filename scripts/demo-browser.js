// `npm run demo -- --browser [protocol.json] [--out DIR] [--url URL] [--headless]`: the same justering as
// `npm run demo`, through the pages in Debian's Chromium (playwright-core, /usr/bin/chromium or
// CHROMIUM_PATH) against the running instance: the secretary logs in, uploads the protocol as a PDF
// with its signatories in the workspace and starts the justering; each signer opens the link from their
// mail in the development outbox and signs in a browser of their own; the secretary's protocol page
// follows the round live until the protocol is justerat and the notice is up; then the public notice.
// Headed (slowed down, to watch) when a display exists (DISPLAY or WAYLAND_DISPLAY) and --headless is
// not given; headless otherwise. Either way a screenshot of every step goes to DIR/skärmbilder/ and
// its path is printed, and the justerat PDF to DIR/justerat-protokoll.pdf.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync, readFileSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');

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

  // The protocol as a PDF made elsewhere: rendered from the protocol file by the CLI.
  const protocol = JSON.parse(readFileSync(o.protocolFile, 'utf8'));
  protocol.meeting.date = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  // Content of its own, so that its SHA-256 is not an earlier demo's.
  const tag = randomBytes(3).toString('hex');
  protocol.storagePlace = `${protocol.storagePlace || 'Kommunkansliet'} (demo ${tag})`;
  const work = mkdtempSync(join(tmpdir(), 'justera-demo-'));
  const json = join(work, 'protokoll.json');
  const pdf = join(work, 'protokoll.pdf');
  writeFileSync(json, JSON.stringify(protocol));
  const render = spawnSync(process.execPath, [join(o.root, 'scripts', 'cli.js'), 'render', json, pdf], { cwd: o.root, encoding: 'utf8' });
  if (render.status !== 0) fail(`kunde inte göra PDF:en av ${o.protocolFile}: ${render.stderr}`);
  const signers = (protocol.signatories || []).map((s) => ({ role: s.role, name: s.name, email: `${s.role}-${tag}@demo-kommun.example` }));
  if (signers.length < 3) fail('protokollet behöver sekreterare, ordförande och justerare bland signatories');

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

    // 2. Upload the protocol in the workspace, with its metadata and signatories.
    await page.getByRole('link', { name: 'Ladda upp en PDF' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ladda upp ett protokoll' }).waitFor();
    const organ = page.locator('#f-organId');
    if ((await organ.count()) && !(await organ.inputValue())) await organ.selectOption({ index: 1 });
    await page.locator('#f-title').fill(`Protokoll ${protocol.organ || ''} ${protocol.meeting.date}`.replace(/\s+/g, ' ').trim());
    await page.locator('#f-meetingDate').fill(protocol.meeting.date);
    if (protocol.meeting.startTime) await page.locator('#f-meetingTime').fill(String(protocol.meeting.startTime).slice(0, 5));
    const numbers = (protocol.paragraphs || []).map((p) => p.number).filter((n) => Number.isInteger(n));
    if (numbers.length) await page.locator('#f-paragraphs').fill(`§§ ${Math.min(...numbers)}–${Math.max(...numbers)}`);
    await page.locator('#f-storagePlace').fill(protocol.storagePlace);
    for (const [i, s] of signers.entries()) {
      await page.locator(`#f-signatories-${i}-name`).fill(s.name);
      await page.locator(`#f-signatories-${i}-email`).fill(s.email);
    }
    await page.locator('#f-file').setInputFiles(pdf);
    await shot(page, 'ladda-upp', 'Protokollet som PDF med uppgifter och signatärer');
    await page.getByRole('button', { name: 'Spara utkast' }).click();
    await page.waitForURL(/\/arbetsyta\/protokoll\/[0-9a-f-]{36}$/).catch(async () => {
      const errors = await page
        .locator('#error-summary')
        .textContent()
        .catch(() => '');
      fail(`protokollet sparades inte: ${errors || page.url()}`);
    });
    const protocolId = page.url().split('/').pop();
    say(`Protokoll sparat: ${base}/arbetsyta/protokoll/${protocolId}`);

    // 3. Start the justering.
    await page.getByRole('button', { name: 'Starta justeringen' }).click();
    await page.getByRole('heading', { level: 2, name: /Justeringen: pågår/ }).waitFor();
    await shot(page, 'startad', 'Justeringen är startad');

    // 4. Each signer, in a browser of their own, follows the link in their mail from the outbox.
    for (const s of signers) {
      let link;
      for (let i = 0; i < 300 && !link; i++) {
        const mails = await (await fetch(`${base}/dev/outbox/messages.json`)).json();
        const mail = mails.find((m) => m.to.some((t) => t.includes(s.email)) && m.links.some((l) => l.includes('/sign/')));
        link = mail && mail.links.find((l) => l.includes('/sign/'));
        if (!link) await new Promise((r) => setTimeout(r, 200));
      }
      if (!link) fail(`inget mejl till ${s.email} (kör arbetsprocessen? /dev/outbox kräver att SMTP_URL inte är satt)`);
      const signerCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
      const signer = await signerCtx.newPage();
      signer.setDefaultTimeout(30_000);
      await signer.goto(link);
      await signer.getByLabel(/Jag har läst protokollet/).check();
      await shot(signer, `signera-${s.role}`, `${s.name} (${s.role}) öppnar länken från sitt mejl`);
      await signer.getByRole('button', { name: 'Justera och signera' }).click();
      await signer.getByRole('heading', { level: 1, name: 'Du har signerat protokollet' }).waitFor();
      await shot(signer, `signerat-${s.role}`, `${s.name} har signerat`);
      await signerCtx.close();
    }

    // 5. The secretary's page follows without a reload: justerat, the documents, the notice.
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

    // 6. The notice on the public anslagstavla.
    if (await posted.count()) {
      await posted.click();
      await page.waitForLoadState();
      await shot(page, 'anslaget', `Anslaget på anslagstavlan: ${page.url()}`);
    } else say('  Anslaget sätts upp vid anslagstavlans anslagstimme (se protokollets sida).');
    await ctx.close();
    say('Klart.');
  } finally {
    await browser.close();
  }
}

module.exports = { runBrowserDemo };
