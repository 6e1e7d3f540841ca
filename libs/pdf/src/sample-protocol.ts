/**
 * A synthetic but realistic protocol for tests and the benchmark: every construct the renderer
 * supports (nested and numbered lists, a table longer than a page, bold/italic, a long URL,
 * substitutes, "ersätter", officials present for some §§, bilagor, omedelbar justering).
 * Deterministic: the same options give the same protocol.
 */
import type { Block, Paragraph, Protocol, TableCell } from '@justera/protocol';

export interface SampleProtocolOptions {
  /** Number of paragraphs (default 12). */
  paragraphs?: number;
  /** Number of the first paragraph (default 627). */
  firstNumber?: number;
  /** Rows of the long action table in the third paragraph (default 70, i.e. longer than a page; 0 = none). */
  tableRows?: number;
}

const TOPICS = [
  'Ekonomisk uppföljning per den 31 augusti',
  'Revidering av reglemente för Hälsingerådet',
  'Åtgärdslista för samverkan inom socialtjänsten',
  'Remissvar – förslag till regional utvecklingsstrategi för Gävleborgs län 2030',
  'Information från förbundsdirektören',
  'Val av ersättare i styrelsen för Samordningsförbundet',
  'Sammanträdesplan för år 2025',
  'Medborgarförslag om cykelväg längs Ljusnan mellan Bollnäs och Arbrå',
];

const LOREM = [
  'Förvaltningen har sammanställt en uppföljning av verksamhetens ekonomi och måluppfyllelse.',
  'Utfallet visar på ett överskott jämfört med budget, främst beroende på lägre personalkostnader under våren.',
  'Ärendet har beretts i arbetsutskottet och samråd har skett med de fackliga organisationerna enligt 11 § MBL.',
  'Styrelsen konstaterar att arbetet fortskrider enligt plan och att återrapportering sker vid nästa sammanträde.',
];

function text(i: number, sentences: number): string {
  const out: string[] = [];
  for (let k = 0; k < sentences; k++) out.push(LOREM[(i + k) % LOREM.length]);
  return out.join(' ');
}

function cell(t: string): TableCell {
  return { content: [t] };
}

function paragraphAt(index: number, number: number, tableRows: number): Paragraph {
  const title = TOPICS[index % TOPICS.length] + (index >= TOPICS.length ? ` (${Math.floor(index / TOPICS.length) + 1})` : '');
  const caseNumber = `Dnr 2022/${18 + index}-2.4.0.${(index % 5) + 1}`;
  const summary: Block[] = [
    { type: 'paragraph', content: [text(index, 3)] },
    {
      type: 'paragraph',
      content: [
        'Ärendet gäller ',
        { text: 'samtliga medlemskommuner', bold: true },
        ' och ska ',
        { text: 'redovisas årligen', italic: true },
        '. ',
        text(index + 1, 2),
      ],
    },
  ];
  const sections: Paragraph['sections'] = [{ kind: 'sammanfattning', content: summary }];
  if (index % 3 === 1) {
    sections.push({
      kind: 'bakgrund',
      content: [
        { type: 'heading', content: ['Bakgrund och tidigare beslut'] },
        {
          type: 'bulletList',
          items: [
            { content: ['Kommunfullmäktige i Bollnäs beslutade 2021-06-14, § 87, om samverkan.'] },
            {
              content: ['Följande kommuner deltar:'],
              children: [
                {
                  type: 'bulletList',
                  items: [
                    { content: ['Bollnäs kommun'] },
                    { content: ['Hudiksvalls kommun'] },
                    { content: ['Ljusdals kommun'] },
                    { content: ['Nordanstigs kommun'] },
                    { content: ['Ovanåkers kommun'] },
                    { content: ['Söderhamns kommun'] },
                  ],
                },
              ],
            },
            {
              content: [
                'Underlaget finns på ',
                {
                  text: 'https://www.example.se/kommun/politik-och-demokrati/protokoll-och-handlingar/halsingeradet/2022/sammantradeshandlingar-2022-10-14.pdf',
                  href: 'https://www.example.se/',
                },
              ],
            },
          ],
        },
      ],
    });
  }
  sections.push({
    kind: 'forslagTillBeslut',
    content: [{ type: 'paragraph', content: ['Arbetsutskottet föreslår att styrelsen beslutar enligt förvaltningens förslag.'] }],
  });
  if (index === 2 && tableRows > 0) {
    const rows: TableCell[][] = [];
    for (let r = 0; r < tableRows; r++) {
      rows.push([
        cell(
          `${r + 1}. ${r % 4 === 0 ? 'Ta fram en gemensam rutin för informationsöverföring mellan socialtjänst, skola och hälso- och sjukvård' : 'Följa upp insatsen'}`,
        ),
        cell(`2025-${String((r % 12) + 1).padStart(2, '0')}-${String((r % 27) + 1).padStart(2, '0')}`),
        cell(r % 2 ? 'Förbundsdirektör' : 'Samordnare socialtjänst'),
      ]);
    }
    sections.push({
      kind: 'ovrigt',
      title: 'Åtgärdslista',
      content: [{ type: 'table', header: [[cell('ÅTGÄRDER'), cell('SLUTDATUM'), cell('ANSVARIG')]], rows, columnWidths: [3, 1, 1.4] }],
    });
  }
  sections.push({
    kind: 'yrkanden',
    content: [{ type: 'paragraph', content: ['Ordföranden yrkar bifall till arbetsutskottets förslag.'] }],
  });
  sections.push({
    kind: 'beslut',
    title: 'Styrelsen beslutar att:',
    content: [
      {
        type: 'numberedList',
        style: index % 2 ? 'alpha-paren' : 'decimal-dot',
        items: [
          { content: ['godkänna uppföljningen och lägga den till handlingarna,'] },
          {
            content: [
              'ge förbundsdirektören i uppdrag att återkomma med en ',
              { text: 'reviderad', italic: true },
              ' plan senast 2025-03-31, samt',
            ],
          },
          { content: ['förklara paragrafen omedelbart justerad.'] },
        ],
      },
    ],
  });
  if (index % 4 === 3)
    sections.push({
      kind: 'reservationer',
      content: [{ type: 'paragraph', content: ['Eva-Clara Viklund (M) reserverar sig mot beslutet till förmån för eget yrkande.'] }],
    });
  sections.push({
    kind: 'beslutsunderlag',
    content: [
      {
        type: 'bulletList',
        items: [{ content: [`Tjänsteskrivelse ${caseNumber}`] }, { content: ['Protokollsutdrag från arbetsutskottet 2022-09-30, § 12'] }],
      },
    ],
  });
  sections.push({ kind: 'expedieras', content: [{ type: 'paragraph', content: ['Medlemskommunerna\nFörbundets ekonomienhet'] }] });
  return { number, title, caseNumber, sections, immediatelyAdjusted: index === 1 };
}

