/**
 * The @signpdf baseline as a whole process, as a person would run it: `node signpdf-sign.js <in.pdf>
 * <out.pdf> <seal.p12> <passphrase>` adds an invisible signature placeholder (placeholder-plain) and
 * signs it with the PKCS#12 key (signer-p12). Loads only @signpdf, so its start-up is its own.
 * Used by pades-sign.bench.ts for the `cli seal` comparison (docs/benchmarks.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import signpdf from '@signpdf/signpdf';

async function main(): Promise<void> {
  const [input, output, p12, passphrase] = process.argv.slice(2);
  if (!input || !output || !p12 || passphrase === undefined)
    throw new Error('usage: signpdf-sign <in.pdf> <out.pdf> <seal.p12> <passphrase>');
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: readFileSync(input),
    reason: 'Elektroniskt stämplad av organisationen',
    contactInfo: '',
    name: 'Bench',
    location: 'Bench',
    signatureLength: 16384,
  });
  writeFileSync(output, await signpdf.sign(withPlaceholder, new P12Signer(readFileSync(p12), { passphrase })));
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exitCode = 1;
});
