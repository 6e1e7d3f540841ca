/**
 * `npm run cli -- validate <fil.pdf> [--trust <rot.pem>]… [--at <tid>] [--json] [--html]`: checks a signed PDF
 * offline (no server, no database) and prints the Swedish report, or the JSON report.
 * Exit code 0 only for GILTIG, 1 for every other verdict, 2 for usage errors.
 */
import { readFileSync } from 'node:fs';
import { CliCommand, UsageError } from './command';

const usage = [
  'Användning: npm run cli -- validate <fil.pdf> [--trust <rotcertifikat.pem>]… [--at <tid>] [--json | --html]',
  '',
  '  --trust FIL   betrott rotcertifikat (PEM); kan anges flera gånger',
  '                (organisationens rot fås med: npm run cli -- ca export)',
  '  --at TID      bedöm dokumentet per en annan tidpunkt, t.ex. 2035-01-01 eller 2035-01-01T12:00:00Z;',
  '                bara det filen själv innehåller (tidsstämplar, valideringsdata) räknas som bevis',
  '  --json        skriv rapporten som JSON',
  '  --html        skriv rapporten som ett HTML-fragment',
  '',
  'Slutkod: 0 = GILTIG, 1 = annat utfall, 2 = felaktiga argument.',
].join('\n');

export interface ValidateArgs {
  file: string;
  trust: string[];
  format: 'text' | 'json' | 'html';
  at?: Date;
}

/** "2035-01-01" (midnight UTC) or an ISO 8601 date-time. */
export function parseAt(v: string | undefined): Date {
  if (!v || !/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    throw new UsageError(`--at kräver en tidpunkt som 2035-01-01 eller 2035-01-01T12:00:00Z${v ? ` (fick "${v}")` : ''}`);
  }
  const d = new Date(/T| /.test(v) ? v.replace(' ', 'T') : `${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new UsageError(`Ogiltig tidpunkt: ${v}`);
  return d;
}

export function parseValidateArgs(args: string[]): ValidateArgs {
  const trust: string[] = [];
  let file: string | undefined;
  let format: ValidateArgs['format'] = 'text';
  let at: Date | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--trust') {
      const v = args[++i];
      if (!v) throw new UsageError('--trust kräver en fil');
      trust.push(v);
    } else if (a.startsWith('--trust=')) trust.push(a.slice('--trust='.length));
    else if (a === '--at') at = parseAt(args[++i]);
    else if (a.startsWith('--at=')) at = parseAt(a.slice('--at='.length));
    else if (a === '--json') format = 'json';
    else if (a === '--html') format = 'html';
    else if (a.startsWith('-')) throw new UsageError(`Okänd flagga: ${a}`);
    else if (file) throw new UsageError('Ange bara en PDF-fil');
    else file = a;
  }
  if (!file) throw new UsageError('Ange PDF-filen som ska kontrolleras');
  return at ? { file, trust, format, at } : { file, trust, format };
}

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Kontrollerar underskrifterna i en PDF offline och skriver en rapport (GILTIG/OGILTIG …)',
  usage,
  async run(args: string[]): Promise<number> {
    const o = parseValidateArgs(args);
    let bytes: Buffer;
    try {
      bytes = readFileSync(o.file);
    } catch (e) {
      throw new UsageError(`Kan inte läsa filen ${o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const anchors: string[] = [];
    for (const t of o.trust) {
      try {
        const pem = readFileSync(t, 'utf8');
        if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('inget PEM-certifikat');
        anchors.push(pem);
      } catch (e) {
        throw new UsageError(`Kan inte läsa rotcertifikatet ${t}: ${(e as Error).message}`);
      }
    }
    // Loaded here, not at start-up: `cli help` and the other commands do not pay for the validator.
    const { renderHtml, renderJson, renderText, validatePdf } = await import('@justera/validation');
    const report = validatePdf(bytes, { trustAnchors: anchors, at: o.at });
    if (o.format === 'json') process.stdout.write(`${renderJson(report)}\n`);
    else if (o.format === 'html') process.stdout.write(`${renderHtml(report)}\n`);
    else {
      process.stdout.write(renderText(report));
      // A new user read KAN INTE AVGÖRAS here and GILTIG on /validera (which trusts the installation's root): say how to get it.
      if (!anchors.length && report.signatures.length)
        process.stdout.write(
          '\nObs: inget betrott rotcertifikat angavs (--trust), så ingen undertecknare kan bekräftas.\n' +
            'Den här installationens rot (den som /validera litar på) fås med:\n' +
            `  npm run -s cli -- ca export > rot.pem && npm run -s cli -- validate ${o.file} --trust rot.pem\n`,
        );
    }
    return report.verdict === 'GILTIG' ? 0 : 1;
  },
};
