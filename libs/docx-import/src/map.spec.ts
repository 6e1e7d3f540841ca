import { validateProtocol } from '@justera/protocol';
import { toItems } from './blocks';
import { parseHtml } from './html';
import { mapItems } from './map';
import { parsePeople } from './people';

const map = (html: string, defaults = {}) => mapItems(toItems(parseHtml(html)), defaults);

const FRONT = [
  '<p><strong>Plats och tid</strong></p><p>Stadshuset, sal A, kl. 13.15–15.00</p>',
  '<p>Sammanträdesdatum: 2025-03-04</p>',
  '<p><strong>Beslutande</strong></p><p>Anna Andersson (S), ordförande<br />Bo Berg (M)<br />Cecilia Ek (C) ersätter Dan Dahl (C)</p>',
  '<p><strong>Ersättare</strong></p><p>Eva Ström (S)</p>',
  '<p><strong>Övriga närvarande</strong></p><p>Fia Lund, sekreterare<br />Gustav Holm, ekonom, § 12</p>',
  '<p><strong>Frånvarande</strong></p><p>Hanna Öberg (V)</p>',
  '<p>Utses att justera: Bo Berg</p>',
  '<p>Justeringens plats och tid: Kansliet 2025-03-06 kl. 10.00</p>',
  '<p>Organ: Kommunstyrelsen</p><p>Förvaringsplats för protokollet: Kommunkansliet</p>',
].join('');