export function sampleProtocol(options: SampleProtocolOptions = {}): Protocol {
  const n = options.paragraphs ?? 12;
  const first = options.firstNumber ?? 627;
  const tableRows = options.tableRows ?? 70;
  const paragraphs = Array.from({ length: n }, (_, i) => paragraphAt(i, first + i, tableRows));
  return {
    formatVersion: 2,
    organisation: 'Hälsingland kommunalförbund',
    organ: 'Hälsingerådet',
    meeting: { date: '2022-10-14', startTime: '09:00', endTime: '12:00', place: 'Regionens hus, Söderhamn' },
    members: [
      { name: 'Olle Nordström', party: 'S', municipality: 'Bollnäs kommun', role: 'ordförande' },
      { name: 'Åsa Öberg', party: 'C', municipality: 'Ljusdals kommun', role: '1 v ordf.' },
      { name: 'Erik Lövgren', party: 'S', municipality: 'Hudiksvalls kommun' },
      { name: 'Tony Andersson', party: 'M', municipality: 'Söderhamns kommun', replaces: 'Stefan Dalin (S)' },
      { name: 'Anna-Britta Åkerlind', party: 'C', municipality: 'Nordanstigs kommun' },
      { name: 'Linda Mattsson', party: 'VF', municipality: 'Ovanåkers kommun' },
    ],
    substitutes: [{ name: 'Birgitta Häggkvist', party: 'V', municipality: 'Bollnäs kommun' }],
    others: [
      { name: 'Charlotte Sandelius', role: 'förbundsdirektör' },
      { name: 'Jeanette Jernberg', role: 'samordnare utbildning', paragraphs: [first + 1, first + 2] },
      { name: 'Camilla Carpholt', role: 'avdelningschef SSS', paragraphs: [first + 3] },
    ],
    absent: [{ name: 'Alicia Kapica', party: 'M', municipality: 'Söderhamns kommun' }],
    adjusters: ['Åsa Öberg', 'Erik Lövgren'],
    justering: { place: 'Regionens hus, Söderhamn', date: '2022-10-20', time: '11:00' },
    paragraphs,
    attachments: [
      { label: 'Bilaga 1', title: 'Ekonomisk uppföljning augusti 2022', paragraph: first },
      { label: 'Bilaga 2', title: 'Reviderat reglemente “Hälsingerådet” — förslag', paragraph: first + 1 },
    ],
    signatories: [
      { role: 'sekreterare', name: 'Annelie Ledin', organisation: 'Hälsinglands kommunalförbund' },
      { role: 'ordforande', name: 'Olle Nordström', organisation: 'Bollnäs kommun' },
      { role: 'justerare', name: 'Åsa Öberg', organisation: 'Ljusdals kommun' },
      { role: 'justerare', name: 'Erik Lövgren', organisation: 'Hudiksvalls kommun' },
    ],
    storagePlace: 'Hälsinglands kommunalförbunds kansli, Söderhamn',
    notes: [
      'Sammanträdet hölls som ett ',
      { text: 'hybridmöte', italic: true },
      '; ledamöter som deltog på distans har varit närvarande i ljud och bild.',
    ],
  };
}
