import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CliCommand } from './command';

export const DEMO = {
  organisation: { slug: 'demo-kommun', name: 'Demo kommun' },
  organs: [
    { slug: 'kommunstyrelsen', name: 'Kommunstyrelsen', storagePlace: 'Kommunkansliet, Stadshuset' },
    { slug: 'bygg-och-miljonamnden', name: 'Bygg- och miljönämnden', storagePlace: 'Kommunkansliet, Stadshuset' },
  ],
  admin: { email: 'admin@demo-kommun.example', name: 'Demo Administratör' },
  secretary: { email: 'sekreterare@demo-kommun.example', name: 'Sara Sekreterare' },
};

/** The file (in dataDir, mode 0600) where seed-demo keeps the demo logins it last printed. */
export const DEMO_LOGINS_FILE = 'demo-logins.json';

interface DemoLogin {
  email: string;
  password: string;
}

/** The logins saved by an earlier run; an unreadable or foreign file counts as none. */
function readSavedLogins(file: string): Map<string, string> {
  const saved = new Map<string, string>();
  if (!existsSync(file)) return saved;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { accounts?: unknown };
    if (Array.isArray(parsed.accounts)) {
      for (const a of parsed.accounts as Partial<DemoLogin>[]) {
        if (a && typeof a.email === 'string' && typeof a.password === 'string') saved.set(a.email, a.password);
      }
    }
  } catch {
    // A broken file is replaced below; the passwords it held are simply set anew.
  }
  return saved;
}

/** Writes the logins readable by the owner only (0600), replacing the file in one step. */
function saveLogins(file: string, accounts: DemoLogin[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const body = {
    note: 'Demo logins written by `npm run cli -- seed-demo`; reused by seed-demo --keep.',
    accounts: accounts.map(({ email, password }) => ({ email, password })),
  };
  writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/**
 * `npm run cli -- seed-demo [--keep] [--json]`: the quick start's demo organisation with two organs,
 * an admin and a sekreterare. Idempotent. Without --keep every run sets new random passwords; with
 * --keep a demo user keeps the password saved in `<dataDir>/demo-logins.json` as long as it still
 * verifies against the stored hash (so `npm run quickstart` and `npm run demo` agree on the logins).
 * Either way the logins are printed and saved to that file (mode 0600) for the next --keep.
 */
export const seedDemoCommand: CliCommand = {
  name: 'seed-demo',
  summary: 'Skapa demoorganisation och konton / create the demo organisation and accounts',
  usage: 'npm run cli -- seed-demo [--keep] [--json]',
  async run(args) {
    // Loaded here, not at the top: TypeORM costs ~0.6 s that other commands should not pay.
    const { loadConfig } = await import('@justera/config');
    const { hashPassword, verifyPassword } = await import('@justera/auth');
    const { createDataSource, OrganEntity, OrganisationEntity, UserEntity, UserOrganEntity } = await import('@justera/persistence');
    // node:crypto too (with its streams it is ~50 ms of `cli help`).
    const { randomBytes, randomUUID } = await import('node:crypto');
    const keep = args.includes('--keep');
    const config = loadConfig();
    const loginsFile = join(config.dataDir, DEMO_LOGINS_FILE);
    const saved = keep ? readSavedLogins(loginsFile) : new Map<string, string>();
    const ds = createDataSource(config.database);
    await ds.initialize();
    try {
      const now = new Date();
      const result = await ds.transaction(async (m) => {
        let org = await m.findOneBy(OrganisationEntity, { slug: DEMO.organisation.slug });
        if (!org) {
          org = { id: randomUUID(), ...DEMO.organisation, createdAt: now };
          await m.insert(OrganisationEntity, org);
        }
        const organIds: string[] = [];
        for (const o of DEMO.organs) {
          let organ = await m.findOneBy(OrganEntity, { organisationId: org.id, slug: o.slug });
          if (!organ) {
            organ = { id: randomUUID(), organisationId: org.id, ...o, createdAt: now };
            await m.insert(OrganEntity, organ);
          }
          organIds.push(organ.id);
        }
        const accounts = [];
        for (const [who, role] of [
          [DEMO.admin, 'admin'],
          [DEMO.secretary, 'sekreterare'],
        ] as const) {
          let user = await m.findOneBy(UserEntity, { email: who.email });
          const previous = saved.get(who.email);
          const reuse = !!user && previous !== undefined && (await verifyPassword(previous, user.passwordHash));
          const password = reuse ? previous! : randomBytes(12).toString('base64url');
          if (!user) {
            const passwordHash = await hashPassword(password);
            user = {
              id: randomUUID(),
              organisationId: org.id,
              email: who.email,
              name: who.name,
              role,
              passwordHash,
              disabled: false,
              createdAt: now,
            };
            await m.insert(UserEntity, user);
          } else if (reuse) {
            await m.update(UserEntity, { id: user.id }, { disabled: false });
          } else {
            await m.update(UserEntity, { id: user.id }, { passwordHash: await hashPassword(password), disabled: false });
          }
          if (role === 'sekreterare') {
            // Adds the demo organs she lacks and keeps the rest: an organ an admin chose for her on
            // /admin/anvandare stays hers when the quick start seeds again.
            const has = new Set((await m.findBy(UserOrganEntity, { userId: user.id })).map((uo) => uo.organId));
            const missing = organIds.filter((organId) => !has.has(organId));
            if (missing.length)
              await m.insert(
                UserOrganEntity,
                missing.map((organId) => ({ userId: user!.id, organId })),
              );
          }
          accounts.push({ role, email: who.email, password });
        }
        return { organisation: org, organIds, accounts };
      });
      try {
        saveLogins(loginsFile, result.accounts);
      } catch (err) {
        // The logins are still printed below; only the next --keep will set new ones.
        process.stderr.write(
          `Kunde inte spara inloggningarna i ${loginsFile} (${(err as NodeJS.ErrnoException).code ?? 'fel'}); nästa --keep sätter nya lösenord.\n`,
        );
      }
      if (args.includes('--json')) {
        process.stdout.write(
          `${JSON.stringify({ organisationId: result.organisation.id, organIds: result.organIds, accounts: result.accounts })}\n`,
        );
      } else {
        process.stdout.write(`Demoorganisation: ${result.organisation.name} (${result.organisation.slug})\n`);
        for (const a of result.accounts) process.stdout.write(`  ${a.role.padEnd(12)} ${a.email}  lösenord: ${a.password}\n`);
      }
      return 0;
    } finally {
      await ds.destroy();
    }
  },
};
