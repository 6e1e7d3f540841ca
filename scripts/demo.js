#!/usr/bin/env node
// `npm run demo -- [protocol.json] [--out DIR] [--url URL] [--browser [--headless]]`: one whole justering against the running
// quick-start instance, the way people do it: the demo admin logs in, creates the protocol and starts
// the justering; each signer's mail is read from the development outbox (/dev/outbox/messages.json),
// its link followed and the protocol signed on the page. Writes the final PDF, the status and the
// audit trail to DIR (default ./demo-out). With --browser the same through the pages in Chromium
// (scripts/demo-browser.js), with a screenshot of every step in DIR/skärmbilder.
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { randomBytes } = require('node:crypto');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const browser = flag('--browser');
const headless = flag('--headless') || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const outDir = resolve(opt('--out', 'demo-out'));
const base = opt('--url', process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '');
const protocolFile = args[0] || join(root, 'test', 'fixtures', 'protocols', 'halsingeradet-protokoll-627-638.json');

const say = (s) => process.stdout.write(`${s}\n`);
const fail = (s) => {
  process.stderr.write(`demo: ${s}\n`);
  process.exit(1);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const health = await fetch(`${base}/health`).catch(() => null);
  if (!health || !health.ok) fail(`ingen Justera-server svarar på ${base} (starta den med npm run quickstart)`);

  // The demo credentials: the seed is idempotent and, with --keep, reuses the passwords the quick start
  // printed (saved in data/demo-logins.json) while they still verify, so those logins keep working.
  const seed = spawnSync(process.execPath, [join(root, 'scripts', 'cli.js'), 'seed-demo', '--keep', '--json'], { cwd: root, encoding: 'utf8' });
  if (seed.status !== 0) fail(`seed-demo misslyckades: ${seed.stderr}`);
  const creds = JSON.parse(seed.stdout.trim().split('\n').pop());
  if (browser) {
    mkdirSync(outDir, { recursive: true });
    const { runBrowserDemo } = require('./demo-browser');
    await runBrowserDemo({ base, outDir, protocolFile, creds, root, headless, say, fail });
    process.exit(0);
  }
  const admin = creds.accounts.find((a) => a.role === 'admin');

  // Log in like a person: the login form, then the session cookie and the page's CSRF token.
  const login = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: admin.email, password: admin.password, next: '/justering' }).toString() });
  const cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie')]).filter(Boolean).map((c) => c.split(';')[0]).join('; ');
  if (login.status !== 303 || !cookie) fail(`inloggningen misslyckades (${login.status})`);
  const home = await (await fetch(`${base}/justering`, { headers: { cookie } })).text();
  const csrf = home.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!csrf) fail('hittade ingen CSRF-token på sidan');
  const api = async (method, path, json) => {
    const r = await fetch(`${base}${path}`, { method, headers: { cookie, 'x-csrf-token': csrf, accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined });
    const text = await r.text();
    if (!r.ok) fail(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };

  const protocol = JSON.parse(readFileSync(protocolFile, 'utf8'));
  protocol.meeting.date = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
  const tag = randomBytes(3).toString('hex');
  const signatories = (protocol.signatories || []).map((s) => ({ role: s.role, name: s.name, email: `${s.role}-${tag}@demo-kommun.example` }));
  const created = await api('POST', '/api/protocols', { organId: creds.organIds[0], protocol });
  say(`Protokoll skapat: ${created.title} (${created.id})`);
  let status = await api('POST', `/api/protocols/${created.id}/justering`, { order: 'sequential', signatories });
  const round = status.rounds[0];
  say(`Justering startad: version ${round.version.number}, SHA-256 ${round.version.sha256}, sista dag ${round.deadline}`);

  for (const s of round.signatories) {
    let link;
    for (let i = 0; i < 300 && !link; i++) {
      const mails = await (await fetch(`${base}/dev/outbox/messages.json`)).json();
      const mail = mails.find((m) => m.to.some((t) => t.includes(s.email)) && m.links.some((l) => l.includes('/sign/')));
      link = mail && mail.links.find((l) => l.includes('/sign/'));
      if (!link) await sleep(200);
    }
    if (!link) fail(`inget mejl till ${s.email} (kör arbetsprocessen? /dev/outbox kräver att SMTP_URL inte är satt)`);
    const page = await (await fetch(link)).text();
    const sha = page.match(/name="sha256" value="([0-9a-f]{64})"/)?.[1];
    if (!sha) fail(`signeringssidan för ${s.name} visar inget formulär`);
    const r = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'sign', confirm: 'ja', sha256: sha }).toString() });
    if (r.status !== 200) fail(`signeringen av ${s.name} misslyckades (${r.status})`);
    say(`  ${s.roleSv} ${s.name} har signerat via länken i sitt mejl`);
  }

  // The approvals are recorded at once; the worker appends the digital signatures (justering.sign)
  // and then completes the round. Wait for it (a minute at most; a TSA that does not answer shows here).
  const until = Date.now() + 60_000;
  status = await api('GET', `/api/protocols/${created.id}/status`);
  while (status.rounds[0].status === 'signing' && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    status = await api('GET', `/api/protocols/${created.id}/status`);
  }
  if (status.rounds[0].status === 'signing') say(`  underskrifterna läggs fortfarande in: ${status.rounds[0].signing.error || 'ingen felorsak rapporterad'}`);
  else say('  arbetaren har lagt in de digitala underskrifterna i PDF:en');
  const audit = await api('GET', `/api/protocols/${created.id}/audit`);
  const pdf = await fetch(`${base}/api/protocols/${created.id}/justering/${round.id}/document.pdf`, { headers: { cookie } });
  if (!pdf.ok) fail(`kunde inte hämta PDF:en (${pdf.status})`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'justerat-protokoll.pdf'), Buffer.from(await pdf.arrayBuffer()));
  writeFileSync(join(outDir, 'status.json'), `${JSON.stringify(status, null, 2)}\n`);
  writeFileSync(join(outDir, 'audit.json'), `${JSON.stringify(audit, null, 2)}\n`);
  say(`Klart: ${status.rounds[0].statusSv}; händelseloggen ${audit.verification.ok ? 'verifierad' : 'FEL'} (${audit.verification.count} händelser).`);
  say(`Filer i ${outDir}: justerat-protokoll.pdf, status.json, audit.json`);
  process.exit(status.rounds[0].status === 'completed' && audit.verification.ok ? 0 : 1);
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
