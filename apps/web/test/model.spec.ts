/**
 * What the editor saves (cleanForSave): formatVersion 2 with the version 2 fields it has inputs for
 * (sub-items, numbering, strikethrough, absent substitutes, närvarolista, justering "senast", the
 * organ's ANSLAG/BEVIS sentence, notes), what it has no field for kept as stored, a new protocol
 * filled from the organ's defaults, and an empty "Utses att justera" not flagged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateProtocol } from '../../../libs/protocol/src';
import type { Organ } from '../src/api/types';
import {
  cleanForSave,
  editorErrors,
  fromStored,
  newProtocol,
  notesText,
  paragraphLabel,
  subItemLabel,
  type EProtocol,
} from '../src/editor/model';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'protocols');
const read = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

describe('the editor saves version 2', () => {
  it.each(['v2-kommunchefsmote-2022-11-24.json', 'v2-e-namnden-2022-10-05.json'])(
    'opens the version 2 fixture %s and saves it back unchanged and valid',
    (name) => {
      const stored = read(name);
      const saved = cleanForSave(fromStored(stored));
      // The editor's list keys (_k) on §§, sub-items and sections are not sent.
      expect(JSON.stringify(saved)).not.toContain('"_k"');
      const v = validateProtocol(saved);
      expect(v.ok ? [] : v.errors).toEqual([]);
      // Parties written "(S)" in the fixture are sent without the parentheses, as the format stores them.
      const normalise = (p: unknown) => JSON.parse(JSON.stringify(p).replace(/"party":"\(([^)"]*)\)"/g, '"party":"$1"')) as unknown;
      expect(saved).toEqual(normalise(stored));
    },
  );

  const base = (): EProtocol => ({
    formatVersion: 2,
    organisation: 'Testkommun',
    organ: 'E-nämnden',
    meeting: { date: '2026-12-03', place: 'Stadshuset' },
    members: [{ name: 'Anna Ordförande' }, { name: 'Jenny Justerare' }],
    adjusters: [],
    paragraphs: [
      {
        _k: 'k1',
        number: 3,
        title: 'Sammanträdesplan ',
        sections: [
          {
            _k: 'k2',
            kind: 'ovrigt',
            content: [{ type: 'paragraph', content: [{ text: '12 januari', strike: true }, ' och 9 februari'] }],
          },
        ],
        subItems: [
          {
            _k: 'k3',
            number: 1,
            title: ' Första nämndssammanträdet',
            caseNumber: ' ',
            sections: [{ _k: 'k4', kind: 'beslut', content: [] }],
          },
          { _k: 'k5', number: 2, title: 'Budget', sections: [] },
        ],
      },
    ],
    signatories: [
      { role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@test.example' },
      { role: 'ordforande', name: 'Anna Ordförande', email: 'anna@test.example' },
      { role: 'justerare', name: 'Jenny Justerare', email: 'jenny@test.example' },
    ],
    storagePlace: 'Kansliet',
  });

  it('sends the version 2 fields the editor has inputs for, trimmed and valid', () => {
    const d: EProtocol = {
      ...base(),
      numbering: 'decimal',
      absent: [{ name: 'Frida Frånvarande', party: '(C)' }],
      absentSubstitutes: [{ name: 'Erik Ersättare', party: '(M)', replaces: 'ignored' }],
      attendanceList: true,
      justering: { place: 'Digitalt', date: '2026-12-10', time: '', latest: true },
      anslag: { text: ' E-nämndens protokoll är justerat. ' },
      notes: ['Sammanträdet hölls digitalt.\nAlla deltog med bild och ljud.'],
    };
    const saved = cleanForSave(d);
    expect(saved).toMatchObject({
      formatVersion: 2,
      numbering: 'decimal',
      absent: [{ name: 'Frida Frånvarande', party: 'C' }],
      absentSubstitutes: [{ name: 'Erik Ersättare', party: 'M' }],
      attendanceList: true,
      justering: { place: 'Digitalt', date: '2026-12-10', latest: true },
      anslag: { text: 'E-nämndens protokoll är justerat.' },
      notes: ['Sammanträdet hölls digitalt.\nAlla deltog med bild och ljud.'],
      adjusters: ['Jenny Justerare'],
    });
    const p = (saved.paragraphs as { title: string; subItems: unknown[]; sections: unknown[] }[])[0];
    expect(p.title).toBe('Sammanträdesplan');
    expect(p.sections).toEqual([
      { kind: 'ovrigt', content: [{ type: 'paragraph', content: [{ text: '12 januari', strike: true }, ' och 9 februari'] }] },
    ]);
    expect(p.subItems).toEqual([
      { number: 1, title: 'Första nämndssammanträdet', sections: [{ kind: 'beslut', content: [] }] },
      { number: 2, title: 'Budget', sections: [] },
    ]);
    expect((saved.absentSubstitutes as object[])[0]).not.toHaveProperty('replaces');
    // Valid as it is (a section may be empty while it is written).
    const v = validateProtocol(saved);
    expect(v.ok ? [] : v.errors.map((e) => e.path)).toEqual([]);
  });

  it('leaves out the version 2 fields that are switched off or blank', () => {
    const saved = cleanForSave({
      ...base(),
      numbering: undefined,
      absentSubstitutes: [],
      attendanceList: false,
      justering: { latest: false, place: ' ' },
      anslag: { text: '  ' },
      notes: ['  \n '],
      paragraphs: [{ ...base().paragraphs[0], subItems: [] }],
    });
    for (const k of ['numbering', 'absentSubstitutes', 'attendanceList', 'justering', 'anslag', 'notes'])
      expect(saved).not.toHaveProperty(k);
    expect((saved.paragraphs as object[])[0]).not.toHaveProperty('subItems');
  });

  it('keeps given anslag dates it has no field for beside the edited sentence', () => {
    const saved = cleanForSave({ ...base(), anslag: { text: '', postedDate: '2026-12-11' } });
    expect(saved.anslag).toEqual({ postedDate: '2026-12-11' });
  });

  it('numbers §§ and sub-items as the PDF does', () => {
    expect(paragraphLabel(undefined, 17)).toBe('§ 17');
    expect(paragraphLabel('paragraph', 17)).toBe('§ 17');
    expect(paragraphLabel('decimal', 17)).toBe('17.');
    expect(subItemLabel(3, 1)).toBe('3.1');
    expect(notesText(['a', { text: 'b', bold: true }])).toBe('ab');
  });
});

describe('a new protocol from the organ defaults', () => {
  const organ: Pick<Organ, 'name' | 'storagePlace' | 'defaults'> = {
    name: 'Kommunstyrelsen',
    storagePlace: 'Stadshuset',
    defaults: {
      signatories: [
        { role: 'sekreterare', name: 'Sara Sekreterare', email: 'sara@test.example' },
        { role: 'ordforande', name: 'Anna Ordförande', email: 'anna@test.example' },
        { role: 'justerare', name: 'Jenny Justerare', email: 'jenny@test.example' },
        { role: 'justerare', name: 'Jonas Justerare', email: 'jonas@test.example' },
      ],
      substitutes: [{ name: 'Erik Ersättare', email: 'erik@test.example' }],
      members: [{ name: 'Anna Ordförande', party: 'S', municipality: 'Testkommun' }, { name: 'Jenny Justerare' }],
    },
  };

  it('fills the signatories, members and ersättare the admin set for the organ', () => {
    const d = newProtocol(organ, undefined, 'Inloggad Sekreterare');
    expect(d.signatories).toEqual(organ.defaults!.signatories);
    expect(d.members).toEqual([{ name: 'Anna Ordförande', party: 'S', municipality: 'Testkommun' }, { name: 'Jenny Justerare' }]);
    expect(d.substitutes).toEqual([{ name: 'Erik Ersättare' }]);
    expect(d.storagePlace).toBe('Stadshuset');
    const saved = cleanForSave({ ...d, organisation: 'Testkommun', meeting: { date: '2026-12-03', place: 'Stadshuset' } });
    expect(saved.adjusters).toEqual(['Jenny Justerare', 'Jonas Justerare']);
  });

  it('without defaults: the logged-in secretary and empty slots', () => {
    const d = newProtocol({ ...organ, defaults: { signatories: [], substitutes: [], members: [] } }, undefined, 'Inloggad Sekreterare');
    expect(d.signatories).toEqual([
      { role: 'sekreterare', name: 'Inloggad Sekreterare' },
      { role: 'ordforande', name: '' },
      { role: 'justerare', name: '' },
    ]);
    expect(d.members).toEqual([{ name: '' }]);
    expect(d).not.toHaveProperty('substitutes');
    expect(newProtocol({ name: 'X', storagePlace: null }).signatories).toHaveLength(3);
  });

  it('from the previous protocol: its numbering, närvarolista, own ANSLAG sentence and every ersättare come along', () => {
    const previous = fromStored(read('v2-e-namnden-2022-10-05.json'));
    const d = newProtocol(organ, previous);
    expect(d.attendanceList).toBe(true);
    expect(d.anslag).toEqual({ text: previous.anslag!.text });
    expect(d.substitutes?.map((s) => s.name)).toEqual(
      [...(previous.substitutes ?? []), ...(previous.absentSubstitutes ?? [])].map((s) => s.name),
    );
    expect(d).not.toHaveProperty('absentSubstitutes');
    expect(newProtocol(organ, fromStored(read('v2-kommunchefsmote-2022-11-24.json'))).numbering).toBe('decimal');
  });

  it("names the organisation as it is called now: a new protocol has it, and from the previous one the old name is not copied", () => {
    expect(newProtocol(organ, undefined, 'Sara', 'Nya kommunen').organisation).toBe('Nya kommunen');
    const previous = { ...fromStored(read('v2-e-namnden-2022-10-05.json')), organisation: 'Gamla kommunnamnet' };
    expect(newProtocol(organ, previous, 'Sara', 'Nya kommunen').organisation).toBe('Nya kommunen');
    // Without a name (an older api) the previous protocol's stays.
    expect(newProtocol(organ, previous).organisation).toBe('Gamla kommunnamnet');
  });
});

describe(editorErrors.name, () => {
  const doc = (adjusters: string[]) => ({ ...fromStored({}), adjusters });
  const fields = { adjusters: 'måste ha minst 1 post(er)', 'adjusters.0': 'x', 'signatories.2.name': 'får inte vara tom' };

  it('an empty "Utses att justera" is fine: the justerare among the signatories are meant', () => {
    expect(editorErrors(fields, doc([]))).toEqual({ 'signatories.2.name': 'får inte vara tom' });
    expect(editorErrors(fields, doc([' ']))).toEqual({ 'signatories.2.name': 'får inte vara tom' });
  });

  it('names typed there are checked as the api says', () => {
    expect(editorErrors(fields, doc(['Jenny Justerare']))).toEqual(fields);
  });
});
