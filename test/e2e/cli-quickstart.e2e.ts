/**
 * The CLI after the quick start (issue: "npm run cli -- ca export" failed with "JUSTERA_SECRET saknas").
 * A checkout's data/ is prepared the way `npm run quickstart` leaves it: the compiled CLI migrates and
 * seeds (creating data/secret through the shared AppConfig), and the api's KeysService creates the
 * development CA on first use. Then, in the same checkout with no variable set, the compiled CLI exports
 * that root (openssl reads its subject) and seals a PDF with that CA's seal (pdfsig trusts it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { verifyPassword } from '@justera/auth';
import { loadConfig } from '@justera/config';
import { KeysService } from '@justera/keys';
import { certificateFromPem } from '@justera/pades';
import { nssDbTrusting, pdfsig } from '../../libs/pades/src/testing/pdf-checks';
import { ROOT } from '../support/processes';

// A CommonJS script, as the quick start runs it (scripts are not compiled).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { quickstartEnv } = require('../../scripts/quickstart-env.js') as {
  quickstartEnv: (env: Record<string, string>, args: string[]) => Record<string, string>;
};

const CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

/** The environment of a person's shell: no Justera variable, no test database, no NODE_ENV. */
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(JUSTERA_|JUSTERING_|TEST_|DATABASE_|REDIS_|SMTP_|TSA_URL$|PUBLIC_URL$|PORT$|NODE_ENV$|npm_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

function cli(cwd: string, args: string[], input?: Buffer) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, env: plainEnv(), input, maxBuffer: 16 * 1024 * 1024 });
}

/** The logins as `seed-demo` prints them to the operator ("  admin        a@b  lösenord: x"). */
function printedLogins(stdout: string): Map<string, string> {
  return new Map([...stdout.matchAll(/^\s+\S+\s+(\S+@\S+)\s+lösenord: (\S+)$/gm)].map((m) => [m[1], m[2]]));
}

/**
 * Whether `password` verifies against the hash the checkout's database (the quick start's SQLite file)
 * holds for `email`: what the login form checks. Read with better-sqlite3 because this process's
 * entities are bound to the test's PostgreSQL dialect.
 */
async function passwordWorks(checkout: string, email: string, password: string): Promise<boolean> {
  const db = new Database(join(checkout, 'data', 'justera.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT password_hash AS hash FROM users WHERE email = ?').get(email) as { hash: string } | undefined;
    if (!row) throw new Error(`no user ${email}`);
    return await verifyPassword(password, row.hash);
  } finally {
    db.close();
  }
}

