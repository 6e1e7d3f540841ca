/** The editor's list of what is missing names places in the form in Swedish, never a JSON path. */
import { whereSv } from '../src/pages/Editor';

describe(whereSv.name, () => {
  it.each([
    ['meeting.date', 'Sammanträdet'],
    ['members.0.name', 'Beslutande, rad 1'],
    ['signatories.1.name', 'Undertecknare 2'],
    ['paragraphs.0.title', 'Paragraf 1 i ordningen'],
    ['paragraphs.2.sections.0.content', 'Paragraf 3 i ordningen, avsnitt'],
    ['adjusters', 'Utses att justera'],
    ['somethingNew.3', ''],
  ])('%s → %s', (path, text) => expect(whereSv(path)).toBe(text));
});
