import type { Attendee, Block, Inline, Member, Paragraph, Protocol, Section, Signatory } from './model';
import { PROTOCOL_FORMAT_VERSION } from './model';

/** Largest protocol the schema accepts (and so the largest generateProtocol makes). */
export const MAX_PARAGRAPHS = 2000;

/** mulberry32: a tiny deterministic PRNG, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Anna',
  'Erik',
  'Maria',
  'Lars',
  'Karin',
  'Johan',
  'Eva',
  'Anders',
  'Kristina',
  'Per',
  'Ingrid',
  'Mikael',
  'Åsa',
  'Göran',
  'Linnéa',
  'Örjan',
  'Sofia',
  'Björn',
  'Elin',
  'Håkan',
  'Ulla',
  'Jörgen',
  'Malin',
  'Stefan',
];
const LAST = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Lindqvist',
  'Åberg',
  'Öberg',
  'Sjölander',
  'Häggkvist',
  'Lövgren',
  'Wikström',
  'Holmgren',
  'Bäckström',
  'Nordström',
];
const PARTIES = ['S', 'M', 'C', 'V', 'KD', 'L', 'MP', 'SD'];
const MUNICIPALITIES = [
  'Bräcke kommun',
  'Ragunda kommun',
  'Strömsunds kommun',
  'Krokoms kommun',
  'Åre kommun',
  'Bergs kommun',
  'Härjedalens kommun',
  'Östersunds kommun',
];
const ROLES = [
  'ekonom',
  'kommunsekreterare',
  'förvaltningschef',
  'utredare',
  'HR-strateg',
  'digitaliseringsstrateg',
  'controller',
  'planeringsarkitekt',
];

const TOPICS = [
  'Budgetuppföljning per oktober',
  'Revidering av delegationsordningen',
  'Detaljplan för kvarteret Svalan',
  'Upphandling av skolskjuts',
  'Verksamhetsplan med internkontrollplan',
  'Taxa för tillsyn enligt miljöbalken',
  'Svar på motion om gång- och cykelväg',
  'Riktlinjer för bostadsförsörjning',
  'Avfallsplan för åren 2026–2030',
  'Lokalförsörjningsplan för förskolan',
  'Samverkansavtal om räddningstjänst',
  'Information om digitaliseringsarbetet',
  'Årsredovisning för den gemensamma nämnden',
  'Sammanträdesplan för nästa år',
  'Medborgarförslag om utegym vid sjön',
  'Ansökan om föreningsbidrag',
];

const SENTENCES = [
  'Förvaltningen har tagit fram ett förslag som bygger på de synpunkter som kom in under remisstiden.',
  'Ärendet har beretts i arbetsutskottet och kommunledningskontoret har lämnat ett tjänsteutlåtande.',
  'Kostnaderna ryms inom den av fullmäktige beslutade budgetramen för innevarande år.',
  'Enligt kommunallagen ska nämnden se till att verksamheten bedrivs enligt de mål och riktlinjer som fullmäktige har bestämt.',
  'Samråd har skett med berörda förvaltningar, de fackliga organisationerna och det kommunala pensionärsrådet.',
  'Utfallet för perioden visar ett underskott som främst beror på ökade kostnader för försörjningsstöd och placeringar.',
  'Beslutet påverkar inte barn och unga negativt; en barnkonsekvensanalys finns i beslutsunderlaget.',
  'Förslaget innebär att handläggningstiderna kortas och att fler ärenden kan hanteras digitalt.',
  'Nämnden informerades om läget i arbetet och ställde frågor om tidplanen och om hur invånarna ska involveras.',
  'Det finns risk för att projektet försenas om upphandlingen överprövas i förvaltningsrätten.',
  'Arbetet följs upp i delårsrapporten och i årsredovisningen, där måluppfyllelsen redovisas.',
  'Region, kommuner och civilsamhälle har deltagit i framtagandet genom workshops under våren.',
  'Taxan räknas upp med förändringen av prisindex för kommunal verksamhet (PKV) från och med den 1 januari.',
  'Den nya lagstiftningen träder i kraft den 1 juli och ställer krav på förändrade arbetssätt i socialtjänsten.',
  'Synpunkterna har sammanställts i en särskild bilaga och förvaltningen har bemött dem punkt för punkt.',
  'Ordföranden konstaterade att ärendet var tillräckligt berett för att kunna avgöras vid dagens sammanträde.',
  'Förvaltningens bedömning är att åtgärden är förenlig med översiktsplanen och med riksintressena i området.',
  'Medel för genomförandet finns avsatta i investeringsbudgeten under projektet för fastighetsunderhåll.',
];

const BULLETS = [
  'Rekrytering av en projektledare pågår och beräknas vara klar före sommaren.',
  'Uppföljning av sjukfrånvaron visar en minskning jämfört med föregående år.',
  'Arbetet med den nya webbplatsen är i slutfasen och lanseras under hösten.',
  'Samverkan med Region Jämtland Härjedalen om e-hälsa fortsätter.',
  'Utbildning i informationssäkerhet genomförs för alla chefer i januari.',
  'Översynen av lokalbehoven redovisas för nämnden i mars.',
  'En ny e-tjänst för ansökan om bygglov har tagits i drift.',
  'Statsbidraget för äldreomsorgen har rekvirerats i sin helhet.',
];

const ACTIONS = [
  'Ta fram en kommunikationsplan',
  'Genomföra riskanalys enligt dataskyddsförordningen',
  'Revidera rutinen för synpunktshantering',
  'Upphandla ett nytt ärendehanteringssystem',
  'Utbilda handläggare i det nya arbetssättet',
  'Följa upp avtalet med leverantören',
  'Redovisa resultatet för nämnden',
];

interface Ctx {
  r: () => number;
  pick<T>(list: readonly T[]): T;
  int(min: number, max: number): number;
}

function context(seed: number): Ctx {
  const r = prng(seed);
  return {
    r,
    pick: <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!,
    int: (min, max) => min + Math.floor(r() * (max - min + 1)),
  };
}

function person(c: Ctx): string {
  return `${c.pick(FIRST)} ${c.pick(LAST)}`;
}

function sentences(c: Ctx, min: number, max: number): string {
  const n = c.int(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(c.pick(SENTENCES));
  return out.join(' ');
}

function richParagraph(c: Ctx): Block {
  const content: Inline[] = [sentences(c, 1, 3) + ' '];
  const roll = c.r();
  if (roll < 0.25) content.push({ text: 'Observera att beslutet gäller omedelbart.', bold: true }, ' ');
  else if (roll < 0.45) content.push({ text: 'Kommunallagen (2017:725)', italic: true }, ' gäller. ');
  else if (roll < 0.55)
    content.push('Mer information finns på ', { text: 'kommunens webbplats', href: 'https://www.example.se/protokoll' }, '. ');
  content.push(sentences(c, 1, 4));
  return { type: 'paragraph', content };
}

function actionTable(c: Ctx, meetingYear: number): Block {
  const rows = c.int(3, 8);
  return {
    type: 'table',
    header: [[{ content: ['ÅTGÄRDER'] }, { content: ['SLUTDATUM'] }, { content: ['ANSVARIG'] }]],
    rows: Array.from({ length: rows }, () => [
      { content: [c.pick(ACTIONS)] },
      { content: [`${meetingYear}-${String(c.int(1, 12)).padStart(2, '0')}-${String(c.int(1, 28)).padStart(2, '0')}`] },
      { content: [person(c)] },
    ]),
    columnWidths: [3, 1, 1.5],
  };
}

function makeParagraph(c: Ctx, number: number, index: number, meetingYear: number): Paragraph {
  const title = index === 0 ? 'Val av justerare' : c.pick(TOPICS);
  const sections: Section[] = [];
  const shape = index === 0 ? -1 : index % 5;
  if (shape === -1) {
    sections.push({
      kind: 'beslut',
      content: [{ type: 'paragraph', content: ['Nämnden utser ledamoten att jämte ordföranden justera dagens protokoll.'] }],
    });
  } else {
    sections.push({
      kind: 'sammanfattning',
      content: [richParagraph(c), ...(c.r() < 0.5 ? [{ type: 'heading', content: ['Bakgrund'] } as Block, richParagraph(c)] : [])],
    });
    if (shape === 1)
      sections[0]!.content.push({ type: 'bulletList', items: Array.from({ length: c.int(2, 5) }, () => ({ content: [c.pick(BULLETS)] })) });
    if (shape === 2) sections[0]!.content.push(actionTable(c, meetingYear));
    sections.push({ kind: 'forslagTillBeslut', content: [{ type: 'paragraph', content: ['Förvaltningens förslag till beslut:'] }] });
    const points = c.int(1, 4);
    const decision: Block = {
      type: 'numberedList',
      items: Array.from({ length: points }, (_, i) => ({
        content: [
          i === 0
            ? `${title} godkänns.`
            : c.pick([
                'Förvaltningen får i uppdrag att återrapportera till nämnden.',
                'Beslutet gäller från och med den 1 januari.',
                'Kostnaden finansieras inom befintlig budgetram.',
                'Paragrafen förklaras omedelbart justerad.',
              ]),
        ],
      })),
    };
    sections[1]!.content.push(decision);
    if (shape === 3) {
      sections.push({
        kind: 'yrkanden',
        content: [
          {
            type: 'paragraph',
            content: [
              `${person(c)} (${c.pick(PARTIES)}) yrkar bifall till förvaltningens förslag. ${person(c)} (${c.pick(PARTIES)}) yrkar avslag.`,
            ],
          },
        ],
      });
      sections.push({
        kind: 'propositionsordning',
        content: [
          {
            type: 'paragraph',
            content: ['Ordföranden ställer proposition på förslagen och finner att nämnden beslutar enligt förvaltningens förslag.'],
          },
        ],
      });
    }
    sections.push({ kind: 'beslut', content: [decision] });
    if (shape === 3)
      sections.push({
        kind: 'reservationer',
        content: [
          { type: 'paragraph', content: [`${person(c)} (${c.pick(PARTIES)}) reserverar sig mot beslutet till förmån för eget yrkande.`] },
        ],
      });
    if (shape === 4) sections.push({ kind: 'ovrigt', title: '', content: [richParagraph(c), richParagraph(c)] });
    sections.push({
      kind: 'beslutsunderlag',
      content: [
        {
          type: 'bulletList',
          items: [{ content: [`Tjänsteskrivelse ${title.toLowerCase()}`] }, { content: ['Protokollsutdrag från arbetsutskottet'] }],
        },
      ],
    });
    sections.push({ kind: 'expedieras', content: [{ type: 'paragraph', content: [c.pick(MUNICIPALITIES) + ', ' + c.pick(ROLES)] }] });
  }
  const p: Paragraph = { number, title, sections };
  if (index > 0) p.caseNumber = `Dnr ${meetingYear}/${c.int(10, 999)}`;
  if (index > 0 && index % 17 === 0) p.immediatelyAdjusted = true;
  return p;
}

/**
 * A deterministic synthetic protocol with `n` §§ (1–2000) of realistic Swedish content: long paragraphs
 * with bold, italic and a link, bullet and numbered lists, ÅTGÄRDER/SLUTDATUM/ANSVARIG tables, sub-headings,
 * yrkanden and reservationer, a few omedelbart justerade §§. The same (n, seed) always gives the same
 * protocol; it passes validateProtocol. For benchmarks and tests.
 */
