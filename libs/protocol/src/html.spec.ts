import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateProtocol } from './generate';
import { escapeHtml, renderProtocolHtml } from './html';
import type { Protocol } from './model';

const fixture = (name: string): Protocol =>
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'protocols', `${name}.json`), 'utf8')) as Protocol;

const EVIL = `<script>alert("x")</script> & 'citat'`;

function hostile(): Protocol {
  const p = generateProtocol(3, 7);
  p.organ = EVIL;
  p.organisation = EVIL;
  p.members[0]!.name = EVIL;
  p.storagePlace = EVIL;
  p.paragraphs[1]!.title = EVIL;
  p.paragraphs[1]!.caseNumber = EVIL;
  p.paragraphs[1]!.sections = [
    {
      kind: 'beslut',
      title: EVIL,
      content: [
        {
          type: 'paragraph',
          content: [
            EVIL,
            { text: EVIL, bold: true },
            { text: 'länk', href: 'javascript:alert(1)' },
            { text: 'ok', href: 'https://example.se/?a=1&b="2"' },
          ],
        },
        { type: 'heading', content: [EVIL] },
        { type: 'bulletList', items: [{ content: [EVIL], children: [{ type: 'paragraph', content: [EVIL] }] }] },
        { type: 'table', header: [[{ content: [EVIL] }]], rows: [[{ content: [EVIL] }]] },
      ],
    },
  ];
  p.attachments = [{ label: EVIL, title: EVIL }];
  p.signatories[0]!.name = EVIL;
  p.notes = [EVIL];
  return p;
}

/** A very small well-formedness check: every opened element is closed in order (no void elements are used). */
function tagBalance(html: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g)) {
    const [, close, name] = m;
    if (!close) stack.push(name!);
    else if (stack.pop() !== name) problems.push(`unexpected </${name}>`);
  }
  return [...problems, ...stack.map((s) => `unclosed <${s}>`)];
}

