// Drives the compiled OIDC adapter (dist/libs/identity) from a test: one JSON command per stdin line,
// one JSON answer per stdout line. Jest cannot load openid-client (an ES module), so the adapter runs
// here, in a plain Node process, as it does in the api.
const { createInterface } = require('node:readline');
const { join } = require('node:path');
const { OidcIdentityProvider, personalNumberKey } = require(join(__dirname, '..', '..', 'dist', 'libs', 'identity', 'src'));

const settings = JSON.parse(process.env.IDENTITY_SETTINGS);
const provider = new OidcIdentityProvider({ ...settings, personalNumberKey: personalNumberKey(settings.secret) });

createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line);
  const run =
    cmd.op === 'start' ? provider.start(cmd.redirectUri) : provider.finish(new URL(cmd.callbackUrl), cmd.pending, cmd.redirectUri);
  run.then(
    (result) => process.stdout.write(JSON.stringify({ id: cmd.id, result }) + '\n'),
    (err) =>
      process.stdout.write(
        JSON.stringify({ id: cmd.id, error: { code: err.code ?? 'unknown', detail: err.detail ?? String(err) } }) + '\n',
      ),
  );
});