export function generateProtocol(n: number, seed = 1): Protocol {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARAGRAPHS) throw new RangeError(`n must be an integer 1–${MAX_PARAGRAPHS}, got ${n}`);
  const c = context(seed);
  const year = 2020 + (Math.abs(seed) % 7);
  const month = c.int(1, 12);
  const day = c.int(1, 28);
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const jDay = new Date(Date.UTC(year, month - 1, day + 7)).toISOString().slice(0, 10);
  const first = 1 + c.int(0, 600);

  const used = new Set<string>();
  const uniquePerson = (): string => {
    for (;;) {
      const name = person(c);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  const members: Member[] = Array.from({ length: 11 }, (_, i) => ({
    name: uniquePerson(),
    party: c.pick(PARTIES),
    municipality: MUNICIPALITIES[i % MUNICIPALITIES.length],
    ...(i === 0 ? { role: 'ordförande' } : i === 1 ? { role: 'vice ordförande' } : {}),
  }));
  members[10] = { ...members[10]!, replaces: `${uniquePerson()} (${c.pick(PARTIES)})` };
  const secretary = uniquePerson();
  const adjusters = [members[3]!.name, members[6]!.name];
  const paragraphs = Array.from({ length: n }, (_, i) => makeParagraph(c, first + i, i, year));
  const others: Attendee[] = [
    { name: secretary, role: 'sekreterare' },
    ...Array.from({ length: 4 }, (): Attendee => {
      const a = c.int(0, n - 1);
      const b = Math.min(n - 1, a + c.int(0, 2));
      return { name: uniquePerson(), role: c.pick(ROLES), paragraphs: paragraphs.slice(a, b + 1).map((p) => p.number) };
    }),
  ];
  const email = (name: string, domain: string): string =>
    `${name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z]+/g, '.')}@${domain}`;
  const signatories: Signatory[] = [
    { role: 'sekreterare', name: secretary, email: email(secretary, 'example.se'), organisation: 'Exempelkommunen' },
    { role: 'ordforande', name: members[0]!.name, email: email(members[0]!.name, 'example.se'), organisation: members[0]!.municipality },
    ...adjusters.map((name): Signatory => ({
      role: 'justerare',
      name,
      email: email(name, 'example.org'),
      organisation: members.find((m) => m.name === name)!.municipality,
    })),
  ];
  return {
    formatVersion: PROTOCOL_FORMAT_VERSION,
    organisation: 'Exempelkommunen',
    organ: 'Kommunstyrelsens arbetsutskott',
    meeting: { date, startTime: '09:00', endTime: '16:30', place: 'Sessionssalen, kommunhuset' },
    members,
    substitutes: [{ name: uniquePerson(), party: c.pick(PARTIES) }],
    others,
    absent: [{ name: uniquePerson(), party: c.pick(PARTIES), municipality: c.pick(MUNICIPALITIES) }],
    adjusters,
    justering: { place: 'Kommunhuset', date: jDay, time: '10:00' },
    paragraphs,
    attachments: [
      { label: 'Bilaga 1', title: 'Ekonomisk uppföljning', paragraph: paragraphs[Math.min(1, n - 1)]!.number },
      { label: 'Bilaga 2', title: 'Närvarolista' },
    ],
    signatories,
    storagePlace: 'Kommunledningskontoret',
    notes: ['Sammanträdet genomfördes med möjlighet till ', { text: 'digital närvaro', italic: true }, '.'],
  };
}
