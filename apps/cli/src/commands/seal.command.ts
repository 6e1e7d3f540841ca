/**
 * `npm run cli -- seal <in.pdf> <out.pdf> [--reason TEXT] [--visible]`: seals any PDF with the
 * organisation's electronic seal in one appended revision (the input stays byte-for-byte intact).
 * The seal key comes from the validated configuration, as in the api and the worker (JUSTERA_SEAL_P12,
 * or the CA of JUSTERA_CA_P12, or the development bundle under <data>/ca encrypted with the
 * installation's secret — JUSTERA_SECRET or the quick start's data/secret): see docs/signatures.md. With
 * --tsa URL (or TSA_URL / JUSTERA_TSA_URL) the seal carries an RFC 3161 signature time-stamp (PAdES B-T).
 * With --organisation SLUG the seal is that organisation's own (the one the api puts on its documents,
 * naming the organisation as stored in the database), else the installation's seal.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliCommand, UsageError } from './command';

const usage = [
  'Användning: npm run cli -- seal <in.pdf> <ut.pdf> [--reason TEXT] [--visible] [--tsa URL] [--organisation KORTNAMN]',
  '',
  '  --reason TEXT   skälet som skrivs i stämpeln (standard: "Elektroniskt stämplad av organisationen")',
  '  --visible       en liten synlig stämpel nere till vänster på sista sidan (annars osynlig)',
  '  --tsa URL       tidsstämpla stämpeln hos en RFC 3161-tidsstämpeltjänst (standard: TSA_URL om satt)',
  '  --organisation KORTNAMN',
  '                  stämpla med den organisationens egen stämpel (som på dess protokoll), t.ex. demo-kommun;',
  '                  utan flaggan används installationens stämpel',
].join('\n');

export const sealCommand: CliCommand = {
  name: 'seal',
  summary: 'Stämpla en PDF med organisationens elektroniska stämpel (PAdES)',
  usage,
  async run(args: string[]): Promise<number> {
    // Loaded here, not at the top, so other commands start without node-forge.
    const { formatStockholm, loadOrganisationSeal, sealPdfFile, TsaClient } = await import('@justera/pades');
    const files: string[] = [];
    let reason = 'Elektroniskt stämplad av organisationen';
    let visible = false;
    let tsaUrl: string | undefined;
    let organisationSlug: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--reason') {
        if (args[i + 1] === undefined) throw new UsageError('--reason kräver en text');
        reason = args[++i];
      } else if (a === '--visible') visible = true;
      else if (a === '--tsa') {
        if (args[i + 1] === undefined) throw new UsageError('--tsa kräver en URL');
        tsaUrl = args[++i];
      } else if (a === '--organisation') {
        if (args[i + 1] === undefined) throw new UsageError('--organisation kräver organisationens kortnamn');
        organisationSlug = args[++i];
      } else if (a.startsWith('--')) throw new UsageError(`Okänd flagga: ${a}`);
      else files.push(a);
    }
    if (files.length !== 2) throw new UsageError('Ange en indatafil och en utdatafil.');
    const [input, output] = files.map((f) => resolve(f));
    if (!existsSync(input)) throw new UsageError(`Filen finns inte: ${input}`);
    if (input === output) throw new UsageError('Utdatafilen måste vara en annan fil än indatafilen.');
    const { keystoreInput, loadConfig } = await import('@justera/config');
    const config = loadConfig();
    tsaUrl ??= config.tsaUrl;
    const organisation = organisationSlug === undefined ? undefined : await findOrganisation(config, organisationSlug);
    const seal = loadOrganisationSeal(keystoreInput(config), { create: true, ...(organisation ? { organisation } : {}) });
    const now = new Date();
    await sealPdfFile(input, output, seal, {
      reason,
      time: now,
      visibleLines: visible ? ['Elektroniskt stämplad', reason, formatStockholm(now)] : undefined,
      tsa: tsaUrl ? new TsaClient(tsaUrl) : undefined,
    });
    process.stderr.write(`Stämplad${organisation ? ` med organisationens stämpel (${organisation.name})` : ''}: ${output}\n`);
    return 0;
  },
};

/** The organisation of the database with this kortnamn (slug): its id and its name as stored. */
async function findOrganisation(config: import('@justera/config').AppConfig, slug: string): Promise<{ id: string; name: string }> {
  const { createDataSource, OrganisationEntity } = await import('@justera/persistence');
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    const found = await ds.getRepository(OrganisationEntity).findOneBy({ slug });
    if (!found) throw new UsageError(`Ingen organisation har kortnamnet ${slug}.`);
    return { id: found.id, name: found.name };
  } finally {
    await ds.destroy();
  }
}
