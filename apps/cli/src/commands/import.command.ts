/**
 * `npm run cli -- import <fil.docx> <protokoll.json> [--organisation …] [--organ …] [--datum …]
 * [--plats …] [--forvaringsplats …]`: reads a Word document into the protocol format
 * (libs/docx-import, docs/import.md) and writes the protocol as JSON. Prints what was recognised
 * and what was set aside (Swedish) to stderr.
 *
 * Exit codes: 0 a valid protocol was written; 1 the file could not be imported (not a .docx, too
 * big, nothing recognisable — nothing is written); 2 wrong arguments; 3 the draft was written but
 * is not yet a valid protocol (the missing fields are listed; give them as flags or fill them in).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CliCommand, UsageError } from './command';

const usage = [
  'Användning: npm run cli -- import <fil.docx> <protokoll.json> [flaggor]',
  '',
  'Läser ett Word-dokument (.docx) och skriver protokollet i Justeras format (JSON).',
  'Uppgifter som dokumentet inte innehåller kan anges med flaggor:',
  '  --organisation TEXT     kommun, region eller förbund',
  '  --organ TEXT            nämnd, styrelse eller utskott',
  '  --datum ÅÅÅÅ-MM-DD      sammanträdesdatum',
  '  --plats TEXT            sammanträdets plats',
  '  --forvaringsplats TEXT  förvaringsplats för protokollet',
  '  --json                  skriv rapporten som JSON (till stderr)',
  '',
  'Slutkod: 0 = giltigt protokoll skrivet, 1 = filen kunde inte importeras (inget skrivet),',
  '2 = felaktiga argument, 3 = utkastet skrevs men är inte komplett (se listan).',
].join('\n');

const FLAGS = {
  '--organisation': 'organisation',
  '--organ': 'organ',
  '--datum': 'meetingDate',
  '--plats': 'meetingPlace',
  '--forvaringsplats': 'storagePlace',
} as const;
type Defaults = Partial<Record<(typeof FLAGS)[keyof typeof FLAGS], string>>;

export interface ImportArgs {
  input: string;
  output: string;
  defaults: Defaults;
  json: boolean;
}

export function parseImportArgs(args: string[]): ImportArgs {
  const files: string[] = [];
  const defaults: Defaults = {};
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const flag = (a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a) as keyof typeof FLAGS;
    if (flag in FLAGS) {
      const v = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : args[++i];
      if (!v || !v.trim()) throw new UsageError(`${flag} kräver ett värde`);
      defaults[FLAGS[flag]] = v;
    } else if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new UsageError(`Okänd flagga: ${a}`);
    else files.push(a);
  }
  if (files.length !== 2) throw new UsageError('Ange Word-dokumentet och filen som protokollet ska skrivas till');
  if (defaults.meetingDate && !/^\d{4}-\d{2}-\d{2}$/.test(defaults.meetingDate))
    throw new UsageError(`--datum ska skrivas ÅÅÅÅ-MM-DD (fick "${defaults.meetingDate}")`);
  return { input: files[0]!, output: files[1]!, defaults, json };
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Läser ett Word-dokument (.docx) till ett protokoll i Justeras format (JSON)',
  usage,
  async run(args: string[]): Promise<number> {
    const o = parseImportArgs(args);
    let bytes: Buffer;
    try {
      bytes = readFileSync(o.input);
    } catch (e) {
      throw new UsageError(`Kan inte läsa filen ${o.input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const { importDocx, DocxImportError } = await import('@justera/docx-import');
    let result;
    try {
      result = await importDocx(bytes, { defaults: o.defaults });
    } catch (e) {
      if (e instanceof DocxImportError) {
        process.stderr.write(`Importen misslyckades: ${e.message}\nIngen fil skrevs.\n`);
        return 1;
      }
      throw e;
    }
    writeFileSync(o.output, `${JSON.stringify(result.protocol, null, 2)}\n`);
    const { report } = result;
    if (o.json) {
      process.stderr.write(
        `${JSON.stringify({ valid: result.valid, report, errors: result.errors, warnings: result.warnings }, null, 2)}\n`,
      );
    } else {
      const lines: string[] = [];
      lines.push(`Känt igen (${report.recognised.length}):`, ...report.recognised.map((n) => `  ✓ ${n.message}`));
      if (report.setAside.length)
        lines.push('', `Inte inläst som uppgifter (${report.setAside.length}):`, ...report.setAside.map((n) => `  – ${n.message}`));
      if (report.missing.length) lines.push('', 'Saknas:', ...report.missing.map((n) => `  ! ${n.message}`));
      if (result.warnings.length) lines.push('', 'Varningar:', ...result.warnings.map((w) => `  ${w.path}: ${w.messageSv}`));
      process.stderr.write(`${lines.join('\n')}\n\n`);
    }
    if (result.valid) {
      process.stderr.write(`Protokollet skrevs till ${o.output} (${result.protocol.paragraphs.length} §§). Det är giltigt.\n`);
      return 0;
    }
    process.stderr.write(
      [
        `Utkastet skrevs till ${o.output}, men det är ännu inte ett giltigt protokoll:`,
        ...result.errors.slice(0, 30).map((e) => `  ${e.path}: ${e.messageSv}`),
        ...(result.errors.length > 30 ? [`  … och ${result.errors.length - 30} till`] : []),
        'Ange det som saknas med flaggorna (se npm run cli -- import --help) eller fyll i det i filen.',
        '',
      ].join('\n'),
    );
    return 3;
  },
};
