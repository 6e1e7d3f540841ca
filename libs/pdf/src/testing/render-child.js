// Test helper: renders a protocol in a fresh Node.js process and prints the PDF's SHA-256, so the
// determinism spec can compare two separate processes. Loads the TypeScript sources through a
// minimal @swc/core require hook (the same compiler Jest uses) and maps @justera/<lib> to libs/<lib>/src.
// Usage: node render-child.js <protocol.json | --sample> [--excerpt 628,629]
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const crypto = require('node:crypto');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '../../../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@justera\/([a-z-]+)$/.exec(request);
  return resolve.call(this, m ? path.join(root, 'libs', m[1], 'src') : request, parent, ...rest);
};
require.extensions['.ts'] = function (module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const pdf = require(path.join(root, 'libs/pdf/src'));
const [input, flag, list] = process.argv.slice(2);
const protocol = input === '--sample' ? pdf.sampleProtocol() : JSON.parse(fs.readFileSync(input, 'utf8'));
const job = flag === '--excerpt' ? pdf.renderExcerptPdf(protocol, list.split(',').map(Number)) : pdf.renderProtocolPdf(protocol);
job.then(
  (bytes) => process.stdout.write(crypto.createHash('sha256').update(bytes).digest('hex') + '\n'),
  (err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
    process.exit(1);
  },
);
