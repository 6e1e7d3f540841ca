/**
 * Server-rendered pages: every interpolated value goes through `html` and is escaped unless it is
 * already a `SafeHtml` made by this module. Pages work without JavaScript.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

type Part = SafeHtml | string | number | null | undefined | boolean | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof SafeHtml) return part.value;
  return escapeHtml(part);
}

/** Tagged template: `html\`<p>${name}</p>\`` escapes name. */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new SafeHtml(out);
}

export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

const STYLE = `
:root{--fg:#1b1b1b;--muted:#555;--accent:#0b5394;--bg:#fff;--line:#d0d0d0;--err:#a4000f;--ok:#1e6b2e}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header.site{background:var(--accent);color:#fff;padding:.75rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header.site a{color:#fff}header.site .brand{font-weight:700;font-size:1.15rem;text-decoration:none}
main{max-width:60rem;margin:0 auto;padding:1rem}
a{color:var(--accent)}a:focus,button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #ffbf47;outline-offset:2px}
label{display:block;font-weight:600;margin-top:.75rem}
input,textarea,select{font:inherit;padding:.5rem;border:1px solid #767676;border-radius:4px;width:100%;max-width:32rem}
button,.button{font:inherit;background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.6rem 1.1rem;margin-top:1rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:var(--accent);border:2px solid var(--accent)}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:.4rem;text-align:left;vertical-align:top}
.error{color:var(--err);font-weight:600}.ok{color:var(--ok)}.muted{color:var(--muted)}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(1px,1px,1px,1px);white-space:nowrap}
.skip{position:absolute;left:-10000px}.skip:focus{left:1rem;top:1rem;background:#fff;color:var(--accent);padding:.5rem}
`;

export interface LayoutOptions {
  title: string;
  /** Logged-in user's name, shown in the header with a logout button. */
  user?: { name: string; csrf: string };
  lang?: 'sv' | 'en';
}

export function layout(opts: LayoutOptions, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${opts.lang ?? 'sv'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} – Justera</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">Hoppa till innehållet</a>
<header class="site">
  <a class="brand" href="/">Justera</a>
  ${opts.user ? html`<span>Inloggad som ${opts.user.name}</span>
  <form method="post" action="/logout" style="margin:0"><input type="hidden" name="_csrf" value="${opts.user.csrf}"><button type="submit" class="secondary" style="margin:0">Logga ut</button></form>` : ''}
</header>
<main id="main">
${body}
</main>
</body>
</html>`.value;
}
