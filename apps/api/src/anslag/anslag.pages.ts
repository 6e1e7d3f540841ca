import { APPEAL_TEXT_SV, NoticeView, swedishDate } from '@justera/anslag';
import { SafeHtml, html, layout } from '../common/html';

/** "2025-03-26" -> <time datetime="2025-03-26">26 mars 2025</time> */
function date(d: string | null): SafeHtml | string {
  return d ? html`<time datetime="${d}">${swedishDate(d)}</time>` : 'ej fastställt';
}

function stockholm(d: Date): SafeHtml {
  const text = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' }).format(d);
  return html`<time datetime="${d.toISOString()}">${text}</time>`;
}

const BOARD_STYLE = html`<style>
.notice{border:1px solid #d0d0d0;border-radius:6px;padding:1rem;margin:1rem 0}
.notice h3{margin-top:0}
dl.facts{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
@media (max-width:40rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}
.feeds a{margin-right:1rem}
.note{background:#fff8e1;border-left:4px solid #8a6d00;padding:.5rem 1rem}
</style>`;

export function facts(n: NoticeView): SafeHtml {
  return html`<dl class="facts">
<dt>Organ</dt><dd>${n.organName}</dd>
<dt>Typ</dt><dd>${n.type}</dd>
<dt>Sammanträdesdatum</dt><dd>${date(n.meetingDate)}</dd>
${n.paragraphs ? html`<dt>Paragrafer</dt><dd>${n.paragraphs}</dd>` : ''}
<dt>Justeringsdatum</dt><dd>${date(n.justeradDate)}</dd>
<dt>Anslaget uppsatt</dt><dd>${date(n.postedDate)}</dd>
<dt>Sista dag att överklaga</dt><dd>${date(n.lastAppealDay)}</dd>
<dt>Anslaget tas ned</dt><dd>${date(n.takeDownDate)}</dd>
<dt>Förvaringsplats för protokollet</dt><dd>${n.storagePlace}</dd>
${n.contact ? html`<dt>Kontakt</dt><dd>${n.contact}</dd>` : ''}
</dl>`;
}

function noticeCard(n: NoticeView): SafeHtml {
  const title = html`<a href="${n.noticeUrl}">${n.type}: ${n.organName}, ${swedishDate(n.meetingDate)}</a>`;
  return html`<article class="notice" aria-labelledby="n-${n.id}">
<h3 id="n-${n.id}">${title}</h3>
${facts(n)}
${n.awaitingPostings ? html`<p class="note">Anslaget sätts också upp på andra kommuners anslagstavlor. Tiden för överklagande räknas från det sista anslaget och kan flyttas fram.</p>` : ''}
<p>Möjlighet att överklaga till och med ${date(n.lastAppealDay)}. <a href="#overklaga">Så överklagar du</a>.</p>
</article>`;
}

function appealSection(headingLevel: 'h2' | 'h1'): SafeHtml {
  const t = APPEAL_TEXT_SV;
  const h = new SafeHtml(headingLevel);
  return html`<section id="overklaga" aria-labelledby="overklaga-rubrik">
<${h} id="overklaga-rubrik">${t.heading}</${h}>
${t.paragraphs.map((p) => html`<p>${p}</p>`)}
<ul>${t.points.map((p) => html`<li>${p}</li>`)}</ul>
${t.closing.map((p) => html`<p>${p}</p>`)}
</section>`;
}

