/**
 * `npm run cli -- render <protokoll.json> <ut.pdf> [--utdrag 628,629] [--strikt] [--paragraf-per-sida]`
 *
 * Validates a protocol JSON file and renders it to a PDF (or, with --utdrag, a protokollsutdrag of
 * the given paragraphs). Bad input exits 2 with every error listed, in Swedish for the secretary.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RenderOptions } from '@justera/pdf';
import { CliCommand, UsageError } from './command';

const usage = [
  'Användning: npm run cli -- render <protokoll.json> <ut.pdf> [--utdrag 628,629] [--strikt] [--paragraf-per-sida]',
  '',
  '  --utdrag N,M          skapa ett protokollsutdrag med bara dessa paragrafer (omedelbar justering)',
  '  --strikt              avbryt om texten har tecken som typsnittet inte kan visa (annars visas "?")',
  '  --paragraf-per-sida   börja varje paragraf på en ny sida',
].join('\n');

function fail(lines: string[]): number {
  process.stderr.write(`${lines.join('\n')}\n`);
  return 2;
}

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'Skapa PDF av ett protokoll i JSON (render a protocol JSON file to PDF)',
  usage,
  async run(args: string[]): Promise<number> {
    // Loaded here, not at the top, so other commands start without pdf-lib and the fonts.
    const { findUnsupportedCharacters, renderExcerptPdf, renderProtocolPdf, UnknownParagraphError, UnsupportedCharactersError } =
      await import('@justera/pdf');
    const positional: string[] = [];
    const options: RenderOptions = {};
    let excerpt: number[] | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--utdrag') {
        const list = args[++i];
        if (!list || !/^\d+(,\d+)*$/.test(list)) throw new UsageError('--utdrag kräver paragrafnummer, t.ex. --utdrag 628,629');
        excerpt = list.split(',').map(Number);
      } else if (a === '--strikt') options.missingGlyphs = 'error';
      else if (a === '--paragraf-per-sida') options.paragraphPerPage = true;
      else if (a.startsWith('--')) throw new UsageError(`Okänd flagga: ${a}`);
      else positional.push(a);
    }
    if (positional.length !== 2) throw new UsageError('Ange en JSON-fil och en PDF-fil.');
    const [input, output] = positional;

    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch (err) {
      return fail([`Kan inte läsa ${input}: ${(err as Error).message}`]);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return fail([`${input} är inte giltig JSON: ${(err as Error).message}`]);
    }
    const { validateProtocol } = await import('@justera/protocol');
    const result = validateProtocol(json);
    for (const w of result.warnings) process.stderr.write(`Varning: ${w.path}: ${w.messageSv}\n`);
    if (!result.ok) {
      return fail([
        `${input} är inte ett giltigt protokoll (${result.errors.length} fel):`,
        ...result.errors.map((e) => `  - ${e.path}: ${e.messageSv}`),
      ]);
    }
    const protocol = result.protocol;
    const unsupported = findUnsupportedCharacters(protocol);
    if (unsupported.length && options.missingGlyphs !== 'error') {
      process.stderr.write(`Varning: dessa tecken kan inte visas och ersätts med "?": ${unsupported.join(' ')}\n`);
    }

    let bytes: Uint8Array;
    try {
      bytes = excerpt ? await renderExcerptPdf(protocol, excerpt, options) : await renderProtocolPdf(protocol, options);
    } catch (err) {
      if (err instanceof UnsupportedCharactersError || err instanceof UnknownParagraphError) return fail([err.message]);
      throw err;
    }
    try {
      writeFileSync(output, bytes);
    } catch (err) {
      process.stderr.write(`Kan inte skriva ${output}: ${(err as Error).message}\n`);
      return 1;
    }
    const pages = (
      Buffer.from(bytes)
        .toString('latin1')
        .match(/\/Type \/Page\b(?!s)/g) ?? []
    ).length;
    const { createHash } = await import('node:crypto'); // not at the top: `cli help` should not load it
    const sha = createHash('sha256').update(bytes).digest('hex');
    process.stdout.write(`Skrev ${output}: ${pages} sidor, ${Math.round(bytes.length / 1024)} kB, SHA-256 ${sha}\n`);
    return 0;
  },
};
