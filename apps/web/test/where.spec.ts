/** The editor's list of what is missing names places in the form in Swedish, never a JSON path. */
import { whereSv } from '../src/pages/Editor';

describe(whereSv.name, () => {
  it.each([
    ['meeting.date', 'Sammanträdet, Sammanträdesdatum'],
    ['meeting.place', 'Sammanträdet, Plats'],
    ['meeting', 'Sammanträdet'],
    ['organisation', 'Sammanträdet, Organisation'],
    ['numbering', 'Sammanträdet, Numrering'],
    ['notes.0', 'Sammanträdet, Anteckning'],
    ['justering.place', 'Justering, Plats'],
    ['justering', 'Justering'],
    ['members.0.name', 'Beslutande 1, namn'],
    ['members', 'Beslutande'],
    ['substitutes.1.party', 'Ersättare 2, parti'],
    ['absent.0.name', 'Frånvarande ledamot 1, namn'],
    ['absentSubstitutes.2.name', 'Frånvarande ersättare 3, namn'],
    ['others.0.paragraphs', 'Övrig närvarande 1, §§ (om inte alla)'],
    ['anslag.text', 'Anslag/bevis'],
    ['signatories.1.name', 'Undertecknare 2'],
    ['paragraphs.0.title', 'Paragraf 1 i ordningen, rubrik'],
    ['paragraphs.1.number', 'Paragraf 2 i ordningen, nummer'],
    ['paragraphs.2.sections.0.content', 'Paragraf 3 i ordningen, avsnitt'],
    ['paragraphs.2.subItems.1.title', 'Paragraf 3 i ordningen, underpunkt 2'],
    ['adjusters', 'Utses att justera'],
    ['somethingNew.3', ''],
  ])('%s → %s', (path, text) => expect(whereSv(path)).toBe(text));

  // With the protocol's list a signatory is named as its fieldset is, not by its place in the list.
  const signatories = [{ role: 'sekreterare' }, { role: 'ordforande' }, { role: 'justerare' }, { role: 'justerare' }];
  it.each([
    ['signatories.0.name', 'Undertecknare, Sekreterare, namn'],
    ['signatories.1.name', 'Undertecknare, Ordförande, namn'],
    ['signatories.2.email', 'Undertecknare, Justerare 1, e-post'],
    ['signatories.3', 'Undertecknare, Justerare 2'],
    ['signatories.7.name', 'Undertecknare 8'],
    ['signatories', 'Undertecknare'],
  ])('%s with the list → %s', (path, text) => expect(whereSv(path, { signatories })).toBe(text));

  // In another order a signatory is still named by its slot (as signatorySlots fills the fieldsets); one
  // the form has no slot for is named by its place in the list.
  const unordered = [{ role: 'justerare' }, { role: 'ordforande' }, { role: 'justerare' }, { role: 'sekreterare' }, { role: 'justerare' }];
  it.each([
    ['signatories.0.name', 'Undertecknare, Justerare 1, namn'],
    ['signatories.2.email', 'Undertecknare, Justerare 2, e-post'],
    ['signatories.3.name', 'Undertecknare, Sekreterare, namn'],
    ['signatories.4.name', 'Undertecknare 5'],
  ])('%s with a list in another order → %s', (path, text) => expect(whereSv(path, { signatories: unordered })).toBe(text));

  // With the protocol's §§ a § is named as its box is titled: number and title, in the protocol's numbering.
  const paragraphs = [{ number: 5, title: 'Budget 2027', subItems: [{ number: 1 }, { number: 2 }] }, { number: 6, title: ' ' }, {}];
  it.each([
    ['paragraphs.0.title', {}, '§ 5 Budget 2027, rubrik'],
    ['paragraphs.0.subItems.1.title', {}, '§ 5 Budget 2027, underpunkt 5.2'],
    ['paragraphs.1.number', {}, '§ 6, nummer'],
    ['paragraphs.0.sections.0.content', { numbering: 'decimal' }, '5. Budget 2027, avsnitt'],
    ['paragraphs.2.title', {}, 'Paragraf 3 i ordningen, rubrik'],
  ])('%s with the §§ → %s', (path, extra, text) => expect(whereSv(path, { paragraphs, ...extra })).toBe(text));
});
