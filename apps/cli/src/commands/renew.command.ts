/**
 * `npm run cli -- renew <in.pdf> <out.pdf> [--tsa URL] [--if-due DAYS]`: PAdES-LTA renewal of one
 * file. Appends a DSS (the CA chain, fresh CRLs, the certificates of every time-stamping unit in the
 * file) and a new document time-stamp, so the proof outlives the previous time-stamp's certificate.
 * The time-stamp comes from --tsa, else TSA_URL, else the installation's own time-stamping unit
 * (created under JUSTERA_CA_DIR when missing). The renewal itself is `renewArchive` of @justera/pades,
 * the same function the worker's daily `maintenance.renew-archives` job runs on stored justerat
 * documents. See docs/signatures.md, "Archive renewal".
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliCommand, UsageError } from './command';

const usage = [
  'Användning: npm run cli -- renew <in.pdf> <ut.pdf> [--tsa URL] [--if-due DAGAR]',
  '',
  '  Förnyar bevisningen i en justerad PDF (PAdES-LTA): lägger till valideringsdata (DSS) och en ny',
  '  dokumenttidsstämpel innan den senaste tidsstämpelns certifikat (eller algoritm) slutar gälla.',
  '  --tsa URL       tidsstämpla hos en RFC 3161-tjänst (standard: TSA_URL, annars installationens egen enhet)',
  '  --if-due DAGAR  förnya bara om skyddet upphör inom så många dagar (annars skrivs ingen fil; slutkod 3)',
].join('\n');

export const renewCommand: CliCommand = {
  name: 'renew',
  summary: 'Förnya en justerad PDF:s långtidsbevis (ny DSS och dokumenttidsstämpel, PAdES-LTA)',
  usage,
  async run(args: string[]): Promise<number> {
    const { archiveStatus, loadCertificateAuthority, loadTimestampUnit, LocalTimestampAuthority, renewArchive, TsaClient } = await import('@justera/pades');
    const files: string[] = [];
    let tsaUrl: string | undefined;
    let ifDueDays: number | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--tsa') {
        if (args[i + 1] === undefined) throw new UsageError('--tsa kräver en URL');
        tsaUrl = args[++i];
      } else if (a === '--if-due') {
        const n = Number(args[++i]);
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--if-due kräver ett antal dagar');
        ifDueDays = n;
      } else if (a.startsWith('--')) throw new UsageError(`Okänd flagga: ${a}`);
      else files.push(a);
    }
    if (files.length !== 2) throw new UsageError('Ange en indatafil och en utdatafil.');
    const [input, output] = files.map((f) => resolve(f)) as [string, string];
    if (!existsSync(input)) throw new UsageError(`Filen finns inte: ${input}`);
    if (input === output) throw new UsageError('Utdatafilen måste vara en annan fil än indatafilen.');
    const pdf = readFileSync(input);
    const now = new Date();
    let status;
    try {
      status = archiveStatus(pdf, now, (ifDueDays ?? 0) * 24 * 3600_000);
    } catch (e) {
      throw new UsageError(`Filen kan inte läsas som PDF: ${(e as Error).message}`);
    }
    const until = status.protectedUntil ? status.protectedUntil.toISOString().slice(0, 10) : 'ingen dokumenttidsstämpel';
    if (ifDueDays !== undefined && !status.renewalDue) {
      process.stderr.write(`Ingen förnyelse behövs: skyddet gäller till ${until}.\n`);
      return 3;
    }
    const { keystoreInput, loadConfig } = await import('@justera/config');
    const config = loadConfig();
    tsaUrl ??= config.tsaUrl;
    const keystore = keystoreInput(config);
    const { ca } = loadCertificateAuthority(keystore, { create: false });
    const tsa = tsaUrl ? new TsaClient(tsaUrl) : new LocalTimestampAuthority(loadTimestampUnit(keystore, { create: true, now, ca }));
    const { pdf: renewed, after } = await renewArchive(pdf, { ca, tsa, now });
    writeFileSync(output, renewed);
    process.stderr.write(`Förnyad: ${output} (skyddet gällde till ${until}, nu till ${after.protectedUntil?.toISOString().slice(0, 10) ?? 'okänt'}).\n`);
    return 0;
  },
};