describe('mapItems', () => {
  it('reads the meeting and attendance blocks', () => {
    const { protocol, report } = map(`${FRONT}<h2>§ 1 Val av justerare</h2><p>Bo Berg utses.</p>`, { organisation: 'Exempels kommun' });
    expect(protocol.meeting).toEqual({ date: '2025-03-04', startTime: '13:15', endTime: '15:00', place: 'Stadshuset, sal A' });
    expect(protocol.members).toEqual([
      { name: 'Anna Andersson', party: 'S', role: 'ordförande' },
      { name: 'Bo Berg', party: 'M' },
      { name: 'Cecilia Ek', party: 'C', replaces: 'Dan Dahl (C)' },
    ]);
    expect(protocol.substitutes).toEqual([{ name: 'Eva Ström', party: 'S' }]);
    expect(protocol.others).toEqual([
      { name: 'Fia Lund', role: 'sekreterare' },
      { name: 'Gustav Holm', role: 'ekonom', paragraphs: [12] },
    ]);
    expect(protocol.absent).toEqual([{ name: 'Hanna Öberg', party: 'V' }]);
    expect(protocol.adjusters).toEqual(['Bo Berg']);
    expect(protocol.justering).toEqual({ place: 'Kansliet', date: '2025-03-06', time: '10:00' });
    expect(protocol.organ).toBe('Kommunstyrelsen');
    expect(protocol.storagePlace).toBe('Kommunkansliet');
    // No "Underskrifter": derived from the attendance and said so.
    expect(protocol.signatories).toEqual([
      { role: 'sekreterare', name: 'Fia Lund' },
      { role: 'ordforande', name: 'Anna Andersson' },
      { role: 'justerare', name: 'Bo Berg' },
    ]);
    expect(report.recognised.find((n) => n.code === 'signatories')!.message).toContain('härledda');
    expect(report.recognised.find((n) => n.code === 'default')!.message).toContain('Exempels kommun');
  });

  it('turns § headings, section headings, lists and tables into §§ with sections and rich text', () => {
    const html = `${FRONT}
      <p><strong>§ 12 Budget 2026 (KS 2025/14)</strong></p>
      <h3>Sammanfattning</h3><p>Förvaltningen har tagit fram <strong>ett förslag</strong> med <em>tre</em> delar.</p>
      <p>Delar:</p><ul><li>Drift<ul><li>Skola</li></ul></li><li>Investeringar</li></ul>
      <table><tr><th>Åtgärd</th><th>Ansvarig</th></tr><tr><td>Budget</td><td>Ekonom</td></tr></table>
      <h3>Förslag till beslut</h3><ol><li>Budgeten fastställs.</li></ol>
      <p>Kommunstyrelsen beslutar att:</p><p>Budgeten fastställs.</p>
      <h3>Ett eget stycke</h3><p>Text som inte hör till något känt avsnitt.</p>
      <h2>§ 13 Information</h2><p>Dnr 2025/15</p><p>Inget att rapportera.</p>`;
    const { protocol, report } = map(html, { organisation: 'Exempels kommun' });
    const [p12, p13] = protocol.paragraphs;
    expect(p12).toMatchObject({ number: 12, title: 'Budget 2026', caseNumber: 'KS 2025/14' });
    expect(p12!.sections.map((s) => [s.kind, s.title])).toEqual([
      ['sammanfattning', undefined],
      ['forslagTillBeslut', undefined],
      ['beslut', 'Kommunstyrelsen beslutar att:'],
      ['ovrigt', 'Ett eget stycke'],
    ]);
    expect(p12!.sections[0]!.content).toEqual([
      {
        type: 'paragraph',
        content: ['Förvaltningen har tagit fram ', { text: 'ett förslag', bold: true }, ' med ', { text: 'tre', italic: true }, ' delar.'],
      },
      { type: 'heading', content: ['Delar:'] },
      {
        type: 'bulletList',
        items: [
          { content: ['Drift'], children: [{ type: 'bulletList', items: [{ content: ['Skola'] }] }] },
          { content: ['Investeringar'] },
        ],
      },
      {
        type: 'table',
        header: [[{ content: ['Åtgärd'] }, { content: ['Ansvarig'] }]],
        rows: [[{ content: ['Budget'] }, { content: ['Ekonom'] }]],
      },
    ]);
    expect(p12!.sections[1]!.content).toEqual([{ type: 'numberedList', items: [{ content: ['Budgeten fastställs.'] }] }]);
    expect(p13).toMatchObject({ number: 13, title: 'Information', caseNumber: 'Dnr 2025/15' });
    expect(report.setAside.map((n) => n.code)).toContain('unknown-heading');
    const v = validateProtocol(protocol);
    expect(v.ok ? [] : v.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([]);
  });

  it('puts text it does not recognise into the nearest § and reports it, never drops it', () => {
    const { protocol, report } = map(
      `<p>Något helt annat i början.</p>${FRONT}<p>§ 5 Ärende</p><p>Brödtext.</p><p>Efter sista paragrafen.</p>`,
    );
    expect(protocol.paragraphs[0]!.sections[0]).toEqual({
      kind: 'ovrigt',
      title: '',
      content: [{ type: 'paragraph', content: ['Något helt annat i början.'] }],
    });
    expect(protocol.paragraphs[0]!.sections[1]!.content).toEqual([
      { type: 'paragraph', content: ['Brödtext.'] },
      { type: 'paragraph', content: ['Efter sista paragrafen.'] },
    ]);
    expect(report.setAside.find((n) => n.code === 'unrecognised-front')!.message).toContain('§ 5');
  });

  it('removes page furniture, the contents and the ANSLAG/BEVIS block, and reports them', () => {
    const head = '<p>Kommunstyrelsen</p><p>Justerandes sign</p>';
    const html = `${FRONT}<p>ANSLAG/BEVIS Protokollet är justerat.</p><h2>Innehållsförteckning</h2><ul><li>§ 1 Ett</li><li>§ 2 Två</li></ul>${head}<p>§ 1 Ett</p><p>Text ett.</p>${head}<p>§ 2 Två</p><p>Text två.</p>${head}`;
    const { protocol, report } = map(html);
    expect(protocol.paragraphs.map((p) => p.number)).toEqual([1, 2]);
    expect(JSON.stringify(protocol.paragraphs)).not.toContain('Justerandes sign');
    const codes = report.setAside.map((n) => n.code);
    expect(codes).toEqual(expect.arrayContaining(['anslag', 'contents', 'furniture']));
    expect(report.setAside.find((n) => n.code === 'furniture' && n.message.includes('Justerandes sign'))!.message).toContain('3 gånger');
  });

  it('drops a table of contents written as §-lines that repeat later', () => {
    const { protocol } = map(`${FRONT}<p>§ 1 Ett</p><p>§ 2 Två</p><p>§ 1 Ett</p><p>Text.</p><p>§ 2 Två</p><p>Mer text.</p>`);
    expect(protocol.paragraphs.map((p) => [p.number, p.sections.length])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('does not take a sentence starting with "§ 7 i …" for a new §', () => {
    const { protocol } = map(
      `${FRONT}<p>§ 8 Ärende</p><p>Text.</p><p>Mer.</p><p>Ännu mer.</p><p>Och mer.</p><p>§ 7 i reglementet säger att nämnden ska sammanträda.</p>`,
    );
    expect(protocol.paragraphs).toHaveLength(1);
  });

  it('lists the required fields the document does not give', () => {
    const { report } = map('<p>§ 1 Ärende</p><p>Text.</p>');
    expect(report.missing.map((n) => n.code)).toEqual([
      'organisation',
      'organ',
      'meeting.date',
      'meeting.place',
      'members',
      'adjusters',
      'signatories',
      'storagePlace',
    ]);
  });

  it('escapes nothing and executes nothing: markup in the text stays text', () => {
    const { protocol } = map(
      `${FRONT}<p>§ 1 &lt;script&gt;alert(1)&lt;/script&gt;</p><p><a href="javascript:alert(1)">länk</a> och <a href="https://example.se/a">en riktig</a></p>`,
    );
    expect(protocol.paragraphs[0]!.title).toBe('<script>alert(1)</script>');
    expect(protocol.paragraphs[0]!.sections[0]!.content[0]).toEqual({
      type: 'paragraph',
      content: ['länk och ', { text: 'en riktig', href: 'https://example.se/a' }],
    });
  });
});

describe('parsePeople', () => {
  it('reads people run together on one line with their §§', () => {
    expect(
      parsePeople('Li Zakrisson (E-strateg) Elsy Bäckström (Projektledare Link2) §2 Sandra Hedman (Enhetschef) §§3-4, §§6-9').people,
    ).toEqual([
      { name: 'Li Zakrisson', role: 'E-strateg' },
      { name: 'Elsy Bäckström', role: 'Projektledare Link2', paragraphs: [2] },
      { name: 'Sandra Hedman', role: 'Enhetschef', paragraphs: [3, 4, 6, 7, 8, 9] },
    ]);
  });

  it('reads prose with "§44 deltog" applying to the people after it', () => {
    const { people } = parsePeople(
      'Charlotte Sandelius, förbundsdirektör, Annelie Ledin, sekreterare, §44 deltog Camilla Carpholt, avdelningschef SSS och Malin Heimer samordnare Digitalisering.',
    );
    expect(people).toEqual([
      { name: 'Charlotte Sandelius', role: 'förbundsdirektör' },
      { name: 'Annelie Ledin', role: 'sekreterare' },
      { name: 'Camilla Carpholt', role: 'avdelningschef SSS', paragraphs: [44] },
      { name: 'Malin Heimer', role: 'samordnare Digitalisering', paragraphs: [44] },
    ]);
  });
});