describe(escapeHtml.name, () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe(renderProtocolHtml.name, () => {
  it('escapes every text of the protocol: no injected markup survives', () => {
    const html = renderProtocolHtml(hostile());
    expect(html).not.toContain('<script');
    expect(html).not.toContain("'citat'");
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;citat&#39;');
    // the unsafe link is kept as text; the safe one is a link with an escaped attribute
    expect(html).toContain('länk');
    expect(html).toContain('<a href="https://example.se/?a=1&amp;b=&quot;2&quot;">ok</a>');
    // text count: each EVIL field appears escaped (title, organ twice in header … at least the 15 we set)
    expect(html.split('&lt;script&gt;').length - 1).toBeGreaterThanOrEqual(15);
    expect(tagBalance(html)).toEqual([]);
  });

  it('is a Swedish article with an h2, h3 per part and per §, h4 per section, h5 per sub-heading', () => {
    const p = fixture('gemensam-namnd-2020-02-14');
    const html = renderProtocolHtml(p);
    expect(html.startsWith('<article class="protocol" lang="sv" aria-labelledby="protokoll-titel">')).toBe(true);
    expect(html.match(/<h2[ >]/g)).toHaveLength(1);
    const h3 = [...html.matchAll(/<h3[^>]*>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(h3).toEqual(['Närvarande', ...p.paragraphs.map((x) => `§ ${x.number} ${escapeHtml(x.title)}`), 'Underskrifter']);
    // § 4: Sammanfattning (h4) with Bakgrund, Betydelse, Resultat (h5)
    const s4 = html.slice(html.indexOf('§ 4 '), html.indexOf('§ 5 '));
    expect([...s4.matchAll(/<h4>([^<]*)<\/h4>/g)].map((m) => m[1])).toEqual([
      'Sammanfattning',
      'Förslag till beslut',
      'Beslut',
      'Beslutsunderlag',
    ]);
    expect([...s4.matchAll(/<h5>([^<]*)<\/h5>/g)].map((m) => m[1])).toEqual(['Bakgrund', 'Betydelse', 'Resultat']);
    // no heading level is skipped
    const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
    levels.forEach((l, i) => i > 0 && expect(l - levels[i - 1]!).toBeLessThanOrEqual(1));
    expect(tagBalance(html)).toEqual([]);
  });

  it('renders lists as ul/ol with start and type, and tables with th scope="col"', () => {
    const p = generateProtocol(8, 3);
    p.paragraphs[1]!.sections.push({
      kind: 'ovrigt',
      content: [
        { type: 'numberedList', start: 3, style: 'alpha-paren', items: [{ content: ['c'] }] },
        {
          type: 'table',
          header: [[{ content: ['ÅTGÄRDER'] }, { content: ['ANSVARIG'] }]],
          rows: [[{ content: ['Utreda'] }, { content: ['Eva'] }]],
        },
      ],
    });
    const html = renderProtocolHtml(p);
    expect(html).toContain('<ol start="3" type="a" class="list-alpha-paren"><li>c</li></ol>');
    expect(html).toContain(
      '<table><thead><tr><th scope="col">ÅTGÄRDER</th><th scope="col">ANSVARIG</th></tr></thead><tbody><tr><td>Utreda</td><td>Eva</td></tr></tbody></table>',
    );
    expect(html).toMatch(/<ul><li>/);
    expect(tagBalance(html)).toEqual([]);
  });

  it('contains the header facts, participants with their §§, and the signatories', () => {
    const html = renderProtocolHtml(fixture('kommunforbundet-styrelse-2024-12-13'));
    expect(html).toContain('<h2 id="protokoll-titel">Styrelseprotokoll – Styrelsen</h2>');
    expect(html).toContain('<dt>Sammanträdesdatum</dt><dd><time datetime="2024-12-13">2024-12-13</time></dd>');
    expect(html).toContain('<dt>Plats och tid</dt><dd>Digitalt, teams, kl. 13:00–16:00</dd>');
    expect(html).toContain('<dt>Paragrafer</dt><dd>§§ 43–55</dd>');
    expect(html).toContain('<li>Tony Andersson (M), Timrå, ersätter Stefan Dalin (S)</li>');
    expect(html).toContain('<li>Camilla Carpholt, avdelningschef SSS, § 44</li>');
    expect(html).toContain('<h4>Frånvarande</h4><ul><li>Alicia Kapica (M), Sundsvall</li></ul>');
    expect(html).toContain('<dt>Justerande</dt><dd>Malin Svanholm, Kramfors kommun</dd>');
    expect(html).toContain('<h4>Styrelsen beslutar att:</h4>');
    // a section with an empty title has no heading
    expect(html).toContain('<div class="protocol-section protocol-section-ovrigt"><p>Inga övriga frågor har anmälts.</p></div>');
  });

  it('marks an immediately adjusted § and prefixes ids when asked', () => {
    const p = generateProtocol(20, 1);
    const adjusted = p.paragraphs.filter((x) => x.immediatelyAdjusted).length;
    expect(adjusted).toBeGreaterThan(0);
    const html = renderProtocolHtml(p, { idPrefix: 'a b' });
    expect(html.split('Paragrafen är justerad').length - 1).toBe(adjusted);
    expect(html).toContain('id="a-b-titel"');
    expect(html).toContain(`<h3 id="a-b-p${p.paragraphs[0]!.number}">`);
    // §§ are not landmarks (2000 regions would drown landmark navigation): no labelled <section>
    expect(html).not.toMatch(/<section[^>]*aria-labelledby/);
  });

  it('renders "\\n" in running text as a line break, escaped text around it', () => {
    const p = generateProtocol(1, 1);
    p.paragraphs[0]!.sections = [{ kind: 'ovrigt', content: [{ type: 'paragraph', content: ['Tackade <alla>.\nNästa möte 23 mars.'] }] }];
    expect(renderProtocolHtml(p)).toContain('<p>Tackade &lt;alla&gt;.<br>Nästa möte 23 mars.</p>');
  });

  it('renders the version 2 features: decimal numbering, sub-items, strikethrough, column alignment, absent substitutes, "senast"', () => {
    const p = generateProtocol(2, 1);
    p.numbering = 'decimal';
    p.absentSubstitutes = [{ name: 'Eva Ersättare' }];
    p.absent = [{ name: 'Olle Ledamot' }];
    p.justering = { place: 'Digitalt', date: '2025-03-10', latest: true };
    const first = p.paragraphs[0]!;
    first.subItems = [
      {
        number: 1,
        title: 'Sammanträdesdagar',
        sections: [
          { kind: 'beslut', content: [{ type: 'paragraph', content: [{ text: '2025-01-10', strike: true }, ' 2025-02-14'] }] },
          {
            kind: 'ovrigt',
            content: [
              {
                type: 'table',
                header: [[{ content: [] }, { content: ['Belopp'] }]],
                rows: [[{ content: ['Drift'] }, { content: ['-61'] }]],
                align: ['left', 'right'],
              },
            ],
          },
        ],
      },
    ];
    const html = renderProtocolHtml(p);
    expect(html).toContain(`<h3 id="protokoll-p${first.number}">${first.number}. `);
    expect(html).toContain(`<h4 id="protokoll-p${first.number}-1">${first.number}.1 Sammanträdesdagar</h4>`);
    expect(html).toContain('<h5>Beslut</h5>');
    expect(html).toContain('<s>2025-01-10</s> 2025-02-14');
    expect(html).toContain('<th scope="col" class="align-right">Belopp</th>');
    expect(html).toContain('<td class="align-right">-61</td>');
    expect(html).toContain('<h4>Frånvarande ledamöter</h4>');
    expect(html).toContain('<h4>Frånvarande ersättare</h4><ul><li>Eva Ersättare</li></ul>');
    expect(html).toContain('Digitalt senast 2025-03-10');
    expect(html).toContain(`<dt>Punkter</dt><dd>${first.number}–${first.number + 1}</dd>`);
  });
});