export function boardPage(o: { name: string; slug: string }, current: NoticeView[], archive: NoticeView[], base: string): string {
  return layout(
    { title: `Anslagstavla – ${o.name}` },
    html`${BOARD_STYLE}
<h1>Anslagstavla – ${o.name}</h1>
<p>Här tillkännages att protokoll har justerats. Ett anslag sitter uppe under hela tiden för överklagande. Sidan uppdateras automatiskt när ett protokoll justeras.</p>
<p class="feeds">Prenumerera: <a href="${base}/rss.xml">RSS</a> <a href="${base}/atom.xml">Atom</a> <a href="${base}/feed.json">JSON Feed</a> · <a href="${base}/overklaga">Så överklagar du (laglighetsprövning)</a></p>
<section aria-labelledby="aktuella">
<h2 id="aktuella">Aktuella anslag (${current.length})</h2>
${current.length ? current.map((n) => noticeCard(n)) : html`<p>Det finns inga aktuella anslag just nu.</p>`}
</section>
<section aria-labelledby="arkiv">
<h2 id="arkiv">Arkiv: nedtagna anslag</h2>
${
  archive.length
    ? html`<table>
<caption class="visually-hidden">Nedtagna anslag, senast uppsatta först</caption>
<thead><tr><th scope="col">Anslag</th><th scope="col">Sammanträdesdatum</th><th scope="col">Uppsatt</th><th scope="col">Sista dag att överklaga</th><th scope="col">Nedtaget</th></tr></thead>
<tbody>${archive.map(
        (n) => html`<tr><td><a href="${n.noticeUrl}">${n.type}: ${n.organName}${n.paragraphs ? html` ${n.paragraphs}` : ''}</a></td><td>${date(n.meetingDate)}</td><td>${date(n.postedDate)}</td><td>${date(n.lastAppealDay)}</td><td>${date(n.takeDownDate)}</td></tr>`,
      )}</tbody>
</table>`
    : html`<p>Arkivet är tomt.</p>`
}
</section>
${appealSection('h2')}`,
  );
}

export function noticePage(o: { name: string; slug: string }, n: NoticeView, base: string, hasBevis: boolean, takenDownAt: Date | null = null): string {
  const heading = `${n.type}: ${n.organName}, sammanträde ${swedishDate(n.meetingDate)}`;
  return layout(
    { title: `${heading} – ${o.name}` },
    html`${BOARD_STYLE}
<p><a href="${base}">Till anslagstavlan – ${o.name}</a></p>
<h1>${heading}</h1>
<p>${n.state === 'archived' ? html`<strong>Anslaget är nedtaget.</strong> Tiden för överklagande har gått ut.${takenDownAt ? html` Nedtaget av Justera ${stockholm(takenDownAt)}.` : ''}` : html`Protokollet är justerat. Justeringen har tillkännagivits genom anslag.`}</p>
${facts(n)}
${n.awaitingPostings ? html`<p class="note">Anslaget sätts också upp på andra kommuners anslagstavlor. Tiden för överklagande räknas från det sista anslaget och kan flyttas fram.</p>` : ''}
${
  n.postings.length > 1
    ? html`<h2>Anslag per anslagstavla</h2><ul>${n.postings.map((p) => html`<li>${p.boardName}: ${p.postedDate ? date(p.postedDate) : 'ännu inte registrerat'}</li>`)}</ul>`
    : ''
}
<h2>Dokument</h2>
<ul>
${n.pdfUrl ? html`<li><a href="${n.pdfUrl}">Det justerade protokollet (PDF, elektroniskt underskrivet)</a></li>` : html`<li>Protokollet publiceras inte här. Det finns på förvaringsplatsen: ${n.storagePlace}.</li>`}
${hasBevis ? html`<li><a href="${n.noticeUrl}/anslagsbevis.pdf">Anslagsbevis (PDF, med organisationens elektroniska stämpel)</a></li>` : ''}
</ul>
${n.protocolSha256 ? html`<p class="muted">Protokollets kontrollsumma (SHA-256): <code style="word-break:break-all">${n.protocolSha256}</code></p>` : ''}
${appealSection('h2')}`,
  );
}

export function appealPage(o: { name: string }, base: string): string {
  return layout({ title: `${APPEAL_TEXT_SV.heading} – ${o.name}` }, html`<p><a href="${base}">Till anslagstavlan – ${o.name}</a></p>${appealSection('h1')}`);
}
