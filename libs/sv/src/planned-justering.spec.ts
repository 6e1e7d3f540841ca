import { plannedJusteringOf, plannedJusteringSv, plannedJusteringText } from './planned-justering';

describe(plannedJusteringOf.name, () => {
  it('reads an uploaded protocol’s form fields and a structured protocol’s justering block alike', () => {
    expect(plannedJusteringOf({ organ: 'KS', justeringDate: '2026-12-08', justeringTime: '10:00', justeringPlace: 'Kommunkansliet' })).toEqual({
      date: '2026-12-08',
      time: '10:00',
      place: 'Kommunkansliet',
    });
    expect(plannedJusteringOf({ justering: { place: 'Digitalt', date: '2022-10-19', latest: true } })).toEqual({
      date: '2022-10-19',
      place: 'Digitalt',
      latest: true,
    });
  });

  it('gives nothing when the protocol says nothing, and leaves out what is malformed', () => {
    expect(plannedJusteringOf({ justeringDate: null, justeringTime: null, justeringPlace: '  ' })).toBeUndefined();
    expect(plannedJusteringOf({ justering: {} })).toBeUndefined();
    expect(plannedJusteringOf(null)).toBeUndefined();
    expect(plannedJusteringOf('x')).toBeUndefined();
    expect(plannedJusteringOf({ justeringDate: '8 december', justeringPlace: 'Stadshuset' })).toEqual({ place: 'Stadshuset' });
    expect(plannedJusteringOf({ justering: { date: 'igår', latest: true } })).toBeUndefined();
  });
});

describe(plannedJusteringSv.name, () => {
  it.each([
    [{ date: '2026-12-08', time: '10:00', place: 'Kommunkansliet' }, 'tisdag 8 december 2026 kl. 10:00, Kommunkansliet'],
    [{ date: '2022-10-19', place: 'Digitalt', latest: true }, 'senast onsdag 19 oktober 2022, Digitalt'],
    [{ place: 'Stadshuset' }, 'Stadshuset'],
    [{ time: '13:00' }, 'kl. 13:00'],
  ])('%j → %s', (j, s) => expect(plannedJusteringSv(j)).toBe(s));
});

describe(plannedJusteringText.name, () => {
  it('reads a protocol’s data and gives its planned justering in Swedish', () => {
    expect(plannedJusteringText({ justeringDate: '2026-12-08', justeringTime: '10:00', justeringPlace: 'Kommunkansliet' })).toBe(
      'tisdag 8 december 2026 kl. 10:00, Kommunkansliet',
    );
    expect(plannedJusteringText({ justering: { place: 'Digitalt', date: '2022-10-19', latest: true } })).toBe('senast onsdag 19 oktober 2022, Digitalt');
  });

  it('gives undefined, not an empty text, when the protocol gives no planned justering', () => {
    expect(plannedJusteringText({ organ: 'KS', justeringPlace: ' ' })).toBeUndefined();
    expect(plannedJusteringText(undefined)).toBeUndefined();
  });
});
