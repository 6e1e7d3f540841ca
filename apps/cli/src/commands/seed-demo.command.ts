import { randomBytes, randomUUID } from 'node:crypto';
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

/**
 * `npm run cli -- seed-demo`: the quick start's demo organisation with two organs, an admin and a
 * sekreterare. Idempotent; every run sets new random passwords and prints them (they are never stored
 * in clear, so a re-run is how you get in again).
 */
export const seedDemoCommand: CliCommand = {
  name: 'seed-demo',
  summary: 'Skapa demoorganisation och konton / create the demo organisation and accounts',
  usage: 'npm run cli -- seed-demo [--json]',
  async run(args) {
    // Loaded here, not at the top: TypeORM costs ~0.6 s that other commands should not pay.
    const { loadConfig } = await import('@justera/config');
    const { hashPassword } = await import('@justera/auth');
    const { createDataSource, OrganEntity, OrganisationEntity, UserEntity, UserOrganEntity } = await import('@justera/persistence');
    const config = loadConfig();
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
          const password = randomBytes(12).toString('base64url');
          const passwordHash = await hashPassword(password);
          let user = await m.findOneBy(UserEntity, { email: who.email });
          if (!user) {
            user = { id: randomUUID(), organisationId: org.id, email: who.email, name: who.name, role, passwordHash, disabled: false, createdAt: now };
            await m.insert(UserEntity, user);
          } else {
            await m.update(UserEntity, { id: user.id }, { passwordHash, disabled: false });
          }
          if (role === 'sekreterare') {
            await m.delete(UserOrganEntity, { userId: user.id });
            await m.insert(UserOrganEntity, organIds.map((organId) => ({ userId: user!.id, organId })));
          }
          accounts.push({ role, email: who.email, password });
        }
        return { organisation: org, organIds, accounts };
      });
      if (args.includes('--json')) {
        process.stdout.write(`${JSON.stringify({ organisationId: result.organisation.id, organIds: result.organIds, accounts: result.accounts })}\n`);
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
