// A real OpenID provider for the tests: panva's oidc-provider (the certified implementation) in its own
// process on loopback, with test users and a plain HTML login form (no JavaScript) that a test fills
// over HTTP or in a browser. Not a mock of OIDC: discovery, the authorization endpoint with PKCE, the
// token endpoint with client_secret_basic, signed ID tokens (RS256), userinfo and the JWKS are the
// library's. Started by test/support/oidc-provider.ts (TestOidcProvider); prints "ready <issuer>" when it listens.
//
// Faults for the tests (POST /__faults with a JSON body, from loopback only; {} clears them):
//   { "idToken": { "aud": "other" } }    the token endpoint's ID token gets these claims instead,
//                                        re-signed with the provider's key ("exp"/"iat"/"nbf" relative
//                                        to now when given as {"rel": seconds})
//   { "alg": "HS256" }                   the ID token re-signed with HS256 and the client secret
//   { "delayMs": 5000 }                  every answer of the token endpoint waits this long
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { SignJWT, importJWK, decodeJwt, decodeProtectedHeader } from 'jose';

const port = Number(process.env.OIDC_PORT);
const clientId = process.env.OIDC_CLIENT_ID ?? 'justera';
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? 'justera-test-secret-0123456789';
const redirectUris = (process.env.OIDC_REDIRECT_URIS ?? '').split(',').filter(Boolean);
const users = JSON.parse(process.env.OIDC_USERS ?? '{}');
const postLogoutRedirectUris = (process.env.OIDC_POST_LOGOUT_REDIRECT_URIS ?? '').split(',').filter(Boolean);
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `test-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
const signingKey = await importJWK(jwk, 'RS256');

let faults = {};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  acrValues: ['loa3', 'loa2'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'personal_number'],
    email: ['email', 'email_verified'],
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const u = Object.values(users).find((x) => x.sub === sub);
    if (!u) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          name: u.name,
          given_name: u.given_name,
          family_name: u.family_name,
          personal_number: u.personal_number,
          email: u.email,
          email_verified: u.email_verified,
        };
      },
    };
  },
  // First-party client: no consent screen, the grant covers what was asked.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email');
    grant.addOIDCClaims(['name', 'given_name', 'family_name', 'personal_number', 'email', 'email_verified']);
    await grant.save();
    return grant;
  },
  ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, Interaction: 600, Session: 600, Grant: 600 },
});

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function loginPage(uid, error) {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Testlegitimation</title></head>
<body><main><h1>Testlegitimation</h1>${error ? `<p role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
<label for="username">Användarnamn</label> <input id="username" name="username" autocomplete="off">
<label for="password">Lösenord</label> <input id="password" name="password" type="password">
<button type="submit">Logga in</button></form>
<form method="post" action="/interaction/${esc(uid)}/abort"><button type="submit">Avbryt</button></form></main></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('too large');
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/** The token endpoint's answer with the configured faults applied to its ID token. */
async function faultyTokenBody(text) {
  const body = JSON.parse(text);
  if (!body.id_token || (!faults.idToken && !faults.alg)) return text;
  const claims = decodeJwt(body.id_token);
  const now = Math.floor(Date.now() / 1000);
  for (const [k, v] of Object.entries(faults.idToken ?? {})) {
    if (v === null) delete claims[k];
    else claims[k] = v && typeof v === 'object' && 'rel' in v ? now + v.rel : v;
  }
  const header = decodeProtectedHeader(body.id_token);
  if (faults.alg === 'HS256') {
    body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(clientSecret));
  } else {
    body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(signingKey);
  }
  return JSON.stringify(body);
}

const callback = provider.callback();
const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/__faults' && req.method === 'POST') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      faults = JSON.parse(raw || '{}');
      res.writeHead(204).end();
      return;
    }
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/abort)?$/.exec(url.pathname);
    if (m) {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== m[1]) throw new Error('interaction mismatch');
      if (!m[2] && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(loginPage(m[1]));
        return;
      }
      if (m[2] === '/abort') {
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'Avbrutet' },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const form = await readForm(req);
      const u = users[form.username];
      if (!u || form.password !== u.password) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(m[1], 'Fel användarnamn eller lösenord.'));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: u.sub, acr: u.acr ?? 'loa3' } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (url.pathname === '/token' && (faults.delayMs || faults.idToken || faults.alg)) {
      if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
      const end = res.end.bind(res);
      const write = res.write.bind(res);
      const chunks = [];
      res.write = (chunk) => {
        chunks.push(Buffer.from(chunk));
        return true;
      };
      res.end = (chunk) => {
        if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
        faultyTokenBody(Buffer.concat(chunks).toString('utf8'))
          .then((text) => {
            if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(text));
            res.write = write;
            end(text);
          })
          .catch((err) => {
            console.error(err);
            end(Buffer.concat(chunks));
          });
        return res;
      };
    }
    callback(req, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(String(err?.message ?? err));
  }
});
server.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