describe('CLI in a quick-start checkout', () => {
  let checkout: string;
  /** What `npm run quickstart` printed: e-mail → password. */
  let quickstartLogins: Map<string, string>;

  beforeAll(async () => {
    checkout = mkdtempSync(join(tmpdir(), 'justera-checkout-'));
    // What quickstart.js runs before it starts the api and the worker.
    for (const step of [['migrate'], ['seed-demo', '--keep']]) {
      const r = cli(checkout, step);
      expect({ step, status: r.status, stderr: r.stderr.toString() }).toMatchObject({ status: 0 });
      if (step[0] === 'seed-demo') quickstartLogins = printedLogins(r.stdout.toString());
    }
    expect([...quickstartLogins.keys()].sort()).toEqual(['admin@demo-kommun.example', 'sekreterare@demo-kommun.example']);
    expect(existsSync(join(checkout, 'data', 'secret'))).toBe(true);
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).drawText('Protokoll', { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
    writeFileSync(join(checkout, 'a.pdf'), await doc.save());
  }, 120_000);

  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  it('exports the root of the CA the api created, and seals with its seal, with no variable set', async () => {
    // The api process of the quick start: cwd = the checkout, no variable but what quickstart.js sets
    // (scripts/quickstart-env.js: the organisation's name for the demo it seeds); its KeysService
    // creates the CA.
    const apiKeys = new KeysService(loadConfig(quickstartEnv({}, []), checkout));
    const apiRoot = apiKeys.rootPem();
    expect(existsSync(join(checkout, 'data', 'ca', 'ca.bundle'))).toBe(true);

    const exported = cli(checkout, ['ca', 'export']);
    expect(exported.stderr.toString()).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout.toString()).toBe(apiRoot);
    const subject = spawnSync('openssl', ['x509', '-noout', '-subject'], { input: exported.stdout });
    expect(subject.status).toBe(0);
    expect(subject.stdout.toString()).toMatch(/^subject=.*O ?= ?Demo kommun/);

    const sealed = cli(checkout, ['seal', 'a.pdf', 'b.pdf']);
    expect(sealed.stderr.toString()).toContain('Stämplad');
    expect(sealed.status).toBe(0);
    const nss = await nssDbTrusting(certificateFromPem(apiRoot));
    try {
      const check = await pdfsig(nss, join(checkout, 'b.pdf'));
      expect(check.signatures).toHaveLength(1);
      expect(check.signatures[0]).toMatchObject({ valid: true, trusted: true, total: true });
    } finally {
      nss.cleanup();
    }
    // The input stays intact: the seal is an appended revision.
    const a = readFileSync(join(checkout, 'a.pdf'));
    expect(readFileSync(join(checkout, 'b.pdf')).subarray(0, a.length).equals(a)).toBe(true);
  }, 120_000);

  it("seals with an organisation's own seal (--organisation), the one the api puts on that organisation's documents", async () => {
    const org = new Database(join(checkout, 'data', 'justera.sqlite'), { readonly: true });
    const { id } = org.prepare('SELECT id FROM organisations WHERE slug = ?').get('demo-kommun') as { id: string };
    org.close();
    const sealed = cli(checkout, ['seal', 'a.pdf', 'c.pdf', '--organisation', 'demo-kommun']);
    expect(sealed.stderr.toString()).toContain('Stämplad med organisationens stämpel (Demo kommun)');
    expect(sealed.status).toBe(0);
    const nss = await nssDbTrusting(certificateFromPem(new KeysService(loadConfig({}, checkout)).rootPem()));
    try {
      const check = await pdfsig(nss, join(checkout, 'c.pdf'));
      expect(check.signatures).toHaveLength(1);
      expect(check.signatures[0]).toMatchObject({ valid: true, trusted: true, total: true });
      expect(check.signatures[0].text).toContain('Signer Certificate Common Name: Demo kommun elektronisk stämpel');
    } finally {
      nss.cleanup();
    }
    // The same certificate the api seals that organisation's documents with (in the CMS, hex in /Contents):
    // the CLI issued it into the installation's store, where the api finds it.
    const apiSeal = new KeysService(loadConfig({}, checkout)).seal({ id, name: 'Demo kommun' });
    expect(readFileSync(join(checkout, 'c.pdf')).toString('latin1').toLowerCase()).toContain(apiSeal.certificate.toString('hex'));

    const unknown = cli(checkout, ['seal', 'a.pdf', 'd.pdf', '--organisation', 'ingen-sadan']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr.toString()).toContain('Ingen organisation har kortnamnet ingen-sadan.');
    expect(existsSync(join(checkout, 'd.pdf'))).toBe(false);
  }, 120_000);

  it('keeps the logins quickstart printed working after `npm run demo` seeds again (--keep)', async () => {
    // scripts/demo.js seeds with --keep --json before it logs in.
    const demo = cli(checkout, ['seed-demo', '--keep', '--json']);
    expect(demo.stderr.toString()).toBe('');
    expect(demo.status).toBe(0);
    const demoLogins = new Map(
      (JSON.parse(demo.stdout.toString()) as { accounts: { email: string; password: string }[] }).accounts.map((a) => [
        a.email,
        a.password,
      ]),
    );
    expect(demoLogins).toEqual(quickstartLogins);
    for (const [email, password] of quickstartLogins)
      expect({ email, works: await passwordWorks(checkout, email, password) }).toEqual({ email, works: true });
    // A second quickstart prints the same logins again.
    const again = cli(checkout, ['seed-demo', '--keep']);
    expect(printedLogins(again.stdout.toString())).toEqual(quickstartLogins);
    // The saved logins are readable by their owner only.
    expect(statSync(join(checkout, 'data', 'demo-logins.json')).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('keeps the organs an admin gave the demo secretary when the quick start seeds again (--keep)', () => {
    // An admin adds an organ and chooses it for the demo secretary on /admin/anvandare.
    const db = new Database(join(checkout, 'data', 'justera.sqlite'));
    const organId = '00000000-0000-4000-8000-00000000c0de';
    try {
      const { id: userId, organisation_id: orgId } = db
        .prepare('SELECT id, organisation_id FROM users WHERE email = ?')
        .get('sekreterare@demo-kommun.example') as { id: string; organisation_id: string };
      db.prepare('INSERT INTO organs (id, organisation_id, slug, name, created_at) VALUES (?, ?, ?, ?, ?)').run(
        organId,
        orgId,
        'kulturnamnden',
        'Kulturnämnden',
        new Date().toISOString(),
      );
      db.prepare('INSERT INTO user_organs (user_id, organ_id) VALUES (?, ?)').run(userId, organId);
    } finally {
      db.close();
    }
    expect(cli(checkout, ['seed-demo', '--keep']).status).toBe(0);
    const after = new Database(join(checkout, 'data', 'justera.sqlite'), { readonly: true });
    try {
      const organs = after
        .prepare(
          'SELECT o.slug FROM user_organs uo JOIN organs o ON o.id = uo.organ_id JOIN users u ON u.id = uo.user_id WHERE u.email = ? ORDER BY o.slug',
        )
        .all('sekreterare@demo-kommun.example') as { slug: string }[];
      // The demo organs are still hers, and so is the one the admin gave her (the seed deleted it).
      expect(organs.map((o) => o.slug)).toEqual(['bygg-och-miljonamnden', 'kommunstyrelsen', 'kulturnamnden']);
    } finally {
      after.close();
    }
  }, 120_000);

  it('sets and saves a new password when the saved one no longer verifies, and always without --keep', async () => {
    const admin = 'admin@demo-kommun.example';
    // Without --keep: new passwords (the old "run it again to get in" behaviour), saved for the next --keep.
    const fresh = printedLogins(cli(checkout, ['seed-demo']).stdout.toString());
    expect(fresh.get(admin)).not.toBe(quickstartLogins.get(admin));
    expect(await passwordWorks(checkout, admin, quickstartLogins.get(admin)!)).toBe(false);
    expect(await passwordWorks(checkout, admin, fresh.get(admin)!)).toBe(true);
    expect(printedLogins(cli(checkout, ['seed-demo', '--keep']).stdout.toString())).toEqual(fresh);

    // The saved password no longer matches the hash (someone changed it): --keep sets a new one that works.
    const file = join(checkout, 'data', 'demo-logins.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { accounts: { email: string; password: string }[] };
    saved.accounts.find((a) => a.email === admin)!.password = 'inte-det-riktiga-lösenordet';
    writeFileSync(file, JSON.stringify(saved));
    const next = printedLogins(cli(checkout, ['seed-demo', '--keep']).stdout.toString());
    expect(next.get(admin)).not.toBe(fresh.get(admin));
    expect(next.get(admin)).not.toBe('inte-det-riktiga-lösenordet');
    expect(await passwordWorks(checkout, admin, next.get(admin)!)).toBe(true);
    expect(next.get('sekreterare@demo-kommun.example')).toBe(fresh.get('sekreterare@demo-kommun.example'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 120_000);

  it('names the variable when the configuration is wrong, instead of a stack trace', () => {
    const r = spawnSync(process.execPath, [CLI, 'ca', 'export'], { cwd: checkout, env: { ...plainEnv(), JUSTERING_REMINDER_MAX: 'tre' } });
    expect(r.status).toBe(1);
    expect(r.stdout.toString()).toBe('');
    expect(r.stderr.toString()).toContain('JUSTERING_REMINDER_MAX must be a whole number');
  });
});
